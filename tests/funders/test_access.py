"""Who reaches what in the funders' space: a literal matrix, written out, not derived from code.

Rows: who asks. Columns: what they ask for. Cells:
  200     the page or the file
  "login" a redirect to the funders' sign-in page
  "back"  the comment is saved, and a redirect back to the grant's page
  403     signed in without the right to this space
  404     not found: a grant or a document outside the funder's own
"""

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Status
from funders.models import DocumentDownload, FunderComment

from .conftest import url
from .factories import GrantDocumentFactory

pytestmark = pytest.mark.django_db

LOGIN, BACK = "login", "back"

COLUMNS = (
    "dashboard",
    "grant A",
    "shared draft",
    "unshared draft",
    "public doc of A",
    "confidential doc of A",
    "doc of shared draft",
    "doc of unshared draft",
    "comment on A",
    "comment on shared draft",
    "comment on unshared draft",
)

MATRIX = {
    #              dash   A      shared unshar pub    conf   d.shar d.unsh c.A    c.shar c.unsh
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN, 200, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "funder A": (200, 200, 200, 404, 200, 200, 200, 404, BACK, BACK, 404),
    "funder B": (200, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404),
    "editor": (403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    "publisher": (403, 403, 403, 403, 200, 200, 200, 200, 403, 403, 403),
}


@pytest.fixture
def cast(anonymous_client, funder_a_client, funder_b_client, editor_client, publisher_client):
    return {
        "anonymous": anonymous_client,
        "funder A": funder_a_client,
        "funder B": funder_b_client,
        "editor": editor_client,
        "publisher": publisher_client,
    }


@pytest.fixture
def targets(grant_a, shared_draft, unshared_draft, public_doc, confidential_doc, grant_b):
    shared_doc = GrantDocumentFactory(grant=shared_draft, title="Budget prévisionnel")
    unshared_doc = GrantDocumentFactory(grant=unshared_draft, title="Note interne")

    def page(grant):
        return ("get", url("funders:grant-detail", grant.slug))

    def comment(grant):
        return ("post", url("funders:grant-detail", grant.slug))

    def download(document):
        return ("get", url("funders:document-download", document.pk))

    return dict(
        zip(
            COLUMNS,
            (
                ("get", url("funders:dashboard")),
                page(grant_a),
                page(shared_draft),
                page(unshared_draft),
                download(public_doc),
                download(confidential_doc),
                download(shared_doc),
                download(unshared_doc),
                comment(grant_a),
                comment(shared_draft),
                comment(unshared_draft),
            ),
            strict=True,
        )
    )


def outcome(response, requested):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(url("funders:login") + "?next="):
            return LOGIN
        if location.startswith(requested):
            return BACK
        return f"302 to {location}"
    return response.status_code


@pytest.mark.parametrize("who", list(MATRIX))
def test_access_matrix(cast, targets, who):
    client = cast[who]
    got = {}
    for column, (method, target) in targets.items():
        if method == "post":
            response = client.post(target, {"about": "grant", "text": f"Un avis de {who}."})
        else:
            response = client.get(target)
        got[column] = outcome(response, target)
    assert got == dict(zip(COLUMNS, MATRIX[who], strict=True))


def test_the_matrix_has_a_cell_for_every_pair():
    assert all(len(row) == len(COLUMNS) for row in MATRIX.values())


def test_only_allowed_comments_and_downloads_were_recorded(cast, targets, funder_a):
    for who, client in cast.items():
        for method, target in targets.values():
            (
                client.post(target, {"about": "grant", "text": f"Un avis de {who}."})
                if method == "post"
                else client.get(target)
            )
    # Funder A's two comments only: on A and on the draft shared with A.
    assert sorted(FunderComment.objects.values_list("grant__slug", "author__username")) == [
        ("grant-a", "funder-a"),
        ("grant-shared", "funder-a"),
    ]
    # Each download that was served, and only those, is in the log.
    served = sum(row[4:8].count(200) for row in MATRIX.values())
    assert DocumentDownload.objects.count() == served


@pytest.mark.parametrize("who", ["anonymous", "funder A", "funder B", "editor"])
def test_a_shared_draft_never_shows_on_the_public_site(cast, shared_draft, who):
    client = cast[who]
    with translation.override("en"):
        program_page = shared_draft.program.get_absolute_url()
        program_list = reverse("programs:program-list")
        funder_page = shared_draft.funder.get_absolute_url()
    assert client.get(program_page).status_code == 404
    for page in (program_list, funder_page):
        response = client.get(page)
        assert response.status_code == 200
        assert "Program in the making" not in response.content.decode()


def test_sharing_does_not_publish(shared_draft):
    shared_draft.refresh_from_db()
    assert shared_draft.status == Status.DRAFT
    assert shared_draft.program.status == Status.DRAFT


def test_a_funder_of_another_organisation_sees_none_of_a_on_their_dashboard(
    funder_b_client, grant_a, shared_draft, confidential_doc, grant_b
):
    page = funder_b_client.get(url("funders:dashboard")).content.decode()
    assert "Access to care B" in page
    for secret in (
        "Women's health",
        "Program in the making",
        "Signed agreement",
        str(confidential_doc.pk),
    ):
        assert secret not in page


def test_a_funder_who_left_the_organisation_sees_nothing(
    funder_a, funder_a_client, grant_a, confidential_doc
):
    from funders import services

    services.remove_member(funder_a.funder_membership)
    assert funder_a_client.get(url("funders:dashboard")).status_code == 403
    assert (
        funder_a_client.get(url("funders:document-download", confidential_doc.pk)).status_code
        == 403
    )
    assert not funder_a.groups.filter(name="Funders").exists()


def test_an_archived_grant_leaves_the_space_and_its_confidential_documents_with_it(
    funder_a_client, grant_a, confidential_doc
):
    grant_a.status = Status.ARCHIVED
    grant_a.save()
    assert funder_a_client.get(url("funders:grant-detail", grant_a.slug)).status_code == 404
    assert (
        funder_a_client.get(url("funders:document-download", confidential_doc.pk)).status_code
        == 404
    )


def test_a_document_address_that_does_not_exist_is_not_found(funder_a_client):
    missing = "00000000-0000-4000-8000-000000000000"
    assert funder_a_client.get(url("funders:document-download", missing)).status_code == 404


def test_a_publisher_needs_their_second_factor_for_confidential_documents(
    confidential_doc, public_doc
):
    from tests.accounts_fixtures import make_user, signed_in_client

    publisher = make_user("Publishers", username="paula")
    unverified = signed_in_client(publisher)  # a password only: the admin would ask for a code
    assert unverified.get(url("funders:document-download", confidential_doc.pk)).status_code == 403
    assert unverified.get(url("funders:document-download", public_doc.pk)).status_code == 200
    verified = signed_in_client(publisher, verified=True)
    assert verified.get(url("funders:document-download", confidential_doc.pk)).status_code == 200
