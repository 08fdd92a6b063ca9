"""The project's own copy of the seed documents, and the check that a quoted passage is in them."""

import pytest

from core.sources import (
    FRAGMENT_SEPARATOR,
    SEED_DOCUMENTS,
    SourceDocument,
    document_text,
    passage_is_verbatim,
)

FOUNDATION = SourceDocument.FOUNDATION_PAGE
MSF = SourceDocument.MSF_PAGE


def test_there_are_two_seed_documents_and_staff_is_not_one():
    assert set(SEED_DOCUMENTS) == {FOUNDATION, MSF}
    assert SourceDocument.STAFF not in SEED_DOCUMENTS


@pytest.mark.parametrize("document", SEED_DOCUMENTS)
def test_every_seed_document_loads(document):
    text = document_text(document)
    assert len(text) > 1000


def test_each_document_is_the_right_one():
    assert "Sanofi Espoir Foundation" in document_text(FOUNDATION)
    assert "Migrations Santé France" in document_text(MSF)


@pytest.mark.parametrize(
    ("document", "passage"),
    [
        (
            FOUNDATION,
            "medical teams carry out more than 6,000 medical consultations a year, "
            "half of them in Paris",
        ),
        (FOUNDATION, "Lyon – Toulouse – Montpellier – Paris"),
        (FOUNDATION, "with up to 600,000 euros in funding over three years"),
        (MSF, "Declaration of the association of Law 1901 on February 19, 1970"),
        (MSF, "The Hospital, Patient, Health, Territory (HPST) law of July 21, 2009"),
    ],
)
def test_a_real_passage_is_verbatim(document, passage):
    assert passage_is_verbatim(document, passage)


def test_two_fragments_joined_by_the_marker_are_verbatim():
    passage = FRAGMENT_SEPARATOR.join(
        [
            "especially women (39% of those admitted) and children (12.5%)",
            "financial support worth almost 600,000 euros over three years",
        ]
    )
    assert passage == (
        "especially women (39% of those admitted) and children (12.5%) […] "
        "financial support worth almost 600,000 euros over three years"
    )
    assert passage_is_verbatim(FOUNDATION, passage)


def test_an_altered_passage_is_not_verbatim():
    assert not passage_is_verbatim(
        FOUNDATION, "medical teams carry out more than 7,000 medical consultations a year"
    )


def test_a_rounded_qualifier_is_not_verbatim():
    # "almost" is not "about": the quote must keep the source's word.
    assert not passage_is_verbatim(FOUNDATION, "financial support worth about 600,000 euros")


def test_one_altered_fragment_spoils_the_whole_passage():
    passage = "especially women (39% of those admitted) […] financial support worth 600,000 euros"
    assert not passage_is_verbatim(FOUNDATION, passage)


def test_a_passage_from_the_other_document_is_not_verbatim():
    assert not passage_is_verbatim(MSF, "more than 6,000 medical consultations a year")


def test_an_empty_passage_is_not_verbatim():
    assert not passage_is_verbatim(FOUNDATION, "")
    assert not passage_is_verbatim(FOUNDATION, " […] ")
