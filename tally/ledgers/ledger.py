"""The Ledger class: a model plus its declaration, and the default behaviour every ledger
shares. A ledger with special needs (a tree, encrypted columns, JSON storage) overrides
one of the documented hooks (docs/development.md), never the pipeline."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tally.accounts.models import Role
from tally.accounts.scoping import scope_queryset
from tally.lib.masking import mask_id_number, mask_phone
from tally.lib.queries import in_chunks, in_dates, in_subtree

from .bulk import InstanceFactory, insert_instances, insert_values, set_fields
from .declarations import (
    BOOL,
    CHOICE,
    IDCARD,
    ORG,
    ORGS,
    PHONE,
    REF,
    REFS,
    RESOLVED_TYPES,
    Column,
    LedgerError,
    Ref,
)
from .undo import changed_fields, chunks, snapshot

MASKERS = {IDCARD: mask_id_number, PHONE: mask_phone}
ORG_REF = Ref("orgs.Org", "code", label=_("organisation"))


# How a ledger writes new records (`Ledger.writes`).
VALUES = "values"  # straight from the parsed values: one prepared INSERT, no model instances
INSTANCES = "instances"  # model instances built by the ledger's own `assign`, one INSERT


@dataclass(frozen=True)
class Written:
    """What `apply` wrote, for `after_write`: the plan, the batch (None: a form), the
    primary keys of the new and the changed records."""

    plan: Any
    batch: Any
    created: list[int]
    changed: list[int]

    def records(self, manager) -> QuerySet:
        """The written records: the batch's (an import), else the few a form wrote."""
        if self.batch is not None:
            return manager.filter(batch=self.batch)
        return manager.filter(pk__in=self.created + self.changed)


def plain_key_reader(column: Column):
    """Ledger.comparable for one column, without the method call per row."""
    if column.type in (ORG, REF):
        return lambda value: None if value is None else value.pk
    if column.type in (ORGS, REFS):
        return lambda value: sorted(o.pk for o in value or [])
    return lambda value: value


class Ledger:
    key: str = ""
    name: Any = ""
    description: Any = ""
    model: type[models.Model] | None = None
    columns: list[Column] = []
    natural_key: tuple[str, ...] = ()
    # Model path to the owning organisation ("org", "training_class__organizer").
    org_field: str = "org"
    # The column that sets the owning organisation; None when it derives from another
    # record (override `row_org`).
    org_column: str | None = "org"
    # Model path of the date that periods filter on.
    date_field: str | None = None
    search_fields: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("-id",)
    # Whether committed batches can be undone (records carry LedgerRecord.batch).
    undoable: bool = True
    # Whether records are created, edited and deleted through the ledger's own forms
    # (False: the records have pages of their own, e.g. the organisation tree).
    record_forms: bool = True
    # The roles that may import and edit (within their scope); every role that may read
    # an organisation reads its records.
    write_roles = frozenset({Role.ADMIN, Role.OFFICE, Role.UNIT})
    read_roles = frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT})
    # How new records are written: VALUES (the default, fastest) or INSTANCES, which a
    # ledger with its own `assign` or `new_instance` must declare.
    writes: str = VALUES

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own_fields = cls.assign is not Ledger.assign or cls.new_instance is not Ledger.new_instance
        if own_fields and cls.writes != INSTANCES:
            raise LedgerError(
                f"{cls.__name__} sets its fields itself (assign/new_instance): declare "
                "writes = INSTANCES"
            )

    def __init__(self, **overrides):
        for name, value in overrides.items():
            setattr(self, name, value)
        self._by_key = {column.key: column for column in self.columns}
        self._position = {column.key: index for index, column in enumerate(self.columns)}
        missing = [k for k in self.natural_key if k not in self._by_key]
        if missing:
            raise LedgerError(f"{self.key}: natural key columns {missing} are not declared")

    def __repr__(self) -> str:
        return f"<Ledger {self.key}>"

    def may_read(self, user) -> bool:
        return user.is_authenticated and user.role in self.read_roles

    def may_write(self, user) -> bool:
        return user.is_authenticated and user.role in self.write_roles

    def record_url(self, obj) -> str:
        """Where a list links a record to."""
        return reverse("ledgers:detail", args=[self.key, obj.pk])

    # --- declaration look-ups --------------------------------------------------------
    def column(self, key: str) -> Column:
        return self._by_key[key]

    def column_index(self, key: str) -> int:
        """The column's place in the declaration (previews list changes in that order)."""
        return self._position[key]

    def ref_of(self, column: Column) -> Ref:
        if column.type in (ORG, ORGS):
            return column.ref or ORG_REF
        if column.ref is None:
            raise LedgerError(f"{self.key}.{column.key}: a {column.type} column needs a ref")
        return column.ref

    @property
    def required_columns(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    @property
    def choice_columns(self) -> list[Column]:
        return [c for c in self.columns if c.type in (CHOICE, BOOL)]

    # --- querying ----------------------------------------------------------------------
    def get_queryset(self) -> QuerySet:
        related = [
            c.model_field
            for c in self.columns
            if c.type in (ORG, REF) and self._is_model_relation(c.model_field)
        ]
        qs = self.model._default_manager.all()
        if related:
            qs = qs.select_related(*related)
        multi = [c.model_field for c in self.columns if c.type in (ORGS, REFS)]
        if multi:
            qs = qs.prefetch_related(*multi)
        return qs.order_by(*self.ordering)

    def _is_model_relation(self, name: str) -> bool:
        try:
            return self.model._meta.get_field(name).is_relation
        except Exception:
            return False

    def scoped(self, user, *, write: bool = False) -> QuerySet:
        return scope_queryset(self.get_queryset(), user, org_field=self.org_field, write=write)

    def field_path(self, column: Column) -> str | None:
        """The model path that filters on this column's value (None: not filterable)."""
        if column.is_multi or column.type in (ORG, REF):
            return None
        try:
            field = self.model._meta.get_field(column.model_field)
        except Exception:
            return None
        return None if field.is_relation else column.model_field

    def sort_path(self, column: Column) -> str | None:
        if column.type in (ORG, REF) and self._is_model_relation(column.model_field):
            ref = self.ref_of(column)
            return None if column.pii else f"{column.model_field}__{ref.by}"
        return self.field_path(column)

    def in_subtree(self, qs: QuerySet, org) -> QuerySet:
        return in_subtree(qs, org, self.org_field)

    def in_dates(self, qs: QuerySet, start: date | None, end: date | None) -> QuerySet:
        return in_dates(qs, self.date_field, start, end) if self.date_field else qs

    # --- reading and writing records -----------------------------------------------------
    def read_values(self, obj) -> dict[str, Any]:
        """The record as parsed cell values: what an import of its export would give.
        Related records are compared by primary key, so refs read the `_id` attribute."""
        values = {}
        for column in self.columns:
            if column.type in (ORG, REF):
                values[column.key] = getattr(obj, f"{column.model_field}_id")
            elif column.type in (ORGS, REFS):
                values[column.key] = sorted(o.pk for o in getattr(obj, column.model_field).all())
            else:
                values[column.key] = getattr(obj, column.model_field)
        return values

    def key_reader(self, column: Column) -> Callable[[Any], Any]:
        """How a parsed value of the column reads in the form `read_values` gives it
        (override with `read_values` for stored forms that differ, e.g. JSON)."""
        return plain_key_reader(column)

    @cached_property
    def _readers(self) -> dict[str, Callable[[Any], Any]]:
        return {column.key: self.key_reader(column) for column in self.columns}

    def comparable(self, column: Column, value) -> Any:
        """A parsed value in the form `read_values` gives it."""
        return self._readers[column.key](value)

    def assign(self, obj, values: dict[str, Any]) -> None:
        """Write parsed values onto a model instance (multi-value columns excepted: they
        are many-to-many and set after saving)."""
        set_fields(obj, [(field, values[key]) for key, field in self.plain_fields if key in values])

    @cached_property
    def plain_fields(self) -> list[tuple[str, models.Field]]:
        """(column key, model field) of the columns stored in a field of their own."""
        return [
            (c.key, self.model._meta.get_field(c.model_field))
            for c in self.columns
            if not c.is_multi and self._is_model_field(c.model_field)
        ]

    def _is_model_field(self, name: str) -> bool:
        try:
            self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        return True

    @cached_property
    def make_instance(self) -> InstanceFactory:
        return InstanceFactory(self.model)

    def new_instance(self, values: dict[str, Any]):
        obj = self.make_instance()
        self.assign(obj, values)
        return obj

    def row_org(self, values: dict[str, Any]):
        """The organisation a parsed row belongs to (for scoping)."""
        if self.org_column is None:
            raise LedgerError(f"{self.key}: override row_org() when org_column is None")
        return values.get(self.org_column)

    def row_orgs(self, rows_values: list[dict[str, Any]]) -> list:
        """`row_org` of many rows at once (override to look them up in one query)."""
        return [self.row_org(values) for values in rows_values]

    def object_org_path_lookup(self) -> str:
        return f"{self.org_field}__path" if self.org_field else "path"

    def blank_value(self, column: Column):
        """What a blank cell stores: NULL where the model field allows it, else the
        field's default ("" for text): a blank 是否干部 is 否, not a database error."""
        try:
            model_field = self.model._meta.get_field(column.model_field)
        except FieldDoesNotExist:
            return None
        if model_field.null or model_field.is_relation:
            return None
        if model_field.has_default():
            return model_field.get_default()
        return "" if isinstance(model_field, (models.CharField, models.TextField)) else None

    def default_values(self, context) -> dict[str, Any]:
        """Values a row gets when its cell is missing or blank (e.g. the uploader's own
        organisation when a ledger's organisation column is optional)."""
        return {}

    def validate_rows(self, rows, context) -> None:
        """Checks across rows or against the database (a ledger's own rules). Add errors
        with `row.error(column_key, message)`."""

    def natural_key_of(self, values: dict[str, Any]) -> tuple:
        """The natural key of a parsed row."""
        return tuple(read(values.get(key)) for key, read in self.key_readers)

    @cached_property
    def key_readers(self) -> list[tuple[str, Any]]:
        return [(key, self._readers[key]) for key in self.natural_key]

    def stored_key(self, obj) -> tuple:
        """The natural key of a stored record, comparable with `natural_key_of`."""
        values = self.read_values(obj)
        return tuple(values.get(k) for k in self.natural_key)

    def natural_key_filter(self, rows_values: list[dict]) -> list[models.Q]:
        """Queries that find the existing records a set of rows may match, in chunks."""
        first = self.column(self.natural_key[0])
        keys = {self.comparable(first, v.get(first.key)) for v in rows_values}
        field = first.model_field if first.type not in (ORG, REF) else f"{first.model_field}_id"
        return in_chunks(field, keys)

    # --- the write path ------------------------------------------------------------------
    # An import and a form write through the same `apply`: a form is a one-row plan
    # without a batch (batch=None), saved as Django saves a record (signals, audit log);
    # an import writes in bulk. The hooks: `writes`, `write_changed`, `after_write`.

    def apply(self, plan, batch) -> dict:
        """Write a checked plan (inside the caller's transaction). Returns what undo
        needs: the created primary keys and before-images of the changed records."""
        changed_rows = plan.rows_with("changed")
        created = self.write_new(plan.rows_with("new"), batch)
        before = self.write_changed(changed_rows, batch, plan)
        self.after_write(Written(plan, batch, created, [row.existing.pk for row in changed_rows]))
        return {"created": created, "changed": before}

    def write_new(self, rows, batch) -> list[int]:
        """Insert the new records; their primary keys, in the rows' order."""
        if not rows:
            return []
        if batch is None:
            return [self.save_one(row.values) for row in rows]
        if self.writes == VALUES:
            values = [row.values for row in rows]
            insert_values(self.model, self.plain_fields, values, {"batch_id": batch.pk})
        else:
            objects = [self.new_instance(row.values) for row in rows]
            for obj in objects:
                obj.batch = batch
            insert_instances(self.model, objects)
        created = list(self.new_keys(batch))
        self.set_multi(list(zip(created, (row.values for row in rows), strict=True)))
        return created

    def save_one(self, values: dict[str, Any]) -> int:
        """A new record from a form, saved by Model.save()."""
        obj = self.new_instance(values)
        obj.batch = None
        obj.save()
        self.set_multi([(obj.pk, values)])
        return obj.pk

    def new_keys(self, batch):
        """The keys of the rows just inserted for this batch (only new rows carry the
        batch at this point: changed ones are saved afterwards)."""
        return (
            self.model._default_manager.filter(batch=batch)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def write_changed(self, rows, batch, plan) -> list[dict]:
        """Write the changed records: the columns in the file, onto the stored records,
        then one UPDATE of the fields that changed. Returns their before-images.
        Override (the one hook) when a change must be written another way, e.g. a
        conditional UPDATE (micro-wishes)."""
        before = [snapshot(self, row.existing) for row in rows]
        fields: set[str] = set()
        pairs = []
        for row, image in zip(rows, before, strict=True):
            values = {k: v for k, v in row.values.items() if k in plan.present_keys}
            self.assign(row.existing, values)
            fields |= changed_fields(row.existing, image)
            pairs.append((row.existing.pk, values))
        self.save_changed([row.existing for row in rows], batch, fields)
        self.set_multi(pairs)
        return before

    def save_changed(self, objects: list, batch, fields: set[str]) -> None:
        """Save the changed `fields` of the records, which now belong to `batch` (None:
        edited by hand, one at a time with Model.save())."""
        if not objects:
            return
        names = sorted({*fields, "batch", "updated_at"})
        now = timezone.now()
        for obj in objects:
            obj.batch, obj.updated_at = batch, now
        if batch is None:
            for obj in objects:
                obj.save(update_fields=names)
        else:
            self.model._default_manager.bulk_update(objects, names, batch_size=1000)

    def set_multi(self, pairs: list[tuple[int, dict]]) -> None:
        """Set the many-to-many columns of saved records, (primary key, values) pairs, in
        bulk (one delete and one insert per column)."""
        for column in self.columns:
            if not column.is_multi:
                continue
            relation = self.model._meta.get_field(column.model_field)
            through = relation.remote_field.through
            source = relation.m2m_field_name()
            target = relation.m2m_reverse_field_name()
            owners = [pk for pk, values in pairs if column.key in values]
            for piece in in_chunks(f"{source}_id", owners):
                through.objects.filter(piece).delete()
            links = [
                through(**{f"{source}_id": pk, f"{target}_id": other.pk})
                for pk, values in pairs
                if column.key in values
                for other in values[column.key] or []
            ]
            through.objects.bulk_create(links, batch_size=2000)

    def after_write(self, written: "Written") -> None:
        """Called once the records are written (a batch, or a form's one record): keep
        what depends on them in step (a member's history, an attendee's organisation)."""

    def delete_records(self, pks: list[int]) -> None:
        for piece in chunks(pks):
            self.model._default_manager.filter(pk__in=piece).delete()

    # --- output ----------------------------------------------------------------------
    def cell_value(self, obj, column: Column, *, masked: bool = True):
        """One cell for export and lists, in the template's own format."""
        if column.type in (ORG, REF):
            code = self.ref_of(column).code(getattr(obj, column.model_field))
            return mask_id_number(code) if masked and column.pii and code else code
        if column.type in (ORGS, REFS):
            ref = self.ref_of(column)
            return "、".join(ref.code(o) for o in getattr(obj, column.model_field).all())
        value = self.raw_value(obj, column)
        return self.format_value(column, value, masked=masked)

    def raw_value(self, obj, column: Column):
        return getattr(obj, column.model_field)

    def format_value(self, column: Column, value, *, masked: bool = True):
        if value is None:
            return ""
        if column.type == BOOL:
            return "是" if value else "否"
        if masked and column.type in MASKERS:
            return MASKERS[column.type](str(value))
        if isinstance(value, (int, Decimal, date)):
            return value
        return str(value)

    def prepare_output(self, objects) -> None:
        """Called with each page of a list and each chunk of an export before their
        cells are read: load in bulk what cells would otherwise fetch one by one."""

    def display_cells(self, obj, *, masked: bool = True) -> list:
        """The cells of a list or a detail page: as exported, except that organisations
        show their names (clerks know them by name, files by code)."""
        return [self.display_value(obj, c, masked=masked) for c in self.columns if c.listed]

    def display_value(self, obj, column: Column, *, masked: bool = True):
        if column.type == ORG and self._is_model_relation(column.model_field):
            org = getattr(obj, column.model_field)
            return org.name if org is not None else ""
        return self.cell_value(obj, column, masked=masked)

    @property
    def listed_columns(self) -> list[Column]:
        return [c for c in self.columns if c.listed]

    @property
    def has_pii(self) -> bool:
        return any(c.personal for c in self.columns)

    def resolved_columns(self) -> list[Column]:
        return [c for c in self.columns if c.type in RESOLVED_TYPES]
