"""Encrypting personal data at rest with Chinese national algorithms (GB/T 39786).

- SM4-GCM encrypts a value: confidentiality and integrity, a fresh random nonce each time.
- HMAC-SM3 gives a "blind index": a deterministic keyed digest of a value, so a unique
  column can be looked up (who has ID number X?) without storing X in clear.

The key comes from the TALLY_DATA_KEY setting: 64 hex characters = 32 bytes. The first
16 bytes are the SM4 key and the last 16 the HMAC key, so the two uses never share a key.

Stored format (version 1): b'\\x01' + 12-byte nonce + ciphertext + 16-byte GCM tag. The
version byte is also authenticated, so it cannot be swapped without detection.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

from tally.lib.idcard import normalize_id_number

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_HEX_CHARS = 64
_HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")
DECRYPT_FAILED = "cannot decrypt personal data: wrong TALLY_DATA_KEY or damaged data"


class PiiKeyError(ValueError):
    """TALLY_DATA_KEY is not a usable key."""


class PiiDecryptError(Exception):
    """A stored value cannot be decrypted. Never answered with a guess: fail closed."""


class PiiCipher:
    def __init__(self, key_hex: str):
        key = _key_from_hex(key_hex)
        self._sm4_key = key[:16]
        self._hmac_key = key[16:]

    def __repr__(self) -> str:
        return "<PiiCipher>"  # never show key material in logs or tracebacks

    def encrypt(self, plaintext: str) -> bytes:
        """SM4-GCM ciphertext of `plaintext`; '' stays b'' so blank fields stay blank."""
        if not isinstance(plaintext, str):
            raise TypeError(f"encrypt() takes str, not {type(plaintext).__name__}")
        if plaintext == "":
            return b""
        return self.encrypt_bytes(plaintext.encode("utf-8"))

    def encrypt_bytes(self, data: bytes) -> bytes:
        """SM4-GCM of any bytes (a kept import file, say): version, nonce, ciphertext, tag."""
        nonce = os.urandom(NONCE_BYTES)
        encryptor = Cipher(algorithms.SM4(self._sm4_key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(FORMAT_VERSION)
        ciphertext = encryptor.update(data) + encryptor.finalize()
        return FORMAT_VERSION + nonce + ciphertext + encryptor.tag

    def decrypt(self, blob: bytes | bytearray | memoryview | None) -> str:
        """The plaintext, or PiiDecryptError if the key is wrong or the data was altered.

        Accepts memoryview because that is what Django's BinaryField returns on
        PostgreSQL; None and b'' (blank field) give ''.
        """
        if blob is None or bytes(blob) == b"":
            return ""
        try:
            return self.decrypt_bytes(blob).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PiiDecryptError(DECRYPT_FAILED) from exc

    def decrypt_bytes(self, blob: bytes | bytearray | memoryview) -> bytes:
        data = bytes(blob)
        if len(data) < 1 + NONCE_BYTES + TAG_BYTES or data[:1] != FORMAT_VERSION:
            raise PiiDecryptError(DECRYPT_FAILED)
        nonce = data[1 : 1 + NONCE_BYTES]
        ciphertext = data[1 + NONCE_BYTES : -TAG_BYTES]
        tag = data[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(self._sm4_key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(FORMAT_VERSION)
        try:
            return decryptor.update(ciphertext) + decryptor.finalize()
        except InvalidTag as exc:
            raise PiiDecryptError(DECRYPT_FAILED) from exc

    def blind_index(self, value: str) -> str:
        """HMAC-SM3 of `value` as 64 hex characters. The caller normalizes `value` first,
        so that the same person always gets the same index."""
        mac = hmac.HMAC(self._hmac_key, hashes.SM3())
        mac.update(value.encode("utf-8"))
        return mac.finalize().hex()


def _key_from_hex(key_hex: str) -> bytes:
    # Messages say what is wrong without repeating the key: it is a secret.
    if not isinstance(key_hex, str):
        raise PiiKeyError(
            f"TALLY_DATA_KEY must be a string of {KEY_HEX_CHARS} hexadecimal characters"
        )
    if len(key_hex) != KEY_HEX_CHARS:
        raise PiiKeyError(
            f"TALLY_DATA_KEY must be {KEY_HEX_CHARS} hexadecimal characters (32 bytes), "
            f"got {len(key_hex)} characters"
        )
    if not _HEX_KEY.fullmatch(key_hex):
        raise PiiKeyError("TALLY_DATA_KEY must contain only hexadecimal characters 0-9 and a-f")
    return bytes.fromhex(key_hex)


# --- the deployment's cipher -----------------------------------------------------------
# Everything that stores ID-card or phone numbers, or files holding them, goes through
# `cipher()`, keyed by TALLY_DATA_KEY (settings.DATA_KEY).


@lru_cache(maxsize=4)
def _cipher_for(key_hex: str) -> PiiCipher:
    return PiiCipher(key_hex)


def cipher() -> PiiCipher:
    """The cipher of this deployment (a changed DATA_KEY, in tests, gets its own)."""
    return _cipher_for(settings.DATA_KEY)


def id_index(id_number: str) -> str:
    """The blind index that finds a person by ID-card number without storing it."""
    return cipher().blind_index(normalize_id_number(id_number))
