"""The generic ledgers DOMAIN.md names, shipped ready-made (the administrator may edit
their help texts and choices, or add columns, like any other generic ledger).

They were created by the framework's migration ledgers 0002 until they moved to this app:
a database that has them already keeps them as they are (an administrator's edits and
every record included); only missing ones are created."""

from django.db import migrations


def col(key, header, type="text", required=False, **extra):
    return {"key": key, "header": header, "type": type, "required": required, **extra}


LEDGERS = [
    {
        "key": "events",
        "name": "活动",
        "description": "各单位开展的活动，如“能力作风建设大家谈”。",
        "columns": [
            col("name", "活动名称", required=True, example="能力作风建设大家谈（第一期）"),
            col("category", "活动类别", "choice", True, example="能力作风建设大家谈",
                choices=["能力作风建设大家谈", "工作经验交流座谈会", "专题培训", "主题活动", "其他"]),
            col("org", "组织编码", "org", True, example="QS-BM-DCS"),
            col("date", "活动日期", "date", True, example="2023-03-15"),
        ],
        "natural_key": ["org", "name", "date"],
        "org_column": "org",
        "date_column": "date",
    },
    {
        "key": "briefings",
        "name": "专刊简报",
        "description": "印发的能力作风建设专刊、简报。",
        "columns": [
            col("issue", "期号", required=True, example="2023年第1期"),
            col("title", "标题", required=True, example="能力作风建设专刊"),
            col("date", "印发日期", "date", True, example="2023-02-10"),
            col("org", "组织编码", "org", help="不填时为导入人所在组织。"),
        ],
        "natural_key": ["issue"],
        "org_column": "org",
        "date_column": "date",
    },
    {
        "key": "publicity",
        "name": "宣传信息",
        "description": "在各类平台发布的能力作风建设相关信息。",
        "columns": [
            col("title", "标题", required=True, example="经开区开展能力作风建设大家谈"),
            col("platform", "平台", required=True, example="微信公众号"),
            col("date", "发布日期", "date", True, example="2023-03-16"),
            col("org", "组织编码", "org", True, example="QS-BM-DZB"),
        ],
        "natural_key": ["org", "title", "platform", "date"],
        "org_column": "org",
        "date_column": "date",
    },
    {
        "key": "service_items",
        "name": "即办事项",
        "description": "推出的即来即办、当场办结事项。",
        "columns": [
            col("code", "事项编码", required=True, example="JB-0001"),
            col("name", "事项名称", required=True, example="个体工商户名称变更登记"),
            col("org", "办理组织编码", "org", True, example="QS-BM-ZWJ"),
            col("date", "上线日期", "date", True, example="2023-01-05"),
        ],
        "natural_key": ["code"],
        "org_column": "org",
        "date_column": "date",
    },
    {
        "key": "gov_filings",
        "name": "政府投资项目和备案项目办理",
        "description": "办理的政府投资项目审批和企业投资项目备案。",
        "columns": [
            col("number", "编号", required=True, example="BA-2023-001"),
            col("name", "项目名称", required=True, example="某智能装备生产线技改项目"),
            col("category", "类别", "choice", True, choices=["政府投资项目", "备案项目"], example="备案项目"),
            col("date", "办理日期", "date", True, example="2023-04-12"),
            col("org", "办理组织编码", "org", True, example="QS-BM-JFJ"),
        ],
        "natural_key": ["number"],
        "org_column": "org",
        "date_column": "date",
    },
    {
        "key": "tech_contracts",
        "name": "技术合同登记",
        "description": "完成登记的技术合同及成交额。",
        "columns": [
            col("number", "合同编号", required=True, example="2023420300000123"),
            col("credit_code", "统一社会信用代码", "creditcode", True, example="91350100M000100Y43"),
            col("date", "登记日期", "date", True, example="2023-05-20"),
            col("amount", "成交额(亿元)", "decimal", True, example="0.35"),
            col("org", "组织编码", "org", help="不填时为导入人所在组织。"),
        ],
        "natural_key": ["number"],
        "org_column": "org",
        "date_column": "date",
    },
    {
        "key": "env_facilities",
        "name": "环保设施整改",
        "description": "破损环保设施的维修更换、清淤疏通和新建管网。",
        "columns": [
            col("number", "编号", required=True, example="HB-2023-001"),
            col("category", "类别", "choice", True, choices=["维修更换", "清淤疏通", "新建管网"], example="维修更换"),
            col("location", "位置", example="东风路与柳林路交叉口"),
            col("org", "责任单位编码", "org", True, example="QS-BM-STJ"),
            col("found", "发现日期", "date", True, example="2023-03-02"),
            col("done", "完成日期", "date", example="2023-03-20"),
        ],
        "natural_key": ["number"],
        "org_column": "org",
        "date_column": "found",
    },
]


def create(apps, schema_editor):
    LedgerType = apps.get_model("ledgers", "LedgerType")
    existing = set(LedgerType.objects.values_list("key", flat=True))
    for spec in LEDGERS:
        if spec["key"] not in existing:
            LedgerType.objects.create(**spec, builtin=True)


def remove(apps, schema_editor):
    """Only types nobody has used: records are never dropped by a migration."""
    apps.get_model("ledgers", "LedgerType").objects.filter(
        key__in=[spec["key"] for spec in LEDGERS], builtin=True, records__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0002_builtin_generic_ledgers")]
    operations = [migrations.RunPython(create, remove)]
