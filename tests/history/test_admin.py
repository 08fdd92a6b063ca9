"""Admin of events and of the laws and publications they mention."""

import datetime

import pytest
from django.contrib import admin
from reversion.revisions import _get_options

from core.models import KeyFigure
from history.admin import EventInline
from history.models import Event, Reference
from partners.models import Organization
from tests.conftest import ADMIN_PAGE_QUERIES, in_french
from tests.core.test_admin import (
    KEY_FIGURES_PREFIX,
    add_inline_rows,
    admin_url,
    errors_in,
    form_values,
    results_table,
)
from tests.factories import EventFactory, KeyFigureFactory, OrganizationFactory, ReferenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]


def test_event_changelist_shows_date_and_organisation_and_finds_by_either_title(
    admin_client, django_assert_max_num_queries
):
    org = OrganizationFactory(name_fr="Migrations Santé France")
    EventFactory(
        organization=org,
        title_fr="Création du comité",
        title_en="The committee is founded",
        starts_on=datetime.date(1970, 2, 19),
        starts_precision="day",
    )
    EventFactory(title_fr="Autre événement")
    url = admin_url("history_event_changelist")

    with django_assert_max_num_queries(ADMIN_PAGE_QUERIES):
        page = results_table(admin_client.get(url))
    assert "Création du comité" in page and "Migrations Santé France" in page
    assert "1970" in page

    for term in ("comité", "founded", "Santé France"):
        found = results_table(admin_client.get(url, {"q": term}))
        assert "Création du comité" in found and "Autre événement" not in found, term


def test_event_add_and_change_pages_have_key_figures_inline(admin_client):
    add = admin_client.get(admin_url("history_event_add")).content.decode()
    assert f'name="{KEY_FIGURES_PREFIX}-TOTAL_FORMS" value="0"' in add
    event = EventFactory()
    KeyFigureFactory(subject=event, label_fr="associations affiliées")
    response = admin_client.get(admin_url("history_event_change", event.pk))
    page = response.content.decode()
    assert f'name="{KEY_FIGURES_PREFIX}-TOTAL_FORMS" value="1"' in page
    assert "associations affiliées" in page
    assert response.context["adminform"].model_admin.get_view_on_site_url(event) in page


def test_add_event_with_a_key_figure(admin_client, admin_user):
    org = OrganizationFactory()
    law = ReferenceFactory(title_fr="Loi HPST")
    add = admin_client.get(admin_url("history_event_add"))
    data = form_values(
        add,
        title_fr="Le réseau compte 40 associations",
        title_en="The network has 40 associations",
        slug="reseau-40",
        category="network",
        starts_on="2009-01-01",
        starts_precision="year",
        organization=str(org.pk),
        references=[str(law.pk)],
        status="published",
    )
    add_inline_rows(
        data,
        KEY_FIGURES_PREFIX,
        {
            "value": "40",
            "qualifier": "about",
            "unit": "number",
            "label_fr": "associations",
            "position": "0",
            "status": "published",
            "source_document": "staff",
        },
    )
    response = admin_client.post(admin_url("history_event_add"), data)
    assert response.status_code == 302, errors_in(response)
    event = Event.objects.get(slug="reseau-40")
    assert event.title_en == "The network has 40 associations"
    assert list(event.references.all()) == [law]
    assert event.source_entered_by == admin_user
    assert KeyFigure.objects.get(event=event).source_entered_by == admin_user


def test_edit_event_and_refuse_an_ongoing_event_with_an_end(admin_client):
    event = EventFactory(title_fr="Programme santé")
    change = admin_client.get(admin_url("history_event_change", event.pk))
    ok = admin_client.post(
        admin_url("history_event_change", event.pk), form_values(change, planned="on")
    )
    assert ok.status_code == 302, errors_in(ok)
    event.refresh_from_db()
    assert event.planned

    change = admin_client.get(admin_url("history_event_change", event.pk))
    data = form_values(change, ongoing="on", ends_on="2016-01-01", ends_precision="year")
    response = admin_client.post(admin_url("history_event_change", event.pk), data)
    assert response.status_code == 200
    assert in_french("An ongoing event has no end date.") in errors_in(response)
    event.refresh_from_db()
    assert event.ends_on is None


def test_key_figure_inline_with_a_zero_value_is_refused(admin_client):
    event = EventFactory()
    change = admin_client.get(admin_url("history_event_change", event.pk))
    data = add_inline_rows(
        form_values(change),
        KEY_FIGURES_PREFIX,
        {
            "value": "0",
            "qualifier": "exact",
            "unit": "number",
            "label_fr": "rien",
            "position": "0",
            "status": "draft",
            "source_document": "staff",
        },
    )
    response = admin_client.post(admin_url("history_event_change", event.pk), data)
    assert response.status_code == 200
    assert in_french("A key figure must be a positive number.") in errors_in(response)
    assert not KeyFigure.objects.exists()


def test_reference_list_search_add_and_change(admin_client):
    law = ReferenceFactory(
        title_fr="Loi Hôpital, patients, santé et territoires",
        title_en="Hospital, Patients, Health and Territories Act",
        short_title_fr="loi HPST",
    )
    ReferenceFactory(title_fr="La Santé des migrants", kind="book")
    url = admin_url("history_reference_changelist")
    assert "Loi Hôpital" in results_table(admin_client.get(url))
    for term in ("HPST", "Territories Act", "Hôpital"):
        found = results_table(admin_client.get(url, {"q": term}))
        assert "Loi Hôpital" in found and "migrants" not in found, term
    add = admin_client.get(admin_url("history_reference_add")).content.decode()
    assert 'name="title_fr"' in add and 'name="short_title_en"' in add
    change = admin_client.get(admin_url("history_reference_change", law.pk)).content.decode()
    assert 'value="Hospital, Patients, Health and Territories Act"' in change


def test_reference_quoting_a_seed_document_without_passage_is_refused(admin_client):
    add = admin_client.get(admin_url("history_reference_add"))
    data = form_values(
        add,
        kind="law",
        title_fr="Loi HPST",
        slug="loi-hpst",
        source_document="004_73bc57bb0516e8bc",
        source_passage="",
    )
    response = admin_client.post(admin_url("history_reference_add"), data)
    assert response.status_code == 200
    assert in_french("A fact from a source document needs its quoted passage.") in errors_in(
        response
    )
    assert not Reference.objects.exists()


def test_the_organisation_admin_holds_its_events_and_its_versions_follow_them():
    """history's admin adds the events inline to partners' organisation admin (history depends
    on partners, not the reverse), and an organisation's versions still include its events."""
    inlines = admin.site._registry[Organization].inlines
    assert [inline.__name__ for inline in inlines] == [
        "OrganizationNameInline",
        "RelationshipFromInline",
        "RelationshipToInline",
        "EventInline",
        "KeyFigureInline",
    ]
    assert EventInline in inlines
    assert _get_options(Organization).follow == (
        "former_names",
        "relationships_from",
        "relationships_to",
        "events",
        "key_figures",
    )
