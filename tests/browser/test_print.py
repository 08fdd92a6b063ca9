"""The orientation sheet of the longest seeded place prints on exactly one A4 page."""

import re

import pytest

from centers.models import Center

from .conftest import LANGS
from .pages import page_path

# Page objects of a PDF ("/Type /Page"), not the page tree ("/Type /Pages").
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_page_count(pdf):
    return len(PDF_PAGE.findall(pdf))


@pytest.mark.parametrize("lang", LANGS)
def test_the_longest_sheet_prints_on_one_a4_page(seeded, site, guard, nojs_page, lang):
    page = nojs_page
    page.emulate_media(media="print")
    slugs = list(Center.objects.public().values_list("slug", flat=True))
    assert len(slugs) >= 10, "the seed content should give at least ten care places"

    lengths = {}
    for slug in slugs:
        response = page.goto(site.url(page_path("place sheet", lang, {"place": slug})))
        assert response.status == 200, f"the sheet of {slug} answered {response.status}"
        lengths[slug] = len(page.evaluate("document.body.innerText"))
    longest = max(lengths, key=lengths.get)

    path = page_path("place sheet", lang, {"place": longest})
    page.goto(site.url(path))
    pdf = page.pdf(format="A4", print_background=True)
    pages = pdf_page_count(pdf)
    assert pages == 1, (
        f"the sheet of the longest place ({path}, {lengths[longest]} characters) "
        f"prints on {pages} A4 pages"
    )
    guard.check("sheets")


def test_the_page_counter_counts_pages_not_the_page_tree(site, nojs_page):
    """The counter itself: a document forced onto three A4 sheets counts three."""
    nojs_page.set_content(
        '<p style="break-after: page">one</p><p style="break-after: page">two</p><p>three</p>'
    )
    assert pdf_page_count(nojs_page.pdf(format="A4")) == 3
