"""Staff preview: a record that is not public, on its public page with ?preview=1 (core.preview)."""

import datetime
import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone, translation

from core.models import Status
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    OrganizationFactory,
    ProgramFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

BANNER = re.compile(r'<div class="notice preview-banner"[^>]*>.*?</div>', re.S)
LATER = datetime.timedelta(days=10)

FACTORIES = {
    "place": (CenterFactory, "name"),
    "program": (ProgramFactory, "title"),
    "organisation": (OrganizationFactory, "name"),
}


def make(kind, **kwargs):
    factory, title = FACTORIES[kind]
    obj = factory(**kwargs)
    return obj, getattr(obj, f"{title}_fr"), getattr(obj, f"{title}_en")


def url(obj, language="fr", preview=True):
    with translation.override(language):
        path = obj.get_absolute_url()
    return f"{path}?preview=1" if preview else path


def banner(response):
    found = BANNER.search(response.content.decode())
    return found.group(0) if found else None


def assert_private(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control, response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


# -- who sees a preview --------------------------------------------------------------------


@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("role", ["editor_client", "publisher_client"])
def test_staff_see_a_draft_as_it_will_look_under_a_banner(kind, role, request):
    client = request.getfixturevalue(role)
    draft, title_fr, title_en = make(kind, status=Status.DRAFT)

    response = client.get(url(draft, "en"))
    assert response.status_code == 200
    page = response.content.decode()
    assert title_en in page
    assert "Preview — this page is not public (state: draft)" in banner(response)
    assert_private(response)

    response = client.get(url(draft, "fr"))
    assert response.status_code == 200
    assert title_fr in response.content.decode()
    assert "brouillon" in banner(response)
    assert_private(response)


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"status": Status.IN_REVIEW}, "(state: in review)"),
        ({"status": Status.ARCHIVED}, "(state: archived)"),
        ({"status": Status.PUBLISHED, "publish_at": "later"}, "(state: scheduled, goes online on "),
        ({"status": Status.PUBLISHED, "unpublish_at": "earlier"}, "(state: offline since "),
    ],
)
def test_the_banner_says_why_the_record_is_not_public(editor_client, fields, state):
    now = timezone.now()
    fields = {
        k: {"later": now + LATER, "earlier": now - LATER}.get(v, v) for k, v in fields.items()
    }
    if "unpublish_at" in fields:
        fields["publish_at"] = now - 2 * LATER
    center, _fr, title_en = make("place", **fields)
    response = editor_client.get(url(center, "en"))
    assert response.status_code == 200
    assert state in banner(response)
    assert title_en in response.content.decode()


@pytest.mark.parametrize("kind", FACTORIES)
def test_without_the_parameter_staff_get_the_public_answer(editor_client, publisher_client, kind):
    draft, _fr, _en = make(kind, status=Status.DRAFT)
    for client in (editor_client, publisher_client):
        assert client.get(url(draft, preview=False)).status_code == 404
        assert (
            client.get(url(draft, preview=False).replace("?", "") + "?preview=yes").status_code
            == 404
        )


@pytest.mark.parametrize("kind", FACTORIES)
def test_preview_changes_nothing_for_the_public_and_funders(client, funder_client, kind):
    draft, _fr, _en = make(kind, status=Status.DRAFT)
    for visitor in (client, funder_client):
        response = visitor.get(url(draft))
        assert response.status_code == 404
        assert banner(response) is None


def test_staff_without_the_view_permission_get_no_preview(client, django_user_model):
    """A staff account in no group (no view permission) is treated like the public."""
    from tests.accounts_fixtures import make_user

    client.force_login(make_user(None, staff=True, username="staff-no-rights"))
    draft, _fr, _en = make("place", status=Status.DRAFT)
    assert client.get(url(draft)).status_code == 404


def test_a_public_record_with_the_parameter_has_no_banner(editor_client, client):
    center, title_fr, _en = make("place")
    response = editor_client.get(url(center))
    assert response.status_code == 200 and title_fr in response.content.decode()
    assert banner(response) is None
    # The public asking for a preview gets the ordinary page, cacheable as usual.
    response = client.get(url(center))
    assert response.status_code == 200 and banner(response) is None
    assert "no-store" not in response.get("Cache-Control", "")
    assert "X-Robots-Tag" not in response


def test_public_pages_keep_their_ordinary_headers(client):
    center, _fr, _en = make("place")
    response = client.get(url(center, preview=False))
    assert "no-store" not in response.get("Cache-Control", "")
    assert "X-Robots-Tag" not in response


def test_the_banner_has_no_inline_style(editor_client):
    draft, _fr, _en = make("program", status=Status.DRAFT)
    html = banner(editor_client.get(url(draft)))
    assert html and "style" not in html.replace('class="notice preview-banner"', "")
    assert 'role="status"' in html


# -- only the record itself is previewed ----------------------------------------------------


def test_related_rows_stay_published_only(editor_client):
    lead = OrganizationFactory(name="Association de tête")
    program = ProgramFactory(status=Status.DRAFT, lead_organization=lead)
    GrantFactory(program=program, purpose="Subvention publiée pour les consultations")
    GrantFactory(program=program, status=Status.DRAFT, purpose="Subvention en brouillon zz-hidden")
    program.partners.add(
        OrganizationFactory(status=Status.DRAFT, name="Partenaire brouillon zz-hidden")
    )
    KeyFigureFactory(
        subject=program, status=Status.IN_REVIEW, label="chiffre en relecture zz-hidden"
    )
    KeyFigureFactory(subject=program, label="consultations publiées")

    page = editor_client.get(url(program)).content.decode()
    assert "consultations publiées" in page
    assert "Association de tête" in page
    assert "zz-hidden" not in page


def test_a_draft_place_run_by_a_draft_organisation(editor_client):
    operator = OrganizationFactory(status=Status.DRAFT)
    center = CenterFactory(status=Status.DRAFT, operator=operator)
    assert editor_client.get(url(center)).status_code == 200
    # The operator's own page is a preview too, not a public page.
    assert editor_client.get(url(operator, preview=False)).status_code == 404


@pytest.mark.parametrize("name", ["centers:center-sheet", "centers:center-report"])
def test_only_the_page_of_the_record_is_previewed(editor_client, name):
    from django.urls import reverse

    draft = CenterFactory(status=Status.DRAFT)
    assert (
        editor_client.get(reverse(name, kwargs={"slug": draft.slug}) + "?preview=1").status_code
        == 404
    )


# -- the timeline: events on their way ------------------------------------------------------


def test_the_timeline_preview_shows_events_on_their_way(editor_client, client):
    org = OrganizationFactory()
    EventFactory(organization=org, title="Fondation publiée")
    EventFactory(organization=org, status=Status.DRAFT, title="Événement en brouillon")
    EventFactory(
        organization=org,
        status=Status.PUBLISHED,
        publish_at=timezone.now() + LATER,
        title="Événement programmé",
    )
    EventFactory(organization=org, status=Status.ARCHIVED, title="Événement archivé")
    EventFactory(
        organization=OrganizationFactory(status=Status.DRAFT),
        status=Status.DRAFT,
        title="Autre brouillon",
    )
    with translation.override("en"):
        from django.urls import reverse

        timeline = reverse("history:timeline")

    response = editor_client.get(timeline + "?preview=1")
    page = response.content.decode()
    assert "Fondation publiée" in page
    assert "Événement en brouillon" in page and "Événement programmé" in page
    # Archived events are not on their way; the organisation of an event stays published-only.
    assert "Événement archivé" not in page and "Autre brouillon" not in page
    assert "Preview — this page shows 2 records that are not public" in banner(response)
    assert_private(response)

    for visitor, query in ((client, "?preview=1"), (editor_client, "")):
        response = visitor.get(timeline + query)
        page = response.content.decode()
        assert "Fondation publiée" in page and "brouillon" not in page and "programmé" not in page
        assert banner(response) is None


def test_the_timeline_preview_without_anything_hidden_has_no_banner(editor_client):
    EventFactory(title="Fondation publiée")
    response = editor_client.get("/fr/history/?preview=1")
    assert "Fondation publiée" in response.content.decode()
    assert banner(response) is None
    assert_private(response)


# -- the admin's "view on site" -------------------------------------------------------------


def view_on_site(obj, user):
    request = RequestFactory().get("/fr/admin/")
    request.user = user
    return admin.site._registry[type(obj)].get_view_on_site_url(obj)


def test_view_on_site_opens_the_preview_of_what_is_not_public(editor):
    draft = CenterFactory(status=Status.DRAFT)
    assert view_on_site(draft, editor) == f"/fr/places/{draft.slug}/?preview=1"
    event = EventFactory(status=Status.IN_REVIEW)
    assert view_on_site(event, editor) == f"/fr/history/?preview=1#event-{event.slug}"
    scheduled = ProgramFactory(publish_at=timezone.now() + LATER)
    assert view_on_site(scheduled, editor).endswith(f"/programs/{scheduled.slug}/?preview=1")


def test_view_on_site_is_unchanged_for_public_records(editor):
    published = CenterFactory()
    assert "preview" not in view_on_site(published, editor)
    assert view_on_site(published, editor) == admin.site._registry[
        type(published)
    ].get_view_on_site_url(published)


def test_the_change_page_links_to_the_preview(editor_client):
    draft = OrganizationFactory(status=Status.DRAFT)
    from django.urls import reverse

    page = editor_client.get(
        reverse("admin:partners_organization_change", args=[draft.pk])
    ).content.decode()
    assert f'href="/fr/partners/{draft.slug}/?preview=1"' in page
    preview = editor_client.get(f"/fr/partners/{draft.slug}/?preview=1")
    assert preview.status_code == 200 and banner(preview)
