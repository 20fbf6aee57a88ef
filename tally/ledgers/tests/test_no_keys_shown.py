"""Ledger keys and the English column keys a file may use as headers are the import
contract of programs, not of clerks: the Chinese pages show headers and names only."""

import re

from django.urls import reverse

from tally.ledgers.registry import all_ledgers

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def visible_words(html: str) -> set[str]:
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", html)
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", text))


def test_it_shows_no_ledger_key_on_the_ledgers_page(login, world):
    words = visible_words(login("clerk").get(reverse("ledgers:index"), **ZH).content.decode())
    assert words & {ledger.key for ledger in all_ledgers()} == set()


def test_it_shows_no_column_key_on_an_import_page(login, world):
    client = login("office")
    for ledger in all_ledgers():
        if not ledger.may_write(world.users["office"]):
            continue
        page = client.get(reverse("ledgers:import", args=[ledger.key]), **ZH).content.decode()
        keys = {column.key for column in ledger.columns} | {ledger.key}
        assert visible_words(page) & keys == set(), ledger.key
