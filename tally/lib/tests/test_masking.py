import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tally.lib.idcard import make_id_number
from tally.lib.masking import (
    UNMASKED_ID_PATTERN,
    UNMASKED_PHONE_PATTERN,
    mask_id_number,
    mask_phone,
)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("420106199001011234", "420***********1234"),
        ("11010519491231002X", "110***********002X"),
        ("123456789012345", "1*************5"),  # an old 15-digit number
        ("abc", "a*c"),
        ("ab", "**"),
        ("a", "*"),
        ("", ""),
        (None, ""),
        (" 420106199001011234 ", "420***********1234"),
    ],
)
def test_it_masks_id_numbers(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("010-12345678", "010*****5678"),
        ("+8613812345678", "+86*******5678"),
        ("12345678", "123*5678"),
        ("1234567", "*****67"),
        ("123", "*23"),
        ("12", "**"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_masks_phone_numbers(value, masked):
    assert mask_phone(value) == masked


def test_it_finds_an_unmasked_id_number_in_a_page():
    number = make_id_number("420106", dt.date(1990, 1, 1), 12, "男")
    html = f"<td>身份证{number}</td>"
    assert UNMASKED_ID_PATTERN.search(html).group() == number
    assert UNMASKED_ID_PATTERN.search("证件 11010519491231002x 。").group() == "11010519491231002x"


@pytest.mark.parametrize(
    "text",
    [
        "420***********1234",
        "4201061990010112345",  # 19 digits: part of something longer
        "94201061990010112345",
        "order 202306300000000001",  # no plausible birth date
        "42010619900101123",  # 17 digits
    ],
)
def test_it_does_not_mistake_other_digits_for_an_id_number(text):
    assert UNMASKED_ID_PATTERN.search(text) is None


def test_it_finds_an_unmasked_mobile_number():
    assert UNMASKED_PHONE_PATTERN.search("电话：13812345678。").group() == "13812345678"
    assert UNMASKED_PHONE_PATTERN.search('"19900001111"').group() == "19900001111"


@pytest.mark.parametrize(
    "text",
    ["138****5678", "12812345678", "913812345678", "13812345678" + "9", "1381234567"],
)
def test_it_does_not_mistake_other_digits_for_a_mobile_number(text):
    assert UNMASKED_PHONE_PATTERN.search(text) is None


leaky_text = st.text(alphabet="0123456789Xx -+", max_size=40)
ids = st.builds(
    make_id_number,
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.integers(0, 99),
    st.sampled_from(["男", "女"]),
)
mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(ids)
def test_it_finds_every_valid_id_number_and_masks_it_out_of_sight(number):
    assert UNMASKED_ID_PATTERN.fullmatch(number)
    assert UNMASKED_ID_PATTERN.search(mask_id_number(number)) is None


@given(mobiles)
def test_it_finds_every_mobile_number_and_masks_it_out_of_sight(number):
    assert UNMASKED_PHONE_PATTERN.fullmatch(number)
    assert UNMASKED_PHONE_PATTERN.search(mask_phone(number)) is None


@given(st.one_of(leaky_text, ids, mobiles))
def test_it_never_lets_a_whole_number_through(value):
    for mask in (mask_id_number, mask_phone):
        masked = mask(value)
        assert UNMASKED_ID_PATTERN.search(masked) is None
        assert UNMASKED_PHONE_PATTERN.search(masked) is None
        assert len(masked) == len(value.strip())


@given(st.text(max_size=30))
def test_it_keeps_the_length_and_shows_at_most_7_characters(value):
    for mask in (mask_id_number, mask_phone):
        masked = mask(value)
        assert len(masked) == len(value.strip())
        assert sum(1 for char in masked if char != "*") <= 7
