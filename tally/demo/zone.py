"""The demo zone: a fictional development zone (no real place's data): its tree, its
logins and the reporting period the demo pages open on.

`manage.py seed_demo` runs `seed(ctx)` of this module first, then of every installed
app's `demo` module. Each step is idempotent: it looks rows up by their natural key and only creates
what is missing, so running the command again changes nothing.
"""

from dataclasses import dataclass, field
from random import Random

from django.db import transaction

from tally.accounts.models import Role, User
from tally.orgs.models import Org, OrgKind
from tally.orgs.services import add_org
from tally.site_settings.store import REPORTING_PERIOD, get_setting, set_setting

DEMO_YEAR = 2023
DEMO_PASSWORD = "Tally#2023demo"
ROOT_CODE = "QS"

K = OrgKind
# (code, name, kind, parent code)
TREE = [
    (ROOT_CODE, "青山经济技术开发区党工委", K.ZONE, None),
    ("QS-DC", "东城街道党工委", K.STREET, ROOT_CODE),
    ("QS-XC", "西城街道党工委", K.STREET, ROOT_CODE),
    ("QS-NH", "南湖街道党工委", K.STREET, ROOT_CODE),
    ("QS-DC-01", "柳林村党支部", K.VILLAGE, "QS-DC"),
    ("QS-DC-02", "石桥村党支部", K.VILLAGE, "QS-DC"),
    ("QS-DC-03", "东风社区党委", K.COMMUNITY, "QS-DC"),
    ("QS-DC-04", "朝阳社区党委", K.COMMUNITY, "QS-DC"),
    ("QS-XC-01", "白杨村党支部", K.VILLAGE, "QS-XC"),
    ("QS-XC-02", "红星社区党委", K.COMMUNITY, "QS-XC"),
    ("QS-XC-03", "花园社区党委", K.COMMUNITY, "QS-XC"),
    ("QS-XC-04", "新民社区党委", K.COMMUNITY, "QS-XC"),
    ("QS-NH-01", "湖口村党支部", K.VILLAGE, "QS-NH"),
    ("QS-NH-02", "马岭村党支部", K.VILLAGE, "QS-NH"),
    ("QS-NH-03", "滨湖社区党委", K.COMMUNITY, "QS-NH"),
    ("QS-NH-04", "春晖社区党委", K.COMMUNITY, "QS-NH"),
    ("QS-BM-DZB", "党政办公室", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-DCS", "督查室", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-DJB", "党建办", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-ZSJ", "招商局", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-JFJ", "经济发展局", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-CZJ", "财政局", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-JSJ", "建设局", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-KJJ", "科技局", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-ZWJ", "政务服务局", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-STJ", "生态环境分局", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-SWJ", "社会事务局", K.DEPARTMENT, ROOT_CODE),
    ("QS-BM-YJJ", "应急管理局", K.DEPARTMENT, ROOT_CODE),
]

TWO_NEW_NAMES = [
    "青山新能源汽车有限公司党支部",
    "青山精密模具有限公司党支部",
    "东城汽配产业园联合党支部",
    "青山智能装备有限公司党支部",
    "华腾物流有限公司党支部",
    "青山数据科技有限公司党支部",
    "鑫源铸造有限公司党支部",
    "青山律师事务所党支部",
    "东城商会党支部",
    "西城个体劳动者协会党支部",
    "宏达电子有限公司党支部",
    "青山医药有限公司党支部",
    "顺通运输有限公司党支部",
    "绿野农业合作社党支部",
    "青山建工集团党支部",
    "南湖文旅有限公司党支部",
    "博远教育培训学校党支部",
    "青山会计师事务所党支部",
    "安居物业服务有限公司党支部",
    "众创空间孵化器党支部",
]
RED_PROPERTY = [
    ("QS-DC-03", "东风花园小区党支部"),
    ("QS-DC-03", "锦绣苑小区党支部"),
    ("QS-DC-04", "朝阳新村小区党支部"),
    ("QS-XC-02", "红星家园小区党支部"),
    ("QS-XC-03", "花园里小区党支部"),
    ("QS-XC-04", "新民小区党支部"),
    ("QS-NH-03", "滨湖雅居小区党支部"),
    ("QS-NH-04", "春晖苑小区党支部"),
]
STREETS = ["QS-DC", "QS-XC", "QS-NH"]

# (username, display name, role, org code, may see personal data). The name is a person's
# name alone: the navbar and pages add the organisation (李明 · 督查室).
USERS = [
    ("admin", "系统管理员", Role.ADMIN, ROOT_CODE, False),
    ("liming", "李明", Role.OFFICE, "QS-BM-DCS", True),
    ("wangfang", "王芳", Role.UNIT, "QS-DC", True),
    ("zhaolei", "赵磊", Role.UNIT, "QS-XC", False),
    ("sunli", "孙丽", Role.UNIT, "QS-BM-ZSJ", False),
    ("zhangshuji", "张书记", Role.LEADER, ROOT_CODE, False),
    ("chenzhiqiang", "陈志强", Role.MEMBER, "QS-DC-03", False),
]


@dataclass
class DemoContext:
    orgs: dict[str, Org] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    rng: Random = field(default_factory=lambda: Random(DEMO_YEAR))
    year: int = DEMO_YEAR
    log: list[str] = field(default_factory=list)


def demo_tree() -> list[tuple[str, str, str, str | None]]:
    rows = list(TREE)
    for index, name in enumerate(TWO_NEW_NAMES, start=1):
        rows.append((f"QS-LX-{index:02d}", name, K.TWO_NEW, STREETS[index % 3]))
    for index, (parent, name) in enumerate(RED_PROPERTY, start=1):
        rows.append((f"{parent}-WY{index:02d}", name, K.RED_PROPERTY, parent))
    return rows


def seed_orgs(ctx: DemoContext) -> None:
    for code, name, kind, parent_code in demo_tree():
        org = Org.objects.filter(code=code).first()
        if org is None:
            parent = ctx.orgs[parent_code] if parent_code else None
            org = add_org(parent, code=code, name=name, kind=kind)
        ctx.orgs[code] = org


def seed_users(ctx: DemoContext) -> None:
    for username, display, role, org_code, pii in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, display_name=display, role=role, can_view_pii=pii)
            user.org = Org.objects.get(code=org_code)
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.set_password(DEMO_PASSWORD)
            user.save()
        ctx.users[username] = user


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    seed_orgs(ctx)
    seed_users(ctx)
    # The demo's data describe the first half of DEMO_YEAR: pages open on it.
    if not get_setting(REPORTING_PERIOD):
        set_setting(REPORTING_PERIOD, f"{DEMO_YEAR}H1")
