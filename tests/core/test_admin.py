"""The admin's shared parts: language, source fieldsets, staff source filled in, key figures.

`form_values` reads a rendered admin form the way a browser submits it; the other apps'
admin tests import it.
"""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from core.models import KeyFigure
from core.sources import SourceDocument, document_text
from tests.conftest import ADMIN_PAGE_QUERIES, in_french
from tests.factories import KeyFigureFactory, ProgramFactory

# French active around each test: a request to /en/ leaves English active in the thread, and
# factories would then fill the English columns instead of the French ones.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

KEY_FIGURES_PREFIX = "core-keyfigure-content_type-object_id"


def admin_url(name, *args, lang="fr"):
    with translation.override(lang):
        return reverse(f"admin:{name}", args=args)


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.append((name, attrs.get("value") or "on"))
            else:
                self.values.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append((self._select, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.values.append((name, text.removeprefix("\n")))
            self._textarea = None


def form_values(response, **changes):
    """What a browser would submit from the admin form on this page, with `changes` applied.

    Multi-valued fields (a select multiple) come back as lists. Set a value to None to drop it.
    """
    model_name = response.context["opts"].model_name
    reader = _FormReader(f"{model_name}_form")
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.values:
        if "__prefix__" in name:
            continue
        data.setdefault(name, []).append(value)
    data = {k: v[0] if len(v) == 1 else v for k, v in data.items()}
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def add_inline_rows(data, prefix, *rows):
    """Append new rows to an inline formset in `data` (field names without the prefix)."""
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for field, value in row.items():
            data[f"{prefix}-{start + offset}-{field}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
    return data


def results_table(response):
    """The changelist's table of results, as HTML ("" when nothing matched)."""
    html = response.content.decode()
    start = html.find('<table id="result_list">')
    return html[start : html.index("</table>", start)] if start >= 0 else ""


class _TextReader(HTMLParser):
    """The text of the elements `wanted(tag, attrs, open_tags)` picks, one string each."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self, wanted):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.open_tags = []  # (tag, attrs) of the elements we are inside
        self.texts = []
        self._current = None  # [depth, text] of the element being read

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        if self._current is None and self.wanted(tag, attrs, self.open_tags):
            self._current = [len(self.open_tags), ""]
        self.open_tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        pass  # <use ... />: no text

    def handle_data(self, data):
        if self._current is not None:
            self._current[1] += data

    def handle_endtag(self, tag):
        if tag not in {open_tag for open_tag, _ in self.open_tags}:
            return
        while True:
            open_tag, _ = self.open_tags.pop()
            if self._current is not None and len(self.open_tags) == self._current[0]:
                # Collapse the HTML source's layout, keep no-break spaces: they are text.
                self.texts.append(re.sub(r"[ \t\r\n\f]+", " ", self._current[1]).strip(" "))
                self._current = None
            if open_tag == tag:
                return


def _texts(response_or_html, wanted):
    html = response_or_html
    if not isinstance(html, str):
        html = html.content.decode()
    reader = _TextReader(wanted)
    reader.feed(html)
    reader.close()
    return reader.texts


def errors_in(response):
    """The error messages the page shows, one string each, as the staff member reads them."""

    def error(tag, attrs, open_tags):
        return (
            tag == "li"
            and bool(open_tags)
            and open_tags[-1][0] == "ul"
            and "errorlist" in (open_tags[-1][1].get("class") or "").split()
        )

    return _texts(response, error)


def headings_in(response_or_html):
    """The text of every heading on the page (fieldset titles, inline titles...)."""
    return _texts(response_or_html, lambda tag, attrs, open_tags: tag in HEADING_TAGS)


HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


# -- The admin in French and English ------------------------------------------------------


def test_admin_index_speaks_french_and_english(admin_client):
    french = admin_client.get(admin_url("index", lang="fr"))
    english = admin_client.get(admin_url("index", lang="en"))
    assert "Déconnexion" in french.content.decode()
    assert "Log out" in english.content.decode()
    assert "Accès Santé" in french.content.decode()
    # The site's own stylesheet, from static: no inline style.
    assert "/static/css/admin.css" in english.content.decode()
    assert "style=" not in english.content.decode()


def test_language_switch_links_to_the_same_admin_page_in_the_other_language(admin_client):
    french = admin_client.get(admin_url("programs_program_changelist", lang="fr"), {"q": "soins"})
    assert 'href="/en/admin/programs/program/?q=soins">English</a>' in french.content.decode()
    assert '<span lang="fr" aria-current="page">français</span>' in french.content.decode()
    program = ProgramFactory()
    english = admin_client.get(admin_url("programs_program_change", program.pk, lang="en"))
    assert f'href="/fr/admin/programs/program/{program.pk}/change/">français</a>' in (
        english.content.decode()
    )


def test_admin_pages_load_nothing_from_another_host(admin_client):
    program = ProgramFactory()
    page = admin_client.get(admin_url("programs_program_change", program.pk)).content.decode()
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', page)
    assert any("autocomplete" in a for a in assets)
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets


def test_login_page_renders_for_anonymous_visitors(client):
    response = client.get(admin_url("login", lang="en"))
    assert response.status_code == 200
    assert "Accès Santé administration" in response.content.decode()


# -- Key figures, on their own and as the shared inline -------------------------------------


def test_key_figure_changelist_lists_and_searches_in_both_languages(admin_client):
    program = ProgramFactory(title="Soigner à Lyon")
    KeyFigureFactory(subject=program, label="femmes accueillies", label_en="women welcomed")
    KeyFigureFactory(subject=program, label="autre chose", label_en="something else")
    url = admin_url("core_keyfigure_changelist")

    page = results_table(admin_client.get(url))
    assert "femmes accueillies" in page
    assert "Soigner à Lyon" in page  # the described record

    found_fr = results_table(admin_client.get(url, {"q": "femmes"}))
    found_en = results_table(admin_client.get(url, {"q": "welcomed"}))
    assert "femmes accueillies" in found_fr and "autre chose" not in found_fr
    assert "femmes accueillies" in found_en and "autre chose" not in found_en


def test_key_figure_changelist_queries_stay_flat(admin_client, django_assert_max_num_queries):
    for _ in range(5):
        KeyFigureFactory()
    admin_client.get(admin_url("core_keyfigure_changelist"))  # warm the content type cache
    with django_assert_max_num_queries(ADMIN_PAGE_QUERIES):
        admin_client.get(admin_url("core_keyfigure_changelist"))


def test_key_figure_add_page_offers_only_records_that_have_key_figures(admin_client):
    response = admin_client.get(admin_url("core_keyfigure_add"))
    choices = set(response.context["adminform"].form.fields["content_type"].queryset)
    assert choices == {
        ContentType.objects.get(app_label=a, model=m)
        for a, m in [
            ("programs", "program"),
            ("centers", "center"),
            ("partners", "organization"),
            ("history", "event"),
        ]
    }
    page = response.content.decode()
    assert "label_fr" in page and "label_en" in page
    assert "Publication" in page and "Source" in page


def test_key_figure_change_page_shows_the_record_dates(admin_client):
    figure = KeyFigureFactory()
    page = admin_client.get(admin_url("core_keyfigure_change", figure.pk)).content.decode()
    assert "6000" in page
    assert "field-created_at" in page and "field-updated_at" in page


def test_seed_key_is_shown_read_only_only_when_present(admin_client):
    seeded = KeyFigureFactory(seed_key="figure:msf-consultations")
    entered = KeyFigureFactory()
    seeded_page = admin_client.get(admin_url("core_keyfigure_change", seeded.pk)).content.decode()
    entered_page = admin_client.get(admin_url("core_keyfigure_change", entered.pk)).content.decode()
    assert "figure:msf-consultations" in seeded_page
    assert 'name="seed_key"' not in seeded_page  # read-only
    assert "field-seed_key" not in entered_page


def test_not_disclosed_key_figure_is_refused_with_the_constraint_message(admin_client):
    program = ProgramFactory()
    add = admin_client.get(admin_url("core_keyfigure_add"))
    data = form_values(
        add,
        content_type=str(ContentType.objects.get_for_model(program).pk),
        object_id=str(program.pk),
        value="12",
        qualifier="not_disclosed",
        label_fr="bénévoles",
        source_verification="Appel téléphonique.",
    )
    response = admin_client.post(admin_url("core_keyfigure_add"), data)
    assert response.status_code == 200
    assert in_french("A key figure states a number; leave out what is not disclosed.") in (
        errors_in(response)
    )
    assert not KeyFigure.objects.exists()


# -- The source, shared by every content record ---------------------------------------------


def test_staff_entry_records_who_entered_it_and_when(admin_client, admin_user):
    program = ProgramFactory()
    add = admin_client.get(admin_url("core_keyfigure_add"))
    data = form_values(
        add,
        content_type=str(ContentType.objects.get_for_model(program).pk),
        object_id=str(program.pk),
        value="39",
        qualifier="exact",
        unit="percent",
        label_fr="de femmes",
        source_document="staff",
        source_entered_by="",
        source_entered_on="",
    )
    response = admin_client.post(admin_url("core_keyfigure_add"), data)
    assert response.status_code == 302
    figure = KeyFigure.objects.get()
    assert figure.source_entered_by == admin_user
    assert figure.source_entered_on == datetime.date.today()

    page = admin_client.get(admin_url("core_keyfigure_change", figure.pk)).content.decode()
    assert f'<option value="{admin_user.pk}" selected>{admin_user.username}</option>' in page


def test_seed_sourced_record_needs_a_verbatim_passage(admin_client):
    program = ProgramFactory()
    add = admin_client.get(admin_url("core_keyfigure_add"))
    base = {
        "content_type": str(ContentType.objects.get_for_model(program).pk),
        "object_id": str(program.pk),
        "value": "6000",
        "qualifier": "more_than",
        "label_fr": "consultations",
        "source_document": SourceDocument.MSF_PAGE.value,
    }
    invented = admin_client.post(
        admin_url("core_keyfigure_add"),
        form_values(add, **base, source_passage="A sentence the page never says."),
    )
    assert invented.status_code == 200
    assert in_french(
        "This passage is not word for word in the chosen source document."
    ) in errors_in(invented)

    missing = admin_client.post(
        admin_url("core_keyfigure_add"), form_values(add, **base, source_passage="")
    )
    assert missing.status_code == 200
    assert in_french("A fact from a source document needs its quoted passage.") in errors_in(
        missing
    )
    assert not KeyFigure.objects.exists()

    passage = document_text(SourceDocument.MSF_PAGE).split(".")[0].strip()
    quoted = admin_client.post(
        admin_url("core_keyfigure_add"), form_values(add, **base, source_passage=passage)
    )
    assert quoted.status_code == 302
    figure = KeyFigure.objects.get()
    assert figure.source_entered_by is None  # a fact from a document is not a staff entry
    assert figure.value == Decimal("6000")


def test_unpublish_before_publish_is_a_form_error(admin_client):
    figure = KeyFigureFactory()
    change = admin_client.get(admin_url("core_keyfigure_change", figure.pk))
    data = form_values(
        change,
        publish_at_0="2025-06-01",
        publish_at_1="10:00:00",
        unpublish_at_0="2025-05-01",
        unpublish_at_1="10:00:00",
    )
    response = admin_client.post(admin_url("core_keyfigure_change", figure.pk), data)
    assert response.status_code == 200
    assert in_french("The unpublish date must come after the publish date.") in errors_in(response)
    figure.refresh_from_db()
    assert figure.publish_at is None
