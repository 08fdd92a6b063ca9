"""Grant documents: upload in the admin (PDF by content, size limit, private random names),
download through the checked view with its headers, and the download log."""

import json
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from funders.models import DocumentDownload, DocumentVisibility, GrantDocument
from funders.storage import private_storage
from funders.validators import validate_pdf

from .conftest import url
from .factories import GrantDocumentFactory, minimal_pdf

pytestmark = pytest.mark.django_db

NOT_A_PDF = "This file is not a PDF document. Export it as PDF and upload it again."
DAMAGED = "This PDF file is damaged or incomplete. Export it again and upload the new file."


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args or None)


def upload(client, grant, content, name="convention.pdf", content_type="application/pdf", **fields):
    data = {
        "grant": grant.pk,
        "title_fr": "Convention de financement",
        "title_en": "Grant agreement",
        "visibility": DocumentVisibility.CONFIDENTIAL,
        "file": SimpleUploadedFile(name, content, content_type=content_type),
        **fields,
    }
    return client.post(admin_url("funders_grantdocument_add"), data)


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def field_errors(response):
    return [str(e) for e in response.context["adminform"].form.errors.get("file", [])]


# -- upload -------------------------------------------------------------------------------------


def test_a_real_pdf_is_accepted_and_stored_privately_under_a_random_name(
    admin_client, admin_user, grant_a, private_media, settings
):
    content = minimal_pdf(pages=2)
    response = upload(admin_client, grant_a, content, name="Convention signée (Fondation A).pdf")
    assert response.status_code == 302, field_errors(response)

    document = GrantDocument.objects.get()
    assert (document.grant, document.title_fr, document.title_en) == (
        grant_a,
        "Convention de financement",
        "Grant agreement",
    )
    assert document.size == len(content)
    assert document.uploaded_by == admin_user
    [path] = stored_files(private_media)
    assert path.read_bytes() == content
    # A random name, in the private folder: nothing of the uploaded name, nothing public.
    assert "Convention" not in path.name and "Fondation" not in path.name
    assert path.name == document.file.name.rsplit("/", 1)[-1]
    assert len(path.stem) == 32
    for public in (settings.STATIC_ROOT, settings.MEDIA_ROOT or settings.BASE_DIR / "media"):
        assert not str(path).startswith(str(public))


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name_and_type(
    admin_client, grant_a, private_media
):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    response = upload(
        admin_client, grant_a, png, name="rapport.pdf", content_type="application/pdf"
    )
    assert response.status_code == 200
    assert field_errors(response) == [NOT_A_PDF]
    assert NOT_A_PDF in response.content.decode()
    assert not GrantDocument.objects.exists()
    assert stored_files(private_media) == []


def test_a_damaged_pdf_is_refused(admin_client, grant_a):
    truncated = minimal_pdf()[:-40]
    response = upload(admin_client, grant_a, truncated)
    assert field_errors(response) == [DAMAGED]
    assert not GrantDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(admin_client, grant_a, settings):
    settings.GRANT_DOCUMENT_MAX_BYTES = 300
    content = minimal_pdf(pages=3)
    assert len(content) > 300
    response = upload(admin_client, grant_a, content)
    [error] = field_errors(response)
    assert error.startswith("This file is ")
    assert error.endswith("a document may be 300\xa0bytes at most.")
    assert not GrantDocument.objects.exists()


def test_a_publisher_uploads_documents_too(publisher_client, publisher, grant_a):
    response = upload(publisher_client, grant_a, minimal_pdf())
    assert response.status_code == 302
    assert GrantDocument.objects.get().uploaded_by == publisher


def test_an_editor_does_not_reach_documents_in_the_admin(editor_client, grant_a):
    assert editor_client.get(admin_url("funders_grantdocument_changelist")).status_code == 403
    assert upload(editor_client, grant_a, minimal_pdf()).status_code == 403


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"%PDF-1.4\n" + b"x" * 100, DAMAGED),
        (b"GIF89a" + minimal_pdf(), NOT_A_PDF),
        (b"", NOT_A_PDF),
        (
            minimal_pdf(catalog_extra=b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
            "This PDF contains scripts, programs or attached files. Upload a plain PDF document.",
        ),
        # The trailer points to where no cross-reference section is.
        (minimal_pdf().replace(b"startxref\n", b"startxref\n9"), DAMAGED),
    ],
    ids=["header only", "another format before", "empty", "javascript", "wrong xref offset"],
)
def test_the_content_checks(content, error, english):
    with pytest.raises(ValidationError) as refused:
        validate_pdf(SimpleUploadedFile("a.pdf", content))
    assert refused.value.messages == [error]


def test_a_pdf_with_a_cross_reference_stream_passes():
    """PDF 1.5 writers put the cross-reference section in a stream object."""
    body = b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    offset = len(body)
    body += (
        b"2 0 obj\n<< /Type /XRef /Size 3 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\n"
    )
    body += b"startxref\n%d\n%%%%EOF\n" % offset
    validate_pdf(SimpleUploadedFile("a.pdf", body))


def test_documents_have_no_url_of_their_own(confidential_doc):
    with pytest.raises(NotImplementedError):
        confidential_doc.file.url  # noqa: B018
    assert private_storage().location.endswith("private-media")


def test_the_admin_pages_of_a_document(admin_client, confidential_doc):
    changelist = admin_client.get(
        admin_url("funders_grantdocument_changelist"), {"q": "Convention"}
    )
    assert changelist.status_code == 200
    assert confidential_doc.title in changelist.content.decode()
    change = admin_client.get(admin_url("funders_grantdocument_change", confidential_doc.pk))
    page = change.content.decode()
    assert change.status_code == 200
    # A link to the checked download, never to the file.
    assert url("funders:document-download", confidential_doc.pk) in page
    assert confidential_doc.file.name not in page
    assert 'type="file"' not in page


def test_deleting_a_document_deletes_its_file(admin_client, confidential_doc, private_media):
    assert len(stored_files(private_media)) == 1
    response = admin_client.post(
        admin_url("funders_grantdocument_delete", confidential_doc.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not GrantDocument.objects.exists()
    assert stored_files(private_media) == []


# -- download -----------------------------------------------------------------------------------


def test_a_download_is_a_pdf_attachment_never_cached_nor_sniffed(funder_a_client, confidential_doc):
    response = funder_a_client.get(url("funders:document-download", confidential_doc.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == minimal_pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="signed-agreement.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_each_download_is_logged_with_who_and_when(
    funder_a, funder_a_client, anonymous_client, public_doc, confidential_doc
):
    funder_a_client.get(url("funders:document-download", confidential_doc.pk))
    funder_a_client.get(url("funders:document-download", confidential_doc.pk))
    anonymous_client.get(url("funders:document-download", public_doc.pk))
    anonymous_client.get(
        url("funders:document-download", confidential_doc.pk)
    )  # refused: not logged

    logged = list(
        DocumentDownload.objects.order_by("downloaded_at").values_list(
            "document", "user", "username"
        )
    )
    assert logged == [
        (confidential_doc.pk, funder_a.pk, "funder-a"),
        (confidential_doc.pk, funder_a.pk, "funder-a"),
        (public_doc.pk, None, ""),
    ]
    assert all(d.downloaded_at for d in DocumentDownload.objects.all())


def test_the_download_log_in_the_admin(
    admin_client, publisher_client, funder_a_client, confidential_doc
):
    funder_a_client.get(url("funders:document-download", confidential_doc.pk))
    for client in (admin_client, publisher_client):
        response = client.get(admin_url("funders_documentdownload_changelist"))
        page = response.content.decode()
        assert response.status_code == 200
        assert "funder-a" in page and "Signed agreement" in page
    filtered = admin_client.get(
        admin_url("funders_documentdownload_changelist"), {"document__visibility": "public"}
    )
    assert "funder-a" not in filtered.content.decode()
    # The log is kept as it is: nobody adds, changes or deletes an entry from the admin.
    entry = DocumentDownload.objects.get()
    assert admin_client.get(admin_url("funders_documentdownload_add")).status_code == 403
    assert (
        admin_client.post(
            admin_url("funders_documentdownload_delete", entry.pk), {"post": "yes"}
        ).status_code
        == 403
    )
    assert DocumentDownload.objects.count() == 1


def test_a_missing_file_is_not_found_and_not_logged(funder_a_client, confidential_doc):
    confidential_doc.file.storage.delete(confidential_doc.file.name)
    response = funder_a_client.get(url("funders:document-download", confidential_doc.pk))
    assert response.status_code == 404
    assert not DocumentDownload.objects.exists()


def test_downloads_answer_get_only(funder_a_client, confidential_doc):
    response = funder_a_client.post(url("funders:document-download", confidential_doc.pk))
    assert response.status_code == 405


def test_a_public_document_of_a_published_grant_is_open_to_anyone_in_both_languages(
    anonymous_client, public_doc
):
    for lang in ("fr", "en"):
        response = anonymous_client.get(url("funders:document-download", public_doc.pk, lang=lang))
        assert response.status_code == 200
    assert GrantDocumentFactory._meta.model.objects.count() == 1


def test_a_confidential_download_is_in_the_security_log(funder_a_client, confidential_doc, caplog):
    caplog.set_level(logging.INFO, logger="accessante.security")
    response = funder_a_client.get(url("funders:document-download", confidential_doc.pk))
    assert response.status_code == 200
    (line,) = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "accessante.security"
    ]
    assert line["event"] == "confidential_download"
    assert line["document"] == str(confidential_doc.pk)
    assert line["grant"] == confidential_doc.grant.slug
    assert line["username"] == "funder-a"
