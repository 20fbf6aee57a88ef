"""The built-in report templates, one text file each in builtin/: a few header lines
(name, title, subtitle), a line of dashes, then the body in the template language.

They are written into the database after every migrate (and after a test flush), so an
office starts with them on an empty database; a built-in template the office has edited
is its own from then on and is never overwritten. "Restore the built-in text" puts the
file's text back.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

DIRECTORY = Path(__file__).resolve().parent / "builtin"
HALF_YEAR = "half-year"
SEPARATOR = "---"
HEADERS = ("name", "title", "subtitle")


@dataclass(frozen=True)
class BuiltinTemplate:
    key: str
    name: str
    title: str
    subtitle: str
    source: str

    def fields(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "subtitle": self.subtitle,
            "source": self.source,
        }


def read_builtin(path: Path) -> BuiltinTemplate:
    text = path.read_text(encoding="utf-8")
    head, separator, body = text.partition(f"\n{SEPARATOR}\n")
    if not separator:
        raise ValueError(f"{path.name}: the header ends with a line '{SEPARATOR}'")
    headers = {}
    for line in head.splitlines():
        name, colon, value = line.partition(":")
        if not colon or name.strip() not in HEADERS:
            raise ValueError(f"{path.name}: unknown header line {line!r}")
        headers[name.strip()] = value.strip()
    return BuiltinTemplate(
        key=path.stem,
        name=headers["name"],
        title=headers["title"],
        subtitle=headers.get("subtitle", ""),
        source=body.strip() + "\n",
    )


def builtin_templates() -> list[BuiltinTemplate]:
    return [read_builtin(path) for path in sorted(DIRECTORY.glob("*.txt"))]


def builtin_template(key: str) -> BuiltinTemplate | None:
    path = DIRECTORY / f"{key}.txt"
    return read_builtin(path) if path.exists() else None


@transaction.atomic
def install_builtin_templates() -> None:
    """Create the built-in templates that are missing; bring the ones the office has not
    edited up to their file's text."""
    from .models import ReportTemplate

    for builtin in builtin_templates():
        template = ReportTemplate.objects.filter(key=builtin.key).first()
        if template is None:
            ReportTemplate.objects.create(key=builtin.key, builtin=True, **builtin.fields())
        elif template.builtin and not template.customised:
            changed = {k: v for k, v in builtin.fields().items() if getattr(template, k) != v}
            if changed:
                ReportTemplate.objects.filter(pk=template.pk).update(**changed)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver (it also runs after a test's flush). A partial migrate that
    has not created the table yet skips it."""
    from django.db import connections

    from .models import ReportTemplate

    if ReportTemplate._meta.db_table in connections[using].introspection.table_names():
        install_builtin_templates()
