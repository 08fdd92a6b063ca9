"""Telling the publishers, at once, of what an operator did that they must know.

One function, `tell_publishers`: it sends with Django's mail backend for now (console with
`make run`, SMTP in production), from inside the request. The database mail queue of issue 16
will take its place here, and nowhere else.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail

from centers.models import Center
from core.workflow import publish_permission


def publisher_addresses():
    """The e-mail addresses of the active accounts that may publish places."""
    users = get_user_model()._default_manager.with_perm(
        publish_permission(Center),
        is_active=True,
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return sorted({user.email for user in users if user.email})


def tell_publishers(subject, body):
    """One message to each active publisher. Return how many were sent."""
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in publisher_addresses()
    ]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
