"""Two gunicorn nodes on one PostgreSQL and one Redis behave as one site (README "Deployment").

A visitor's or a staff member's requests may reach either node: what is published through one
is what the other shows at the next request, a login lock-out counted on one holds on the
other, and a session opened on one is open on the other. The nodes run the production settings
(conftest.py); the staff sign in as a browser does, password then authenticator code.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp

from core.models import Status
from tests.accounts_fixtures import STRONG_PASSWORD, make_user, totp_device
from tests.core.test_admin import _FormReader
from tests.factories import CenterFactory, GrantFactory, OrganizationFactory
from tests.helpers import en

from .conftest import AXES_FAILURE_LIMIT, Browser

pytestmark = pytest.mark.django_db(transaction=True)

WRONG_PASSWORD = "not-the-password-at-all"


def url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args or None)


def admin_url(name, *args):
    return url(f"admin:{name}", *args)


def csrf_token(response):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert found, f"no CSRF token in the form: {response}"
    return found.group(1)


def code(device):
    """The six digits the authenticator app shows now."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def log_in(browser, node, username, password):
    """The admin's login form, fetched and posted through `node`."""
    form = browser.get(node, admin_url("login"))
    assert form.status == 200, form
    data = {"username": username, "password": password, "next": admin_url("index")}
    return browser.post(node, admin_url("login"), {**data, "csrfmiddlewaretoken": csrf_token(form)})


def sign_in(browser, node, user, device):
    """Password, then the code the admin asks for: the whole sign-in of staff with two-factor."""
    response = log_in(browser, node, user.username, STRONG_PASSWORD)
    assert response.status == 302 and response.location == admin_url("index"), response
    asked = browser.get(node, response.location)
    assert urlsplit(asked.location).path == url("two_factor_verify"), asked
    form = browser.get(node, asked.location)
    assert form.status == 200, form
    data = {
        "code": code(device),
        "next": admin_url("index"),
        "csrfmiddlewaretoken": csrf_token(form),
    }
    verified = browser.post(node, asked.location, data)
    assert verified.status == 302 and verified.location == admin_url("index"), verified


def is_signed_in(browser, node, user):
    index = browser.get(node, admin_url("index"))
    if index.status == 302:
        assert urlsplit(index.location).path == admin_url("login"), index
        return False
    assert index.status == 200, index
    assert user.username in index.text
    return True


def account(username, **fields):
    """A user whose password the nodes can check: the test settings hash with MD5, which the
    production settings do not accept; PBKDF2 is their default (few rounds: a test)."""
    user = make_user(username=username, **fields)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(STRONG_PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def staff_member(username):
    """A superuser with a confirmed authenticator app, as publishers and superusers must have."""
    user = account(username, superuser=True)
    return user, totp_device(user)


def save_in_admin(browser, node, record, **changes):
    """Open the record's change form through `node` (a place's by default), change fields,
    press Save."""
    meta = record._meta
    change_url = admin_url(f"{meta.app_label}_{meta.model_name}_change", record.pk)
    page = browser.get(node, change_url)
    assert page.status == 200, page
    reader = _FormReader(f"{meta.model_name}_form")
    reader.feed(page.text)
    data = {}
    for name, value in reader.values:
        if "__prefix__" not in name:
            data.setdefault(name, []).append(value)
    saved = browser.post(node, change_url, {**data, **changes, "_save": "Save"})
    assert saved.status == 302, f"the admin did not save the {meta.model_name}: {saved}"


def act_in_admin(browser, node, action, center):
    """Run a bulk action of the places' changelist on one place through `node`."""
    changelist = admin_url("centers_center_changelist")
    page = browser.get(node, changelist)
    assert page.status == 200, page
    data = {
        "action": action,
        "_selected_action": [str(center.pk)],
        "index": "0",
        "select_across": "0",
        "csrfmiddlewaretoken": csrf_token(page),
    }
    done = browser.post(node, changelist, data)
    assert done.status == 302, f"the admin did not run {action}: {done}"


def test_what_is_published_through_one_node_is_seen_through_the_other_at_the_next_request(nodes):
    a, b = nodes
    user, device = staff_member("publisher-a")
    live = CenterFactory(name_en="Gerland drop-in", slug="gerland")
    draft = CenterFactory(name_en="Wazemmes drop-in", slug="wazemmes", status=Status.DRAFT)
    places = url("centers:center-list")
    visitor = Browser()

    # Both nodes serve the pages before the change (A renders them: with the page cache, B
    # then answers from what A stored in Redis).
    for node in (a, b, b):
        listing = visitor.get(node, places)
        assert listing.status == 200, listing
        assert "Gerland drop-in" in listing.text and "Wazemmes drop-in" not in listing.text
        assert "Gerland drop-in" in visitor.get(node, en(live)).text
        assert visitor.get(node, en(draft)).status == 404

    staff = Browser()
    sign_in(staff, a, user, device)
    save_in_admin(staff, a, draft, status=Status.PUBLISHED)
    save_in_admin(staff, a, live, name_en="Jean-Macé drop-in")

    listing = visitor.get(b, places)
    assert "Wazemmes drop-in" in listing.text and "Jean-Macé drop-in" in listing.text
    assert "Gerland drop-in" not in listing.text
    published = visitor.get(b, en(draft))
    assert published.status == 200 and "Wazemmes drop-in" in published.text
    renamed = visitor.get(b, en(live)).text
    assert "Jean-Macé drop-in" in renamed and "Gerland drop-in" not in renamed

    # Taken offline through A by a bulk action: gone from B at the next request too.
    act_in_admin(staff, a, "unpublish", live)
    assert visitor.get(b, en(live)).status == 404
    assert "Jean-Macé drop-in" not in visitor.get(b, places).text


def grants_totals(browser, node):
    """The grants index's totals as node shows them: the unfiltered index, asked with a page
    number (a page of its own in the page cache: this node renders it, and keeps its figures,
    grants.views.kept_every_public_figures)."""
    index = browser.get(node, f"{url('grants:grant-list')}?page=1")
    assert index.status == 200, index
    found = re.search(r'<section aria-labelledby="totals-title">.*?</section>', index.text, re.S)
    return found.group(0) if found else ""


def test_a_grant_published_through_one_node_is_in_the_others_kept_totals(nodes):
    """Node B keeps the grants index's figures in its process: a grant published through node A
    is in B's totals at B's next request (the generation in Redis says B's are stale)."""
    a, b = nodes
    user, device = staff_member("publisher-grants")
    GrantFactory(funder=OrganizationFactory(name_en="Kept Foundation", kind="foundation"))
    draft = GrantFactory(
        funder=OrganizationFactory(name_en="Newly Published Foundation", kind="foundation"),
        status=Status.DRAFT,
    )
    visitor = Browser()
    before = grants_totals(visitor, b)
    assert "Kept Foundation" in before and "Newly Published Foundation" not in before

    staff = Browser()
    sign_in(staff, a, user, device)
    save_in_admin(staff, a, draft, status=Status.PUBLISHED)

    after = grants_totals(visitor, b)
    assert "Kept Foundation" in after and "Newly Published Foundation" in after


def test_a_login_lock_out_counted_on_one_node_holds_on_the_other(nodes):
    a, b = nodes
    user = account("nadia", staff=True)
    browser = Browser()

    # Wrong passwords land on either node; they add up to one count.
    for attempt in range(AXES_FAILURE_LIMIT - 1):
        refused = log_in(browser, (b, a)[attempt % 2], "nadia", WRONG_PASSWORD)
        assert refused.status == 200 and "errornote" in refused.text, refused
    locked = log_in(browser, a, "nadia", WRONG_PASSWORD)
    assert locked.status == 429 and "Too many failed attempts" in locked.text, locked

    # B refuses even the right password, to this browser and to a new one from the address.
    for other in (browser, Browser()):
        again = log_in(other, b, "nadia", STRONG_PASSWORD)
        assert again.status == 429 and "Too many failed attempts" in again.text, again
        assert not is_signed_in(other, b, user)

    # The lock is nadia's from this address, not B's: another account signs in through B.
    other_user = account("omar", staff=True)
    welcome = Browser()
    assert log_in(welcome, b, "omar", STRONG_PASSWORD).status == 302
    assert is_signed_in(welcome, b, other_user)


def test_a_session_opened_on_one_node_is_open_on_the_other(nodes):
    a, b = nodes
    user, device = staff_member("admin-a")
    browser = Browser()
    assert not is_signed_in(browser, b, user)

    sign_in(browser, a, user, device)
    # The admin's index, behind two-factor, answers through B as signed in and verified.
    assert is_signed_in(browser, b, user)
    assert is_signed_in(browser, a, user)

    # Signed out through B: the session is over on A as well.
    page = browser.get(b, admin_url("index"))
    out = browser.post(b, admin_url("logout"), {"csrfmiddlewaretoken": csrf_token(page)})
    assert out.status in (200, 302), out
    assert not is_signed_in(browser, a, user)
