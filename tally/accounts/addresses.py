"""The client's address, for lockouts and security events.

Behind a reverse proxy every request comes from the proxy's address. The proxy's
X-Forwarded-For header says who the client is, but anyone can send that header, so it is
believed only when the request comes from a proxy the operator named in
TALLY_TRUSTED_PROXIES (addresses or networks). The header is read from the right: each
trusted proxy appends the address it saw, and the first untrusted one is the client.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not is_trusted_proxy(remote):
        return remote
    hops = [h.strip() for h in request.META.get(FORWARDED_HEADER, "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not valid_address(hop):
            return remote  # a garbled header: the proxy is all we know
        if not is_trusted_proxy(hop):
            return hop
    return remote


def valid_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
