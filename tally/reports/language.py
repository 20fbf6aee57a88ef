"""The report-template language: what the office types in the editor, read into an
ordered list of blocks.

    # 一、坚持党建引领                       a heading, level 1 (## level 2, ### level 3)
    上半年举办区级培训班{{ training.classes }}个，累计培训{{ training.person_times }}人次。
    提前实现“双过半”：{{ fiscal.revenue.double_half|是|否 }}
    @chart training.person_times by=org title=各单位培训人次
    @chart fiscal.revenue.completion by=month progress title=财政收入完成率
    @chart by=stage investment.library.count investment.signed.count title=招商项目
    @table by=org training.classes training.person_times title=各单位培训情况

A paragraph is every line up to the next blank line, a heading or an @ line; its lines are
joined without a space (Chinese text has none). `{{ key }}` is a metric's value as the
metric formats it; `{{ key|A|B }}` writes A when the value is yes (or not zero) and B
otherwise. `{{ org.name }}` and `{{ period.name }}` are the organisation's name and the
period in words. The Chinese words 图表, 表格, 按=组织/月份/阶段, 标题=, 序时进度 work too.

Reading never consults the database: `parse()` finds what is malformed (an unbalanced
placeholder, an unknown @ word); `check()` adds what the registry does not know (an unknown
metric key). Both give errors with the line they are on, in plain Chinese.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

HEADING = re.compile(r"^(#{1,3})\s*(.*)$")
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
ORG_NAME, PERIOD_NAME = "org.name", "period.name"
WORDS = (ORG_NAME, PERIOD_NAME)  # placeholders that are not metrics

BY_ORG, BY_MONTH, BY_STAGE = "org", "month", "stage"
BY_ALIASES = {
    "org": BY_ORG,
    "组织": BY_ORG,
    "下级组织": BY_ORG,
    "month": BY_MONTH,
    "月份": BY_MONTH,
    "按月": BY_MONTH,
    "stage": BY_STAGE,
    "阶段": BY_STAGE,
}
DIRECTIVES = {"chart": "chart", "图表": "chart", "table": "table", "表格": "table"}
OPTION_BY = ("by=", "按=")
OPTION_TITLE = ("title=", "标题=")
OPTION_PROGRESS = ("progress", "序时进度")
MAX_TABLE_KEYS = 8


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Placeholder:
    key: str
    yes: str | None = None  # {{ key|yes|no }}: words instead of the value
    no: str | None = None

    @property
    def is_word(self) -> bool:
        return self.key in WORDS


Part = Text | Placeholder


@dataclass
class Block:
    kind: str  # heading | paragraph | chart | table
    line: int  # where it starts in the source, for messages
    level: int = 0  # headings
    parts: list[Part] = field(default_factory=list)  # headings and paragraphs
    keys: list[str] = field(default_factory=list)  # charts and tables
    by: str = ""
    title: str = ""
    progress: bool = False

    @property
    def metric_keys(self) -> list[str]:
        placeholders = [p.key for p in self.parts if isinstance(p, Placeholder) and not p.is_word]
        return placeholders + list(self.keys)


@dataclass(frozen=True)
class SourceError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class Parsed:
    blocks: list[Block]
    errors: list[SourceError]

    @property
    def metric_keys(self) -> list[str]:
        """Every metric key the template uses, once each, in order of appearance."""
        return list(dict.fromkeys(key for block in self.blocks for key in block.metric_keys))


def parse(source: str) -> Parsed:
    reader = _Reader()
    for number, raw in enumerate(source.replace("\r\n", "\n").split("\n"), start=1):
        reader.line(number, raw.strip())
    reader.flush()
    return Parsed(reader.blocks, reader.errors)


def parse_text(text: str, line: int, errors: list[SourceError]) -> list[Part]:
    """Text with placeholders, as parts; an error for each malformed placeholder."""
    parts: list[Part] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts.extend(_plain(text[position : match.start()], line, errors))
        placeholder = _placeholder(match.group(1), line, errors)
        if placeholder is not None:
            parts.append(placeholder)
        position = match.end()
    parts.extend(_plain(text[position:], line, errors))
    return parts


def _plain(text: str, line: int, errors: list[SourceError]) -> list[Part]:
    if "{{" in text:
        errors.append(SourceError(line, _("“{{” is not closed with “}}”.")))
    elif "}}" in text:
        errors.append(SourceError(line, _("“}}” has no “{{” before it.")))
    return [Text(text)] if text else []


def _placeholder(inside: str, line: int, errors: list[SourceError]) -> Placeholder | None:
    if "{{" in inside:
        errors.append(SourceError(line, _("“{{” is not closed with “}}”.")))
        return None
    key, *words = [piece.strip() for piece in inside.split("|")]
    if not key:
        message = _("An empty placeholder “{{ }}”: write a metric key in it.")
        errors.append(SourceError(line, message))
        return None
    if not KEY.match(key):
        errors.append(
            SourceError(
                line,
                _("“%(key)s” is not a metric key (lower-case letters, digits, “_” and dots).")
                % {"key": key},
            )
        )
        return None
    if words and len(words) != 2:
        errors.append(
            SourceError(
                line,
                _("“{{ %(key)s|…}}” takes two texts, for yes and for no: {{ %(key)s|是|否 }}.")
                % {"key": key},
            )
        )
        return None
    if words and key in WORDS:
        errors.append(SourceError(line, _("“%(key)s” takes no texts.") % {"key": key}))
        return None
    return Placeholder(key, *words) if words else Placeholder(key)


class _Reader:
    def __init__(self):
        self.blocks: list[Block] = []
        self.errors: list[SourceError] = []
        self._paragraph: list[str] = []
        self._paragraph_line = 0

    def line(self, number: int, text: str) -> None:
        if not text:
            self.flush()
            return
        heading = HEADING.match(text)
        if heading:
            self.flush()
            self._heading(number, len(heading.group(1)), heading.group(2).strip())
        elif text.startswith("@"):
            self.flush()
            self._directive(number, text[1:].split())
        else:
            if not self._paragraph:
                self._paragraph_line = number
            self._paragraph.append(text)

    def flush(self) -> None:
        if self._paragraph:
            text = "".join(self._paragraph)
            line = self._paragraph_line
            self.blocks.append(Block("paragraph", line, parts=parse_text(text, line, self.errors)))
            self._paragraph = []

    def _heading(self, number: int, level: int, text: str) -> None:
        if not text:
            self.errors.append(SourceError(number, _("A heading without text.")))
            return
        self.blocks.append(
            Block("heading", number, level=level, parts=parse_text(text, number, self.errors))
        )

    def _directive(self, number: int, words: list[str]) -> None:
        kind = DIRECTIVES.get(words[0].lower()) if words else None
        if kind is None:
            self.errors.append(
                SourceError(
                    number,
                    _("“@%(word)s” is unknown: write @chart (@图表) or @table (@表格).")
                    % {"word": words[0] if words else ""},
                )
            )
            return
        block = Block(kind, number)
        rest = words[1:]
        for index, word in enumerate(rest):
            if word.startswith(OPTION_TITLE):
                # The title runs to the end of the line, spaces and all.
                block.title = " ".join([word.split("=", 1)[1], *rest[index + 1 :]]).strip()
                break
            self._option(block, word)
        self._check_directive(block)
        self.blocks.append(block)

    def _option(self, block: Block, word: str) -> None:
        if word.startswith(OPTION_BY):
            value = word.split("=", 1)[1]
            block.by = BY_ALIASES.get(value.lower(), "")
            if not block.by:
                message = _("“%(value)s” is not a breakdown: write by=org, by=month or by=stage.")
                self.errors.append(SourceError(block.line, message % {"value": value}))
                block.by = "?"
        elif word in OPTION_PROGRESS:
            block.progress = True
        elif KEY.match(word):
            block.keys.append(word)
        else:
            self.errors.append(
                SourceError(block.line, _("“%(word)s” is not understood here.") % {"word": word})
            )

    def _check_directive(self, block: Block) -> None:
        def error(message):
            self.errors.append(SourceError(block.line, message))

        if not block.keys:
            error(_("Name the metric to show, e.g. @chart training.person_times by=org."))
        if block.by == "?":
            return
        if block.kind == "chart":
            block.by = block.by or BY_ORG
            if block.by == BY_STAGE and len(block.keys) < 2:
                error(_("A chart by stage names one metric per stage, at least two."))
            if block.by != BY_STAGE and len(block.keys) > 1:
                error(_("A chart by organisation or by month shows one metric."))
            if block.progress and block.by != BY_MONTH:
                error(_("The time-progress line belongs to a chart by month."))
        else:
            block.by = block.by or BY_ORG
            if block.by not in (BY_ORG, BY_MONTH):
                error(_("A table lists organisations (by=org) or months (by=month)."))
            if len(block.keys) > MAX_TABLE_KEYS:
                error(_("A table shows at most %(n)d metrics.") % {"n": MAX_TABLE_KEYS})
            if block.progress:
                error(_("The time-progress line belongs to a chart by month."))


def check(parsed: Parsed, known_keys) -> list[SourceError]:
    """The parse errors plus one for every metric key the registry does not know."""
    known = set(known_keys)
    errors = list(parsed.errors)
    for block in parsed.blocks:
        for key in dict.fromkeys(block.metric_keys):
            if key not in known:
                errors.append(SourceError(block.line, unknown_key_message(key, known)))
    return sorted(errors, key=lambda e: e.line)


def unknown_key_message(key: str, known) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
    if close:
        return _("There is no metric “%(key)s”. Did you mean “%(close)s”?") % {
            "key": key,
            "close": close[0],
        }
    return _("There is no metric “%(key)s”.") % {"key": key}
