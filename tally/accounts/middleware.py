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
