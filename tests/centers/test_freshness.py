"""Freshness per place (centers/freshness.py): an update frequency of 1 to 16 months, four states
by moving the clock, what the public page and the sheet say, the admin's filter, column and
dashboard, taking outdated places off the site, and the page cache at a boundary. And the
correction reports' loop: fixed by a version, or dismissed with a reason."""

import datetime
import zoneinfo
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from reversion.models import Version

from centers.freshness import Freshness, months_after, months_before, next_change, state
from centers.models import Center, CorrectionReport, ReportStatus
from core.models import Status
from core.sources import SourceDocument
from tests.core.test_workflow import sign_in
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
VERIFIED = datetime.date(2025, 1, 15)
OUT_OF_DATE = "This information may be out of date."


@pytest.fixture(autouse=True)
def _clean_state():
    cache.clear()
    translation.activate("en")
    yield
    cache.clear()
    translation.activate("en")


def on(day, hour=12):
    """The clock moved to noon (Paris) of a day."""
    instant = datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)
    return mock.patch("django.utils.timezone.now", return_value=instant)


def page(client, center, lang="en", sheet=False):
    with translation.override(lang):
        url = center.get_absolute_url() + ("sheet/" if sheet else "")
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


# -- the rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize("every", [1, 6, 16])
def test_each_boundary_by_the_calendar(every):
    due = months_after(VERIFIED, every)
    twice = months_after(VERIFIED, 2 * every)
    day = datetime.timedelta(days=1)
    assert state(None, every, twice + day) == Freshness.NEVER
    assert state(VERIFIED, every, VERIFIED) == Freshness.FRESH
    assert state(VERIFIED, every, due) == Freshness.FRESH
    assert state(VERIFIED, every, due + day) == Freshness.ADVISED
    assert state(VERIFIED, every, twice) == Freshness.ADVISED
    assert state(VERIFIED, every, twice + day) == Freshness.REQUIRED
    assert next_change(VERIFIED, every, VERIFIED) == due + day
    assert next_change(VERIFIED, every, due + day) == twice + day
    assert next_change(VERIFIED, every, twice + day) is None
    assert next_change(None, every, VERIFIED) is None


def test_months_are_calendar_months_with_the_day_clamped():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_after(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert months_before(datetime.date(2026, 1, 10), 16) == datetime.date(2024, 9, 10)
    # Verified on 31 January, due every month: still fresh on 28 February, advised on 1 March.
    assert state(datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)) == Freshness.FRESH
    assert state(datetime.date(2025, 1, 31), 1, datetime.date(2025, 3, 1)) == Freshness.ADVISED


def test_the_database_agrees_with_the_rule_day_by_day(django_assert_num_queries):
    """in_freshness (one SQL query, each place by its own frequency) gives the same places as
    Center.freshness() on every day around the boundaries of 1, 6 and 16 months."""
    places = [CenterFactory(last_verified_on=None)]
    for every in (1, 6, 16):
        for verified in (VERIFIED, datetime.date(2025, 1, 31), datetime.date(2024, 2, 29)):
            places.append(CenterFactory(last_verified_on=verified, update_every_months=every))
    days = {
        months_after(verified, times * every) + datetime.timedelta(days=shift)
        for every in (1, 6, 16)
        for verified in (VERIFIED, datetime.date(2025, 1, 31))
        for times in (1, 2)
        for shift in (-1, 0, 1, 2)
    }
    for today in sorted(days):
        expected = {s: {p.pk for p in places if p.freshness(today) == s} for s in Freshness}
        for s in Freshness:
            with django_assert_num_queries(1):
                found = set(Center.objects.in_freshness(s, today).values_list("pk", flat=True))
            assert found == expected[s], (today, s)
        with django_assert_num_queries(1):
            counts = Center.objects.freshness_counts(today)
        assert counts == {s.value: len(expected[s]) for s in Freshness}


def test_the_frequency_is_one_to_sixteen_months():
    center = CenterFactory()
    assert center.update_every_months == 6
    for wrong in (0, 17):
        center.update_every_months = wrong
        with pytest.raises(ValidationError) as error:
            center.full_clean()
        assert "update_every_months" in error.value.message_dict
        with pytest.raises(IntegrityError), transaction.atomic():
            Center.objects.filter(pk=center.pk).update(update_every_months=wrong)


# -- the public page and the sheet -------------------------------------------------------------


@pytest.mark.parametrize("every", [1, 6, 16])
def test_the_page_by_moving_the_clock(client, every):
    center = CenterFactory(last_verified_on=VERIFIED, update_every_months=every)
    due = months_after(VERIFIED, every)
    twice = months_after(VERIFIED, 2 * every)
    for day, warned in (
        (due, False),  # fresh
        (due + datetime.timedelta(days=1), False),  # update advised: just the date
        (twice, False),
        (twice + datetime.timedelta(days=1), True),  # update required
    ):
        with on(day):
            body = page(client, center)
            sheet = page(client, center, sheet=True)
        assert "Last verified on Jan. 15, 2025." in body, day
        assert "Last verified on Jan. 15, 2025." in sheet, day
        assert (f"<strong>{OUT_OF_DATE}</strong>" in body) is warned, day
        assert (f"<strong>{OUT_OF_DATE}</strong>" in sheet) is warned, day


def test_a_never_verified_seeded_place_is_not_called_out_of_date(client):
    center = CenterFactory(
        last_verified_on=None,
        source_document=SourceDocument.FOUNDATION_PAGE,
        source_passage="Our medical centres welcome everyone.",
    )
    with on(datetime.date(2040, 1, 1)):
        body = page(client, center)
        sheet = page(client, center, sheet=True)
    for text in (body, sheet):
        assert (
            "This information comes from its source document, Sanofi Espoir Foundation page "
            "(undated, c. 2013–2014), and has not been checked since."
        ) in text
        assert "out of date" not in text
        assert "Last verified" not in text


@pytest.mark.parametrize("lang", ["fr", "ar", "fa", "ps", "uk", "ru"])
def test_the_words_in_every_language(client, lang):
    outdated = CenterFactory(last_verified_on=datetime.date(2020, 1, 1))
    seeded = CenterFactory(source_document=SourceDocument.MSF_PAGE, source_passage="Accueil.")
    with translation.override(lang):
        warning = gettext(OUT_OF_DATE)
        never = gettext(
            "This information comes from its source document, %(document)s, and has not been "
            "checked since."
        ) % {"document": SourceDocument.MSF_PAGE.label}
    assert warning != OUT_OF_DATE
    assert f"<strong>{warning}</strong>" in page(client, outdated, lang)
    assert f"<strong>{warning}</strong>" in page(client, outdated, lang, sheet=True)
    seeded_page = page(client, seeded, lang)
    assert never in seeded_page
    assert warning not in seeded_page


def test_the_cached_page_changes_on_the_day_an_update_becomes_required(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = True
    center = CenterFactory(last_verified_on=VERIFIED, update_every_months=1)
    required_on = months_after(VERIFIED, 2) + datetime.timedelta(days=1)
    evening = datetime.datetime.combine(
        required_on - datetime.timedelta(days=1), datetime.time(23, 59), tzinfo=PARIS
    )
    with mock.patch("django.utils.timezone.now", return_value=evening):
        assert OUT_OF_DATE not in page(client, center)
        with django_assert_num_queries(0):  # kept in the cache
            assert OUT_OF_DATE not in page(client, center)
    past_midnight = evening + datetime.timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=past_midnight):
        assert f"<strong>{OUT_OF_DATE}</strong>" in page(client, center)


# -- the admin ---------------------------------------------------------------------------------

CHANGELIST = "/en/admin/centers/center/"


@pytest.fixture
def places():
    """One place in each state today."""
    return {
        "never": CenterFactory(name="Jamais vérifié", last_verified_on=None),
        "fresh": CenterFactory(name="À jour", last_verified_on=timezone.localdate()),
        "advised": CenterFactory(
            name="À revoir",
            last_verified_on=months_before(timezone.localdate(), 3),
            update_every_months=2,
        ),
        "required": CenterFactory(
            name="Trop ancien",
            last_verified_on=months_before(timezone.localdate(), 13),
            update_every_months=6,
        ),
    }


def test_the_admin_lists_and_filters_by_freshness(client, places):
    sign_in(client, "Editors")
    for name, center in places.items():
        result = client.get(CHANGELIST, {"freshness": name}).context["cl"].result_list
        assert list(result) == [center]
    listing = " ".join(client.get(CHANGELIST).content.decode().split())
    for label in ("never verified", "up to date", "update advised", "update required"):
        assert f'<td class="field-freshness">{label}</td>' in listing


def test_the_dashboard_counts_each_state_and_links_to_it(client, places):
    CenterFactory(last_verified_on=None, status=Status.ARCHIVED)  # not counted
    CorrectionReport.objects.create(center=places["fresh"], message="Nouvelle adresse.")
    CorrectionReport.objects.create(
        center=places["fresh"], message="Fermé.", status=ReportStatus.DISMISSED
    )
    sign_in(client, "Publishers")
    dashboard = " ".join(client.get("/en/admin/").content.decode().split())
    for name, label in (
        ("required", "update required"),
        ("advised", "update advised"),
        ("never", "never verified"),
        ("fresh", "up to date"),
    ):
        assert f'<a href="{CHANGELIST}?freshness={name}">Places, {label}: 1</a>' in dashboard
    reports = "/en/admin/centers/correctionreport/"
    assert f'<a href="{reports}?status__exact=new">Correction reports, new: 1</a>' in dashboard
    assert f'<a href="{reports}?status__exact=fixed">Correction reports, fixed: 0</a>' in dashboard
    assert (
        f'<a href="{reports}?status__exact=dismissed">Correction reports, dismissed: 1</a>'
        in dashboard
    )


def take_off(client, places, **data):
    return client.post(
        CHANGELIST,
        {
            "action": "take_off_outdated",
            "_selected_action": [p.pk for p in places.values()],
            **data,
        },
    )


def test_a_publisher_takes_places_whose_update_is_required_off_the_site(client, places):
    user = sign_in(client, "Publishers")
    confirmation = take_off(client, places)
    body = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "Trop ancien" in body and "Jamais vérifié" in body and "À jour" not in body
    assert 'name="include_never_verified"' in body and "checked" not in body
    # A reason is required: nothing moves without one.
    refused = take_off(client, places, post="yes", reason="  ")
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    assert not Center.objects.exclude(status=Status.PUBLISHED).exists()
    done = take_off(client, places, post="yes", reason="Plus de réponse au téléphone.")
    assert done.status_code == 302
    statuses = {name: Center.objects.get(pk=p.pk).status for name, p in places.items()}
    assert statuses == {
        "never": Status.PUBLISHED,  # never verified: only when chosen
        "fresh": Status.PUBLISHED,
        "advised": Status.PUBLISHED,
        "required": Status.DRAFT,
    }
    version = Version.objects.get_for_object(places["required"]).first()
    assert "Plus de réponse au téléphone." in version.revision.comment
    assert version.revision.user == user
    client.logout()
    assert client.get(places["required"].get_absolute_url()).status_code == 404


def test_never_verified_places_are_taken_off_only_when_chosen(client, places):
    sign_in(client, "Publishers")
    take_off(client, places, post="yes", reason="Campagne 2026.", include_never_verified="on")
    assert Center.objects.get(pk=places["never"].pk).status == Status.DRAFT
    assert Center.objects.get(pk=places["required"].pk).status == Status.DRAFT
    assert Center.objects.get(pk=places["fresh"].pk).status == Status.PUBLISHED


def test_an_editor_cannot_take_places_off(client, places):
    sign_in(client, "Editors")
    assert "take_off_outdated" not in client.get(CHANGELIST).content.decode()
    take_off(client, places, post="yes", reason="Non.", include_never_verified="on")
    assert not Center.objects.exclude(status=Status.PUBLISHED).exists()


# -- correction reports: fixed or dismissed ------------------------------------------------------

REPORTS = "/en/admin/centers/correctionreport/"


def test_dismissing_reports_needs_a_reason(admin_client, admin_user):
    report = CorrectionReport.objects.create(center=CenterFactory(), message="Fermé ?")
    selection = {"action": "dismiss", "_selected_action": [report.pk]}
    confirmation = admin_client.post(REPORTS, selection)
    assert confirmation.status_code == 200
    assert "Fermé ?" in confirmation.content.decode()
    refused = admin_client.post(REPORTS, {**selection, "post": "yes", "reason": ""})
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW
    done = admin_client.post(
        REPORTS, {**selection, "post": "yes", "reason": "Vérifié par téléphone : ouvert."}
    )
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED
    assert report.dismissal_reason == "Vérifié par téléphone : ouvert."
    assert report.handled_by == admin_user


def test_the_change_form_refuses_a_dismissal_without_reason(admin_client):
    report = CorrectionReport.objects.create(center=CenterFactory(), message="Fermé ?")
    url = f"{REPORTS}{report.pk}/change/"
    refused = admin_client.post(url, {"contact": "", "status": "dismissed", "dismissal_reason": ""})
    assert refused.status_code == 200
    assert "Say why the report is dismissed." in refused.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW


def test_older_handled_reports_still_load(admin_client):
    report = CorrectionReport.objects.create(
        center=CenterFactory(), message="Ancien.", status=ReportStatus.HANDLED
    )
    assert admin_client.get(f"{REPORTS}{report.pk}/change/").status_code == 200
    assert "Ancien." in admin_client.get(REPORTS).content.decode()
