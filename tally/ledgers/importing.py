"""The import pipeline: a sheet of raw cells → a plan of new, changed and unchanged
records, every error with its row, column and reason. Nothing here writes; services.py writes a
plan without errors (through `Ledger.apply`), all or nothing.

Real clerks' files are read as they come: title rows above the headers, a 序号 column,
blank rows, a 合计/小计 row at the bottom, full-width digits, dates as 2023.6.30, numbers
with thousands separators, √ for yes. The preview says what was skipped and why.
"""

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext as _

from tally.accounts.scoping import scope_prefix
from tally.lib.cells import CellError, clean_text
from tally.lib.masking import (
    UNMASKED_ID_PATTERN,
    UNMASKED_PHONE_PATTERN,
    mask_id_number,
    mask_phone,
)
from tally.lib.queries import chunked

from . import guards
from .declarations import IDCARD, ORG, ORGS, PHONE, REF, REFS, RESOLVED_TYPES, TEXT, Column
from .ledger import MASKERS, Ledger
from .parsing import is_blank, parse_cell
from .reading import HEAD_ROWS, Table

HEADER_SCAN_ROWS = HEAD_ROWS
SERIAL_HEADERS = {"序号", "编号序号", "序", "no", "no."}
TOTAL_WORDS = {"合计", "小计", "总计", "共计", "合计:", "总计:"}

MAX_STORED_ERRORS = 5000
MAX_STORED_CHANGES = 500


def normalize_header(text) -> str:
    """Headers are compared without width, spaces, line breaks or a required-mark."""
    value = unicodedata.normalize("NFKC", clean_text(text))
    value = "".join(value.split())
    for mark in ("*", "(必填)", "(选填)", "必填"):
        value = value.replace(mark, "")
    return value.lower()


@dataclass
class RowError:
    line: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


# What a row without errors, diffs or kept cells holds: one shared empty value instead of
# four new containers per row (150,000 rows × 4 empty containers are 100 MB).
NOTHING: frozenset = frozenset()


class Row:
    """One data row of a sheet on its way through the checks. A plain class with slots:
    an import makes 100,000 of them; its containers are made when first needed."""

    __slots__ = (
        "bad_keys",
        "diffs",
        "errors",
        "existing",
        "kept",
        "key",
        "line",
        "raw",
        "status",
        "values",
    )

    def __init__(self, line: int, raw: dict[str, Any]):
        self.line = line  # the row number the clerk sees in Excel (1-based)
        self.raw = raw
        self.values: dict[str, Any] = {}
        self.errors: list[RowError] | tuple = ()
        self.bad_keys: set[str] | frozenset = NOTHING
        # Columns whose cell holds a masked number (from our own export): the stored value
        # is kept as it is.
        self.kept: set[str] | frozenset = NOTHING
        self.existing: Any = None
        self.diffs: list[tuple[str, Any, Any]] | tuple = ()
        self.status = "new"
        self.key: tuple | None = None  # the natural key, once the checks computed it

    def __repr__(self) -> str:
        return f"<Row {self.line} {self.status}>"

    def error(self, column: Column | None, message: str, value=None) -> None:
        header = column.header if column else ""
        if value is None and column is not None:
            value = self.raw.get(column.key, "")
        shown_value = masked_text(column, clean_text(value))
        if not self.errors:
            self.errors = []
        self.errors.append(RowError(self.line, header, shown_value, scrubbed(message)))
        if column is not None:
            if not self.bad_keys:
                self.bad_keys = set()
            self.bad_keys.add(column.key)

    def keep(self, key: str) -> None:
        if not self.kept:
            self.kept = set()
        self.kept.add(key)

    def add_diff(self, diff: tuple[str, Any, Any]) -> None:
        if not self.diffs:
            self.diffs = []
        self.diffs.append(diff)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Plan:
    ledger: Ledger
    rows: list[Row] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    present_keys: set[str] = field(default_factory=set)
    header_line: int = 0
    user: Any = None  # who checked it: the writer of the records

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(not row.ok for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(len(row.errors) for row in self.rows) + len(self.file_errors)

    def stored_errors(self) -> list[dict]:
        """What a batch keeps of the errors (the first MAX_STORED_ERRORS)."""
        kept = []
        for row in self.rows:
            for error in row.errors:
                if len(kept) == MAX_STORED_ERRORS:
                    return kept
                kept.append(error.as_dict())
        return kept

    @cached_property
    def keys_in_order(self) -> list[str]:
        """The columns present in the file, in the declaration's order."""
        return sorted(self.present_keys, key=self.ledger.column_index)

    def rows_with(self, status: str) -> list[Row]:
        return [row for row in self.rows if row.ok and row.status == status]

    def counts(self) -> dict:
        tally = Counter(row.status if not row.errors else "errors" for row in self.rows)
        return {
            "rows": len(self.rows),
            "new": tally["new"],
            "changed": tally["changed"],
            "unchanged": tally["unchanged"],
            "errors": tally["errors"],
            "skipped": len(self.skipped),
        }

    def change_samples(self) -> list[dict]:
        samples = []
        for row in self.rows_with("changed")[:MAX_STORED_CHANGES]:
            diffs = [{"column": c, "old": str(o), "new": str(n)} for c, o, n in row.diffs]
            samples.append({"line": row.line, "diffs": diffs})
        return samples


@dataclass
class Context:
    ledger: Ledger
    user: Any
    progress: Callable[[int, str], None] = lambda pct, text: None
    # The uploader's writable subtree: a path prefix, "" for everything, None for nothing.
    write_prefix: str | None = ""

    def may_write(self, org_path: str) -> bool:
        return self.write_prefix is not None and org_path.startswith(self.write_prefix)


def plan_sheet(ledger: Ledger, table: Table, user, progress=None) -> Plan:
    """Every stage of checking a sheet, in order. The plan says what an import would do."""
    plan = Plan(ledger)
    header_index, mapping = locate_header(ledger, table, plan)
    if plan.file_errors:
        return plan
    extract_rows(ledger, table, header_index, mapping, plan)
    if not plan.rows and not plan.file_errors:
        plan.file_errors.append(_("The sheet has headers but no data rows."))
        return plan
    positions = {column.key: index for index, column in mapping.items()}
    return run_checks(plan, user, progress, table.formula_cells, positions)


def plan_for_record(ledger: Ledger, raw: dict, user) -> Plan:
    """The same checks for one record typed into a form."""
    plan = Plan(ledger, rows=[Row(line=1, raw=raw)], present_keys=set(raw))
    return run_checks(plan, user)


def run_checks(plan: Plan, user, progress=None, formulas=frozenset(), positions=None) -> Plan:
    """Every check of the rows, in order: cells, codes, defaults, scope, duplicates, the
    ledger's own rules, then the comparison with the stored records."""
    ledger = plan.ledger
    plan.user = user
    context = Context(ledger, user, progress or (lambda pct, text: None))
    context.write_prefix = scope_prefix(user, write=True)
    context.progress(20, _("Reading cells"))
    parse_rows(ledger, plan, formulas, positions or {})
    context.progress(45, _("Looking up codes"))
    resolve_references(ledger, plan)
    apply_defaults(ledger.default_values(context), plan)
    check_org_kinds(ledger, plan)
    context.progress(60, _("Checking permissions and duplicates"))
    check_masked(ledger, plan)
    check_scope(context, plan)
    guards.check_new_values(ledger, [row for row in plan.rows if row.ok])
    check_duplicates(ledger, plan)
    ledger.validate_rows(plan.rows, context)
    context.progress(75, _("Comparing with existing records"))
    match_existing(context, plan)
    guards.check_changed_records(
        ledger, [row for row in plan.rows if row.ok and row.status == "changed"]
    )
    check_masked_new(ledger, plan)
    return plan


# --- headers and rows ----------------------------------------------------------------


def header_lookup(ledger: Ledger) -> dict[str, Column]:
    lookup = {}
    for column in ledger.columns:
        for name in column.header_names():
            lookup.setdefault(normalize_header(name), column)
    return lookup


def find_header_row(rows: list[list], lookup: dict[str, Column]) -> int:
    """The index of the row (among the first few) naming the most columns, or -1."""
    best_index, best_hits = -1, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        hits = len({lookup[h].key for h in map(normalize_header, row) if h in lookup})
        if hits > best_hits:
            best_index, best_hits = index, hits
    return best_index


def locate_header(ledger: Ledger, table: Table, plan: Plan) -> tuple[int, dict[int, Column]]:
    """The row (within the first few) that names the most of the ledger's columns."""
    lookup = header_lookup(ledger)
    best_index = find_header_row(table.head, lookup)
    if best_index < 0:
        names = "、".join(
            f"“{c.header}”" for c in ledger.required_columns[:4] or ledger.columns[:4]
        )
        plan.file_errors.append(
            _("No header row in the first %(n)d rows: expected column names such as %(names)s.")
            % {"n": HEADER_SCAN_ROWS, "names": names}
        )
        return -1, {}
    plan.header_line = best_index + 1
    return best_index, map_columns(ledger, table.head[best_index], lookup, plan)


def map_columns(ledger, header_row, lookup, plan) -> dict[int, Column]:
    mapping: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for index, cell in enumerate(header_row):
        name = normalize_header(cell)
        if not name or name in SERIAL_HEADERS:
            continue
        column = lookup.get(name)
        if column is None:
            plan.notes.append(
                _("Unknown column “%(name)s” was ignored.") % {"name": clean_text(cell)}
            )
            continue
        if column.key in seen:
            plan.file_errors.append(
                _("The column “%(name)s” appears twice.") % {"name": column.header}
            )
            continue
        seen[column.key] = index
        mapping[index] = column
    missing = [c.header for c in ledger.required_columns if c.key not in seen]
    if missing:
        plan.file_errors.append(
            _("Required columns are missing: %(names)s.") % {"names": "、".join(missing)}
        )
    plan.present_keys = set(seen)
    return mapping


def is_total_row(cells: list) -> bool:
    # Most rows hold no 计 at all: a substring test spares normalising their cells.
    for cell in cells[:4]:
        if cell.__class__ is str and "计" in cell:
            break
    else:
        return False
    words = [normalize_header(c) for c in cells[:4] if not is_blank(c)]
    return any(word in TOTAL_WORDS or word.startswith(("合计", "总计")) for word in words)


def example_cells(ledger: Ledger, mapping) -> dict[str, str]:
    """The template's example row as its cells read back, for the columns in the file."""
    return {column.key: clean_text(str(column.example)) for column in mapping.values()}


def is_example_row(examples: dict[str, str], mapped: dict) -> bool:
    """The template's own example row, left in by the clerk."""
    return all(clean_text(raw) == examples[key] for key, raw in mapped.items())


def is_blank_row(mapped: dict) -> bool:
    for value in mapped.values():
        if value is not None and (value.__class__ is not str or value.strip()):
            return False
    return True


def may_be_example(raw, example: str) -> bool:
    """A cheap first test of a row's first cell against the template's example."""
    if raw.__class__ is str:
        return raw.strip() == example
    return clean_text(raw) == example


def extract_rows(ledger, table: Table, header_index: int, mapping, plan: Plan) -> None:
    blank = 0
    examples = example_cells(ledger, mapping)
    pairs = [(index, column.key) for index, column in mapping.items()]
    width = max(mapping) + 1 if mapping else 0
    # Only a row whose first mapped cell reads like the example's can be the example row.
    first_key = pairs[0][1] if pairs and any(examples.values()) else None
    first_example = examples.get(first_key, "")
    rows = table.iter_rows()
    for index, cells in enumerate(rows):
        if index <= header_index:
            continue
        if len(cells) >= width:
            mapped = {key: cells[i] for i, key in pairs}
        else:
            mapped = {key: cells[i] if i < len(cells) else None for i, key in pairs}
        if is_blank_row(mapped):
            blank += 1
            continue
        if is_total_row(cells):
            plan.skipped.append({"line": index + 1, "reason": _("a total row (合计/小计)")})
            continue
        if (
            first_key is not None
            and may_be_example(mapped[first_key], first_example)
            and is_example_row(examples, mapped)
        ):
            plan.skipped.append({"line": index + 1, "reason": _("the template's example row")})
            continue
        plan.rows.append(Row(index + 1, mapped))
    if blank:
        plan.notes.append(_("%(n)d blank rows were skipped.") % {"n": blank})


def parse_rows(ledger: Ledger, plan: Plan, formulas, positions: dict[str, int]) -> None:
    """Column by column: a column's cells repeat (dates, choices, codes, amounts), so each
    distinct cell is parsed once and the answer reused for every row holding it."""
    for column in ledger.columns:
        if column.key not in plan.present_keys:
            continue
        parse = cell_parser(ledger, column)
        key, position = column.key, positions.get(column.key)
        for row in plan.rows:
            raw = row.raw[key]
            if formulas and (row.line - 1, position) in formulas:
                row.error(column, _("The cell holds a formula; paste it as a value."))
            elif column.personal and is_masked_cell(column, raw):
                row.keep(key)
            else:
                value, message = parse(raw)
                if message is None:
                    row.values[key] = value
                else:
                    row.error(column, message)


def cell_parser(ledger: Ledger, column: Column):
    """raw → (value, None) or (None, reason), remembered per distinct cell except for
    free text, where cells rarely repeat."""

    def parse(raw):
        try:
            value = parse_cell(column, raw)
        except CellError as error:
            return None, str(error)
        if value in (None, "") and column.type not in RESOLVED_TYPES:
            value = ledger.blank_value(column)
        return value, None

    if column.type == TEXT or column.is_multi:
        return parse
    memo: dict = {}

    def remembered(raw):
        try:
            return memo[(raw.__class__, raw)]
        except KeyError:
            answer = memo[(raw.__class__, raw)] = parse(raw)
            return answer
        except TypeError:
            return parse(raw)

    return remembered


def is_masked_cell(column: Column, raw) -> bool:
    """A personal number as our export masks it (420***********1234): no real ID-card
    or phone number contains a *."""
    return column.personal and "*" in clean_text(raw)


def check_masked(ledger: Ledger, plan: Plan) -> None:
    """A masked cell can keep a stored value, but cannot say which record a row is, nor
    give a new record its number."""
    for row in plan.rows:
        for key in sorted(row.kept & set(ledger.natural_key)):
            row.error(ledger.column(key), masked_key_message())


def check_masked_new(ledger: Ledger, plan: Plan) -> None:
    for row in plan.rows:
        if row.ok and row.kept and row.existing is None:
            for key in sorted(row.kept):
                row.error(ledger.column(key), masked_key_message())


def masked_key_message() -> str:
    return _("The number is masked (it has *): type it in full, or start from an unmasked export.")


# --- references ---------------------------------------------------------------------


def resolve_references(ledger: Ledger, plan: Plan) -> None:
    """Every code column resolved with one query per column (never one per row)."""
    for column in ledger.resolved_columns():
        if column.key not in plan.present_keys:
            continue
        ref = ledger.ref_of(column)
        wanted = defaultdict(list)  # look-up value → rows
        for row in plan.rows:
            if column.key in row.bad_keys:
                continue
            for code in codes_of(column, row.values.get(column.key)):
                lookup_value = checked_lookup(row, column, ref, code)
                if lookup_value is not None:
                    wanted[lookup_value].append((row, code))
        found = fetch_references(ref, list(wanted))
        assign_references(column, plan, wanted, found, ref)


def codes_of(column: Column, value) -> list[str]:
    if value in (None, "", []):
        return []
    return list(value) if column.type in (ORGS, REFS) else [value]


def checked_lookup(row: Row, column: Column, ref, code: str):
    try:
        text = ref.validate(code) if ref.validate else code
    except (CellError, ValueError) as error:
        row.error(column, str(error), value=code)
        return None
    return ref.normalize(text) if ref.normalize else text


def fetch_references(ref, values: list) -> dict:
    model = ref.get_model()
    found = {}
    for chunk in chunked(values):
        query = model._default_manager.filter(**{f"{ref.by}__in": chunk}, **ref.limit)
        for obj in query:
            found[getattr(obj, ref.by)] = obj
    return found


def assign_references(column, plan, wanted, found, ref) -> None:
    label = ref.label or column.header
    resolved: dict[int, list] = defaultdict(list)
    for lookup_value, pairs in wanted.items():
        obj = found.get(lookup_value)
        for row, code in pairs:
            if obj is None:
                row.error(
                    column,
                    _("No %(what)s has the code “%(code)s”.") % {"what": label, "code": code},
                    value=code,
                )
            else:
                resolved[id(row)].append(obj)
    for row in plan.rows:
        if column.key in row.bad_keys or column.key not in row.values:
            continue
        objects = resolved.get(id(row), [])
        if column.type in (ORGS, REFS):
            row.values[column.key] = objects
        else:
            row.values[column.key] = objects[0] if objects else None


def apply_defaults(defaults: dict, plan: Plan) -> None:
    for row in plan.rows:
        for key, value in defaults.items():
            if key not in row.bad_keys and row.values.get(key) in (None, ""):
                row.values[key] = value


def check_org_kinds(ledger: Ledger, plan: Plan) -> None:
    for column in ledger.columns:
        if column.type not in (ORG, ORGS) or not column.org_kinds:
            continue
        kinds = "、".join(column.org_kinds)
        for row in plan.rows:
            if column.key in row.bad_keys:
                continue
            for org in codes_of(column, row.values.get(column.key)):
                if org.kind not in column.org_kinds:
                    row.error(
                        column,
                        _("“%(org)s” is a %(kind)s; this column takes only: %(kinds)s.")
                        % {"org": org.name, "kind": org.kind, "kinds": kinds},
                        value=org.code,
                    )


# --- scope, duplicates, existing records ---------------------------------------------


def check_scope(context: Context, plan: Plan) -> None:
    """Every row must belong to an organisation the uploader may change."""
    ledger = context.ledger
    rows = [row for row in plan.rows if row.ok]
    column = ledger.column(ledger.org_column) if ledger.org_column else None
    for row, org in zip(rows, ledger.row_orgs([row.values for row in rows]), strict=True):
        if org is None:
            if column is not None:  # every record belongs to one organisation
                row.error(column, _("This column is required."))
            continue
        if not context.may_write(org.path):
            row.error(
                column,
                _("“%(org)s” is outside the organisations you may change.") % {"org": org.name},
                value=org.code,
            )


def check_duplicates(ledger: Ledger, plan: Plan) -> None:
    if not ledger.natural_key:
        return
    first_line: dict[tuple, int] = {}
    headers = "、".join(ledger.column(k).header for k in ledger.natural_key)
    for row in plan.rows:
        if row.bad_keys and any(k in row.bad_keys for k in ledger.natural_key):
            continue
        key = row.key = ledger.natural_key_of(row.values)
        if key in first_line:
            row.error(
                None,
                _("Same %(columns)s as row %(line)d: a record may appear only once.")
                % {"columns": headers, "line": first_line[key]},
                value="",
            )
        else:
            first_line[key] = row.line


def match_existing(context: Context, plan: Plan) -> None:
    ledger = context.ledger
    candidates = [row for row in plan.rows if row.ok]
    if not candidates or not ledger.natural_key:
        return
    existing = {}
    path = ledger.object_org_path_lookup()
    base = ledger.get_queryset().annotate(_org_path=F(path))
    # A ledger with no record yet (a first import) needs no look-up per key.
    rows_values = [row.values for row in candidates]
    queries = existing_record_queries(ledger, rows_values) if base.exists() else []
    for query in queries:
        for obj in base.filter(query):
            existing[ledger.stored_key(obj)] = obj
    for row in candidates:
        # The key check_duplicates computed; validate_rows hooks do not change keys.
        key = row.key if row.key is not None else ledger.natural_key_of(row.values)
        obj = existing.get(key)
        if obj is None:
            row.status = "new"
            continue
        if not context.may_write(obj._org_path):
            # Said the same whatever the reason: naming where the record is kept would tell
            # a clerk that this ID-card number is registered in another street.
            row.error(None, cannot_import_message(), "")
            continue
        compare_with(ledger, plan, row, obj)


KEY_CHUNK = 2000


def existing_record_queries(ledger: Ledger, rows_values: list[dict]) -> list[Q]:
    """Queries for the stored records these rows may match, each narrowed by EVERY key
    column over a chunk of rows: filtering on the first column alone fetched, for an
    attendance file, every person-time ever recorded at its classes, so that each file
    cost more than the one before (issue 13). A ledger with its own filter keeps it."""
    if type(ledger).natural_key_filter is not Ledger.natural_key_filter:
        return ledger.natural_key_filter(rows_values)
    columns = [ledger.column(key) for key in ledger.natural_key]
    if any(column.is_multi for column in columns):
        return ledger.natural_key_filter(rows_values)
    fields = [f"{c.model_field}_id" if c.type in (ORG, REF) else c.model_field for c in columns]
    keys = sorted(
        {tuple(ledger.comparable(c, v.get(c.key)) for c in columns) for v in rows_values},
        key=str,
    )
    queries = []
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        narrowed = {}
        for position, field_name in enumerate(fields):
            values = {key[position] for key in chunk}
            if None in values:
                # A blank key part matches NULL; `IN` cannot say it, so leave it open.
                continue
            narrowed[f"{field_name}__in"] = sorted(values, key=str)
        if narrowed:
            queries.append(Q(**narrowed))
    return queries


def cannot_import_message() -> str:
    return _("This row cannot be imported by your account.")


def compare_with(ledger: Ledger, plan: Plan, row: Row, obj) -> None:
    row.existing = obj
    current = ledger.read_values(obj)
    for key in plan.keys_in_order:
        if key in row.kept:
            continue
        column = ledger.column(key)
        new = ledger.comparable(column, row.values.get(key))
        old = current.get(key)
        if normalized(old) != normalized(new):
            new_text = masked_text(column, clean_text(row.raw.get(key)))
            row.add_diff((column.header, shown(ledger, column, obj, old), new_text))
    row.status = "changed" if row.diffs else "unchanged"


def masked_text(column: Column | None, text: str) -> str:
    """Personal data never reaches a preview, an error list or the database in clear."""
    if column is None or not text:
        return text
    if column.type == PHONE:
        return MASKERS[PHONE](text)
    if column.type == IDCARD or column.pii:
        return MASKERS[IDCARD](text)
    return text


def scrubbed(message: str) -> str:
    """A reason may quote the cell (“No party member has the code …”): an ID-card or
    mobile number in it is masked, whichever column it came from."""
    message = UNMASKED_ID_PATTERN.sub(lambda m: mask_id_number(m.group()), str(message))
    return UNMASKED_PHONE_PATTERN.sub(lambda m: mask_phone(m.group()), message)


def normalized(value):
    return "" if value is None else value


def shown(ledger: Ledger, column: Column, obj, old) -> str:
    if column.type in (ORG, REF, ORGS, REFS, IDCARD):
        return str(ledger.cell_value(obj, column, masked=True))
    return clean_text(ledger.format_value(column, old, masked=True))
