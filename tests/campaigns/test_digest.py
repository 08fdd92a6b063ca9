"""The publishers' digest: exactly what waits, in the publisher's language; opt-out respected;
never twice on the same day; no e-mail when nothing waits."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from accounts.models import MailPreference
from campaigns.digest import send_digests
from centers.models import CorrectionReport, ReportStatus
from core.models import PendingChange, PendingChangeStatus, Status
from outbox.models import OutgoingMessage
from tests.accounts_fixtures import make_user
from tests.factories import CenterFactory

TODAY = datetime.date(2026, 12, 7)


def pending_change(center, status=PendingChangeStatus.PENDING):
    return PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(center),
        object_id=center.pk,
        object_repr=center.name,
        data={"fields": {"phone": "01 02 03 04 05"}},
        status=status,
    )


@pytest.fixture
def publisher(db):
    return make_user("Publishers", username="pub", email="pub@example.org")


@pytest.mark.django_db
def test_nothing_waiting_sends_nothing(publisher):
    CenterFactory(last_verified_on=TODAY)  # fresh: nothing to say
    assert send_digests(TODAY) == 0
    assert OutgoingMessage.objects.count() == 0


@pytest.mark.django_db
def test_the_digest_lists_exactly_what_waits(publisher):
    waiting = CenterFactory(name="Centre avec changement")
    pending_change(waiting)
    pending_change(CenterFactory(name="Centre déjà revu"), PendingChangeStatus.APPROVED)
    reported = CenterFactory(name="Centre signalé")
    CorrectionReport.objects.create(center=reported, message="Le téléphone a changé")
    CorrectionReport.objects.create(center=reported, message="Fermé définitivement", urgent=True)
    CorrectionReport.objects.create(
        center=reported, message="Déjà corrigé", status=ReportStatus.FIXED
    )
    CenterFactory(name="Brouillon importé", status=Status.DRAFT, external_source="dora")
    CenterFactory(name="Brouillon à la main", status=Status.DRAFT)
    # Six-monthly: required from more than twelve months; the first since yesterday.
    CenterFactory(name="Devenu à mettre à jour", last_verified_on=datetime.date(2025, 12, 6))
    CenterFactory(name="Déjà à mettre à jour", last_verified_on=datetime.date(2025, 1, 1))
    CenterFactory(name="Jamais vérifié", last_verified_on=None)

    assert send_digests(TODAY) == 1
    message = OutgoingMessage.objects.get()
    body = message.body
    assert message.to == "pub@example.org" and message.kind == "digest"
    assert message.language == "fr"
    assert "1 modification en attente de relecture" in body
    assert "Centre avec changement" in body and "Centre déjà revu" not in body
    assert "2 nouveaux signalements" in body
    assert body.index("Fermé définitivement") < body.index("Le téléphone a changé")  # urgent first
    assert "Déjà corrigé" not in body
    assert "1 brouillon importé" in body
    assert "Brouillon importé" in body and "Brouillon à la main" not in body
    assert "Devenu à mettre à jour" in body
    assert "Déjà à mettre à jour" not in body and "Jamais vérifié" not in body
    assert "/fr/admin/e-mails/" in body  # how to stop it


@pytest.mark.django_db
def test_the_digest_is_in_the_publishers_language(publisher):
    MailPreference.objects.create(user=publisher, language="en")
    pending_change(CenterFactory(name="Some place"))
    send_digests(TODAY)
    message = OutgoingMessage.objects.get()
    assert message.language == "en"
    assert "1 change waiting for review" in message.body
    assert "/en/admin/core/pendingchange/" in message.body


@pytest.mark.django_db
def test_opted_out_publishers_and_other_staff_get_no_digest(publisher):
    MailPreference.objects.create(user=publisher, daily_digest=False)
    make_user("Editors", username="ed", email="ed@example.org")
    make_user("Publishers", username="gone", email="gone@example.org", is_active=False)
    pending_change(CenterFactory())
    assert send_digests(TODAY) == 0
    assert OutgoingMessage.objects.count() == 0


@pytest.mark.django_db
def test_never_twice_the_same_day(publisher):
    pending_change(CenterFactory())
    call_command("send_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert OutgoingMessage.objects.count() == 1
    # The next day, again: the day after the command's, which is today in France (TODAY is
    # only the day these tests were written).
    assert send_digests(timezone.localdate() + datetime.timedelta(days=1)) == 1


@pytest.mark.django_db
def test_a_publisher_turns_the_digest_off_in_their_account(publisher_client, publisher):
    page = publisher_client.get("/fr/admin/e-mails/")
    assert page.status_code == 200
    assert 'name="daily_digest"' in page.content.decode()
    response = publisher_client.post("/fr/admin/e-mails/", {"language": "ar"})
    assert response.status_code == 302
    preference = MailPreference.objects.get(user=publisher)
    assert preference.daily_digest is False and preference.language == "ar"
    bad = publisher_client.post("/fr/admin/e-mails/", {"language": "xx", "daily_digest": "on"})
    assert bad.status_code == 400
    assert MailPreference.objects.get(user=publisher).daily_digest is False


@pytest.mark.django_db
def test_the_preference_page_needs_a_signed_in_staff_member(client):
    response = client.get("/fr/admin/e-mails/")
    assert response.status_code == 302 and "/login/" in response["Location"]
