"""Any change the public could see makes the cached pages stale (core/page_cache.py).

Every model of the project's own apps counts, but those the public never reads
(PAGE_CACHE_PRIVATE_MODELS: a change waiting for review, a visitor's correction report, the
funders' space): a new model is covered without anyone having to remember it. Writes that send
no signal call `page_cache.bump()` themselves: the admin's bulk `update()`s, the data loads.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from . import page_cache

DISPATCH_UID = "core.page_cache"


def changed(sender, action=None, **kwargs):
    if action is None or action.startswith("post_"):  # m2m_changed: after the change only
        page_cache.bump()


def watched_models():
    """The concrete models of the project's own apps whose changes the public may see."""
    private = {label.lower() for label in settings.PAGE_CACHE_PRIVATE_MODELS}
    base = str(settings.BASE_DIR)
    return [
        model
        for app in apps.get_app_configs()
        if app.path.startswith(base) and "site-packages" not in app.path
        for model in app.get_models(include_auto_created=True)
        if model._meta.label_lower not in private
    ]


def connect():
    for model in watched_models():
        uid = f"{DISPATCH_UID}:{model._meta.label_lower}"
        if model._meta.auto_created:
            # A many-to-many table: its rows change through m2m_changed (and disappear with
            # their record, whose own deletion bumps).
            m2m_changed.connect(changed, sender=model, dispatch_uid=uid)
            continue
        post_save.connect(changed, sender=model, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, dispatch_uid=uid)
    post_migrate.connect(changed, dispatch_uid=DISPATCH_UID)


def disconnect():
    for model in watched_models():
        uid = f"{DISPATCH_UID}:{model._meta.label_lower}"
        for signal in (post_save, post_delete, m2m_changed):
            signal.disconnect(sender=model, dispatch_uid=uid)
