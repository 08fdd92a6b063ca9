"""What the public sees: one rule per model, `public()` on its QuerySet, read everywhere.

A grant is public when it, its program, its funder and its recipient (when one is named) are;
an event when it and its organisation are; a relationship when it and both its organisations
are; a place when it is published and a care place. The pages, filters, sitemap, search,
open-data files and the funders' space's "on the public site" link all follow it.
"""

import ast
import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from centers.models import Center, CenterKind
from core.models import Status
from history.models import Event
from partners.models import Organization, Relationship
from programs.models import Grant
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    OrganizationFactory,
    ProgramFactory,
    RelationshipFactory,
)
from tests.funders.conftest import make_funder

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FUTURE = datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)


def page(client, name, *args, query=None, lang="en"):
    with translation.override(lang):
        path = reverse(name, args=args or None)
    response = client.get(path, query or {})
    return response.status_code, response.content.decode()


@pytest.fixture
def grants():
    """One public grant and one grant made non-public by each record it needs."""
    draft = {"status": Status.DRAFT}
    return {
        "public": GrantFactory(slug="public-grant"),
        "no recipient named": GrantFactory(slug="no-recipient", recipient=None),
        "draft grant": GrantFactory(slug="draft-grant", **draft),
        "scheduled grant": GrantFactory(slug="scheduled-grant", publish_at=FUTURE),
        "draft program": GrantFactory(slug="draft-program", program=ProgramFactory(**draft)),
        "draft funder": GrantFactory(slug="draft-funder", funder=OrganizationFactory(**draft)),
        "draft recipient": GrantFactory(
            slug="draft-recipient", recipient=OrganizationFactory(**draft)
        ),
        "archived recipient": GrantFactory(
            slug="archived-recipient", recipient=OrganizationFactory(status=Status.ARCHIVED)
        ),
    }


PUBLIC_GRANTS = {"public", "no recipient named"}


class TestGrant:
    def test_public_needs_the_grant_its_program_its_funder_and_its_named_recipient(self, grants):
        shown = {name for name, grant in grants.items() if grant in Grant.objects.public()}
        assert shown == PUBLIC_GRANTS

    def test_the_annotation_agrees_with_public(self, grants):
        flags = dict(Grant.objects.with_public_flag("shown").values_list("slug", "shown"))
        assert {name for name, grant in grants.items() if flags[grant.slug]} == PUBLIC_GRANTS

    def test_at_an_instant(self, grants):
        later = FUTURE + datetime.timedelta(days=1)
        assert grants["scheduled grant"] in Grant.objects.public(later)
        assert grants["scheduled grant"] not in Grant.objects.public()

    def test_via_leaves_out_the_relation_a_page_arrives_through(self, grants):
        assert grants["draft program"] in Grant.objects.public(via="program")
        assert grants["draft funder"] in Grant.objects.public(via="funder")
        assert grants["draft recipient"] not in Grant.objects.public(via="funder")
        assert grants["draft grant"] not in Grant.objects.public(via="program")

    def test_every_public_page_and_file_follows_it(self, client, grants):
        hidden = [grant for name, grant in grants.items() if name not in PUBLIC_GRANTS]
        for grant in grants.values():
            status, _html = page(client, "grants:grant-detail", grant.slug)
            assert status == (200 if grant in Grant.objects.public() else 404), grant.slug
        _status, index = page(client, "grants:grant-list")
        sitemap = client.get("/sitemap-grants.xml").content.decode()
        for grant in hidden:
            assert f"/{grant.slug}/" not in index
            assert f"/{grant.slug}/" not in sitemap

    def test_the_program_filter_offers_no_funder_of_a_hidden_grant_only(self, client):
        funder = OrganizationFactory(
            name="Fondation discrète", name_en="Quiet foundation", slug="quiet"
        )
        GrantFactory(funder=funder, recipient=OrganizationFactory(status=Status.DRAFT))
        _status, html = page(client, "programs:program-list")
        assert "Quiet foundation" not in html
        status, html = page(client, "programs:program-list", query={"organization": "quiet"})
        assert status == 400


class TestEvent:
    def test_an_event_of_a_draft_organisation_is_nowhere_public(self, client):
        draft_org = OrganizationFactory(status=Status.DRAFT)
        hidden = EventFactory(
            organization=draft_org,
            title_en="Secret founding",
            slug="secret",
            starts_on=datetime.date(2001, 1, 1),
        )
        shown = EventFactory(
            title_en="Open founding", slug="open", starts_on=datetime.date(2000, 1, 1)
        )
        assert list(Event.objects.public()) == [shown]
        assert hidden not in Event.objects.public(preview=True)
        for name, query in (
            ("history:timeline", {}),
            ("network:home", {}),
            ("network:search", {"q": "founding"}),
        ):
            _status, html = page(client, name, query=query)
            assert "Secret founding" not in html, name
            assert "Open founding" in html, name

    def test_a_preview_adds_the_drafts_of_public_organisations_only(self):
        draft_of_public = EventFactory(status=Status.DRAFT)
        draft_of_draft = EventFactory(
            status=Status.DRAFT, organization=OrganizationFactory(status=Status.DRAFT)
        )
        archived = EventFactory(status=Status.ARCHIVED)
        previewed = set(Event.objects.public(preview=True))
        assert draft_of_public in previewed
        assert draft_of_draft not in previewed
        assert archived not in previewed


class TestRelationshipAndPlace:
    def test_a_relationship_needs_both_organisations(self):
        shown = RelationshipFactory()
        RelationshipFactory(target=OrganizationFactory(status=Status.DRAFT))
        RelationshipFactory(source=OrganizationFactory(status=Status.DRAFT))
        assert list(Relationship.objects.public()) == [shown]

    def test_a_place_is_public_when_published_and_a_care_place(self):
        caso = CenterFactory(kind=CenterKind.CASO)
        CenterFactory(kind=CenterKind.DOCUMENTATION)
        CenterFactory(status=Status.DRAFT)
        CenterFactory(unpublish_at=timezone.now() - datetime.timedelta(minutes=1))
        assert list(Center.objects.public()) == [caso]

    def test_an_organisation_is_public_when_published(self):
        shown = OrganizationFactory()
        OrganizationFactory(status=Status.IN_REVIEW)
        assert list(Organization.objects.public()) == [shown]


class TestFundersSpace:
    def test_the_public_site_link_only_for_a_grant_the_public_sees(self, client):
        funder = OrganizationFactory(slug="fondation-x")
        shown = GrantFactory(funder=funder, slug="shown")
        hidden = GrantFactory(
            funder=funder, slug="hidden", recipient=OrganizationFactory(status=Status.DRAFT)
        )
        client.force_login(make_funder(funder, "member-x"))
        link = "This grant on the public site"
        _status, html = page(client, "funders:grant-detail", shown.slug)
        assert link in html
        _status, html = page(client, "funders:grant-detail", hidden.slug)
        assert link not in html


def test_no_module_restates_the_rule():
    """Outside core/models.py, only the funders' own view of their grants reads `published()`."""
    allowed = {"core/models.py", "funders/models.py"}
    callers = set()
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if (
            relative.split("/")[0] in {"tests", ".venv", "node_modules"}
            or "/migrations/" in relative
        ):
            continue
        for node in ast.walk(ast.parse(path.read_text(), relative)):
            if isinstance(node, ast.Attribute) and node.attr == "published":
                callers.add(relative)
    assert callers <= allowed, sorted(callers - allowed)
