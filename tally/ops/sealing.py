"""Encrypting a backup file with a key of its own (SM4-GCM, GB/T 39786), in pieces, so
that a backup of any size is sealed and opened without holding it in memory.

Format: MAGIC, a 16-byte random file id, then pieces of at most PIECE bytes of plain
text, each stored as a 4-byte length, a 12-byte nonce, the ciphertext and its 16-byte
tag. The additional data of each piece is (file id, piece number, last?): a piece moved,
dropped, repeated from another backup, or the file cut short fails to open.

The key is 64 hex characters (`secrets.token_hex(32)`), kept apart from the backups and
from TALLY_DATA_KEY; the SM4 key is derived from it with HMAC-SM3.
"""

import os
import re
import struct
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

MAGIC = b"TALLY-SEALED-BACKUP-1\n"
PIECE = 1024 * 1024
NONCE_BYTES = 12
TAG_BYTES = 16
_HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")


class SealError(Exception):
    """The key is unusable, or the sealed file cannot be opened with it."""


def is_sealed(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(len(MAGIC)) == MAGIC


def sm4_key(key_hex: str) -> bytes:
    key_hex = (key_hex or "").strip()
    if not _HEX_KEY.fullmatch(key_hex):
        raise SealError("the backup key must be 64 hexadecimal characters")
    mac = hmac.HMAC(bytes.fromhex(key_hex), hashes.SM3())
    mac.update(b"tally backup sealing v1")
    return mac.finalize()[:16]


def _aad(file_id: bytes, number: int, last: bool) -> bytes:
    return file_id + struct.pack(">Q?", number, last)


def seal(plain: Path, sealed: Path, key_hex: str) -> None:
    key, file_id = sm4_key(key_hex), os.urandom(16)
    with open(plain, "rb") as source, open(sealed, "wb") as target:
        target.write(MAGIC + file_id)
        piece, number = source.read(PIECE), 0
        while True:
            following = source.read(PIECE)
            last = not following
            nonce = os.urandom(NONCE_BYTES)
            encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
            encryptor.authenticate_additional_data(_aad(file_id, number, last))
            body = encryptor.update(piece) + encryptor.finalize() + encryptor.tag
            target.write(struct.pack(">I", len(body)) + nonce + body)
            if last:
                return
            piece, number = following, number + 1


def unseal(sealed: Path, plain: Path, key_hex: str) -> None:
    key = sm4_key(key_hex)
    with open(sealed, "rb") as source, open(plain, "wb") as target:
        if source.read(len(MAGIC)) != MAGIC:
            raise SealError("not a sealed backup")
        file_id, number = source.read(16), 0
        header = source.read(4)
        while header:
            (length,) = struct.unpack(">I", header)
            nonce, body = source.read(NONCE_BYTES), source.read(length)
            if len(body) != length or length < TAG_BYTES:
                raise SealError("the sealed backup is cut short")
            header = source.read(4)
            target.write(_open_piece(key, nonce, body, _aad(file_id, number, not header)))
            number += 1
        if number == 0:
            raise SealError("the sealed backup is empty")


def _open_piece(key: bytes, nonce: bytes, body: bytes, aad: bytes) -> bytes:
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, body[-TAG_BYTES:])).decryptor()
    decryptor.authenticate_additional_data(aad)
    try:
        return decryptor.update(body[:-TAG_BYTES]) + decryptor.finalize()
    except InvalidTag:
        raise SealError("wrong backup key, or the file was altered") from None
