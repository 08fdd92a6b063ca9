"""Who may do what, written out by hand: each role × each admin screen × each action.

The table below is the specification. It is deliberately literal: it is not derived from the
roles migration nor from the code's permission checks, so that a change there which opens or
closes a door shows up here as a difference to read and accept.
"""

import datetime

import pytest
import reversion
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Revision

from centers.models import CorrectionReport, Territory
from core import workflow
from core.models import PendingChange, Status
from tests.accounts_fixtures import make_user, signed_in_client
from tests.core.test_admin import form_values
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    NoticeFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    ProgramFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

OK = 200
NO = 403
LOGIN = "login"  # 302 to the admin's sign-in page
DONE = "done"  # the bulk action ran: the selected draft is now published
REFUSED = "refused"  # no such action for this role: nothing changed

ACTIONS = ("changelist", "add", "change", "delete", "publish")
ROLES = ("anonymous", "funder", "editor", "publisher", "superuser")

# role -> admin screen -> (changelist, add page, change page, delete page, bulk "publish")
EXPECTED = {
    "anonymous": {
        "organization": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "program": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "grant": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "center": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "event": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "keyfigure": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "openinghours": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "notice": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "territory": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "correctionreport": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "pendingchange": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "revision": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    },
    # Funders are not staff: the admin is closed to them.
    "funder": {
        "organization": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "program": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "grant": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "center": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "event": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "keyfigure": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "openinghours": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "notice": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "territory": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "correctionreport": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "pendingchange": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "revision": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    },
    # Editors write content but publish nothing and delete nothing that is published (the
    # delete page is that of a published record); they read reference data, reports and the
    # changes waiting for review, not the audit list.
    "editor": {
        "organization": (OK, OK, OK, NO, REFUSED),
        "program": (OK, OK, OK, NO, REFUSED),
        "grant": (OK, OK, OK, NO, REFUSED),
        "center": (OK, OK, OK, NO, REFUSED),
        "event": (OK, OK, OK, NO, REFUSED),
        "keyfigure": (OK, OK, OK, NO, REFUSED),
        "openinghours": (OK, OK, OK, OK, REFUSED),
        "notice": (OK, OK, OK, OK, REFUSED),
        "territory": (OK, NO, OK, NO, REFUSED),
        "correctionreport": (OK, NO, OK, NO, REFUSED),
        "pendingchange": (OK, NO, OK, NO, REFUSED),
        "revision": (NO, NO, NO, NO, NO),
    },
    # Publishers publish and delete content, manage reference data, read the audit list.
    "publisher": {
        "organization": (OK, OK, OK, OK, DONE),
        "program": (OK, OK, OK, OK, DONE),
        "grant": (OK, OK, OK, OK, DONE),
        "center": (OK, OK, OK, OK, DONE),
        "event": (OK, OK, OK, OK, DONE),
        "keyfigure": (OK, OK, OK, OK, DONE),
        "openinghours": (OK, OK, OK, OK, REFUSED),
        "notice": (OK, OK, OK, OK, REFUSED),
        "territory": (OK, OK, OK, OK, REFUSED),
        "correctionreport": (OK, NO, OK, NO, REFUSED),
        "pendingchange": (OK, NO, OK, NO, REFUSED),
        "revision": (OK, NO, OK, NO, REFUSED),
    },
    # Reports come from visitors, changes from editors, revisions from saves: nobody adds them.
    "superuser": {
        "organization": (OK, OK, OK, OK, DONE),
        "program": (OK, OK, OK, OK, DONE),
        "grant": (OK, OK, OK, OK, DONE),
        "center": (OK, OK, OK, OK, DONE),
        "event": (OK, OK, OK, OK, DONE),
        "keyfigure": (OK, OK, OK, OK, DONE),
        "openinghours": (OK, OK, OK, OK, REFUSED),
        "notice": (OK, OK, OK, OK, REFUSED),
        "territory": (OK, OK, OK, OK, REFUSED),
        "correctionreport": (OK, NO, OK, OK, REFUSED),
        "pendingchange": (OK, NO, OK, NO, REFUSED),
        "revision": (OK, NO, OK, NO, REFUSED),
    },
}

SCREENS = {
    "organization": "partners_organization",
    "program": "programs_program",
    "grant": "programs_grant",
    "center": "centers_center",
    "event": "history_event",
    "keyfigure": "core_keyfigure",
    "openinghours": "centers_openinghours",
    "notice": "centers_notice",
    "territory": "centers_territory",
    "correctionreport": "centers_correctionreport",
    "pendingchange": "core_pendingchange",
    "revision": "reversion_revision",
}


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def public_url(obj, language="fr"):
    with translation.override(language):
        return obj.get_absolute_url()


class Records:
    """One published record per screen (change and delete pages), one draft (bulk publish)."""

    def __init__(self):
        org = OrganizationFactory()
        program = ProgramFactory(lead_organization=org)
        center = CenterFactory(operator=org)
        center.programs.add(program)
        event = EventFactory(organization=org)
        with reversion.create_revision():
            org.save()
            reversion.add_to_revision(org)
            reversion.set_comment("Saved.")
        org.name_fr = "Nom proposé"
        workflow.propose_change(org, make_user(None, staff=True, username="some-editor"))
        org.refresh_from_db()
        self.published = {
            "organization": org,
            "program": program,
            "grant": GrantFactory(program=program),
            "center": center,
            "event": event,
            "keyfigure": KeyFigureFactory(subject=program),
            "openinghours": OpeningHoursFactory(center=center),
            "notice": NoticeFactory(center=center),
            "territory": TerritoryFactory(
                slug="mayotte", name="Mayotte", time_zone="Indian/Mayotte", overseas=True
            ),
            "correctionreport": CorrectionReport.objects.create(
                center=center, message="Le numéro a changé."
            ),
            "pendingchange": PendingChange.objects.get(),
            "revision": Revision.objects.latest("pk"),
        }
        draft = {"status": Status.DRAFT}
        self.drafts = {
            "organization": OrganizationFactory(**draft),
            "program": ProgramFactory(**draft, lead_organization=org),
            "grant": GrantFactory(**draft, program=program),
            "center": CenterFactory(**draft, operator=org),
            "event": EventFactory(**draft, organization=org),
            "keyfigure": KeyFigureFactory(**draft, subject=program),
        }
        self.draft_pages = [self.drafts[kind] for kind in ("center", "program", "organization")]


def sign_in(role):
    """A client for a role; publishers and superusers with their verified second factor."""
    if role == "anonymous":
        return Client()
    if role == "superuser":
        return signed_in_client(
            make_user(None, superuser=True, username="root-user"), verified=True
        )
    group = {"funder": "Funders", "editor": "Editors", "publisher": "Publishers"}[role]
    return signed_in_client(make_user(group, username=f"{role}-user"), verified=role == "publisher")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("fr"):
        records = Records()
        clients = {role: sign_in(role) for role in ROLES}
        yield records, clients
        transaction.set_rollback(True)


def outcome(response):
    if response.status_code == 302 and "/login/" in response["Location"]:
        return LOGIN
    return response.status_code


def stored_status(obj):
    """The state in the database (the shared objects in memory are never refreshed)."""
    return type(obj)._default_manager.values_list("status", flat=True).get(pk=obj.pk)


def publish_outcome(client, screen, records):
    record = records.drafts.get(screen) or records.published[screen]
    changelist = admin_url(f"{SCREENS[screen]}_changelist")
    response = client.post(
        changelist, {"action": "publish", "_selected_action": [record.pk], "index": "0"}
    )
    if outcome(response) in (LOGIN, NO):
        return outcome(response)
    assert response.status_code in (200, 302), (screen, response.status_code)
    if screen in records.drafts:
        return DONE if stored_status(record) == Status.PUBLISHED else REFUSED
    return REFUSED


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_answers_each_role_as_the_table_says(world, role):
    records, clients = world
    client = clients[role]
    actual = {}
    for screen, name in SCREENS.items():
        obj = records.published[screen]
        actual[screen] = (
            outcome(client.get(admin_url(f"{name}_changelist"))),
            outcome(client.get(admin_url(f"{name}_add"))),
            outcome(client.get(admin_url(f"{name}_change", obj.pk))),
            outcome(client.get(admin_url(f"{name}_delete", obj.pk))),
            publish_outcome(client, screen, records),
        )
    assert actual == EXPECTED[role]


def test_the_table_covers_every_role_screen_and_action():
    assert set(EXPECTED) == set(ROLES)
    for role, screens in EXPECTED.items():
        assert set(screens) == set(SCREENS), role
        assert all(len(row) == len(ACTIONS) for row in screens.values()), role


# -- deleting and publishing, one record at a time -------------------------------------------


@pytest.mark.parametrize("screen", ["organization", "program", "center", "event", "keyfigure"])
def test_an_editor_deletes_a_draft_but_not_a_published_record(world, screen):
    records, clients = world
    editor = clients["editor"]
    name = SCREENS[screen]
    published, draft = records.published[screen], records.drafts[screen]
    model = type(published)

    response = editor.post(admin_url(f"{name}_delete", published.pk), {"post": "yes"})
    assert response.status_code == 403
    assert model.objects.filter(pk=published.pk).exists()

    assert editor.get(admin_url(f"{name}_delete", draft.pk)).status_code == 200
    response = editor.post(admin_url(f"{name}_delete", draft.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=draft.pk).exists()


def test_an_editor_cannot_delete_in_bulk(world):
    records, clients = world
    draft = records.drafts["program"]
    response = clients["editor"].post(
        admin_url("programs_program_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk], "index": "0", "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert type(draft).objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(("role", "created"), [("editor", False), ("publisher", True)])
def test_only_a_publisher_adds_a_record_already_published(world, role, created):
    _records, clients = world
    client = clients[role]
    add = admin_url("partners_organization_add")
    data = form_values(
        client.get(add),
        name_fr="Association créée publiée",
        slug="association-creee-publiee",
        kind="association",
        status=Status.PUBLISHED,
    )
    response = client.post(add, data)
    from partners.models import Organization

    exists = Organization.objects.filter(slug="association-creee-publiee").exists()
    assert exists is created
    if not created:
        assert response.status_code == 200
        assert response.context["adminform"].form.errors.get("status")
        # The same form as a draft goes through: only the state was refused.
        client.post(add, {**data, "status": Status.DRAFT})
        assert Organization.objects.get(slug="association-creee-publiee").status == Status.DRAFT


def test_an_editor_cannot_publish_through_the_change_page(world):
    records, clients = world
    draft = records.drafts["center"]
    change = admin_url("centers_center_change", draft.pk)
    client = clients["editor"]
    response = client.post(change, form_values(client.get(change), status=Status.PUBLISHED))
    assert response.status_code == 200
    assert stored_status(draft) == Status.DRAFT


# -- the public site ----------------------------------------------------------------------------

STAFF = ("editor", "publisher", "superuser")


def comparable(response):
    """A public page without what differs from one visitor to the next (CSRF tokens)."""
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_everyone_sees_the_same_published_content(world):
    records, clients = world
    pages = ["/fr/", "/en/places/", "/fr/programs/", "/en/partners/", "/fr/history/"]
    pages += [
        public_url(records.published[kind], lang)
        for kind in ("center", "program", "organization")
        for lang in ("fr", "en")
    ]
    for page in pages:
        seen = {
            role: comparable(clients[role].get(page))
            for role in ("anonymous", "editor", "publisher")
        }
        assert seen["anonymous"] == seen["editor"] == seen["publisher"], page
        assert clients["anonymous"].get(page).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "funder"])
def test_a_draft_page_is_not_found_for_the_public_and_funders(world, role):
    records, clients = world
    for draft in records.draft_pages:
        for query in ("", "?preview=1"):
            assert clients[role].get(public_url(draft) + query).status_code == 404, (draft, query)


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_a_draft_page_only_when_they_ask_for_a_preview(world, role):
    records, clients = world
    for draft in records.draft_pages:
        assert clients[role].get(public_url(draft)).status_code == 404, draft
        response = clients[role].get(public_url(draft) + "?preview=1")
        assert response.status_code == 200, draft
        assert "preview-banner" in response.content.decode()


def test_the_records_are_what_the_table_assumes(world):
    records, _clients = world
    assert all(obj.is_public for obj in records.published.values() if hasattr(obj, "is_public"))
    assert all(stored_status(obj) == Status.DRAFT for obj in records.drafts.values())
    assert isinstance(records.published["territory"], Territory)
    assert records.published["event"].starts_on < datetime.date.today()
