"""The official documents of supervision, written by Tally's one writer of GB/T 9704
documents (tally.documents.official): notices (督办通知) here; the weekly bulletin in
bulletins.py uses the same writer."""

from tally.documents.official import OfficialDocument, format_date

from .models import Notice, NoticeKind

LISTED_OPENING = (
    "为推动重点工作落地见效，经研究，决定对以下{count}项重点工作（重要事项）实行挂牌督办。"
    "各牵头单位要切实履行主体责任，对照完成时限倒排工期、挂图作战，每月向督查室报送进展情况；"
    "配合单位要主动对接、密切协作。督查室将全程跟踪督办，对进度滞后的亮灯预警，"
    "直至办结销号。"
)
SPECIAL_OPENING = (
    "为推动以下{count}项工作按期完成，现开展专题督办。请各牵头单位高度重视，"
    "按照督办要求抓紧推进，并按时报送进展情况。"
)
CLOSING = "请各单位按要求抓好落实，如有困难和问题，请及时向督查室报告。"


def notice_document(notice: Notice) -> OfficialDocument:
    """The notice as an official document: title, number, addressees, the opening, the
    tasks with their lead units, deadlines and requirements, the closing, issuer, date."""
    tasks = list(notice.tasks.select_related("lead_unit").prefetch_related("partners"))
    tasks.sort(key=lambda task: task.number)
    doc = OfficialDocument(
        title=notice.title,
        number=notice.full_number,
        addressees=notice.addressees,
        issuer=notice.issuer,
        date=notice.issued_on,
    )
    template = LISTED_OPENING if notice.kind == NoticeKind.LISTED else SPECIAL_OPENING
    doc.paragraph(notice.body or template.format(count=len(tasks)))
    doc.heading("一、督办事项", level=1)
    doc.table(
        header=["序号", "事项", "牵头单位", "完成时限"],
        rows=[
            [str(index), task.name, task.lead_unit.name, format_date(task.deadline)]
            for index, task in enumerate(tasks, start=1)
        ],
    )
    doc.heading("二、督办要求", level=1)
    for index, task in enumerate(tasks, start=1):
        doc.heading(f"（{chinese_number(index)}）{task.name}", level=2)
        doc.paragraph(task_paragraph(task))
    doc.paragraph(CLOSING)
    return doc


def task_paragraph(task) -> str:
    partners = "、".join(org.name for org in task.partners.all())
    parts = [f"牵头单位：{task.lead_unit.name}。"]
    if task.lead_leader:
        parts.insert(0, f"牵头领导：{task.lead_leader}。")
    if partners:
        parts.append(f"配合单位：{partners}。")
    parts.append(f"完成时限：{format_date(task.deadline)}。")
    parts.append(f"督办要求：{task.requirement or '按期保质完成，每月报送进展情况。'}")
    return "".join(parts)


def notice_docx(notice: Notice) -> bytes:
    return notice_document(notice).to_bytes()


DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """一 … 九十九, as heading numbers are written."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else DIGITS[tens]}十{DIGITS[ones] if ones else ''}"
