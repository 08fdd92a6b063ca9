"""The issue's "done means", as far as this branch goes: a publisher starts a campaign for the
Île-de-France places due; the organisation confirms two places and corrects the hours of a
third from the e-mailed link (the operators' proposal form, reached through the link); the public
page does not change before review; the publisher approves the correction, and the public page
shows the new hours and today's check date."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import formats, timezone, translation

from campaigns.models import CampaignContact
from core import workflow
from core.models import PendingChange
from outbox.models import OutgoingMessage
from tests.factories import CenterFactory, OrganizationFactory
from tests.operators.test_proposals import hours_post, place_form_data

User = get_user_model()


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
    # The third's hours, corrected in the proposal form the link leads to.
    third = idf[2]
    address = f"{link}places/{by_name['Lieu 3']}/changes/"
    assert address in client.get(link).content.decode()
    data = hours_post([(0, "10:00", "16:00")], **place_form_data(client, third, address))
    response = client.post(address, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert "10:00" not in client.get(third.get_absolute_url()).content.decode()
    assert client.get(address).status_code == 302  # answered: back to the letter

    # The publisher approves it in the review queue.
    change = PendingChange.objects.get()
    assert "Santé Île-de-France" in workflow.author_of(change)
    review = f"/fr/admin/core/pendingchange/{change.pk}/change/"
    assert "10:00" in publisher_client.get(review).content.decode()
    workflow.approve(change, User.objects.get(pk=publisher_client.session["_auth_user_id"]))

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
