"""What the campaigns and the digest write in e-mails: plain text, in the reader's language."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def admin_url(language, name, *args, query=""):
    """An admin page in the reader's language if the admin has it (French and English)."""
    language = language if language in settings.ADMIN_LANGUAGES else settings.LANGUAGE_CODE
    with translation.override(language):
        return absolute(reverse(name, args=args)) + (f"?{query}" if query else "")


def signature():
    return f"-- \n{settings.SITE_NAME}\n{settings.SITE_URL}/"
