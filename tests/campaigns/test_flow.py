"""The issue's "done means", as far as this branch goes: a publisher starts a campaign for the
Île-de-France places due; the organisation confirms two places and corrects the hours of a
third from the e-mailed link; the public page does not change before review; the publisher
applies the correction (until the operators' proposals are merged, by editing the hours and
marking the place verified), and the public page shows the new hours and today's check date."""

import datetime
import re

import pytest
from django.utils import formats, timezone, translation

from campaigns.models import CampaignContact
from centers.models import CorrectionReport, ReportStatus
from outbox.models import OutgoingMessage
from tests.factories import CenterFactory, OpeningHoursFactory, OrganizationFactory

LONG_AGO = datetime.date(2024, 1, 1)


@pytest.mark.django_db
def test_a_campaign_from_start_to_the_corrected_public_page(client, publisher_client):
    operator = OrganizationFactory(name="Santé Île-de-France")
    CampaignContact.objects.create(organization=operator, email="contact@sante-idf.example")
    idf = [
        CenterFactory(
            name=f"Lieu {n}", operator=operator, region="Île-de-France", last_verified_on=LONG_AGO
        )
        for n in (1, 2, 3)
    ]
    CenterFactory(
        name="Lieu lyonnais",
        operator=operator,
        region="Auvergne-Rhône-Alpes",
        last_verified_on=LONG_AGO,
    )
    form = {"name": "Printemps", "states": ["advised", "required"], "region": "Île-de-France"}
    publisher_client.post("/fr/admin/campaigns/campaign/add/", form)
    publisher_client.post("/fr/admin/campaigns/campaign/add/", {**form, "start": "1"})

    [email] = OutgoingMessage.objects.filter(kind="campaign")
    assert "Lieu lyonnais" not in email.body
    link = re.search(r"https?://[^/\s]+(/fr/verify/\S+/)", email.body).group(1)
    page = client.get(link).content.decode()
    places = {
        int(pk): name
        for pk, name in re.findall(r'id="place-(\d+)".*?<h2[^>]*>(.*?)</h2>', page, re.S)
    }
    by_name = {name: pk for pk, name in places.items()}
    assert sorted(by_name) == ["Lieu 1", "Lieu 2", "Lieu 3"]
    client.post(link, {"place": by_name["Lieu 1"], "action": "confirm"})
    client.post(link, {"place": by_name["Lieu 2"], "action": "confirm"})
    client.post(
        link, {"place": by_name["Lieu 3"], "action": "changes", "text": "Lundi 10:00–16:00"}
    )
    third = idf[2]
    assert "10:00" not in client.get(third.get_absolute_url()).content.decode()

    # The publisher applies the correction and marks the place verified today.
    report = CorrectionReport.objects.get(center=third)
    OpeningHoursFactory(center=third, weekday=0, opens=datetime.time(10), closes=datetime.time(16))
    changelist = "/fr/admin/centers/center/"
    publisher_client.post(changelist, {"action": "verified_today", "_selected_action": [third.pk]})
    publisher_client.post(
        "/fr/admin/centers/correctionreport/",
        {"action": "mark_fixed", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.FIXED

    with translation.override("fr"):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    public = client.get(third.get_absolute_url()).content.decode()
    assert "10:00–16:00" in public and today in public
    for center in idf[:2]:
        center.refresh_from_db()
        assert center.last_verified_on == timezone.localdate()
    progress = publisher_client.get(
        f"/fr/admin/campaigns/campaign/{email_campaign_id(email)}/change/"
    ).content.decode()
    assert 'id="total-confirmed">2<' in progress and 'id="total-changed">1<' in progress
    assert 'id="total-unanswered">0<' in progress


def email_campaign_id(message):
    from campaigns.models import CampaignLetter

    return CampaignLetter.objects.get(message=message).campaign_id
