"""What a funder sees in their space: the grants of their organisation with everything the
brief lists, shared drafts clearly marked, and comments sent to the staff."""

import re

import pytest
from django.test import Client
from django.utils import translation

from core.models import Status
from funders.models import FunderComment
from tests.factories import GrantFactory, KeyFigureFactory, ProgramFactory

from .conftest import url
from .factories import DraftShareFactory, GrantDocumentFactory

pytestmark = pytest.mark.django_db

DRAFT_MARK = "Draft shared for your review — not public"


def assert_private_page(response):
    """Strict CSP (nothing inline), never cached, never indexed."""
    html = response.content.decode()
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in html


def test_the_dashboard_lists_every_fact_of_each_grant(
    funder_a_client, grant_a, shared_draft, unshared_draft, public_doc, confidential_doc, grant_b
):
    response = funder_a_client.get(url("funders:dashboard"))
    assert response.status_code == 200
    assert_private_page(response)
    page = response.content.decode()
    assert "Grants made by Fondation A" in page
    assert "Signed in as funder-a, for Fondation A" in page
    # Grant A: program, recipient, amount with its qualifier, period, key figure, place, documents.
    assert "Women&#x27;s health" in page
    assert grant_a.recipient.name in page
    assert "almost €600,000" in page
    assert "over 3 years" in page
    assert "more than 6,000" in page and "medical consultations" in page
    assert "Centre de Lyon (en)" in page
    assert "Public report" in page and "Signed agreement" in page
    assert url("funders:document-download", confidential_doc.pk) in page
    assert "confidential" in page
    # The shared draft, marked as such; never the unshared one, nor another funder's grant.
    assert "Program in the making" in page
    assert page.count(DRAFT_MARK) == 1
    assert "Merci de vérifier le montant." in page
    assert "Secret project" not in page
    assert "Access to care B" not in page
    assert "2 grants" in page


def test_the_dashboard_in_french(funder_a_client, grant_a):
    response = funder_a_client.get(url("funders:dashboard", lang="fr"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in page
    assert "Santé des femmes" in page
    with translation.override("fr"):
        amount = grant_a.amount_display
    assert amount.startswith("près de 600")
    assert amount in page


def test_a_published_grant_on_a_draft_program_is_not_shown(funder_a_client, org_a):
    program = ProgramFactory(title="Brouillon", title_en="Unfinished program", status=Status.DRAFT)
    GrantFactory(program=program, funder=org_a)
    assert (
        "Unfinished program" not in funder_a_client.get(url("funders:dashboard")).content.decode()
    )


def test_sharing_a_program_shows_it_with_the_funder_s_grants_and_draft_figures(
    funder_a_client, org_a, org_b
):
    program = ProgramFactory(title="Nouveau", title_en="New program", status=Status.DRAFT)
    KeyFigureFactory(subject=program, status=Status.DRAFT, label="femmes", label_en="women")
    mine = GrantFactory(program=program, funder=org_a, status=Status.DRAFT, slug="mine")
    GrantFactory(program=program, funder=org_b, status=Status.DRAFT, slug="theirs")
    DraftShareFactory(grant=None, program=program, organization=org_a)

    page = funder_a_client.get(url("funders:dashboard")).content.decode()
    assert "New program" in page and DRAFT_MARK in page
    assert "women" in page  # the draft program's own figure, marked as a draft
    assert url("funders:grant-detail", mine.slug) in page
    assert url("funders:grant-detail", "theirs") not in page


def test_draft_figures_of_a_public_program_stay_hidden(funder_a_client, grant_a):
    KeyFigureFactory(
        subject=grant_a.program, status=Status.DRAFT, label="brouillon", label_en="draft figure"
    )
    assert "draft figure" not in funder_a_client.get(url("funders:dashboard")).content.decode()


def test_the_dashboard_query_count_stays_flat(
    funder_a_client, org_a, django_assert_max_num_queries
):
    def add_grant(n):
        grant = GrantFactory(funder=org_a, slug=f"g-{n}")
        KeyFigureFactory(subject=grant.program)
        GrantDocumentFactory(grant=grant)
        DraftShareFactory(
            grant=GrantFactory(funder=org_a, slug=f"d-{n}", status=Status.DRAFT), organization=org_a
        )

    add_grant(0)
    with django_assert_max_num_queries(100) as few:
        funder_a_client.get(url("funders:dashboard"))
    for n in range(1, 8):
        add_grant(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = funder_a_client.get(url("funders:dashboard"))
    assert "16 grants" in response.content.decode()


def test_the_grant_page_of_a_shared_draft(funder_a_client, shared_draft):
    GrantDocumentFactory(grant=shared_draft, title="Budget", title_en="Budget forecast")
    response = funder_a_client.get(url("funders:grant-detail", shared_draft.slug))
    assert response.status_code == 200
    assert_private_page(response)
    page = response.content.decode()
    assert "<h1>Program in the making</h1>" in page
    assert DRAFT_MARK in page and "Merci de vérifier le montant." in page
    assert "Budget forecast" in page
    # No link to a public page that does not exist.
    assert "This grant on the public site" not in page


def test_the_grant_page_of_a_published_grant_links_to_the_public_site(funder_a_client, grant_a):
    page = funder_a_client.get(url("funders:grant-detail", grant_a.slug)).content.decode()
    assert DRAFT_MARK not in page
    assert "This grant on the public site" in page
    assert f'href="/en/grants/{grant_a.slug}/"' in page


def test_a_funder_comments_on_a_shared_draft_and_reads_it_back(
    funder_a, funder_a_client, shared_draft
):
    target = url("funders:grant-detail", shared_draft.slug)
    response = funder_a_client.post(
        target, {"about": "program", "text": "Le titre est à revoir."}, follow=True
    )
    comment = FunderComment.objects.get()
    assert (comment.program, comment.grant, comment.author, comment.organization) == (
        shared_draft.program,
        None,
        funder_a,
        shared_draft.funder,
    )
    assert response.redirect_chain == [(target + "#comments", 302)]
    page = response.content.decode()
    assert "Thank you: your comment was sent to the network&#x27;s staff." in page
    assert "Le titre est à revoir." in page and "about the program" in page


def test_an_empty_comment_is_refused_with_a_clear_message(funder_a_client, grant_a):
    response = funder_a_client.post(
        url("funders:grant-detail", grant_a.slug), {"about": "grant", "text": " "}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the error below." in page
    assert 'href="#id_text">Your comment</a>: This field is required.' in page
    assert 'aria-invalid="true"' in page
    assert not FunderComment.objects.exists()


def test_the_comment_form_needs_its_csrf_token(funder_a, grant_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(funder_a)
    response = client.post(
        url("funders:grant-detail", grant_a.slug), {"about": "grant", "text": "Bonjour"}
    )
    assert response.status_code == 403
    assert not FunderComment.objects.exists()
    page = client.get(url("funders:grant-detail", grant_a.slug)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_another_funder_s_comments_stay_theirs(
    funder_a_client, funder_b_client, grant_a, shared_draft, org_b
):
    FunderComment.objects.create(grant=grant_a, organization=org_b, text="Commentaire de B égaré")
    page = funder_a_client.get(url("funders:grant-detail", grant_a.slug)).content.decode()
    assert "Commentaire de B égaré" not in page


def test_a_funder_with_no_grant_yet(funder_b_client):
    page = funder_b_client.get(url("funders:dashboard")).content.decode()
    assert "No grant of your organisation is in this space yet." in page


def test_a_card_lists_ten_places_and_links_to_them_all(funder_a_client, grant_a):
    from tests.factories import CenterFactory

    for i in range(12):
        CenterFactory(name=f"Lieu {i:02}").programs.add(grant_a.program)
    html = funder_a_client.get(url("funders:dashboard")).content.decode()
    # "Centre de Lyon" sorts first, then Lieu 00 to Lieu 08; the others are a link away.
    assert "Centre de Lyon" in html and "Lieu 08" in html
    assert "Lieu 09" not in html and "Lieu 11" not in html
    assert 'href="/en/places/?program=sante-femmes"' in html
    detail = funder_a_client.get(url("funders:grant-detail", "grant-a")).content.decode()
    assert "Lieu 09" not in detail and 'href="/en/places/?program=sante-femmes"' in detail


def test_a_card_with_few_places_lists_them_all_without_a_link(funder_a_client, grant_a):
    html = funder_a_client.get(url("funders:dashboard")).content.decode()
    assert "Centre de Lyon" in html
    assert "?program=sante-femmes" not in html


def test_a_draft_program_s_card_says_its_other_places_open_with_it(funder_a_client, shared_draft):
    from tests.factories import CenterFactory

    for i in range(11):
        CenterFactory(name=f"Lieu {i:02}").programs.add(shared_draft.program)
    html = funder_a_client.get(url("funders:dashboard", lang="fr")).content.decode()
    assert "Lieu 09" in html and "Lieu 10" not in html
    assert "leur liste s’ouvre au public avec le" in html
    assert "?program=programme-brouillon" not in html
