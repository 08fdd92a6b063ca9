"""Factories of the funders' space, and a small valid PDF made in memory."""

import factory
from django.core.files.base import ContentFile

from funders.models import DocumentVisibility, DraftShare, FunderComment, GrantDocument
from tests.factories import GrantFactory


def minimal_pdf(pages=1, catalog_extra=b""):
    """A small, valid PDF document: header, objects, a cross-reference table, trailer."""
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R%s >>" % catalog_extra,
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>" for _ in range(pages)],
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class GrantDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantDocument

    grant = factory.SubFactory(GrantFactory)
    title = factory.Sequence(lambda n: f"Convention {n}")
    title_en = factory.LazyAttribute(lambda d: f"Agreement ({d.title})")
    visibility = DocumentVisibility.CONFIDENTIAL
    file = factory.LazyFunction(lambda: ContentFile(minimal_pdf(), name="upload.pdf"))
    size = factory.LazyAttribute(lambda d: d.file.size)


class DraftShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftShare

    grant = factory.SubFactory(GrantFactory, status="draft")
    organization = factory.SelfAttribute("grant.funder")


class FunderCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FunderComment

    grant = factory.SubFactory(GrantFactory)
    organization = factory.SelfAttribute("grant.funder")
    text = "Le montant est juste."
