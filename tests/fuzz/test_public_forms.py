"""Every form an anonymous visitor can send, with any values: never a server error, and a form
that is refused stores nothing.

The forms: a place's correction report, the admin's and the funders' sign-in, both password
resets (the request, and the link's page with any token), the two-factor code page reached
without signing in, and the language switch. Each field gets hostile values (TRICKY), random
text with NULs and any Unicode, numbers out of every range, text of up to 60,000 characters,
and plausible values. What must hold: an answer below 500; for the correction report, either it
is accepted (a redirect) and exactly one report holds what was typed, or nothing at all was
stored; for the others, nothing is stored but the sign-in throttle's counts (django-axes, whose
job is to count failures) and the session.
"""

import time
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from centers.forms import started_token
from centers.models import Center, CorrectionReport

from .strategies import FUZZ, hostile, row_counts

pytestmark = pytest.mark.django_db

THROTTLE_AND_SESSIONS = {
    "django_session",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
}


def url(name, *args, lang="fr"):
    with translation.override(lang):
        return reverse(name, args=args or None)


@pytest.fixture
def center(seeded):
    return Center.objects.public().order_by("pk").first()


def fresh():
    """Each example starts with no rate count and no lock-out, so each reaches its form."""
    cache.clear()
    AccessAttempt.objects.all().delete()


def test_the_report_form_stores_one_whole_report_or_nothing(client, center):
    path = url("centers:center-report", center.slug)
    shown_a_minute_ago = started_token(center.pk, int(time.time()) - 60)

    @FUZZ
    @given(
        message=hostile("Les horaires ont changé : fermé le lundi.", "The place has moved."),
        contact=hostile("", "someone@example.org", "06 12 34 56 78"),
        website=hostile(""),
        started=hostile(shown_a_minute_ago),
    )
    def property_(message, contact, website, started):
        fresh()
        before = row_counts(ignore={"django_session"})
        data = {"message": message, "contact": contact, "website": website, "started": started}
        response = client.post(path, data)
        assert response.status_code < 500, response.status_code
        after = row_counts(ignore={"django_session"})
        if response.status_code == 302:
            table = CorrectionReport._meta.db_table
            assert after == {**before, table: before[table] + 1}
            report = CorrectionReport.objects.latest("pk")
            assert report.center == center
            assert report.message == message.strip()
            assert report.contact == contact.strip()
        else:
            assert after == before

    property_()


@pytest.mark.parametrize("login", ["admin:login", "funders:login"])
def test_the_sign_in_forms_never_fail_and_store_nothing(client, seeded, login):
    path = url(login)

    @FUZZ
    @given(
        username=hostile("admin", "funder@example.org"),
        password=hostile("a long drill password"),
        next_=hostile("/fr/admin/", "//example.org/", "https://example.org/"),
    )
    def property_(username, password, next_):
        fresh()
        before = row_counts(ignore=THROTTLE_AND_SESSIONS)
        data = {"username": username, "password": password, "next": next_}
        response = client.post(path, data)
        assert response.status_code < 500, response.status_code
        assert row_counts(ignore=THROTTLE_AND_SESSIONS) == before

    property_()


@pytest.mark.parametrize("reset", ["admin_password_reset", "funders:password-reset"])
def test_the_password_reset_forms_never_fail_and_store_nothing(client, seeded, reset):
    path = url(reset)

    @FUZZ
    @given(email=hostile("someone@example.org", "a@b", "@"))
    def property_(email):
        fresh()
        before = row_counts(ignore=THROTTLE_AND_SESSIONS)
        response = client.post(path, {"email": email})
        assert response.status_code < 500, response.status_code
        assert row_counts(ignore=THROTTLE_AND_SESSIONS) == before

    property_()


@pytest.mark.parametrize("confirm", ["password_reset_confirm", "funders:password-reset-confirm"])
def test_a_password_reset_link_with_any_token_never_fails(client, seeded, confirm):
    example = url(confirm, "MQ", "set-password")
    prefix = example[: example.index("/MQ/") + 1]

    @FUZZ
    @given(
        uid=hostile("MQ", "MA", "set-password"),
        token=hostile("set-password", "abc-123"),
        password=hostile("a long new password 123"),
    )
    def property_(uid, token, password):
        fresh()
        before = row_counts(ignore=THROTTLE_AND_SESSIONS)
        path = f"{prefix}{quote(uid or 'x', safe='')}/{quote(token or 'x', safe='')}/"
        assert client.get(path).status_code < 500
        data = {"new_password1": password, "new_password2": password}
        assert client.post(path, data).status_code < 500
        assert row_counts(ignore=THROTTLE_AND_SESSIONS) == before

    property_()


@pytest.mark.parametrize("verify", ["two_factor_verify", "funders:two-factor-verify"])
def test_the_two_factor_page_without_signing_in_never_fails(client, seeded, verify):
    path = url(verify)

    @FUZZ
    @given(code=hostile("123456", "000000"), next_=hostile("/fr/admin/"))
    def property_(code, next_):
        fresh()
        before = row_counts(ignore=THROTTLE_AND_SESSIONS)
        response = client.post(path, {"code": code, "next": next_})
        assert response.status_code < 500, response.status_code
        assert row_counts(ignore=THROTTLE_AND_SESSIONS) == before

    property_()


def test_the_language_switch_never_fails(client, seeded):
    path = reverse("set_language")

    @FUZZ
    @given(
        language=hostile("fr", "en", "de"),
        next_=hostile("/fr/places/", "/en/", "//example.org/", "javascript:alert(1)"),
    )
    def property_(language, next_):
        before = row_counts(ignore={"django_session"})
        response = client.post(path, {"language": language, "next": next_})
        assert response.status_code < 500, response.status_code
        assert row_counts(ignore={"django_session"}) == before

    property_()


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["message", "contact", "website", "started", "csrfmiddlewaretoken"]),
        st.lists(hostile(), min_size=2, max_size=4),
    )
)
def test_repeated_fields_in_the_report_form_never_fail(client, center, fields):
    fresh()
    before = row_counts(ignore={"django_session"})
    response = client.post(url("centers:center-report", center.slug), fields)
    assert response.status_code < 500, response.status_code
    if response.status_code != 302:
        assert row_counts(ignore={"django_session"}) == before
