"""Files filed with progress reports and rectifications: checked before anything is
written, under the rules every upload in Tally follows — a size limit, the type proven by
the file's own bytes (never by its name or the browser's word), zip containers checked
for bombs before anything opens them, photos decoded and re-encoded (which drops their
EXIF location and anything hidden behind the image), random stored names, and downloads
only through a view that checks the user's scope.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from tally.community.services import PhotoRefused, check_photo
from tally.ledgers.reading import SheetError, check_zip_safety

MAX_FILES = 10

PDF = "application/pdf"
JPEG, PNG = "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx", XLSX: "xlsx"}


class AttachmentRefused(ValueError):
    """A file that is not accepted; the message says why, in the user's language."""


@dataclass
class CheckedFile:
    name: str
    content_type: str
    content: ContentFile

    @property
    def size(self) -> int:
        return self.content.size


def check_files(files) -> list[CheckedFile]:
    """Every file checked, or AttachmentRefused naming the first bad one."""
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise AttachmentRefused(_("Attach at most %(n)d files.") % {"n": MAX_FILES})
    return [check_file(f) for f in files]


def check_file(upload) -> CheckedFile:
    name = clean_name(getattr(upload, "name", "") or "file")
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise AttachmentRefused(
            _("%(name)s is larger than %(mb)d MB.") % {"name": name, "mb": limit // 2**20}
        )
    upload.seek(0)
    data = upload.read()
    content_type = proven_type(data, name)
    if content_type in (JPEG, PNG):
        data = reencoded(data, content_type, name)
    return CheckedFile(name, content_type, ContentFile(data))


def clean_name(name: str) -> str:
    """The name shown and offered on download: no path, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|:*?')
    return name.strip()[:200] or "file"


def proven_type(data: bytes, name: str) -> str:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return office_type(data, name)
    raise AttachmentRefused(
        _("%(name)s is not accepted: attach PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) files.")
        % {"name": name}
    )


def office_type(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_safety(archive)
            names = set(archive.namelist())
    except (zipfile.BadZipFile, SheetError, ValueError) as error:
        reason = str(error) if isinstance(error, SheetError) else _("the file is damaged")
        raise AttachmentRefused(
            _("%(name)s is refused: %(reason)s") % {"name": name, "reason": reason}
        ) from None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return XLSX
    raise AttachmentRefused(
        _("%(name)s is a zip archive, not a Word or Excel file.") % {"name": name}
    )


def reencoded(data: bytes, content_type: str, name: str) -> bytes:
    """The photo decoded and saved again by the project's one photo rule (the one
    micro-wish photos follow): what is stored is pixels, nothing else."""
    upload = ContentFile(data, name=name)
    try:
        clean = check_photo(upload)
    except PhotoRefused as error:
        raise AttachmentRefused(
            _("%(name)s is refused: %(reason)s") % {"name": name, "reason": error}
        ) from None
    return clean.content
