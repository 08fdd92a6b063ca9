"""The funders' space in the admin: funder accounts, shared drafts, comments, as staff use it."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation

from core.models import Status
from funders.models import DraftShare, FunderComment, FunderMembership
from tests.accounts_fixtures import make_user
from tests.factories import GrantFactory, ProgramFactory

from .conftest import make_funder
from .factories import FunderCommentFactory

pytestmark = pytest.mark.django_db


def admin_url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"admin:{name}", args=args or None)


# -- funder accounts ------------------------------------------------------------------------------


def test_staff_make_an_account_a_funder_account(admin_client, org_a):
    alice = make_user(None, username="alice")
    response = admin_client.post(
        admin_url("funders_fundermembership_add"), {"user": alice.pk, "organization": org_a.pk}
    )
    assert response.status_code == 302
    membership = FunderMembership.objects.get()
    assert (membership.user, membership.organization) == (alice, org_a)
    assert alice.groups.filter(name="Funders").exists()
    assert not alice.is_staff


def test_a_staff_account_is_not_offered_and_is_refused(admin_client, org_a):
    edith = make_user("Editors", username="edith")
    page = admin_client.get(admin_url("funders_fundermembership_add")).content.decode()
    assert f'<option value="{edith.pk}"' not in page
    response = admin_client.post(
        admin_url("funders_fundermembership_add"), {"user": edith.pk, "organization": org_a.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    membership = FunderMembership(user=edith, organization=org_a)
    with pytest.raises(Exception, match="A staff account cannot be a funder account"):
        membership.full_clean()


def test_ending_a_membership_takes_the_account_out_of_the_funders_group(admin_client, org_a):
    alice = make_funder(org_a, "alice")
    membership = alice.funder_membership
    response = admin_client.post(
        admin_url("funders_fundermembership_delete", membership.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not FunderMembership.objects.exists()
    assert not alice.groups.filter(name="Funders").exists()


def test_the_membership_list_search_and_filter(admin_client, org_a, org_b):
    make_funder(org_a, "alice", email="alice@a.example")
    make_funder(org_b, "bob")
    changelist = admin_url("funders_fundermembership_changelist")
    page = admin_client.get(changelist, {"q": "alice@a"}).content.decode()
    assert "alice" in page and "bob" not in page
    page = admin_client.get(changelist, {"organization__id__exact": org_b.pk}).content.decode()
    assert "bob" in page and "alice@a.example" not in page


def test_staff_send_a_funder_a_link_to_choose_a_password(admin_client, org_a):
    alice = make_funder(org_a, "alice", email="alice@a.example")
    response = admin_client.post(
        admin_url("funders_fundermembership_changelist"),
        {"action": "send_sign_in_link", "_selected_action": [alice.funder_membership.pk]},
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["alice@a.example"]
    assert "/en/funders/password-reset/" in message.body


def test_the_roles_rights_over_the_funders_space():
    publishers = set(
        Group.objects.get(name="Publishers")
        .permissions.filter(content_type__app_label="funders")
        .values_list("codename", flat=True)
    )
    editors = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="funders")
        .values_list("codename", flat=True)
    )
    funders = set(Group.objects.get(name="Funders").permissions.values_list("codename", flat=True))
    assert publishers == {
        "add_fundermembership",
        "change_fundermembership",
        "delete_fundermembership",
        "view_fundermembership",
        "add_draftshare",
        "change_draftshare",
        "delete_draftshare",
        "view_draftshare",
        "add_grantdocument",
        "change_grantdocument",
        "delete_grantdocument",
        "view_grantdocument",
        "view_fundercomment",
        "view_documentdownload",
    }
    assert editors == {"view_fundercomment"}
    assert funders == set()


# -- sharing drafts -------------------------------------------------------------------------------


def test_a_publisher_shares_a_draft_grant_with_its_funder(publisher, publisher_client, org_a):
    grant = GrantFactory(funder=org_a, status=Status.DRAFT)
    response = publisher_client.post(
        admin_url("funders_draftshare_add"),
        {"grant": grant.pk, "note": "Le montant est-il juste ?"},
    )
    assert response.status_code == 302
    share = DraftShare.objects.get()
    assert (share.grant, share.organization, share.shared_by) == (grant, org_a, publisher)
    assert share.shared_at is not None
    grant.refresh_from_db()
    assert grant.status == Status.DRAFT


def test_a_published_grant_is_not_shared(publisher_client, grant_a):
    response = publisher_client.post(admin_url("funders_draftshare_add"), {"grant": grant_a.pk})
    assert response.status_code == 200
    assert "Only a draft or a record in review is shared" in response.content.decode()
    assert not DraftShare.objects.exists()


def test_a_grant_is_shared_with_its_own_funder_only(publisher_client, org_a, org_b):
    grant = GrantFactory(funder=org_a, status=Status.DRAFT)
    response = publisher_client.post(
        admin_url("funders_draftshare_add"), {"grant": grant.pk, "organization": org_b.pk}
    )
    assert "A grant is shared with its own funder only." in response.content.decode()
    assert not DraftShare.objects.exists()


def test_a_program_with_several_funders_asks_which_one(publisher_client, org_a, org_b):
    program = ProgramFactory(status=Status.IN_REVIEW)
    GrantFactory(program=program, funder=org_a)
    GrantFactory(program=program, funder=org_b)
    response = publisher_client.post(admin_url("funders_draftshare_add"), {"program": program.pk})
    assert "Choose the funder to share this program with" in response.content.decode()
    response = publisher_client.post(
        admin_url("funders_draftshare_add"), {"program": program.pk, "organization": org_b.pk}
    )
    assert response.status_code == 302
    assert DraftShare.objects.get().organization == org_b


def test_sharing_both_or_nothing_is_refused(publisher_client, org_a):
    grant = GrantFactory(funder=org_a, status=Status.DRAFT)
    for data in ({}, {"grant": grant.pk, "program": grant.program.pk}):
        response = publisher_client.post(admin_url("funders_draftshare_add"), data)
        assert "Share either a grant or a program." in response.content.decode()
    assert not DraftShare.objects.exists()


def test_editors_do_not_share(editor_client, org_a):
    grant = GrantFactory(funder=org_a, status=Status.DRAFT)
    assert (
        editor_client.post(admin_url("funders_draftshare_add"), {"grant": grant.pk}).status_code
        == 403
    )
    assert not DraftShare.objects.exists()


def test_the_shares_list(admin_client, shared_draft):
    page = admin_client.get(
        admin_url("funders_draftshare_changelist"), {"q": "making"}
    ).content.decode()
    assert "Program in the making" in page and "Fondation A" in page
    assert admin_url("programs_grant_change", shared_draft.pk) in page


# -- funders' comments ----------------------------------------------------------------------------


def test_a_comment_is_visible_in_the_admin_linked_to_its_grant(
    admin_client, funder_a_client, shared_draft
):
    from .conftest import url

    funder_a_client.post(
        url("funders:grant-detail", shared_draft.slug),
        {"about": "grant", "text": "Le montant est juste."},
    )
    comment = FunderComment.objects.get()
    page = admin_client.get(admin_url("funders_fundercomment_changelist")).content.decode()
    assert "Le montant est juste." in page
    assert "funder-a" in page and "Fondation A" in page
    assert admin_url("programs_grant_change", shared_draft.pk) in page
    detail = admin_client.get(admin_url("funders_fundercomment_change", comment.pk))
    assert detail.status_code == 200
    assert "Le montant est juste." in detail.content.decode()


def test_comments_filter_by_funder_and_by_program(admin_client, grant_a, grant_b):
    FunderCommentFactory(grant=grant_a, text="Avis de A sur le budget")
    FunderCommentFactory(
        grant=None, program=grant_b.program, organization=grant_b.funder, text="Avis de B"
    )
    changelist = admin_url("funders_fundercomment_changelist")
    page = admin_client.get(
        changelist, {"organization__id__exact": grant_b.funder.pk}
    ).content.decode()
    assert "Avis de B" in page and "Avis de A" not in page
    page = admin_client.get(changelist, {"program__id__exact": grant_b.program.pk}).content.decode()
    assert "Avis de B" in page and "Avis de A" not in page
    page = admin_client.get(changelist, {"q": "budget"}).content.decode()
    assert "Avis de A" in page and "Avis de B" not in page


def test_comments_are_read_only_and_read_by_publishers_and_editors(
    publisher_client, editor_client, grant_a
):
    comment = FunderCommentFactory(grant=grant_a, text="Avis de A")
    for client in (publisher_client, editor_client):
        assert (
            "Avis de A"
            in client.get(admin_url("funders_fundercomment_changelist")).content.decode()
        )
        assert client.get(admin_url("funders_fundercomment_add")).status_code == 403
        response = client.post(
            admin_url("funders_fundercomment_change", comment.pk), {"text": "Changé"}
        )
        assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Avis de A"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_changelist_and_add_page_renders(
    admin_client, lang, shared_draft, confidential_doc, funder_a
):
    FunderCommentFactory(grant=shared_draft)
    for model in (
        "fundermembership",
        "draftshare",
        "grantdocument",
        "documentdownload",
        "fundercomment",
    ):
        assert (
            admin_client.get(admin_url(f"funders_{model}_changelist", lang=lang)).status_code == 200
        )
    for model in ("fundermembership", "draftshare", "grantdocument"):
        assert admin_client.get(admin_url(f"funders_{model}_add", lang=lang)).status_code == 200
    share = DraftShare.objects.get()
    assert (
        admin_client.get(admin_url("funders_draftshare_change", share.pk, lang=lang)).status_code
        == 200
    )
    membership = funder_a.funder_membership
    assert (
        admin_client.get(
            admin_url("funders_fundermembership_change", membership.pk, lang=lang)
        ).status_code
        == 200
    )
