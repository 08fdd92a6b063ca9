"""Telling the publishers, at once, of what an operator did that they must know.

One function, `tell_publishers`: it queues one message per publisher in the database mail queue
(`outbox`), which `manage.py send_queued_mail` sends within minutes, never from the request.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import get_language

from centers.models import Center
from core.workflow import publish_permission
from outbox import services as outbox


def publisher_addresses():
    """The e-mail addresses of the active accounts that may publish places."""
    users = get_user_model()._default_manager.with_perm(
        publish_permission(Center),
        is_active=True,
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return sorted({user.email for user in users if user.email})


def tell_publishers(subject, body, kind="operator"):
    """One message to each active publisher, queued. Return how many were queued."""
    addresses = publisher_addresses()
    for address in addresses:
        outbox.queue(to=address, subject=subject, body=body, kind=kind, language=get_language())
    return len(addresses)
