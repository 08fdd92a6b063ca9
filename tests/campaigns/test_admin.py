"""The campaign in the admin: start with counts first, progress per organisation and totals
after confirm, change, closure and no answer; one reminder, once; publishers only."""

import io

import pytest

from campaigns import services
from campaigns.models import Campaign, CampaignContact, CampaignPlace
from outbox.models import OutgoingMessage
from tests.factories import CenterFactory, OrganizationFactory

from .conftest import LONG_AGO, letter_of


@pytest.mark.django_db
def test_a_publisher_sees_the_counts_before_starting(publisher_client, two_organizations):
    no_contact = OrganizationFactory(name="Sans contact")
    CenterFactory(operator=no_contact, last_verified_on=LONG_AGO)
    data = {"name": "Hiver", "states": ["advised", "required"]}
    page = publisher_client.post("/fr/admin/campaigns/campaign/add/", data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "4 lieux de 2 organisation(s)" in html
    assert "1 lieu de 1 organisation(s)" in html  # left out: no contact
    assert Campaign.objects.count() == 0 and OutgoingMessage.objects.count() == 0
    started = publisher_client.post("/fr/admin/campaigns/campaign/add/", {**data, "start": "1"})
    campaign = Campaign.objects.get()
    assert started.status_code == 302
    assert started["Location"].endswith(f"/campaigns/campaign/{campaign.pk}/change/")
    assert CampaignPlace.objects.count() == 4
    assert OutgoingMessage.objects.filter(kind="campaign").count() == 2


@pytest.mark.django_db
def test_the_filters_narrow_the_places(publisher, two_organizations):
    first, _second, places = two_organizations
    CenterFactory(operator=first, region="Île-de-France", last_verified_on=LONG_AGO)
    assert services.places_due(region="Île-de-France").count() == 1
    assert services.places_due(operator=first).count() == 4
    assert services.places_due(states=["never"]).count() == 0
    assert services.places_due(states=[]).count() == 0


@pytest.mark.django_db
def test_a_bad_start_form_is_a_400_with_its_error(publisher_client):
    page = publisher_client.post("/fr/admin/campaigns/campaign/add/", {"states": ["nope"]})
    assert page.status_code == 400
    assert Campaign.objects.count() == 0


@pytest.mark.django_db
def test_editors_cannot_start_a_campaign(editor_client):
    assert editor_client.get("/fr/admin/campaigns/campaign/add/").status_code == 403


@pytest.mark.django_db
def test_the_counters_after_confirm_change_closure_and_no_answer(
    client, publisher_client, campaign, two_organizations
):
    first, second, places = two_organizations
    letter = letter_of(campaign, first)
    url = letter.get_absolute_url()
    client.get(url)
    by_center = {p.center_id: p for p in letter.places.all()}
    client.post(url, {"place": by_center[places["a"].pk].pk, "action": "confirm"})
    client.post(
        url, {"place": by_center[places["b"].pk].pk, "action": "changes", "text": "Horaires"}
    )
    client.post(
        url,
        {"place": by_center[places["c"].pk].pk, "action": "closed", "closed_for_good": "on"},
    )
    rows, totals = services.progress(campaign)
    assert totals == {
        "organizations": 2,
        "sent": 0,
        "visited": 1,
        "places": 4,
        "confirmed": 1,
        "changed": 1,
        "closed": 1,
        "unanswered": 1,
    }
    row = {r.organization_id: r for r in rows}
    assert (row[first.pk].confirmed, row[first.pk].unanswered) == (1, 0)
    assert (row[second.pk].unanswered, row[second.pk].first_visited_at) == (1, None)
    page = publisher_client.get(f"/fr/admin/campaigns/campaign/{campaign.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="total-confirmed">1<' in html and 'id="total-unanswered">1<' in html
    assert "Soins Solidaires" in html and "Autre Asso" in html


@pytest.mark.django_db
def test_one_reminder_to_those_who_have_not_answered_only(
    client, publisher_client, campaign, two_organizations
):
    first, second, places = two_organizations
    letter = letter_of(campaign, first)
    for place in letter.places.all():
        client.post(letter.get_absolute_url(), {"place": place.pk, "action": "confirm"})
    url = f"/fr/admin/campaigns/campaign/{campaign.pk}/change/"
    assert publisher_client.post(url, {"remind": "1"}).status_code == 302
    reminders = OutgoingMessage.objects.filter(kind="campaign-reminder")
    assert [m.to for m in reminders] == ["info@autre.example"]
    assert letter_of(campaign, second).get_absolute_url() in reminders[0].body
    publisher_client.post(url, {"remind": "1"})
    assert reminders.count() == 1  # once
    assert "Send one reminder" not in publisher_client.get(url).content.decode()


@pytest.mark.django_db
def test_contacts_are_kept_in_the_admin(publisher_client):
    organization = OrganizationFactory()
    response = publisher_client.post(
        "/fr/admin/campaigns/campaigncontact/add/",
        {"organization": organization.pk, "email": "x@example.org", "language": "uk"},
    )
    assert response.status_code == 302
    assert CampaignContact.objects.get().language == "uk"


@pytest.mark.django_db
def test_publishers_read_the_campaigns_contacts_and_mail_lists(publisher_client, campaign):
    for path in (
        "/fr/admin/campaigns/campaign/",
        "/fr/admin/campaigns/campaigncontact/",
        "/fr/admin/outbox/outgoingmessage/?kind=campaign",
    ):
        page = publisher_client.get(path)
        assert page.status_code == 200, path
    assert "Hiver 2026" in publisher_client.get("/fr/admin/campaigns/campaign/").content.decode()
    assert (
        "contact@soins.example"
        in publisher_client.get("/fr/admin/outbox/outgoingmessage/").content.decode()
    )


@pytest.mark.django_db
def test_editors_see_no_campaign(editor_client, campaign):
    url = f"/fr/admin/campaigns/campaign/{campaign.pk}/change/"
    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {"remind": "1"}).status_code == 403


@pytest.mark.django_db
def test_a_publisher_ends_a_campaign_early(client, publisher_client, campaign, two_organizations):
    from django.core import mail
    from django.core.management import call_command

    first, second, places = two_organizations
    letter = letter_of(campaign, first)
    place = letter.places.first()
    client.post(letter.get_absolute_url(), {"place": place.pk, "action": "confirm"})
    url = f"/fr/admin/campaigns/campaign/{campaign.pk}/change/"
    assert "Terminer la campagne maintenant" in publisher_client.get(url).content.decode()

    page = publisher_client.post(url, {"end": "1"}, follow=True)

    assert "2 e-mails pas encore envoyés ont été annulés" in page.content.decode()
    # Its links stop working; the answer already given stays.
    assert client.get(letter.get_absolute_url()).status_code == 410
    assert CampaignPlace.objects.get(pk=place.pk).answer == "confirmed"
    # Its e-mails not yet sent are never sent.
    call_command("send_queued_mail", stdout=io.StringIO())
    assert mail.outbox == []
    assert set(OutgoingMessage.objects.values_list("state", flat=True)) == {"cancelled"}
    # No reminder, no second ending.
    html = publisher_client.get(url).content.decode()
    assert "Terminer la campagne maintenant" not in html
    assert "Send one reminder" not in html and "Envoyer une relance" not in html
    page = publisher_client.post(url, {"end": "1"}, follow=True)
    assert "Cette campagne était déjà terminée." in page.content.decode()


@pytest.mark.django_db
def test_a_sent_letter_is_not_cancelled_and_editors_cannot_end(
    editor_client, campaign, two_organizations
):
    first, _second, _places = two_organizations
    sent = letter_of(campaign, first).message
    sent.state = "sent"
    sent.save()
    assert services.end(campaign) == 1  # the other organisation's e-mail only
    sent.refresh_from_db()
    assert sent.state == "sent"
    url = f"/fr/admin/campaigns/campaign/{campaign.pk}/change/"
    assert editor_client.post(url, {"end": "1"}).status_code == 403


@pytest.mark.django_db
def test_a_place_waiting_for_an_answer_is_not_asked_again(
    client, publisher, publisher_client, campaign, two_organizations
):
    first, second, places = two_organizations
    letter = letter_of(campaign, first)
    answered = letter.places.get(center=places["a"])
    client.post(letter.get_absolute_url(), {"place": answered.pk, "action": "confirm"})
    data = {"name": "Printemps", "states": ["advised", "required"]}
    page = publisher_client.post("/fr/admin/campaigns/campaign/add/", data).content.decode()
    # Centre A was confirmed today: no longer due; B, C and the other one wait for an answer.
    assert "3 lieux déjà demandés dans une campagne ouverte" in page
    second_campaign = services.start("Printemps", services.places_due(), publisher)
    assert second_campaign.letters.count() == 0
    # Once the first campaign has ended, they may be asked again.
    services.end(campaign)
    third = services.start("Été", services.places_due(), publisher)
    asked = set(
        CampaignPlace.objects.filter(letter__campaign=third).values_list("center", flat=True)
    )
    assert asked == {places["b"].pk, places["c"].pk, places["other"].pk}
