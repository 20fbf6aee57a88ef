"""Before-images of records an import changes, so that a batch can be undone."""

import base64
from decimal import Decimal

from django.db import models
from django.db.models.fields.files import FieldFile

from tally.lib.queries import chunked


def encode(value):
    if isinstance(value, FieldFile):  # a stored photo: its name is what the row holds
        return value.name
    if isinstance(value, (bytes, memoryview)):
        return {"b64": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def decode(field: models.Field, value):
    if isinstance(value, dict) and "b64" in value:
        return base64.b64decode(value["b64"])
    return field.to_python(value)


def snapshot(ledger, obj) -> dict:
    values = {
        f.attname: encode(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if not f.primary_key
    }
    multi = {
        c.model_field: sorted(o.pk for o in getattr(obj, c.model_field).all())
        for c in ledger.columns
        if c.is_multi
    }
    return {"pk": obj.pk, "values": values, "multi": multi}


def changed_fields(obj, image: dict) -> set[str]:
    """The names of the fields whose value differs from the before-image `snapshot`
    took: what an UPDATE of the record must write."""
    return {
        f.name
        for f in obj._meta.concrete_fields
        if not f.primary_key and encode(getattr(obj, f.attname)) != image["values"][f.attname]
    }


def restore_snapshots(ledger, snapshots: list[dict]) -> None:
    if not snapshots:
        return
    model = ledger.model
    fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    objects = {}
    for chunk in chunks([s["pk"] for s in snapshots]):
        objects.update(model._default_manager.in_bulk(chunk))
    restored = []
    for snap in snapshots:
        obj = objects[snap["pk"]]
        for attname, value in snap["values"].items():
            setattr(obj, attname, decode(fields[attname], value))
        restored.append(obj)
    names = [f.name for f in fields.values()]
    model._default_manager.bulk_update(restored, names, batch_size=500)
    for column in ledger.columns:
        if column.is_multi:
            for snap in snapshots:
                related = getattr(objects[snap["pk"]], column.model_field)
                related.set(snap["multi"][column.model_field])


# PostgreSQL takes at most 65,535 parameters in one statement; a 100,000-row import is
# undone in pieces.
CHUNK = 10_000


def chunks(pks: list) -> list[list]:
    return chunked(pks, CHUNK)
