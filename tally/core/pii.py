"""The deployment's personal-data cipher (SM4-GCM, HMAC-SM3 blind index), keyed by
TALLY_DATA_KEY. Everything that stores ID-card or phone numbers, or files holding them,
goes through here."""

from functools import lru_cache

from django.conf import settings

from tally.lib.idcard import normalize_id_number
from tally.lib.pii import PiiCipher


@lru_cache(maxsize=4)
def _cipher_for(key_hex: str) -> PiiCipher:
    return PiiCipher(key_hex)


def cipher() -> PiiCipher:
    return _cipher_for(settings.DATA_KEY)


def id_index(id_number: str) -> str:
    """The blind index that finds a person by ID-card number without storing it."""
    return cipher().blind_index(normalize_id_number(id_number))
