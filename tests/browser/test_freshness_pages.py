"""Freshness (issue 16): a place whose update is required (its public page and sheet warn), and
the publisher's confirmation pages (take places off the site, dismiss reports), with and without
their errors: no axe-core violation, no Content Security Policy violation, no other host."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY

from centers.models import CorrectionReport
from tests.accounts_fixtures import make_user, totp_device
from tests.factories import CenterFactory

from .conftest import LANGS, click_and_load, describe_violations, run_axe


@pytest.fixture(scope="module")
def outdated(seeded, django_db_blocker):
    """A place verified long ago, a report on it, and a publisher's session cookie."""
    with django_db_blocker.unblock():
        center = CenterFactory(
            name="Lieu ancien", slug="lieu-ancien", last_verified_on=datetime.date(2020, 1, 1)
        )
        report = CorrectionReport.objects.create(center=center, message="Adresse changée.")
        publisher = make_user("Publishers", username="freshness-publisher")
        client = Client()
        client.force_login(publisher)
        # Publishers confirm a second factor before the admin (as tests.core.test_workflow).
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(publisher).persistent_id
        session.save()
        from django.db import connections

        connections.close_all()
    return center, report, client.cookies[settings.SESSION_COOKIE_NAME].value


def check(page, site, label, problems):
    violations = run_axe(page, site.axe_source)
    if violations:
        problems.append(f"{label}:\n{describe_violations(violations)}")


def run_action(page, site, path, pk, action):
    """From a changelist: select a row, choose the action, go; the confirmation page."""
    response = page.goto(site.url(path))
    assert response.status == 200, f"{path} answered {response.status} at {page.url}"
    rows = page.locator(f"input.action-select[value='{pk}']")
    assert rows.count() == 1, page.url
    rows.check()
    page.locator("select[name=action]").select_option(action)
    click_and_load(page.locator("button[name=index]"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_freshness_pages_pass_axe(outdated, shared_js, lang):
    site, guard, page = shared_js
    center, report, cookie = outdated
    guard.reset()
    problems = []
    with translation.override(lang):
        public = [center.get_absolute_url(), center.get_absolute_url() + "sheet/"]
    for path in public:
        response = page.goto(site.url(path))
        assert response.status == 200, f"{path} answered {response.status}"
        assert page.locator(".verified strong, .sheet-foot strong").count() == 1
        guard.check(path, page)
        check(page, site, path, problems)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site.origin}]
    )
    for path, pk, action in (
        (f"/{lang}/admin/centers/center/?freshness=required", center.pk, "take_off_outdated"),
        (f"/{lang}/admin/centers/correctionreport/", report.pk, "dismiss"),
    ):
        run_action(page, site, path, pk, action)
        assert page.locator("textarea[name=reason]").count() == 1
        guard.check(path, page)
        check(page, site, f"{action} ({lang})", problems)
        # Sent without a reason: the error is shown accessibly, nothing is done.
        click_and_load(page.locator("input[type=submit].default"))
        assert page.locator(".errorlist").count() >= 1
        check(page, site, f"{action} with errors ({lang})", problems)
    page.context.clear_cookies()
    assert not problems, "\n".join(problems)
