"""Which grants a funder's members see (grants_for), and the rules of shares and memberships."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Status
from funders.models import DraftShare, FunderComment, grants_for
from tests.factories import GrantFactory, ProgramFactory

from .factories import DraftShareFactory

pytestmark = pytest.mark.django_db


def slugs(organization):
    return sorted(grants_for(organization).values_list("slug", flat=True))


def test_a_funder_sees_its_published_grants_and_the_drafts_shared_with_it(
    org_a, org_b, grant_a, shared_draft, unshared_draft, grant_b
):
    assert slugs(org_a) == ["grant-a", "grant-shared"]
    assert slugs(org_b) == ["grant-b"]


def test_a_scheduled_or_expired_grant_is_not_published_for_funders(org_a, grant_a):
    later = timezone.now() + datetime.timedelta(days=3)
    GrantFactory(funder=org_a, slug="scheduled", publish_at=later)
    GrantFactory(
        funder=org_a,
        slug="expired",
        publish_at=timezone.now() - datetime.timedelta(days=9),
        unpublish_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert slugs(org_a) == ["grant-a"]


def test_a_share_ends_when_the_draft_is_archived(org_a, shared_draft):
    shared_draft.status = Status.ARCHIVED
    shared_draft.save()
    assert slugs(org_a) == []


def test_a_shared_draft_that_is_published_stays_with_its_funder(org_a, shared_draft):
    shared_draft.status = Status.PUBLISHED
    shared_draft.save()
    shared_draft.program.status = Status.PUBLISHED
    shared_draft.program.save()
    assert slugs(org_a) == ["grant-shared"]


def test_a_shared_program_shows_only_that_funder_s_grants_on_it(org_a, org_b):
    program = ProgramFactory(status=Status.DRAFT)
    GrantFactory(program=program, funder=org_a, slug="a-on-p", status=Status.DRAFT)
    GrantFactory(program=program, funder=org_b, slug="b-on-p", status=Status.DRAFT)
    DraftShareFactory(grant=None, program=program, organization=org_a)
    assert slugs(org_a) == ["a-on-p"]
    assert slugs(org_b) == []


def test_a_share_fills_in_the_grant_s_funder(org_a):
    grant = GrantFactory(funder=org_a, status=Status.IN_REVIEW)
    share = DraftShare(grant=grant)
    share.full_clean()
    assert share.organization == org_a


def test_a_program_share_fills_in_its_only_funder(org_a):
    program = ProgramFactory(status=Status.DRAFT)
    GrantFactory(program=program, funder=org_a)
    share = DraftShare(program=program)
    share.full_clean()
    assert share.organization == org_a


def test_a_program_share_refuses_an_organisation_that_does_not_fund_it(org_a, org_b, english):
    program = ProgramFactory(status=Status.DRAFT)
    GrantFactory(program=program, funder=org_a)
    with pytest.raises(ValidationError) as refused:
        DraftShare(program=program, organization=org_b).full_clean()
    assert refused.value.message_dict == {
        "organization": ["This organisation funds no grant of this program."]
    }


def test_the_database_refuses_a_share_of_both_or_nothing_and_twice_the_same(org_a, shared_draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftShare.objects.create(organization=org_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftShare.objects.create(
            grant=shared_draft, program=shared_draft.program, organization=org_a
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftShare.objects.create(grant=shared_draft, organization=org_a)


def test_a_comment_is_about_a_grant_or_a_program(org_a, grant_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        FunderComment.objects.create(organization=org_a, text="Sur rien")
    with pytest.raises(IntegrityError), transaction.atomic():
        FunderComment.objects.create(
            organization=org_a, grant=grant_a, program=grant_a.program, text="Sur tout"
        )


def test_a_document_has_a_readable_download_name(confidential_doc):
    assert confidential_doc.download_name == "convention-signee.pdf"
    assert str(confidential_doc) == "Convention signée"
