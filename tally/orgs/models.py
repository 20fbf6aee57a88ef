"""The organisation tree: every record belongs to one node, every figure is computed
for one node's subtree, every user sees one node's subtree.

Materialized path (treebeard MP_Node): a subtree is one indexed prefix match on `path`,
the same query on SQLite and PostgreSQL.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class OrgKind(models.TextChoices):
    # The stored value is the Chinese name used in Excel files (组织类别): it is the
    # import/export contract; the label is the translated display name.
    CITY = "市委", _("City party committee")
    DISTRICT = "区县党委", _("District party committee")
    ZONE = "党工委", _("Zone party working committee")
    STREET = "街道党工委", _("Street party working committee")
    VILLAGE = "村党组织", _("Village party organisation")
    COMMUNITY = "社区党组织", _("Community party organisation")
    DEPARTMENT = "机关部门", _("Government department")
    TWO_NEW = "两新党组织", _("Non-public enterprise or social organisation")
    RED_PROPERTY = "红色物业小区党支部", _("Residential-compound party branch")


CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"
code_validator = RegexValidator(
    CODE_PATTERN,
    _("Use letters, digits, '-', '_' or '.', starting with a letter or digit (at most 32)."),
)


class Org(MP_Node):
    code = models.CharField(
        _("organisation code"), max_length=32, unique=True, validators=[code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=OrgKind.choices)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def subtree(self):
        """This node and everything below it."""
        return Org.objects.filter(path__startswith=self.path)

    def subtree_filter(self, org_field: str = "org") -> models.Q:
        """Rows whose organisation (reached through `org_field`; "" for organisations
        themselves) lies in this subtree, as "organisation id in the subtree's ids".

        Why not `<org_field>__path__startswith`: that joins every row to its organisation
        and tests the path last, so a community's figure reads as many rows as the
        city's. Here the few ids come first (the path's index) and the rows are found by
        their organisation's index: cost follows the subtree (bench/metrics_bench.py)."""
        if not org_field:
            return models.Q(path__startswith=self.path)
        return models.Q(**{f"{org_field}__in": self.subtree().values("pk")})

    def contains(self, other: "Org") -> bool:
        return other.path.startswith(self.path)
