"""Documents: the one official-document writer (GB/T 9704-2012), PNG charts for it, and
the Word → PDF conversion. Domain-free: it knows paragraphs, tables and pictures, never
ledgers or metrics; reports, notices and bulletins build on it."""
