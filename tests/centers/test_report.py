"""Report wrong information: the form, its defences against robots and floods, the staff queue."""

import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from reversion.models import Version

from centers.forms import MAX_FORM_AGE_SECONDS, MIN_FILL_SECONDS, started_token
from centers.models import CorrectionReport, ReportStatus
from centers.views import REPORTS_PER_HOUR, client_key
from core.models import Status
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_state():
    translation.activate("fr")
    cache.clear()
    yield
    cache.clear()
    translation.activate("fr")


@pytest.fixture
def center():
    return CenterFactory(name="CASO Lyon", name_en="Lyon CASO", slug="caso-lyon")


def url(center, lang="en"):
    return f"/{lang}/places/{center.slug}/report/"


def post(client, center, lang="en", seconds_ago=30, ip="192.0.2.10", **data):
    payload = {"message": "The place has moved to 3 rue Neuve.", "contact": "", "website": ""}
    payload["started"] = started_token(center.pk, time.time() - seconds_ago)
    payload.update(data)
    return client.post(url(center, lang), payload, REMOTE_ADDR=ip)


class TestForm:
    def test_the_form_is_short_protected_and_asks_for_no_personal_data(self, client, center):
        response = client.get(url(center))
        body = response.content.decode()
        assert response.status_code == 200
        assert 'method="post"' in body
        assert 'name="csrfmiddlewaretoken"' in body
        assert '<label for="id_message">What is wrong or missing?</label>' in body
        assert 'maxlength="2000"' in body
        assert "Your e-mail or phone (optional)" in body
        assert "We do not keep your IP address." in body
        # The honeypot: hidden by a class, labelled, never by an inline style.
        assert '<div class="field report-hp">' in body
        assert '<label for="id_website">Leave this field empty</label>' in body
        assert "style=" not in body
        assert 'type="hidden" name="started"' in body

    def test_the_place_page_links_to_it_in_both_languages(self, client, center):
        for lang in ("fr", "en"):
            body = client.get(f"/{lang}/places/{center.slug}/").content.decode()
            assert f'href="/{lang}/places/caso-lyon/report/"' in body

    def test_a_draft_place_has_no_report_form(self, client):
        draft = CenterFactory(status=Status.DRAFT)
        assert client.get(url(draft)).status_code == 404
        assert post(client, draft).status_code == 404
        assert not CorrectionReport.objects.exists()


class TestSubmit:
    def test_a_report_lands_in_the_queue_and_the_visitor_is_thanked(self, client, center):
        response = post(client, center, contact="marie@example.org")
        assert response.status_code == 302
        assert response["Location"] == "/en/places/caso-lyon/report/thanks/"
        report = CorrectionReport.objects.get()
        assert report.center == center
        assert report.message == "The place has moved to 3 rue Neuve."
        assert report.contact == "marie@example.org"
        assert report.status == ReportStatus.NEW
        thanks = client.get(response["Location"]).content.decode()
        assert "Thank you: your report was sent" in thanks
        assert 'href="/en/places/caso-lyon/"' in thanks

    def test_french_submission(self, client, center):
        response = post(client, center, lang="fr", message="Le lieu a déménagé.")
        assert response["Location"] == "/fr/places/caso-lyon/report/thanks/"
        assert CorrectionReport.objects.get().message == "Le lieu a déménagé."
        assert '<html lang="fr"' in client.get(response["Location"]).content.decode()

    def test_the_ip_address_is_never_stored(self, client, center):
        post(client, center, ip="203.0.113.77")
        report = CorrectionReport.objects.values().get()
        assert not any("203.0.113.77" in str(value) for value in report.values())
        assert "203.0.113.77" not in client_key(
            type("R", (), {"META": {"REMOTE_ADDR": "203.0.113.77"}})()
        )

    def test_csrf_is_required(self, center):
        strict = Client(enforce_csrf_checks=True)
        response = post(strict, center)
        assert response.status_code == 403
        assert not CorrectionReport.objects.exists()


class TestBadInputKeepsTheText:
    def test_an_empty_message_is_an_error(self, client, center):
        response = post(client, center, message="   ")
        body = response.content.decode()
        assert response.status_code == 400
        assert "Tell us what is wrong: this field cannot be empty." in body
        assert 'aria-invalid="true"' in body
        assert not CorrectionReport.objects.exists()

    def test_a_too_long_message_is_an_error_and_the_text_stays(self, client, center):
        long_text = "Wrong hours. " + "x" * 2000
        response = post(client, center, message=long_text, contact="06 00 00 00 00")
        body = response.content.decode()
        assert response.status_code == 400
        assert "Please shorten your message to 2,000 characters at most" in body
        assert long_text in body
        assert 'value="06 00 00 00 00"' in body
        assert not CorrectionReport.objects.exists()

    def test_the_honeypot_rejects_a_robot(self, client, center):
        response = post(client, center, website="http://spam.example")
        body = response.content.decode()
        assert response.status_code == 400
        assert "This field must stay empty" in body
        assert "The place has moved to 3 rue Neuve." in body
        assert not CorrectionReport.objects.exists()

    def test_too_fast_is_rejected_and_the_same_form_passes_a_moment_later(self, client, center):
        response = post(client, center, seconds_ago=0)
        body = response.content.decode()
        assert response.status_code == 400
        assert "That was very fast" in body
        assert "The place has moved to 3 rue Neuve." in body
        assert not CorrectionReport.objects.exists()
        # The form shown again keeps its first token: once a person has read it, it goes through.
        token = body.split('name="started" value="', 1)[1].split('"', 1)[0]
        data = {"message": "The place has moved to 3 rue Neuve.", "started": token}
        with mock.patch("centers.forms.time.time", return_value=time.time() + MIN_FILL_SECONDS):
            response = client.post(url(center), data, REMOTE_ADDR="192.0.2.10")
        assert response.status_code == 302
        assert CorrectionReport.objects.count() == 1

    @pytest.mark.parametrize(
        "started",
        ["", "forged-token", "nonsense:abc:def"],
    )
    def test_a_missing_or_forged_token_is_rejected(self, client, center, started):
        response = client.post(
            url(center), {"message": "Wrong.", "started": started}, REMOTE_ADDR="192.0.2.10"
        )
        body = response.content.decode()
        assert response.status_code == 400
        assert "This form has expired or was not sent from this site" in body
        assert "Wrong." in body
        # A fresh, valid token comes back with the form.
        assert 'name="started" value="' in body
        assert not CorrectionReport.objects.exists()

    def test_an_expired_form_is_rejected(self, client, center):
        response = post(client, center, seconds_ago=MAX_FORM_AGE_SECONDS + 60)
        assert response.status_code == 400
        assert "This form has expired" in response.content.decode()

    def test_a_token_for_another_place_is_rejected(self, client, center):
        other = CenterFactory()
        response = client.post(
            url(center),
            {"message": "Wrong.", "started": started_token(other.pk, time.time() - 30)},
            REMOTE_ADDR="192.0.2.10",
        )
        assert response.status_code == 400
        assert not CorrectionReport.objects.exists()


class TestRateLimit:
    def test_a_client_may_send_a_few_reports_an_hour(self, client, center):
        for n in range(REPORTS_PER_HOUR):
            assert post(client, center, message=f"Report {n}").status_code == 302
        response = post(client, center, message="One too many")
        body = response.content.decode()
        assert response.status_code == 429
        assert "Too many reports have been sent from your connection" in body
        assert "One too many" in body  # nothing lost
        assert CorrectionReport.objects.count() == REPORTS_PER_HOUR

    def test_another_client_is_not_limited(self, client, center):
        for n in range(REPORTS_PER_HOUR):
            post(client, center, message=f"Report {n}")
        assert post(client, center, ip="198.51.100.4").status_code == 302

    def test_the_count_is_kept_by_a_hash_not_the_address(self, client, center):
        post(client, center, ip="203.0.113.77")
        key = client_key(type("R", (), {"META": {"REMOTE_ADDR": "203.0.113.77"}})())
        assert CorrectionReport.objects.get().client_hash == key
        assert "203.0.113.77" not in key
        assert key != client_key(type("R", (), {"META": {"REMOTE_ADDR": "203.0.113.78"}})())

    def test_rejected_forms_do_not_count(self, client, center):
        for _ in range(REPORTS_PER_HOUR + 2):
            assert post(client, center, message="").status_code == 400
        assert post(client, center).status_code == 302


class TestStaffQueue:
    @pytest.fixture
    def reports(self, center):
        other = CenterFactory(name="Camion de l'Ain", name_en="Ain truck")
        return [
            CorrectionReport.objects.create(center=center, message="Les horaires ont changé."),
            CorrectionReport.objects.create(
                center=other, message="Le camion ne passe plus.", status=ReportStatus.HANDLED
            ),
        ]

    def test_the_changelist_shows_new_reports_linked_to_their_place(
        self, admin_client, reports, center
    ):
        body = admin_client.get("/en/admin/centers/correctionreport/").content.decode()
        assert "Les horaires ont changé." in body
        assert f'href="/en/admin/centers/center/{center.pk}/change/"' in body
        assert body.index("Les horaires ont changé.") < body.index(
            "Le camion ne passe plus."
        )  # new first

    def test_filter_by_status(self, admin_client, reports):
        body = admin_client.get(
            "/en/admin/centers/correctionreport/", {"status__exact": "new"}
        ).content.decode()
        assert "Les horaires ont changé." in body
        assert "Le camion ne passe plus." not in body

    def test_search(self, admin_client, reports):
        body = admin_client.get(
            "/en/admin/centers/correctionreport/", {"q": "camion"}
        ).content.decode()
        assert "Le camion ne passe plus." in body
        assert "Les horaires ont changé." not in body

    def test_staff_cannot_invent_a_report(self, admin_client):
        assert admin_client.get("/en/admin/centers/correctionreport/add/").status_code == 403

    def test_mark_fixed_records_who_when_and_the_version_that_fixed_it(
        self, admin_client, admin_user, reports, center
    ):
        from core.versions import save_version

        save_version(center, "Nouveaux horaires.")
        new = reports[0]
        response = admin_client.post(
            "/en/admin/centers/correctionreport/",
            {"action": "mark_fixed", "_selected_action": [new.pk]},
        )
        assert response.status_code == 302
        new.refresh_from_db()
        assert new.status == ReportStatus.FIXED
        assert new.handled_by == admin_user
        assert new.handled_at is not None
        assert new.fixed_by == Version.objects.get_for_object(center).first()
        assert new.fixed_by.revision.comment == "Nouveaux horaires."
        # The report's page links the version that fixed it.
        page = admin_client.get(
            f"/en/admin/centers/correctionreport/{new.pk}/change/"
        ).content.decode()
        assert f"/en/admin/centers/center/{center.pk}/history/{new.fixed_by.pk}/" in page

    def test_fixing_from_the_change_form(self, admin_client, admin_user, reports):
        new = reports[0]
        response = admin_client.post(
            f"/en/admin/centers/correctionreport/{new.pk}/change/",
            {"contact": "", "status": ReportStatus.FIXED, "dismissal_reason": ""},
        )
        assert response.status_code == 302
        new.refresh_from_db()
        assert (new.status, new.handled_by) == (ReportStatus.FIXED, admin_user)
        # The visitor's words are not editable by staff.
        page = admin_client.get(
            f"/en/admin/centers/correctionreport/{new.pk}/change/"
        ).content.decode()
        assert 'name="message"' not in page
        assert "Les horaires ont changé." in page

    def test_a_staff_member_sees_it_too(self, client, reports):
        from tests.core.test_workflow import sign_in

        sign_in(client, "Editors")
        assert client.get("/fr/admin/centers/correctionreport/").status_code == 200


def test_the_address_hash_is_kept_an_hour_at_most(client, center):
    import datetime

    from django.utils import timezone

    post(client, center, ip="203.0.113.77", message="Old report")
    CorrectionReport.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    post(client, center, ip="198.51.100.4", message="New report")
    assert CorrectionReport.objects.get(message="Old report").client_hash == ""
    assert CorrectionReport.objects.get(message="New report").client_hash != ""


def test_behind_a_proxy_one_visitor_does_not_close_the_form_for_others(client, center, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    payload = {"contact": "", "website": ""}
    for n in range(REPORTS_PER_HOUR + 1):
        data = {**payload, "message": f"Flood {n}"}
        data["started"] = started_token(center.pk, time.time() - 30)
        client.post(url(center), data, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert CorrectionReport.objects.count() == REPORTS_PER_HOUR
    data = {**payload, "message": "Another visitor"}
    data["started"] = started_token(center.pk, time.time() - 30)
    other = client.post(url(center), data, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    assert other.status_code == 302
