"""The accounts as a ledger (`users`): 用户名, 姓名, 角色, 所属组织编码, 手机号, 可查看个人信息.

An office with 80 clerks fills one sheet instead of 80 forms. The template, the checks,
the preview and the export come from the declaration; the role and the phone are read
through the model's `role_word` and `phone` properties (the Chinese word of the Excel
contract, the decrypted number — masked on output like every phone). The one hook is
`apply`: accounts are written through accounts/services.py, which gives every new
account a one-time password (kept sealed for the importing administrator to download
once) and records every change as a security event.
"""

from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tally.ledgers import declarations as d
from tally.ledgers.declarations import Column, LedgerConflict
from tally.ledgers.ledger import Ledger
from tally.ledgers.registry import register

from . import services
from .initial_passwords import keep_for_download
from .models import ROLE_OF_WORD, ROLE_WORDS, Role, User


class UserLedger(Ledger):
    key = "users"
    name = gettext_lazy("Accounts")
    description = gettext_lazy(
        "The users and what they may do. New accounts get a one-time password, to be "
        "downloaded once from the accounts page and changed at first login."
    )
    model = User
    columns = [
        Column(
            "用户名",
            "username",
            d.TEXT,
            required=True,
            max_length=services.USERNAME_MAX,
            example="zhangsan01",
            help=gettext_lazy("Letters, digits and @ . + - _; unique."),
        ),
        Column("姓名", "display_name", d.TEXT, required=True, max_length=50, example="张三"),
        Column(
            "角色",
            "role",
            d.CHOICE,
            field="role_word",
            required=True,
            choices=tuple(ROLE_WORDS.values()),
            example=ROLE_WORDS[Role.UNIT],
        ),
        Column("所属组织编码", "org", d.ORG, required=True, example="QS-DC"),
        Column("手机号", "phone", d.PHONE, example="13900000000"),
        Column("可查看个人信息", "can_view_pii", d.BOOL, example="否"),
    ]
    natural_key = ("username",)
    org_field = "org"
    org_column = "org"
    ordering = ("username",)
    search_fields = ("username", "display_name")
    undoable = False  # accounts are deactivated, never deleted with a batch
    record_forms = False  # the accounts have their own pages
    read_roles = frozenset({Role.ADMIN})
    write_roles = frozenset({Role.ADMIN})

    def record_url(self, obj) -> str:
        return reverse("accounts:edit", args=[obj.pk])

    def validate_rows(self, rows, context) -> None:
        """What the framework cannot know: user names Django accepts, and one account per
        name whatever the letter case."""
        column = self.column("username")
        names = [row.values.get("username") or "" for row in rows]
        taken = dict(
            User.objects.annotate(lower=Lower("username"))
            .filter(lower__in={n.lower() for n in names})
            .values_list("lower", "username")
        )
        for row, name in zip(rows, names, strict=True):
            if not row.ok or not name:
                continue
            clash = taken.get(name.lower())
            if clash is None:
                problem = services.username_problem(name)
                if problem:
                    row.error(column, problem)
            elif clash != name:
                row.error(column, _("The user name “%(name)s” is taken.") % {"name": clash})

    def apply(self, plan, batch) -> dict:
        present, by = plan.present_keys, batch.user
        created = []
        try:
            for row in plan.rows_with("new"):
                user, password = services.create_account(
                    row.values["username"], profile(row.values, present), by=by
                )
                created.append((user.username, user.display_name, password))
            for row in plan.rows_with("changed"):
                account = row.existing
                services.update_account(account, profile(row.values, present, account), by=by)
        except services.AccountError as error:
            raise LedgerConflict(str(error)) from None
        if created:
            keep_for_download(by, batch.pk, created)
        return {}


def profile(values: dict, present: set, account: User | None = None) -> services.Profile:
    """The account's profile from a row; a column the file lacks keeps what is stored."""
    base = services.profile_of(account) if account else services.Profile("", Role.UNIT, None)
    if "display_name" in present:
        base.display_name = values.get("display_name") or ""
    if "role" in present:
        base.role = ROLE_OF_WORD.get(values.get("role") or "", base.role)
    if "org" in present:
        base.org = values.get("org")
    if "phone" in present:
        base.phone = values.get("phone") or ""
    if "can_view_pii" in present:
        base.can_view_pii = bool(values.get("can_view_pii"))
    return base


register(UserLedger())
