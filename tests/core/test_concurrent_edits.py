"""No lost update: two staff members who edit the same record at once. The second save is
refused with what changed meanwhile, and so is the approval of a change proposed on a version
that is no longer the latest."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core import workflow
from core.models import PendingChange, PendingChangeStatus
from tests.core.test_admin import form_values
from tests.core.test_workflow import messages_of, save_version, sign_in
from tests.factories import CenterFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]


def admin(name, *args):
    with translation.override("fr"):
        return reverse(f"admin:{name}", args=args)


def errors_of(response):
    return [str(e) for e in response.context["adminform"].form.non_field_errors()]


def test_the_second_of_two_simultaneous_saves_is_refused_with_what_changed():
    center = CenterFactory(name_fr="Centre Nord", summary_fr="Consultations le matin.")
    save_version(center)
    first, second = Client(), Client()
    alice = sign_in(first, "Publishers")
    sign_in(second, "Publishers")
    url = admin("centers_center_change", center.pk)
    # Both open the same form.
    first_form, second_form = first.get(url), second.get(url)
    # The first saves a new name.
    saved = first.post(url, form_values(first_form, name_fr="Centre Nord-Est"))
    assert saved.status_code == 302
    # The second, who still sees the old name, saves a new summary over it.
    refused = second.post(url, form_values(second_form, summary_fr="Consultations le soir."))
    assert refused.status_code == 200
    errors = errors_of(refused)
    assert any(alice.username in e and "Rien n’a été enregistré" in e for e in errors), errors
    assert any("Centre Nord" in e and "→" in e and "Centre Nord-Est" in e for e in errors), errors
    # What the second typed is still in the form; nothing of it was saved.
    assert "Consultations le soir." in refused.content.decode()
    center.refresh_from_db()
    assert (center.name_fr, center.summary_fr) == ("Centre Nord-Est", "Consultations le matin.")
    # Saving again, after reading what changed, is a deliberate choice: it goes through.
    again = second.post(url, form_values(refused, name_fr="Centre Nord-Est"))
    assert again.status_code == 302
    center.refresh_from_db()
    assert (center.name_fr, center.summary_fr) == ("Centre Nord-Est", "Consultations le soir.")


def test_a_save_with_nothing_newer_in_between_goes_through():
    center = CenterFactory(name_fr="Centre Sud")
    client = Client()
    sign_in(client, "Publishers")
    url = admin("centers_center_change", center.pk)
    page = client.get(url)
    assert 'name="seen_updated_at"' in page.content.decode()
    assert client.post(url, form_values(page, name_fr="Centre Sud-Ouest")).status_code == 302
    center.refresh_from_db()
    assert center.name_fr == "Centre Sud-Ouest"


def test_an_editors_proposal_over_a_newer_version_is_refused_too():
    center = CenterFactory(name_fr="Centre Ouest", summary_fr="Avant.")
    save_version(center)
    editor, publisher = Client(), Client()
    sign_in(editor, "Editors")
    sign_in(publisher, "Publishers")
    url = admin("centers_center_change", center.pk)
    editor_form = editor.get(url)
    publisher.post(url, form_values(publisher.get(url), summary_fr="Après."))
    refused = editor.post(url, form_values(editor_form, name_fr="Centre de l'Ouest"))
    assert refused.status_code == 200 and errors_of(refused)
    assert not PendingChange.objects.exists()


def test_approving_a_change_proposed_on_an_older_version_is_refused():
    center = CenterFactory(name_fr="Centre Est", summary_fr="Consultations le matin.")
    save_version(center)
    author = UserFactory(username="editrice", is_staff=True)
    center.name_fr = "Centre de l'Est"
    change = workflow.propose_change(center, author)
    # Meanwhile a publisher changes the summary.
    center.refresh_from_db()
    center.summary_fr = "Consultations le soir."
    save_version(center)
    client = Client()
    sign_in(client, "Publishers")
    url = admin("core_pendingchange_change", change.pk)
    response = client.post(url, {"_approve": "1", "review_comment": ""}, follow=True)
    said = " ".join(messages_of(response))
    assert "Consultations le matin." in said and "Consultations le soir." in said, said
    assert "n’a pas été appliquée" in said, said
    change.refresh_from_db()
    center.refresh_from_db()
    assert change.status == PendingChangeStatus.PENDING
    assert (center.name_fr, center.summary_fr) == ("Centre Est", "Consultations le soir.")
    # Still open for review: the publisher rejects it with a word for its author.
    assert response.request["PATH_INFO"] == url


def test_approving_a_change_on_the_latest_version_still_works():
    center = CenterFactory(name_fr="Centre Centre")
    save_version(center)
    center.name_fr = "Centre-Ville"
    change = workflow.propose_change(center, UserFactory(username="editeur", is_staff=True))
    client = Client()
    sign_in(client, "Publishers")
    client.post(admin("core_pendingchange_change", change.pk), {"_approve": "1"})
    center.refresh_from_db()
    assert center.name_fr == "Centre-Ville"
