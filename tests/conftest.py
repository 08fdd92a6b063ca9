import pytest
from django.core.cache import cache
from django.utils import translation

# Queries an admin list page may make whatever its size: the page itself, the session (saved on
# every request: sliding expiry), the user, the two-factor device, the permissions.
ADMIN_PAGE_QUERIES = 16

# Signed-in staff fixtures (admin_client with two-factor, editor_client, publisher_client…).
pytest_plugins = ["tests.accounts_fixtures"]


def in_french(english_msgid):
    """The message a staff member reads on a French page, from its full English msgid.

    The msgid must be the whole string marked for translation in the code (a
    `violation_error_message`, a `ValidationError`, a fieldset title...): a fragment is not
    in the catalogue and would come back untranslated.
    """
    with translation.override("fr"):
        return str(translation.gettext(english_msgid))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, the staff roles again (tests/roles.py): without
    them, a later test on the same worker could not sign in an editor or a publisher. (The
    browser tests, which flush once per module, keep them in their own flush.)"""
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    # The last test of a worker: the session's teardown (the test database dropped) runs
    # inside its teardown, and nothing comes after that would need the roles.
    if not transactional or "browser" in item.path.parts or nextitem is None:
        return (yield)
    from pytest_django.plugin import blocking_manager_key

    from tests import roles

    blocker = item.config.stash[blocking_manager_key]
    with blocker.unblock():
        kept = roles.snapshot()
    try:
        return (yield)
    finally:
        with blocker.unblock():
            roles.restore(kept)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no page cached, no rate counted by another test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _keep_the_active_language():
    """A request to a /fr/ or /en/ page activates that language on the thread; undo it."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield
