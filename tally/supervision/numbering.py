"""Notice numbers: 〔2023〕第7期, per year and kind, without gaps, also when two notices
are issued at the same moment.

Why a counter row: "count the notices and add one" lets two clerks pick the same number.
The counter is incremented by one UPDATE at the start of the issuing transaction: on
PostgreSQL the row lock makes a second issuer wait until the first commits and then
increment the committed value; on SQLite the transaction is BEGIN IMMEDIATE (settings.py),
so the second issuer waits for the write lock. The notice is written in the same
transaction, so a failure rolls the counter back too: no gap. A number already taken by
an imported notice is stepped over (the counter follows the highest number stored).
"""

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .models import Notice, NoticeCounter

NUMBER = re.compile(r"^〔(\d{4})〕第([1-9]\d*)期$")
ATTEMPTS = 5


class NumberError(ValueError):
    pass


def notice_number(year: int, seq: int) -> str:
    return f"〔{year}〕第{seq}期"


def parse_notice_number(text: str) -> tuple[int, int]:
    """(year, sequence) of 〔2023〕第7期, or NumberError saying how to write it."""
    match = NUMBER.match((text or "").strip())
    if match is None:
        raise NumberError(
            _("Write the notice number as 〔2023〕第7期 (brackets 〔〕, no leading zeros).")
        )
    return int(match.group(1)), int(match.group(2))


def highest_taken(kind: str, year: int) -> int:
    numbers = Notice.objects.filter(kind=kind, number__startswith=f"〔{year}〕").values_list(
        "number", flat=True
    )
    taken = [0]
    for number in numbers:
        try:
            taken.append(parse_notice_number(number)[1])
        except NumberError:
            continue
    return max(taken)


def next_sequence(kind: str, year: int) -> int:
    """Take the next number of a kind and year. Call inside the transaction that writes
    the notice (the caller's `transaction.atomic()`)."""
    counter, _created = NoticeCounter.objects.get_or_create(kind=kind, year=year)
    NoticeCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)  # takes the lock
    last = NoticeCounter.objects.values_list("last", flat=True).get(pk=counter.pk)
    seq = max(last, highest_taken(kind, year) + 1)
    if seq != last:
        NoticeCounter.objects.filter(pk=counter.pk).update(last=seq)
    return seq


def with_next_number(kind: str, year: int, write):
    """Run `write(number)` in one transaction with the next number of the kind and year;
    retried when two first notices of a year created the counter row at once."""
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return write(notice_number(year, next_sequence(kind, year)))
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
