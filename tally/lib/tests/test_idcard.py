import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tally.lib.idcard import (
    IdNumberError,
    id_birth_date,
    id_check_char,
    id_gender,
    make_id_number,
    normalize_id_number,
    validate_id_number,
)

# The worked example of GB 11643-1999, and a man born in 1880.
STANDARD_SAMPLE = "11010519491231002X"
OLD_SAMPLE = "440524188001010014"

regions = st.from_regex(r"[0-9]{6}", fullmatch=True)
births = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31))
seqs = st.integers(min_value=0, max_value=99)
genders = st.sampled_from(["男", "女"])


def bad_character(char: str) -> str:
    return (
        f"An ID-card number cannot contain “{char}”: it has only digits, "
        "and an X as the last character."
    )


def bad_birth_date(digits: str) -> str:
    return (
        f"Characters 7 to 14 of the ID-card number, “{digits}”, are not a valid birth date: "
        "check those digits."
    )


def bad_check_character(expected: str) -> str:
    return (
        "The ID-card number does not add up: its last character would have to be "
        f"{expected}. Look for a mistyped digit."
    )


def test_it_accepts_the_sample_numbers_of_the_standard():
    assert validate_id_number(STANDARD_SAMPLE) == STANDARD_SAMPLE
    assert validate_id_number(OLD_SAMPLE) == OLD_SAMPLE


def test_it_computes_the_check_character_with_mod_11_2():
    assert id_check_char("11010519491231002") == "X"
    assert id_check_char("44052418800101001") == "4"
    assert id_check_char("00000000000000000") == "1"


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("11010519491231002x", "11010519491231002X"),
        (" 110105 19491231 002X ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        ("110105\u300019491231002X", "11010519491231002X"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_normalizes_what_clerks_type(typed, normalized):
    assert normalize_id_number(typed) == normalized


def test_it_validates_a_lower_case_x_and_full_width_digits():
    assert validate_id_number("１１０１０５１９４９１２３１００２ｘ") == STANDARD_SAMPLE


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "An ID-card number has 18 characters, this one has 0."),
        ("11010519491231002", "An ID-card number has 18 characters, this one has 17."),
        ("11010519491231002X1", "An ID-card number has 18 characters, this one has 19."),
        ("1101051949123100-X", bad_character("-")),
        ("110105194912310X2X", "Only the last character of an ID-card number can be X."),
        ("11010519491231002Y", bad_character("Y")),
        ("110105199902300021", bad_birth_date("19990230")),
        ("110105199913010021", bad_birth_date("19991301")),
        ("110105179901010021", bad_birth_date("17990101")),
        ("110105194912310021", bad_check_character("X")),
        ("440524188001010015", bad_check_character("4")),
    ],
)
def test_it_says_what_is_wrong(text, reason):
    with pytest.raises(IdNumberError) as caught:
        validate_id_number(text)
    assert str(caught.value) == reason


def test_it_raises_a_value_error_so_forms_can_catch_it():
    assert issubclass(IdNumberError, ValueError)


def test_it_refuses_a_number_typed_into_a_number_cell():
    with pytest.raises(IdNumberError):
        validate_id_number(float(110105194912310020))


def test_it_reads_birth_date_and_gender():
    assert id_birth_date(STANDARD_SAMPLE) == dt.date(1949, 12, 31)
    assert id_gender(STANDARD_SAMPLE) == "女"  # 17th digit 2
    assert id_birth_date(OLD_SAMPLE) == dt.date(1880, 1, 1)
    assert id_gender(OLD_SAMPLE) == "男"  # 17th digit 1


def test_it_refuses_to_read_an_invalid_number():
    with pytest.raises(IdNumberError):
        id_gender("110105194912310021")


def test_it_makes_a_known_number():
    # seq 0 and 女 give sequence 000 (gender digit 0); seq 1 and 男 give 013.
    assert make_id_number("110105", dt.date(1949, 12, 31), 0, "女") == "110105194912310003"
    assert make_id_number("110105", dt.date(1949, 12, 31), 1, "男") == "110105194912310134"
    assert make_id_number("420106", dt.date(1990, 1, 1), 12, "男") == "420106199001011258"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("11010", dt.date(1990, 1, 1), 1, "男"), "region must be 6 digits"),
        (("110105", dt.date(1990, 1, 1), 100, "男"), "seq must be 0..99"),
        (("110105", dt.date(1990, 1, 1), 1, "M"), "gender must be"),
        (("110105", dt.date(1799, 12, 31), 1, "男"), "birth year must be 1800"),
    ],
)
def test_it_refuses_to_make_an_impossible_number(args, message):
    with pytest.raises(ValueError, match=message):
        make_id_number(*args)


@given(regions, births, seqs, genders)
def test_it_validates_every_number_it_makes(region, birth, seq, gender):
    number = make_id_number(region, birth, seq, gender)
    assert validate_id_number(number) == number
    assert id_birth_date(number) == birth
    assert id_gender(number) == gender
    assert number.startswith(region)


@given(regions, births, seqs, genders, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_it_catches_every_single_character_error(region, birth, seq, gender, position, char):
    number = make_id_number(region, birth, seq, gender)
    if position < 17 and char == "X":
        char = "0"
    typo = number[:position] + char + number[position + 1 :]
    if typo == number:
        return
    with pytest.raises(IdNumberError, match=r"^The ID-card number does not add up|^Characters 7"):
        validate_id_number(typo)


@given(st.text(max_size=25))
def test_it_raises_only_id_number_error_for_any_text(text):
    try:
        number = validate_id_number(text)
    except IdNumberError:
        return
    assert len(number) == 18
