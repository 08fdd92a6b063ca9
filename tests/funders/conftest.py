"""The cast of the funders' space: two funders, grant A of the first (published), a draft of A
shared with its funder, a draft of A not shared, a grant of the second funder, and documents."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.models import Status
from funders import services
from funders.models import DocumentVisibility
from partners.models import OrganizationKind
from tests.accounts_fixtures import make_user, signed_in_client
from tests.factories import (
    CenterFactory,
    GrantFactory,
    KeyFigureFactory,
    OrganizationFactory,
    ProgramFactory,
)

from .factories import DraftShareFactory, GrantDocumentFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test keeps its documents in a folder of its own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(name, args=args or None)


def make_funder(organization, username, **fields):
    """A funder account of `organization`: not staff, in the Funders group, with a membership."""
    user = make_user(None, username=username, **fields)
    services.add_member(user, organization)
    return user


@pytest.fixture
def org_a(db):
    return OrganizationFactory(
        name="Fondation A", slug="fondation-a", kind=OrganizationKind.FOUNDATION
    )


@pytest.fixture
def org_b(db):
    return OrganizationFactory(
        name="Fondation B", slug="fondation-b", kind=OrganizationKind.FOUNDATION
    )


@pytest.fixture
def grant_a(org_a):
    """Published, on a published program with a key figure and a place."""
    program = ProgramFactory(
        title="Santé des femmes", title_en="Women's health", slug="sante-femmes"
    )
    KeyFigureFactory(subject=program)
    CenterFactory(name="Centre de Lyon").programs.add(program)
    return GrantFactory(program=program, funder=org_a, slug="grant-a")


@pytest.fixture
def shared_draft(org_a):
    """A draft grant of funder A on a draft program, shared with funder A."""
    program = ProgramFactory(
        title="Programme en préparation",
        title_en="Program in the making",
        slug="programme-brouillon",
        status=Status.DRAFT,
    )
    grant = GrantFactory(program=program, funder=org_a, slug="grant-shared", status=Status.DRAFT)
    DraftShareFactory(grant=grant, organization=org_a, note="Merci de vérifier le montant.")
    return grant


@pytest.fixture
def unshared_draft(org_a):
    """A draft grant of funder A that nobody shared."""
    program = ProgramFactory(
        title="Projet secret", title_en="Secret project", slug="projet-secret", status=Status.DRAFT
    )
    return GrantFactory(program=program, funder=org_a, slug="grant-unshared", status=Status.DRAFT)


@pytest.fixture
def grant_b(org_b):
    program = ProgramFactory(title="Accès aux soins B", title_en="Access to care B", slug="acces-b")
    return GrantFactory(program=program, funder=org_b, slug="grant-b")


@pytest.fixture
def public_doc(grant_a):
    return GrantDocumentFactory(
        grant=grant_a,
        title="Rapport public",
        title_en="Public report",
        visibility=DocumentVisibility.PUBLIC,
    )


@pytest.fixture
def confidential_doc(grant_a):
    return GrantDocumentFactory(
        grant=grant_a, title="Convention signée", title_en="Signed agreement"
    )


@pytest.fixture
def funder_a(org_a):
    return make_funder(org_a, "funder-a")


@pytest.fixture
def funder_b(org_b):
    return make_funder(org_b, "funder-b")


@pytest.fixture
def funder_a_client(funder_a):
    return signed_in_client(funder_a)


@pytest.fixture
def funder_b_client(funder_b):
    return signed_in_client(funder_b)


@pytest.fixture
def anonymous_client():
    return Client()
