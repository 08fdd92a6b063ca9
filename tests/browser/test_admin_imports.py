"""The admin's import pages (upload with its column tables, a refused file's preview, a preview
ready to confirm), in both languages: no axe-core violation, no Content Security Policy
violation, no request to another host."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from imports import importer
from imports.models import ImportBatch, ImportState
from tests.accounts_fixtures import make_user

from .conftest import LANGS, click_and_load, describe_violations, run_axe

HEADER = "id,name_fr,kind,operator,department_code,city,opening_hours\n"
GOOD = HEADER + "P1,Lieu 1,consultation,medecins-du-monde,75,Paris,Mo-Fr 09:00-12:00\n"
BAD = GOOD + "P2,Lieu 2,consultation,nobody,99,Paris,Lundi\n"


@pytest.fixture(scope="module")
def staff(seeded, django_db_blocker):
    """An editor's session cookie and two previews (one refused, one to confirm)."""
    with django_db_blocker.unblock():
        editor = make_user("Editors", username="import-editor")
        client = Client()
        client.force_login(editor)
        batches = {}
        for name, data in (("good", GOOD), ("bad", BAD)):
            batch = ImportBatch(kind="places", source="axe", file_name=f"{name}.csv")
            batch.content = data.encode()
            batch.uploaded_by = editor
            summary = importer.preview(batch, editor)
            ok = importer.can_confirm(summary)
            batch.state = ImportState.PREVIEWED if ok else ImportState.REFUSED
            batch.save()
            batches[name] = batch.pk
        from django.db import connections

        connections.close_all()
    return client.cookies[settings.SESSION_COOKIE_NAME].value, batches


@pytest.mark.parametrize("lang", LANGS)
def test_the_import_pages_pass_axe(staff, shared_js, lang):
    site, guard, page = shared_js
    cookie, batches = staff
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site.origin}]
    )
    with translation.override(lang):
        paths = [
            reverse("admin:imports_importbatch_add"),
            reverse("admin:imports_importbatch_change", args=[batches["bad"]]),
            reverse("admin:imports_importbatch_change", args=[batches["good"]]),
        ]
    problems = []
    for path in paths:
        guard.reset()
        response = page.goto(site.url(path))
        assert response.status == 200, f"{path} answered {response.status}"
        guard.check(path, page)
        violations = run_axe(page, site.axe_source)
        if violations:
            problems.append(f"{path}:\n{describe_violations(violations)}")
    # The upload form sent empty: its errors are shown accessibly too.
    page.goto(site.url(paths[0]))
    click_and_load(page.locator("input[type=submit]").first)
    assert page.locator(".errorlist").count() >= 1
    violations = run_axe(page, site.axe_source)
    if violations:
        problems.append(f"{paths[0]} with errors:\n{describe_violations(violations)}")
    assert not problems, "\n".join(problems)
