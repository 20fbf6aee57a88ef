import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given
from hypothesis import strategies as st

from tally.lib.pii import DECRYPT_FAILED, PiiCipher, PiiDecryptError, PiiKeyError

KEY = "00112233445566778899aabbccddeeff" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
OTHER_KEY = "ffeeddccbbaa99887766554433221100" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def cipher() -> PiiCipher:
    return PiiCipher(KEY)


# -- the algorithms are the national ones -----------------------------------------------


def test_it_runs_on_a_real_sm4_gcm():
    # RFC 8998, appendix A.1: SM4-GCM test vector.
    encryptor = Cipher(
        algorithms.SM4(bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")),
        modes.GCM(bytes.fromhex("00001234567800000000ABCD")),
    ).encryptor()
    encryptor.authenticate_additional_data(
        bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    )
    plaintext = bytes.fromhex(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
        "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
    )
    ciphertext = encryptor.update(plaintext) + encryptor.finalize()
    assert ciphertext.hex().upper() == (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    )
    assert encryptor.tag.hex().upper() == "83DE3541E4C2B58177E065A9BF7B62EC"


def test_it_runs_on_a_real_sm3():
    # GB/T 32905-2016, example 1.
    digest = hashes.Hash(hashes.SM3())
    digest.update(b"abc")
    assert digest.finalize().hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_it_stores_version_nonce_ciphertext_and_tag_with_the_first_half_of_the_key(cipher):
    blob = cipher.encrypt(ID_NUMBER)
    assert blob[:1] == b"\x01"
    assert len(blob) == 1 + 12 + len(ID_NUMBER) + 16
    nonce, ciphertext, tag = blob[1:13], blob[13:-16], blob[-16:]
    decryptor = Cipher(algorithms.SM4(bytes.fromhex(KEY)[:16]), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(b"\x01")
    assert decryptor.update(ciphertext) + decryptor.finalize() == ID_NUMBER.encode()


def test_it_computes_the_blind_index_as_hmac_sm3_with_the_second_half_of_the_key(cipher):
    # HMAC written out by hand (RFC 2104, SM3 block size 64), independent of hmac.HMAC.
    key = bytes.fromhex(KEY)[16:].ljust(64, b"\0")

    def sm3(data: bytes) -> bytes:
        digest = hashes.Hash(hashes.SM3())
        digest.update(data)
        return digest.finalize()

    inner = sm3(bytes(b ^ 0x36 for b in key) + ID_NUMBER.encode())
    expected = sm3(bytes(b ^ 0x5C for b in key) + inner).hex()
    assert cipher.blind_index(ID_NUMBER) == expected


# -- encrypting and decrypting ----------------------------------------------------------


@given(st.text(min_size=1))
def test_it_decrypts_what_it_encrypts(text):
    cipher = PiiCipher(KEY)
    assert cipher.decrypt(cipher.encrypt(text)) == text


def test_it_round_trips_chinese_text(cipher):
    address = "湖北省武汉市江汉区解放大道1号 欧阳娜娜"
    assert cipher.decrypt(cipher.encrypt(address)) == address


def test_it_keeps_blank_blank(cipher):
    assert cipher.encrypt("") == b""
    assert cipher.decrypt(b"") == ""
    assert cipher.decrypt(None) == ""


def test_it_reads_memoryview_as_postgres_returns_it(cipher):
    blob = cipher.encrypt(ID_NUMBER)
    assert cipher.decrypt(memoryview(blob)) == ID_NUMBER
    assert cipher.decrypt(bytearray(blob)) == ID_NUMBER


def test_it_refuses_to_encrypt_anything_but_text(cipher):
    with pytest.raises(TypeError):
        cipher.encrypt(b"bytes")  # type: ignore[arg-type]


def test_it_gives_a_different_ciphertext_each_time(cipher):
    blobs = {cipher.encrypt(ID_NUMBER) for _ in range(20)}
    assert len(blobs) == 20
    assert len({blob[1:13] for blob in blobs}) == 20  # fresh nonces


@given(st.text(min_size=8))
def test_it_never_shows_the_plaintext_in_the_ciphertext(text):
    blob = PiiCipher(KEY).encrypt(text)
    assert text.encode("utf-8") not in blob


def test_it_fails_closed_with_the_wrong_key(cipher):
    blob = cipher.encrypt(ID_NUMBER)
    with pytest.raises(PiiDecryptError) as caught:
        PiiCipher(OTHER_KEY).decrypt(blob)
    assert str(caught.value) == (
        "cannot decrypt personal data: wrong TALLY_DATA_KEY or damaged data"
    )


def test_it_needs_the_whole_key_to_decrypt(cipher):
    # Same SM4 half, different HMAC half: the HMAC half must not matter for decryption,
    # and a different SM4 half must.
    same_sm4 = KEY[:32] + "a" * 32
    assert PiiCipher(same_sm4).decrypt(cipher.encrypt(ID_NUMBER)) == ID_NUMBER
    with pytest.raises(PiiDecryptError):
        PiiCipher("a" * 32 + KEY[32:]).decrypt(cipher.encrypt(ID_NUMBER))


def test_it_fails_closed_when_any_byte_is_changed(cipher):
    blob = cipher.encrypt(ID_NUMBER)
    for position in range(len(blob)):
        damaged = bytearray(blob)
        damaged[position] ^= 0x01
        with pytest.raises(PiiDecryptError, match=DECRYPT_FAILED):
            cipher.decrypt(bytes(damaged))


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[:-1],  # tag cut short
        lambda blob: blob[:29],  # no ciphertext left
        lambda blob: blob[:5],
        lambda blob: blob + b"\x00",
        lambda blob: b"\x02" + blob[1:],  # unknown version
        lambda blob: blob[1:],  # version byte lost
        lambda blob: b"plain text stored by mistake",
    ],
)
def test_it_fails_closed_on_damaged_data(cipher, damage):
    with pytest.raises(PiiDecryptError):
        cipher.decrypt(damage(cipher.encrypt(ID_NUMBER)))


# -- blind index ------------------------------------------------------------------------


def test_it_gives_a_deterministic_64_hex_blind_index(cipher):
    index = cipher.blind_index(ID_NUMBER)
    assert len(index) == 64
    assert set(index) <= set("0123456789abcdef")
    assert PiiCipher(KEY).blind_index(ID_NUMBER) == index


def test_it_gives_a_blind_index_that_depends_on_key_and_value(cipher):
    index = cipher.blind_index(ID_NUMBER)
    assert PiiCipher(OTHER_KEY[:32] + "1" * 32).blind_index(ID_NUMBER) != index
    assert cipher.blind_index("110105194912310003") != index
    # The caller normalizes: a lower-case x is a different value here.
    assert cipher.blind_index(ID_NUMBER.lower()) != index


@given(st.text(), st.text())
def test_it_gives_different_values_different_blind_indexes(first, second):
    cipher = PiiCipher(KEY)
    assert (cipher.blind_index(first) == cipher.blind_index(second)) == (first == second)


# -- keys -------------------------------------------------------------------------------


def test_it_accepts_upper_case_hex():
    assert PiiCipher(KEY.upper()).blind_index("x") == PiiCipher(KEY).blind_index("x")


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "got 0 characters"),
        (KEY[:62], "got 62 characters"),
        (KEY + "00", "got 66 characters"),
        ("g" * 64, "only hexadecimal characters"),
        (KEY[:31] + " " + KEY[32:], "only hexadecimal characters"),
        (None, "must be a string"),
        (bytes.fromhex(KEY), "must be a string"),
    ],
)
def test_it_refuses_bad_keys_and_names_the_setting(key, message):
    with pytest.raises(PiiKeyError, match=message) as caught:
        PiiCipher(key)
    assert "TALLY_DATA_KEY" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_it_never_repeats_the_key_in_messages_or_repr():
    bad_key = "z" + KEY[1:]
    with pytest.raises(PiiKeyError) as caught:
        PiiCipher(bad_key)
    assert KEY[1:] not in str(caught.value)
    assert KEY not in repr(PiiCipher(KEY))


def test_it_round_trips_bytes_and_fails_closed_on_tampering():
    from tally.lib.pii import PiiCipher, PiiDecryptError

    cipher = PiiCipher("ab" * 32)
    blob = cipher.encrypt_bytes(b"PK\x03\x04 a workbook 420102199001011234")
    assert b"420102199001011234" not in blob
    assert cipher.decrypt_bytes(blob) == b"PK\x03\x04 a workbook 420102199001011234"
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(PiiDecryptError):
        cipher.decrypt_bytes(tampered)
    with pytest.raises(PiiDecryptError):
        PiiCipher("cd" * 32).decrypt_bytes(blob)
