"""No input of any size gives a server error (core/limits.py, the forms' own limits).

Every public list and search parameter, and every field of every public form, is sent 10,000
characters (past every limit: a 400 page or a form error) and 1,000 accented characters (6,000
encoded, under the query string's limit: it reaches the view, which answers with its own form
error or its page).
Bodies over their path's limit get the 413 page, which names the limit, before the body is read.
"""

import io
import time

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import translation

from centers.forms import started_token
from centers.models import CorrectionReport
from core import page_cache
from tests.accounts_fixtures import STRONG_PASSWORD, make_user
from tests.factories import CenterFactory, GrantFactory, OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db

HUGE = "x" * 10_000
LONGEST = "é" * 1_000

REFUSED = {"en": "Request not understood", "fr": "Requête incomprise"}
PUBLIC_LISTS = [
    "/en/",
    "/en/places/",
    "/fr/places/",
    "/en/grants/",
    "/en/partners/",
    "/en/programs/",
    "/en/history/",
    "/en/search/",
    "/sitemap.xml",
]


@pytest.fixture
def content():
    center = CenterFactory(name="CASO Lyon", slug="caso-lyon")
    GrantFactory(program=ProgramFactory(), funder=OrganizationFactory())
    return center


def parameters():
    return sorted(page_cache.known_parameters())


@pytest.mark.parametrize("path", PUBLIC_LISTS)
def test_every_query_parameter_of_any_length_gets_a_page_or_a_400(client, content, path):
    for name in parameters():
        huge = client.get(path, {name: HUGE})
        assert huge.status_code == 400, (path, name, huge.status_code)
        assert REFUSED[path[1:3] if path[3:4] == "/" else "fr"] in huge.content.decode()
        longest = client.get(path, {name: LONGEST})
        assert longest.status_code in (200, 400, 404), (path, name, longest.status_code)


def test_the_400_page_is_in_the_visitors_language_and_drops_the_query(client, content):
    response = client.get("/fr/places/", {"q": HUGE})
    body = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="fr"' in body
    assert "Requête incomprise" in body
    assert HUGE not in body


def test_a_query_string_too_long_as_a_whole_is_refused(client, content):
    many = {"service": ["y" * 100] * 80}
    assert client.get("/en/places/", many).status_code == 400


def report(client, center, **data):
    payload = {"message": "The place has moved.", "contact": "", "website": ""}
    payload["started"] = started_token(center.pk, time.time() - 30)
    payload.update(data)
    return client.post(f"/en/places/{center.slug}/report/", payload)


@pytest.mark.parametrize("field", ["message", "contact", "website", "started"])
def test_every_field_of_the_correction_form_of_any_length(client, content, field):
    response = report(client, content, **{field: HUGE})
    if field == "started":  # a forged token: the form is shown again, the text kept
        assert response.status_code == 400
        assert "The place has moved." in response.content.decode()
    else:
        assert response.status_code == 400
        assert "at most" in response.content.decode()
    assert not CorrectionReport.objects.exists()


LOGIN_FORMS = ["/en/admin/login/", "/en/funders/login/"]


@pytest.mark.parametrize("path", LOGIN_FORMS)
@pytest.mark.parametrize("length", [256, 10_000])
def test_a_long_username_is_a_form_error_on_both_login_forms(client, path, length):
    make_user(username="alice", staff=True)
    response = client.post(path, {"username": "u" * length, "password": "whatever"})
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # nothing half-stored


@pytest.mark.parametrize("path", LOGIN_FORMS)
def test_a_huge_password_is_a_form_error(client, path):
    make_user(username="alice", staff=True)
    response = client.post(path, {"username": "alice", "password": HUGE})
    assert response.status_code == 200
    assert "Ensure this value has at most 4096 characters" in response.content.decode()


@pytest.mark.parametrize("path", LOGIN_FORMS)
def test_signing_in_still_works(client, path):
    make_user(username="alice", staff=True)
    response = client.post(path, {"username": "alice", "password": STRONG_PASSWORD})
    assert response.status_code in (200, 302)
    assert "at most" not in response.content.decode()


@pytest.mark.parametrize("path", ["/en/admin/password-reset/", "/en/funders/password-reset/"])
def test_a_huge_email_on_the_password_reset_forms(client, path):
    response = client.post(path, {"email": HUGE + "@example.org"})
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert not mail.outbox


def multipart(size):
    return encode_multipart(BOUNDARY, {"title": "Report", "file": io.BytesIO(b"%" * size)})


def test_a_body_over_the_default_limit_is_refused_before_it_is_read(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    body = multipart(2000)
    response = client.generic("POST", "/en/funders/login/", body, content_type=MULTIPART_CONTENT)
    text = response.content.decode()
    assert response.status_code == 413
    assert "1000\xa0bytes at most" in text
    assert not response.has_header("Connection")  # hop-by-hop: the server's, not the app's


def test_a_document_upload_has_its_own_limit_named_on_the_page(admin_client, settings):
    settings.GRANT_DOCUMENT_MAX_BYTES = 5000
    settings.REQUEST_BODY_LIMITS = [(r"^admin/funders/grantdocument/(add|\d+/change)/$", 6000)]
    settings.REQUEST_BODY_MAX_BYTES = 1000
    add = "/fr/admin/funders/grantdocument/add/"
    refused = admin_client.generic("POST", add, multipart(7000), content_type=MULTIPART_CONTENT)
    assert refused.status_code == 413
    text = refused.content.decode()
    assert '<html lang="fr"' in text
    assert "5,9\xa0Kio" in text  # the limit, in the visitor's language
    # Under the document limit (over the default one): the admin's form reads it.
    read = admin_client.generic("POST", add, multipart(3000), content_type=MULTIPART_CONTENT)
    assert read.status_code == 200


def test_a_form_body_over_djangos_own_limit_gets_the_413_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/en/funders/login/", {"username": "a" * 2000, "password": "x"})
    assert response.status_code == 413
    assert "Too large to send" in response.content.decode()


@pytest.fixture
def _fresh_counts():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("_fresh_counts")
@pytest.mark.parametrize("path", ["/en/admin/password-reset/", "/en/funders/password-reset/"])
def test_the_password_reset_form_is_rate_limited_by_email(client, path):
    from accounts.views import RESETS_PER_EMAIL

    make_user(username="alice", staff=True, email="alice@example.org")
    for _ in range(RESETS_PER_EMAIL):
        assert client.post(path, {"email": "alice@example.org"}).status_code == 302
    refused = client.post(path, {"email": "Alice@example.org"})
    body = refused.content.decode()
    assert refused.status_code == 429
    assert "Too many reset links were asked for" in body
    assert 'value="Alice@example.org"' in body  # the address is kept
    # Another address from the same client is still served.
    assert client.post(path, {"email": "bob@example.org"}).status_code == 302


@pytest.mark.usefixtures("_fresh_counts")
def test_the_password_reset_form_is_rate_limited_by_client_behind_a_proxy(settings):
    from accounts.views import RESETS_PER_CLIENT

    settings.TRUSTED_PROXY_COUNT = 1
    path = "/fr/admin/password-reset/"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    noisy = Client(HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    for n in range(RESETS_PER_CLIENT):
        assert noisy.post(path, {"email": f"n{n}@example.org"}).status_code == 302
    refused = noisy.post(path, {"email": "last@example.org"})
    assert refused.status_code == 429
    assert "Trop de liens de réinitialisation" in refused.content.decode()
    # Another visitor behind the same proxy is not refused with it.
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    assert other.post(path, {"email": "other@example.org"}).status_code == 302


# -- the forms that set a password, and the second factor -------------------------------------

PASSWORD_LIMIT = "at most 4096 characters"


def _reset_form(client, entrance):
    """The set-password page a reset link opens (Django swaps the token for one in the
    session first)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = make_user("Funders" if entrance == "funders" else "Editors", username="alice")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    name = "funders:password-reset-confirm" if entrance == "funders" else "password_reset_confirm"
    with translation.override("en"):
        link = reverse(name, kwargs={"uidb64": uid, "token": token})
    return user, client.get(link)["Location"]


@pytest.mark.parametrize("entrance", ["admin", "funders"])
@pytest.mark.parametrize("field", ["new_password1", "new_password2", "both"])
def test_a_huge_new_password_on_the_reset_link_is_a_form_error(client, entrance, field):
    user, form_url = _reset_form(client, entrance)
    data = {"new_password1": STRONG_PASSWORD + "!", "new_password2": STRONG_PASSWORD + "!"}
    for name in ("new_password1", "new_password2") if field == "both" else (field,):
        data[name] = HUGE
    response = client.post(form_url, data)
    assert response.status_code == 200
    assert PASSWORD_LIMIT in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)  # nothing changed


@pytest.mark.parametrize("field", ["old_password", "new_password1", "new_password2"])
def test_a_huge_password_on_the_admin_password_change_is_a_form_error(editor_client, editor, field):
    data = {"old_password": STRONG_PASSWORD, "new_password1": HUGE, "new_password2": HUGE}
    data[field] = HUGE
    if field == "old_password":
        data.update(new_password1=STRONG_PASSWORD + "!", new_password2=STRONG_PASSWORD + "!")
    response = editor_client.post("/en/admin/password_change/", data)
    assert response.status_code == 200
    assert PASSWORD_LIMIT in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(STRONG_PASSWORD)


def test_a_huge_password_on_the_admins_set_password_form_is_a_form_error(admin_client):
    user = make_user("Editors", username="bob")
    response = admin_client.post(
        f"/en/admin/auth/user/{user.pk}/password/",
        {"password1": HUGE, "password2": HUGE, "usable_password": "true"},
    )
    assert response.status_code == 200
    assert PASSWORD_LIMIT in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)


def test_huge_fields_on_the_admins_add_user_form_are_form_errors(admin_client):
    from django.contrib.auth import get_user_model

    response = admin_client.post(
        "/en/admin/auth/user/add/",
        {"username": HUGE, "password1": HUGE, "password2": HUGE, "usable_password": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "at most 150 characters" in page
    assert PASSWORD_LIMIT in page
    assert get_user_model().objects.count() == 1  # the administrator alone


@pytest.mark.parametrize("page", ["two_factor_setup", "two_factor_verify"])
def test_a_huge_code_on_the_two_factor_forms_is_a_form_error(page):
    from django.urls import reverse

    from tests.accounts_fixtures import signed_in_client, totp_device

    user = make_user("Publishers")
    client = signed_in_client(user)
    with translation.override("en"):
        path = reverse(page)
    if page == "two_factor_verify":
        totp_device(user)
    else:
        client.get(path)
    response = client.post(path, {"code": HUGE})
    assert response.status_code == 200
    # The code step also takes a recovery code (xxxx-xxxx-xxxx, spaces allowed): 20 characters.
    limit = 20 if page == "two_factor_verify" else 12
    assert f"at most {limit} characters" in response.content.decode()
