"""The client's address behind the reverse proxies the deployment declares (AXES_PROXY_COUNT).

django-axes locks a username per address. Behind nginx every request arrives from the proxy's
address, so five wrong passwords from anyone would lock the real user out everywhere; axes only
reads X-Forwarded-For through django-ipware, which this project does not install. Each trusted
proxy appends the address it received the request from, so with N proxies the client is the
N-th entry from the right; anything further left was written by the client and is not trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """Used as AXES_CLIENT_IP_CALLABLE."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.AXES_IPWARE_PROXY_COUNT or 0
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote  # did not come through all the proxies: nothing to trust
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
