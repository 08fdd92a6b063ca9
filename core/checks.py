"""System checks for the page cache (registered in core/apps.py)."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    """Each process has its own local-memory cache: a change bumps the generation in one only."""
    if not settings.PAGE_CACHE_ENABLED:
        return []
    backend = settings.CACHES[settings.PAGE_CACHE_ALIAS]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The page cache is in local memory: with several server processes, a change "
                "made through one leaves the others serving stale pages.",
                hint="Set CACHE_URL to a Redis shared by every process (redis://host:6379/0), "
                "or DJANGO_PAGE_CACHE=off.",
                id="core.W001",
            )
        ]
    return []
