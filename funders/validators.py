"""Grant documents are PDF files, checked by what they contain, not by their name or type."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
# A PDF ends with "startxref", the offset of its cross-reference section, and "%%EOF".
TRAILER = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
INDIRECT_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
# Tails longer than this after %%EOF are not a PDF writer's padding.
TAIL_BYTES = 2048
# Names of active content: a document for funders has no business running code or programs.
ACTIVE_CONTENT = (
    b"/JavaScript",
    b"/JS",
    b"/Launch",
    b"/EmbeddedFile",
    b"/EmbeddedFiles",
    b"/RichMedia",
)

NOT_A_PDF = _("This file is not a PDF document. Export it as PDF and upload it again.")
DAMAGED_PDF = _("This PDF file is damaged or incomplete. Export it again and upload the new file.")


def _read(upload):
    upload.seek(0)
    try:
        return upload.read()
    finally:
        upload.seek(0)


def validate_pdf(upload):
    """Refuse what is not a PDF by its bytes, a damaged PDF, active content, and what is too large.

    The checks are those a file must pass to be a plausible PDF (header, trailer, a
    cross-reference section where the trailer says, indirect objects); they do not render it.
    """
    limit = settings.GRANT_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; a document may be %(limit)s at most."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    data = _read(upload)
    if not PDF_HEADER.match(data[:8]):
        raise ValidationError(NOT_A_PDF, code="not_pdf")
    trailer = TRAILER.search(data[-TAIL_BYTES:])
    if trailer is None:
        raise ValidationError(DAMAGED_PDF, code="damaged_pdf")
    offset = int(trailer.group(1))
    at_offset = data[offset : offset + 64] if offset < len(data) else b""
    # The cross-reference section is a table ("xref") or, since PDF 1.5, a stream object.
    if not (at_offset.startswith(b"xref") or INDIRECT_OBJECT.match(at_offset)):
        raise ValidationError(DAMAGED_PDF, code="damaged_pdf")
    if not INDIRECT_OBJECT.search(data) or b"endobj" not in data:
        raise ValidationError(DAMAGED_PDF, code="damaged_pdf")
    if any(re.search(re.escape(name) + rb"(?![A-Za-z])", data) for name in ACTIVE_CONTENT):
        raise ValidationError(
            _(
                "This PDF contains scripts, programs or attached files. "
                "Upload a plain PDF document."
            ),
            code="active_pdf",
        )
