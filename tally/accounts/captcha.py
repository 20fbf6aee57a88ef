"""The soft lock of an address: after too many failed logins from one address, its login
form asks for the characters of a picture (图形验证码) before it checks any password.

A whole office behind one proxy shares an address: a lock of the address would lock all
of them out, so the address only slows a guessing program down. Accounts lock by user
name alone (django-axes). The answer lives in the session as a salted digest, is good for
one try and a few minutes, and the picture is an inline PNG (no URL, no cache).
"""

import base64
import hashlib
import hmac
import io
import secrets
import time

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .addresses import client_ip

# No 0/O, 1/I/L, 5/S, 8/B: letters a person can tell apart on a phone.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
LENGTH = 5
SESSION_KEY = "login_captcha"
VALID_SECONDS = 300
SIZE = (180, 56)


def address_failures(request) -> int:
    """Failed logins from the request's address within the lockout window, whatever the
    user names (a success clears only its own user's failures)."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=client_ip(request), attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def required(request) -> bool:
    limit = settings.LOGIN_CAPTCHA_AFTER
    return limit is not None and address_failures(request) >= limit


def random_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def _digest(salt: str, answer: str) -> str:
    return hashlib.sha256(f"{salt}:{answer.strip().upper()}".encode()).hexdigest()


def new_challenge(request) -> str:
    """Remember a new answer in the session; return its picture as a data: URL."""
    code, salt = random_code(), secrets.token_hex(8)
    request.session[SESSION_KEY] = {"salt": salt, "digest": _digest(salt, code), "at": time.time()}
    return "data:image/png;base64," + base64.b64encode(picture(code)).decode()


def passed(request, answer: str) -> bool:
    """Whether `answer` is the remembered one; either way the challenge is used up."""
    challenge = request.session.pop(SESSION_KEY, None)
    if not challenge or not answer or time.time() - challenge["at"] > VALID_SECONDS:
        return False
    return hmac.compare_digest(challenge["digest"], _digest(challenge["salt"], answer))


def picture(code: str) -> bytes:
    image = Image.new("RGB", SIZE, (246, 246, 243))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=34)
    for _ in range(6):  # strokes across the text
        points = [(secrets.randbelow(SIZE[0]), secrets.randbelow(SIZE[1])) for _ in range(2)]
        draw.line(points, fill=_ink(150), width=2)
    for index, char in enumerate(code):
        glyph = Image.new("RGBA", (44, 52), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((6, 4), char, font=font, fill=_ink(0))
        glyph = glyph.rotate(secrets.randbelow(41) - 20, resample=Image.BICUBIC)
        image.paste(glyph, (8 + index * 33, secrets.randbelow(6)), glyph)
    output = io.BytesIO()
    image.filter(ImageFilter.SMOOTH).save(output, "PNG")
    return output.getvalue()


def _ink(base: int) -> tuple[int, int, int]:
    return tuple(base + secrets.randbelow(90) for _ in range(3))
