from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone

from .events import record_event
from .models import SecurityEvent


class SessionTimeoutMiddleware:
    """Absolute session timeout. The idle timeout needs no code: the session expires
    SESSION_COOKIE_AGE after the last request (SESSION_SAVE_EVERY_REQUEST)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self.expired(request):
            user = request.user
            logout(request)
            record_event(SecurityEvent.Kind.SESSION_EXPIRED, request=request, user=user)
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)

    @staticmethod
    def expired(request) -> bool:
        login_at = request.session.get("login_at")
        if login_at is None:
            return False
        return timezone.now().timestamp() - login_at > settings.SESSION_ABSOLUTE_TIMEOUT


# For responses that did not get the site's policy: django-csp leaves Django's debug
# 404 and 500 pages without one. Those pages need their inline styles, nothing else.
FALLBACK_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


class SecurityHeadersMiddleware:
    """The security headers on every response, whatever produced it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", FALLBACK_CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
