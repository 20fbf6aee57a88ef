"""The one-time passwords of accounts made by a `users` import: sealed with the data key
until the importing administrator downloads them, once, as a workbook."""

import io
import json

import xlsxwriter

from tally.lib.pii import cipher

from .models import InitialPasswords

HEADERS = ("用户名", "姓名", "初始密码")


def keep_for_download(owner, batch_id, rows: list[tuple[str, str, str]]) -> InitialPasswords:
    sealed = cipher().encrypt(json.dumps(rows, ensure_ascii=False))
    return InitialPasswords.objects.create(
        owner=owner, batch_id=batch_id, count=len(rows), sealed=sealed
    )


def workbook_of(sheet: InitialPasswords) -> bytes:
    rows = json.loads(cipher().decrypt(sheet.sealed) or "[]")
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    page = book.add_worksheet("初始密码")
    page.write_row(0, 0, HEADERS, book.add_format({"bold": True}))
    for line, row in enumerate(rows, start=1):
        page.write_row(line, 0, [str(cell) for cell in row])
    page.set_column(0, 2, 18)
    book.close()
    return output.getvalue()
