"""Writing security events. Never put personal data in `detail`."""

from .addresses import client_ip
from .models import SecurityEvent


def record_event(kind, *, request=None, user=None, username="", success=True, detail=""):
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    if user is not None and not getattr(user, "pk", None):
        user = None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.username if user else ""))[:150],
        ip=client_ip(request),
        success=success,
        detail=detail[:500],
    )
