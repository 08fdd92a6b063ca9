"""The client's address, one way for every rate limit and throttle, and its keyed hash.

Behind DJANGO_TRUSTED_PROXY_COUNT proxies that each append the address they saw to
X-Forwarded-For, the client is the address the nearest trusted proxy saw: the entries a client
wrote itself come before it and are never believed. Without a trusted proxy (the default), the
connection's own address. The login throttle (django-axes, AXES_CLIENT_IP_CALLABLE), the
correction form and the password-reset form all count by this address.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac


def client_ip(request):
    """The client's address: the connection's, or the one the nearest trusted proxy saw."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR") or ""


def client_hash(request, purpose):
    """A keyed hash of the client's address for one `purpose`: what a rate limit may keep.

    Salted with the purpose and keyed with SECRET_KEY, so the address cannot be read back
    and two purposes' hashes cannot be matched.
    """
    return salted_hmac(purpose, client_ip(request)).hexdigest()
