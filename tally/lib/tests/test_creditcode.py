import pytest
from hypothesis import given
from hypothesis import strategies as st

from tally.lib.creditcode import (
    ALPHABET,
    CreditCodeError,
    credit_code_check_char,
    make_credit_code,
    normalize_credit_code,
    validate_credit_code,
)

SAMPLE = "91350100M000100Y43"

prefixes = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


def bad_character(char: str) -> str:
    return (
        f"A unified social credit code cannot contain “{char}”: it has only digits "
        "and capital letters other than I, O, Z, S and V."
    )


def test_it_accepts_a_known_valid_code():
    assert validate_credit_code(SAMPLE) == SAMPLE


def test_it_computes_the_check_character_with_mod_31():
    assert credit_code_check_char(SAMPLE[:17]) == "3"
    # A weighted sum that is a multiple of 31 gives check 31, which wraps to '0'.
    assert credit_code_check_char("0" * 17) == "0"
    # 1 × weight 1 = 1 → 31 - 1 = 30 → 'Y', the last character of the alphabet.
    assert credit_code_check_char("1" + "0" * 16) == "Y"


def test_it_uses_31_characters_without_i_o_z_s_v():
    assert len(ALPHABET) == 31
    assert not set("IOZSV") & set(ALPHABET)


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("91350100m000100y43", SAMPLE),
        (" 9135 0100 M000 100Y 43 ", SAMPLE),
        ("９１３５０１００Ｍ０００１００Ｙ４３", SAMPLE),
        (None, ""),
    ],
)
def test_it_normalizes_what_clerks_type(typed, normalized):
    assert normalize_credit_code(typed) == normalized


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "A unified social credit code has 18 characters, this one has 0."),
        ("91350100M000100Y4", "A unified social credit code has 18 characters, this one has 17."),
        ("91350100M000100Y433", "A unified social credit code has 18 characters, this one has 19."),
        ("91350100O000100Y43", bad_character("O")),
        ("91350100M00010-Y43", bad_character("-")),
        (
            "91350100M000100Y44",
            "The unified social credit code does not add up: its last character would have "
            "to be 3. Look for a mistyped character.",
        ),
        ("91350100M000100Y4I", bad_character("I")),
    ],
)
def test_it_says_what_is_wrong(text, reason):
    with pytest.raises(CreditCodeError) as caught:
        validate_credit_code(text)
    assert str(caught.value) == reason


def test_it_raises_a_value_error_so_forms_can_catch_it():
    assert issubclass(CreditCodeError, ValueError)


def test_it_makes_a_code_from_17_characters():
    assert make_credit_code("91350100M000100Y4") == SAMPLE
    assert make_credit_code("91350100m000100y4") == SAMPLE


@pytest.mark.parametrize(
    ("prefix", "reason"),
    [
        (
            "91350100M000100Y",
            "A unified social credit code without its check character has 17 characters, "
            "this one has 16.",
        ),
        (
            "91350100M000100Y43",
            "A unified social credit code without its check character has 17 characters, "
            "this one has 18.",
        ),
        ("91350100M000100S4", bad_character("S")),
    ],
)
def test_it_refuses_to_make_a_code_from_a_bad_prefix(prefix, reason):
    with pytest.raises(CreditCodeError) as caught:
        make_credit_code(prefix)
    assert str(caught.value) == reason


@given(prefixes)
def test_it_validates_every_code_it_makes(prefix):
    code = make_credit_code(prefix)
    assert len(code) == 18
    assert code[:17] == prefix
    assert validate_credit_code(code) == code
    assert validate_credit_code(code.lower()) == code


@given(prefixes, st.integers(0, 17), st.sampled_from(ALPHABET))
def test_it_catches_every_single_character_error(prefix, position, char):
    code = make_credit_code(prefix)
    typo = code[:position] + char + code[position + 1 :]
    if typo == code:
        return
    with pytest.raises(CreditCodeError, match=r"^The unified social credit code does not add up"):
        validate_credit_code(typo)


@given(st.text(max_size=25))
def test_it_raises_only_credit_code_error_for_any_text(text):
    try:
        code = validate_credit_code(text)
    except CreditCodeError:
        return
    assert len(code) == 18
    assert set(code) <= set(ALPHABET)
