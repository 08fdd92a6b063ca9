"""An organisation's link: only its places, one answer each; confirm, propose, closed for
good; the answers once all are given; expired after 30 days; a forged token is a 404."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.models import Answer, CampaignPlace
from centers.models import Center, CorrectionReport
from core.models import Status
from outbox.models import OutgoingMessage

from .conftest import letter_of


def place_of(letter, center):
    return CampaignPlace.objects.get(letter=letter, center=center)


def answer(client, letter, place, action, **data):
    url = letter.get_absolute_url()
    return client.post(url, {"place": place.pk, "action": action, **data})


@pytest.mark.django_db
def test_each_organisation_gets_one_email_listing_its_places_in_its_language(
    campaign, two_organizations
):
    first, second, places = two_organizations
    assert campaign.letters.count() == 2
    french = OutgoingMessage.objects.get(to="contact@soins.example")
    assert french.kind == "campaign" and french.language == "fr"
    for name in ("Centre A", "Centre B", "Centre C"):
        assert name in french.body
    assert "Centre Autre" not in french.body and "Centre frais" not in french.body
    assert letter_of(campaign, first).get_absolute_url() in french.body
    arabic = OutgoingMessage.objects.get(to="info@autre.example")
    assert arabic.language == "ar" and "/ar/verify/" in arabic.body
    assert "- Centre Autre\n" in arabic.body and "- Centre A\n" not in arabic.body
    assert mail.outbox == []  # queued, not sent


@pytest.mark.django_db
def test_the_link_shows_only_its_organisations_places_and_records_its_first_use(
    client, campaign, two_organizations
):
    first, _second, _places = two_organizations
    letter = letter_of(campaign, first)
    assert letter.first_visited_at is None
    page = client.get(letter.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Centre A" in html and "Centre C" in html and "Centre Autre" not in html
    assert page["X-Robots-Tag"] == "noindex" and "no-store" in page["Cache-Control"]
    letter.refresh_from_db()
    first_use = letter.first_visited_at
    assert first_use is not None
    client.get(letter.get_absolute_url())
    letter.refresh_from_db()
    assert letter.first_visited_at == first_use


@pytest.mark.django_db
def test_a_forged_or_altered_token_is_not_found(client, campaign, two_organizations):
    first, second, _places = two_organizations
    # The second letter's number with the first letter's signature.
    _payload, signature = letter_of(campaign, first).token.split(":")
    payload = letter_of(campaign, second).token.split(":")[0]
    assert client.get(f"/fr/verify/{payload}:{signature}/").status_code == 404
    assert client.get(f"/fr/verify/{letter_of(campaign, second).token}/").status_code == 200
    assert client.get("/fr/verify/not-a-token/").status_code == 404


@pytest.mark.django_db
def test_another_organisations_place_cannot_be_answered_through_a_link(
    client, campaign, two_organizations
):
    first, second, places = two_organizations
    letter = letter_of(campaign, first)
    theirs = place_of(letter_of(campaign, second), places["other"])
    response = answer(client, letter, theirs, "confirm")
    assert response.status_code == 400
    assert "not one of yours" in response.content.decode() or response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.answer == Answer.NONE
    places["other"].refresh_from_db()
    assert places["other"].last_verified_on != timezone.localdate()


@pytest.mark.django_db
def test_still_correct_verifies_the_place_today_with_a_version_naming_the_organisation(
    client, campaign, two_organizations
):
    from reversion.models import Version

    first, _second, places = two_organizations
    letter = letter_of(campaign, first)
    response = answer(client, letter, place_of(letter, places["a"]), "confirm")
    assert response.status_code == 302
    places["a"].refresh_from_db()
    assert places["a"].last_verified_on == timezone.localdate()
    version = Version.objects.get_for_object(places["a"]).first()
    assert "Soins Solidaires" in version.revision.comment
    assert "Hiver 2026" in version.revision.comment
    public = client.get(places["a"].get_absolute_url()).content.decode()
    assert timezone.localdate().strftime("%Y") in public
    assert "peuvent ne plus être à jour" not in public and "may be out of date" not in public
    again = answer(client, letter, place_of(letter, places["a"]), "confirm")
    assert again.status_code == 400  # one answer per place


@pytest.mark.django_db
def test_proposing_changes_needs_a_text_and_goes_to_the_staffs_queue(
    client, campaign, two_organizations
):
    first, _second, places = two_organizations
    letter = letter_of(campaign, first)
    place = place_of(letter, places["b"])
    empty = answer(client, letter, place, "changes", text="  ")
    assert empty.status_code == 400
    response = answer(client, letter, place, "changes", text="Ouvert le mardi de 9 h à 12 h")
    assert response.status_code == 302
    report = CorrectionReport.objects.get(center=places["b"])
    assert "mardi" in report.message and "Soins Solidaires" in report.message
    assert not report.urgent
    place.refresh_from_db()
    assert place.answer == Answer.CHANGED and place.report == report
    places["b"].refresh_from_db()
    assert places["b"].last_verified_on != timezone.localdate()
    assert "mardi" not in client.get(places["b"].get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_closed_for_good_goes_to_review_urgently_and_never_closes_the_public_page(
    client, campaign, two_organizations, publisher
):
    first, _second, places = two_organizations
    letter = letter_of(campaign, first)
    place = place_of(letter, places["c"])
    unticked = answer(client, letter, place, "closed", text="Fermé")
    assert unticked.status_code == 400
    before = client.get(places["c"].get_absolute_url())
    response = answer(client, letter, place, "closed", closed_for_good="on", text="Fermé en mai")
    assert response.status_code == 302
    assert mail.outbox == []  # nothing sent from a request: queued only
    center = Center.objects.get(pk=places["c"].pk)
    assert center.status == Status.PUBLISHED and center.is_public
    after = client.get(center.get_absolute_url())
    assert after.status_code == 200 and before.status_code == 200
    report = CorrectionReport.objects.get(center=center)
    assert report.urgent and "Fermé en mai" in report.message
    notice = OutgoingMessage.objects.get(kind="closure")
    assert notice.to == publisher.email and "Centre C" in notice.subject


@pytest.mark.django_db
def test_once_every_place_is_answered_the_link_shows_the_answers(
    client, campaign, two_organizations
):
    first, _second, places = two_organizations
    letter = letter_of(campaign, first)
    answer(client, letter, place_of(letter, places["a"]), "confirm")
    answer(client, letter, place_of(letter, places["b"]), "changes", text="Nouveau téléphone")
    page = client.get(letter.get_absolute_url()).content.decode()
    assert 'name="action"' in page  # Centre C still waits
    answer(client, letter, place_of(letter, places["c"]), "confirm")
    page = client.get(letter.get_absolute_url()).content.decode()
    assert 'name="action"' not in page
    assert "Centre A" in page and "Centre B" in page and "Centre C" in page
    assert "modifications proposées" in page and "toujours exact" in page


@pytest.mark.django_db
def test_the_link_expires_after_30_days(client, campaign, two_organizations, monkeypatch):
    first, _second, places = two_organizations
    letter = letter_of(campaign, first)
    started = timezone.now()

    def clock(delta):
        monkeypatch.setattr(timezone, "now", lambda: started + delta)

    clock(datetime.timedelta(days=29, hours=23))
    assert client.get(letter.get_absolute_url()).status_code == 200
    clock(datetime.timedelta(days=30, minutes=1))
    page = client.get(letter.get_absolute_url())
    assert page.status_code == 410
    assert "expiré" in page.content.decode()
    assert 'name="action"' not in page.content.decode()
    late = answer(client, letter, place_of(letter, places["a"]), "confirm")
    assert late.status_code == 410
    places["a"].refresh_from_db()
    assert places["a"].last_verified_on != timezone.localdate()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en", "ar", "fa", "ps", "uk", "ru"])
def test_the_link_page_speaks_every_language_of_the_site(
    client, campaign, two_organizations, language
):
    first, _second, _places = two_organizations
    letter = letter_of(campaign, first)
    page = client.get(letter.get_absolute_url(language))
    assert page.status_code == 200
    assert f'lang="{language}"' in page.content.decode()
