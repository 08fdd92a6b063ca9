"""The two seed documents, as the project's own copy, and checks on quoted passages."""

from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
# Quoted passages may join several verbatim fragments of one document with this marker.
FRAGMENT_SEPARATOR = " […] "


class SourceDocument(models.TextChoices):
    FOUNDATION_PAGE = (
        "000_28e12d07c0785354",
        _("Sanofi Espoir Foundation page (undated, c. 2013–2014)"),
    )
    MSF_PAGE = "004_73bc57bb0516e8bc", _("Migrations Santé France page (undated)")
    STAFF = "staff", _("Entered by staff")


SEED_DOCUMENTS = [c for c in SourceDocument if c != SourceDocument.STAFF]


@cache
def document_text(document):
    """Return the text of a seed document, with its whitespace as in the file."""
    return (SOURCES_DIR / f"{document}.txt").read_text(encoding="utf-8")


def fragments(passage):
    return [f.strip() for f in passage.split(FRAGMENT_SEPARATOR.strip()) if f.strip()]


def passage_is_verbatim(document, passage):
    """True when every fragment of the passage stands, to the letter, in the document."""
    text = document_text(document)
    parts = fragments(passage)
    return bool(parts) and all(part in text for part in parts)
