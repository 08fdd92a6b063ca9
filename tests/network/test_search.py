"""Site search: accents, typos, languages, ranking, groups, odd queries, bounded queries."""

import datetime
import logging
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import Truncator

from centers.models import Center, CenterKind
from core.models import Status
from history.models import Event, Reference
from network import search as search_module
from network.models import SearchDocument
from network.search import (
    KINDS,
    MAX_QUERY_LENGTH,
    RESULTS_PER_GROUP,
    SNIPPET_LENGTH,
    clean_query,
    rebuild_documents,
    snippet,
)
from partners.models import Organization
from programs.models import Program
from tests.factories import (
    CenterFactory,
    EventFactory,
    OrganizationFactory,
    ProgramFactory,
    ReferenceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

ODD_QUERIES = [
    "%",
    "_",
    "%_%",
    "'",
    '"',
    "\"'",
    "&",
    "&&",
    ":*",
    "medecins:*",
    "\\",
    "\\\\",
    "a & b | !c",
    "(",
    ")",
    "<->",
    "!",
    "'; DROP TABLE centers_center; --",
    "<script>alert(1)</script>",
    "🙂",
    "   ",
    "\x00nul",
    "-",
    "--",
    "*",
    "le la les de",
    "x" * 5000,
]


def get(client, query=None, lang="en"):
    with translation.override(lang):
        path = reverse("network:search")
        response = client.get(path, {"q": query} if query is not None else {})
    assert response.status_code == 200
    return response.content.decode()


def group(html, key):
    match = re.search(rf'<section id="results-{key}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def titles(html, key):
    return re.findall(r'<li>\s*<a href="[^"]+">([^<]+)</a>', group(html, key))


@pytest.fixture
def content():
    mdm = OrganizationFactory(
        name="Médecins du Monde", name_en="Médecins du Monde", acronym="MdM", slug="mdm"
    )
    msf = OrganizationFactory(
        name="Migrations Santé France", name_en="Migrations Santé France", slug="msf"
    )
    CenterFactory(
        name="CASO de Médecins du Monde – Lyon",
        name_en="Médecins du Monde CASO – Lyon",
        slug="caso-lyon",
        operator=mdm,
        city="Lyon",
        summary="Consultations médicales gratuites pour les personnes en grande précarité.",
        summary_en="Free medical consultations for people in great precarity.",
    )
    CenterFactory(
        name="Permanence téléphonique de Tourcoing",
        name_en="Medical hotline in Tourcoing",
        slug="hotline-tourcoing",
        kind=CenterKind.HOTLINE,
        city="Tourcoing",
        postcode="59200",
        department="Nord",
    )
    CenterFactory(
        name="Médecins secrets", name_en="Médecins secrets", slug="draft-place", status=Status.DRAFT
    )
    CenterFactory(
        name="Centre de documentation des Médecins",
        name_en="Médecins documentation centre",
        slug="doc",
        kind=CenterKind.DOCUMENTATION,
    )
    ProgramFactory(
        title="Consultation gratuite pour les mineurs",
        title_en="Free consultation for minors",
        slug="minors",
        summary="Une consultation médico-sociale gratuite ouverte à tous les enfants.",
        summary_en="A cost-free medico-social consultation open to all children.",
        lead_organization=mdm,
    )
    ProgramFactory(
        title="Programme futur",
        title_en="Future program",
        slug="future",
        publish_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
        summary_en="Médecins du Monde consultations.",
    )
    event = EventFactory(
        organization=msf,
        title="Création de la revue Migrations Santé",
        title_en="Creation of the journal Migrations Santé",
        slug="journal",
        starts_on=datetime.date(1974, 1, 1),
    )
    reference = ReferenceFactory(
        title="La Santé des migrants", title_en="The Health of Migrants", slug="health-of-migrants"
    )
    event.references.add(reference)
    return SimpleNamespace(mdm=mdm, msf=msf, event=event, reference=reference)


def test_accent_insensitive_in_both_languages(client, content):
    html = get(client, "medecins", "en")
    assert titles(html, "places") == ["Médecins du Monde CASO – Lyon"]
    assert titles(html, "partners") == ["Médecins du Monde"]
    html_fr = get(client, "MEDECINS", "fr")
    assert titles(html_fr, "places") == ["CASO de Médecins du Monde – Lyon"]
    assert 'href="/fr/places/caso-lyon/"' in html_fr
    assert '<html lang="fr"' in html_fr


def test_typos_still_find(client, content):
    assert titles(get(client, "Migartions", "en"), "partners") == ["Migrations Santé France"]
    assert titles(get(client, "Tourcoin", "fr"), "places") == [
        "Permanence téléphonique de Tourcoing"
    ]
    assert titles(get(client, "Tourcoin", "en"), "places") == ["Medical hotline in Tourcoing"]


def test_each_language_is_searched_with_its_own_stemming(client, content):
    # English stems "consultations" to "consult"; French stems "gratuites" to "gratuit".
    assert titles(get(client, "consultations", "en"), "programs") == [
        "Free consultation for minors"
    ]
    assert titles(get(client, "consultations gratuites", "fr"), "programs") == [
        "Consultation gratuite pour les mineurs"
    ]
    # A word only the English text holds is not found on the French page.
    assert titles(get(client, "children", "fr"), "programs") == []
    assert titles(get(client, "children", "en"), "programs") == ["Free consultation for minors"]


def test_places_by_city_postcode_or_departement(client, content):
    for query in ("Lyon", "lyon"):
        assert "Médecins du Monde CASO – Lyon" in titles(get(client, query), "places")
    assert titles(get(client, "59200"), "places") == ["Medical hotline in Tourcoing"]
    assert titles(get(client, "Nord"), "places") == ["Medical hotline in Tourcoing"]


def test_title_matches_rank_first(client):
    ProgramFactory(
        title_en="Mobile teams in Paris", slug="a-first-by-pk", summary_en="They go to the street."
    )
    ProgramFactory(title_en="Training", slug="b", summary_en="For mobile teams and volunteers.")
    ProgramFactory(
        title_en="Mobile teams",
        slug="c",
        summary_en="Mobile teams for the very poor: mobile teams.",
    )
    found = titles(get(client, "mobile teams"), "programs")
    assert found[-1] == "Training"
    assert set(found[:2]) == {"Mobile teams", "Mobile teams in Paris"}


def test_only_published_care_places_and_content(client, content):
    html = get(client, "medecins")
    assert "Médecins secrets" not in html
    assert "documentation centre" not in html
    assert "Future program" not in html


def test_results_grouped_with_counts_type_snippet_and_link(client, content):
    html = get(client, "migrants sante")
    assert re.search(r"<h2 id=\"results-title\">\d+ results? for “migrants sante”</h2>", html)
    history = group(html, "history")
    assert '<h3 id="results-history-title">History (1)</h3>' in history
    assert (
        'href="/en/history/#event-journal">Creation of the journal Migrations Santé</a>' in history
    )
    assert "Event · 1974" in history
    references = group(html, "references")
    assert "Laws and publications (1)" in references
    # A reference has no page: it links to the event that mentions it.
    assert 'href="/en/history/#event-journal">The Health of Migrants</a>' in references
    nav = re.search(r'<nav aria-label="Results by kind">.*?</nav>', html, re.S).group(0)
    assert 'href="#results-history">History (1)</a>' in nav


def test_snippet_marks_the_words_found(client, content):
    place = group(get(client, "precarite", "fr"), "places")
    assert "<mark>précarité</mark>" in place
    place = group(get(client, "precarity", "en"), "places")
    assert "Care place · care and orientation centre (CASO) · Lyon" in place
    assert "for people in great <mark>precarity</mark>." in place


def test_empty_query_shows_help_and_no_results_section(client, content):
    for query in (None, "", "   "):
        html = get(client, query)
        assert 'id="results-title"' not in html
        assert "What you can search" in html
        assert 'href="/en/places/">Find care</a>' in html
        assert 'name="robots"' not in html


def test_nothing_found_is_said_with_help(client, content):
    html = get(client, "qwxzvbnm")
    assert "0 results for “qwxzvbnm”" in html
    assert "Nothing matches this search." in html
    assert 'href="/en/places/">Find care</a>' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_fail(client, content, query):
    html = get(client, query)
    assert "<script>alert" not in html
    # A query with something left after cleaning gets a results section, even if empty.
    assert ('id="results-title"' in html) == bool(clean_query(query))
    value = re.search(r'<input type="search" id="q" name="q" value="([^"]*)"', html).group(1)
    assert len(value) <= MAX_QUERY_LENGTH * 6  # escaped entities take several characters each


def test_long_query_is_cut_and_said_so(client, content):
    html = get(client, "medecins " + "x" * 500)
    assert "only its first 200 characters were used" in html
    assert f'maxlength="{MAX_QUERY_LENGTH}"' in html
    assert len(clean_query("y" * 1000)) == MAX_QUERY_LENGTH


def test_clean_query_drops_control_characters():
    assert clean_query(" a\x00b\tc\n ") == "a b c"


def test_search_terms_are_not_logged(client, content, caplog):
    with caplog.at_level(logging.DEBUG):
        get(client, "secretword-medecins")
    assert "secretword" not in caplog.text


def test_results_per_group_are_capped_and_the_total_given(client):
    for i in range(RESULTS_PER_GROUP + 3):
        ProgramFactory(title_en=f"Vaccination round {i}", slug=f"vaccination-{i}")
    programs = group(get(client, "vaccination"), "programs")
    assert f"Programs ({RESULTS_PER_GROUP + 3})" in programs
    assert f"The {RESULTS_PER_GROUP} best of {RESULTS_PER_GROUP + 3}." in programs
    assert programs.count("<li>") == RESULTS_PER_GROUP


def make(n):
    for i in range(n):
        org = OrganizationFactory(name=f"Santé association {i}", name_en=f"Santé association {i}")
        CenterFactory(name=f"Centre santé {i}", name_en=f"Santé centre {i}", operator=org)
        ProgramFactory(title_en=f"Santé program {i}", lead_organization=org)
        event = EventFactory(title_en=f"Santé event {i}", organization=org)
        event.references.add(ReferenceFactory(title_en=f"Santé law {i}"))


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        html = get(client, "sante")
    assert "Care places (" in html
    return len(queries)


def test_query_count_is_fixed_whatever_the_number_of_results(client):
    make(2)
    few = count_queries(client)
    make(48)
    assert count_queries(client) == few
    # The trigram threshold, the search, the shown records of each kind, the references' events,
    # the request's savepoint.
    assert few <= 10


def test_snippet_escapes_and_marks_without_accents():
    html = snippet(["<b>Les</b> Médecins du Monde à Koungou"], ["medecins", "koungou"])
    assert html == "&lt;b&gt;Les&lt;/b&gt; <mark>Médecins</mark> du Monde à <mark>Koungou</mark>"
    assert snippet(["Nothing here"], ["absent"]) == "Nothing here"
    assert snippet([], ["x"]) == ""


def test_snippet_of_a_short_text_without_the_words_is_the_text_as_truncator_gives_it():
    text = "Cafe\u0301 <ouvert> & chaleureux"  # a combining accent: NFC-normalised
    assert snippet([text], ["absent"]) == "Café &lt;ouvert&gt; &amp; chaleureux"
    for text in ("Un lieu d'accueil " * 10, "Un lieu d'accueil " * 11):  # 180, 198 characters
        assert snippet([text], ["absent"]) == escape(Truncator(text).chars(SNIPPET_LENGTH))
    assert snippet(["Un lieu d'accueil " * 11], ["absent"]).endswith("Un lieu d&#x27;accueil…")


@pytest.mark.parametrize(
    "text",
    [
        "Œuvre de l'ÎLE-DE-FRANCE à Saint-Étienne: soins",
        "Straße İstanbul ĲSSEL ǅ ꭰ Ꭰ ς Σ ﬁ",  # folds longer, shorter, Cherokee, final sigma
        "Красный Крест ЇЖАК здоров'я",
        "الصحة للجميع آمنة ١٢٣",
        "e\u0301\u0327 combining alone \u0301, emoji 🏥, nbsp\xa0here, ﬀ",
    ],
)
def test_folding_for_snippets_is_each_characters_normalised_form(text):
    """search._folded (the bytes' lower() for ASCII, then the others one by one) gives exactly
    what folding every character by normalise() gives."""
    assert search_module._folded(text) == "".join(search_module.normalise(c) for c in text)
    assert all(search_module.normalise(chr(code)) == chr(code).lower() for code in range(128))


def test_postgresql_extensions_are_installed():
    with connection.cursor() as cursor:
        cursor.execute(
            "select extname from pg_extension where extname in ('unaccent', 'pg_trgm') order by 1"
        )
        assert [row[0] for row in cursor.fetchall()] == ["pg_trgm", "unaccent"]


# --- The precomputed documents (PostgreSQL): kept up to date by triggers ---------------------

MODELS = {
    "places": Center,
    "programs": Program,
    "partners": Organization,
    "history": Event,
    "references": Reference,
}


def documents(kind, obj):
    return {d.language: d for d in SearchDocument.objects.filter(kind=kind, object_id=obj.pk)}


def test_every_write_path_keeps_the_documents_up_to_date():
    program = ProgramFactory(
        title="Dépistage à Dieppe", title_en="Screening in Dieppe", summary="Des tests."
    )
    docs = documents("programs", program)
    assert docs["fr"].title == "Depistage a Dieppe"
    assert docs["en"].title == "Screening in Dieppe"
    assert "'depistag':1A" in docs["fr"].document and "'test':5C" in docs["fr"].document

    program.title_fr = "Vaccination à Rouen"
    program.save()
    assert documents("programs", program)["fr"].title == "Vaccination a Rouen"

    # Bulk paths call no save() and send no signal: the triggers see them all the same.
    Program.objects.filter(pk=program.pk).update(title_en="Vaccination in Rouen")
    assert documents("programs", program)["en"].title == "Vaccination in Rouen"
    bulk = Program.objects.bulk_create(
        [
            Program(
                title_fr="Maraude",
                title_en="Street team",
                slug="bulk",
                lead_organization=program.lead_organization,
            )
        ]
    )
    assert set(documents("programs", bulk[0])) == set(search_module.SEARCH_CONFIGS)

    program.delete()
    assert documents("programs", program) == {}
    assert set(documents("programs", bulk[0])) == set(search_module.SEARCH_CONFIGS)


def test_a_document_falls_back_to_french_where_english_is_empty():
    center = CenterFactory(
        name="Équipe mobile de Koungou", name_en="", city="Koungou", summary="Soins à domicile."
    )
    english = documents("places", center)["en"]
    assert english.title == "Equipe mobile de Koungou"
    assert "'koungou':4A,5B" in english.document  # the title in weight A, the city in weight B


def test_publishing_needs_nothing_done_to_the_documents(client):
    CenterFactory(
        name="Halte santé de Dieppe",
        name_en="Dieppe health stop",
        slug="halte",
        status=Status.DRAFT,
    )
    assert titles(get(client, "dieppe"), "places") == []
    Center.objects.filter(slug="halte").update(status=Status.PUBLISHED)
    assert titles(get(client, "dieppe"), "places") == ["Dieppe health stop"]


def test_the_triggers_index_what_the_search_searches():
    """Migration 0002 froze what each kind indexes: it must match the kinds, on existing columns."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgargs FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'network_search_%%' AND NOT t.tgname LIKE '%%_truncate'"
        )
        triggers = {
            bytes(args).decode().split("\x00")[0]: (table, bytes(args).decode().split("\x00")[1:6])
            for table, args in cursor.fetchall()
        }
    assert set(triggers) == {kind.key for kind in KINDS}
    for kind in KINDS:
        table, fields = triggers[kind.key]
        model = MODELS[kind.key]
        assert table == model._meta.db_table
        assert tuple(fields) == kind.document_fields()
        columns = {f.column for f in model._meta.concrete_fields}
        translated = [*kind.title_fields, *kind.short_fields, *kind.text_fields]
        plain = [*kind.plain_title_fields, *kind.plain_short_fields]
        # A renamed or dropped column would silently leave the documents: say it here.
        assert {f"{name}_{code}" for name in translated for code in ("fr", "en")} | set(
            plain
        ) <= columns


def test_each_kind_and_language_has_its_own_gin_indexes():
    """A section reads its own kind in one language: each language has its own partition of
    the documents (network migration 0006) and, in it, each kind its own indexes (migrations
    0003 and 0005), so that the places' entries are never read to find an event."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits h "
            "JOIN pg_class c ON c.oid = h.inhrelid "
            "WHERE h.inhparent = 'network_searchdocument'::regclass"
        )
        partitions = dict(cursor.fetchall())
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes "
            "WHERE tablename LIKE 'network_searchdocument%%' AND indexdef LIKE '%%USING gin%%'"
        )
        definitions = cursor.fetchall()
    for kind in KINDS:
        for language in search_module.SEARCH_CONFIGS:
            partition = f"network_searchdocument_{language}"
            assert partitions.get(partition) == f"FOR VALUES IN ('{language}')", language
            where = f"WHERE ((kind)::text = '{kind.key}'::text)"
            for column in ("(document)", "(title gin_trgm_ops)"):
                assert any(
                    table == partition and column in d and d.endswith(where)
                    for table, d in definitions
                ), (kind.key, language, column)


def test_rebuild_rewrites_what_the_triggers_could_not_see(client, content):
    before = {
        (d.kind, d.language, d.object_id): (d.title, d.document)
        for d in SearchDocument.objects.all()
    }
    with connection.cursor() as cursor:
        # As a data-only restore with triggers disabled would leave things: a missing document
        # and a stale one.
        cursor.execute("DELETE FROM network_searchdocument WHERE kind = 'partners'")
        cursor.execute("UPDATE network_searchdocument SET title = 'stale' WHERE kind = 'places'")
    assert titles(get(client, "medecins"), "partners") == []
    assert rebuild_documents() == len(before)
    after = {
        (d.kind, d.language, d.object_id): (d.title, d.document)
        for d in SearchDocument.objects.all()
    }
    assert after == before
    assert titles(get(client, "medecins"), "partners") == ["Médecins du Monde"]


@pytest.fixture
def small_caps(monkeypatch):
    """Caps of a national directory at the size of a test: rank 3 + 3, count up to 5."""
    monkeypatch.setattr(search_module, "CANDIDATES", 3)
    monkeypatch.setattr(search_module, "COUNT_CAP", 5)


def test_a_broad_search_says_more_than_the_counted_results(client, small_caps):
    for i in range(8):
        ProgramFactory(title_en=f"Vaccination round {i}", slug=f"vaccination-{i}")
    html = get(client, "vaccination")
    assert "More than 5 results for “vaccination”" in html
    programs = group(html, "programs")
    assert "Programs (more than 5)" in " ".join(programs.split())
    assert "best of more than 5. Add a word to narrow the search." in programs
    assert 0 < programs.count("<li>") <= 6


def test_a_counted_search_says_the_exact_number(client, small_caps):
    for i in range(5):
        ProgramFactory(title_en=f"Vaccination round {i}", slug=f"vaccination-{i}")
    html = get(client, "vaccination")
    assert "5 results for “vaccination”" in html
    assert "More than" not in html


def test_a_title_match_outranks_text_matches_beyond_the_ranked_set(client, small_caps):
    for i in range(8):
        ProgramFactory(title_en=f"Training {i}", slug=f"a-{i}", summary_en="About vaccination.")
    ProgramFactory(title_en="Vaccination", slug="z-last-by-pk", summary_en="Every winter.")
    assert titles(get(client, "vaccination"), "programs")[0] == "Vaccination"


def test_a_record_found_by_its_words_and_by_a_title_like_the_query_counts_once(client):
    ProgramFactory(title_en="Vaccination round", slug="round", summary_en="Every winter.")
    ProgramFactory(title_en="Training", slug="training", summary_en="About vaccination.")
    html = get(client, "vaccination")
    assert "Programs (2)" in group(html, "programs")
    assert titles(html, "programs") == ["Vaccination round", "Training"]


def test_a_typo_alone_can_pass_the_count_cap(client, small_caps):
    for i in range(8):
        ProgramFactory(title_en=f"Vaccination round {i}", slug=f"vaccination-{i}")
    html = get(client, "vacination")
    assert "Programs (more than 5)" in " ".join(group(html, "programs").split())
    assert "More than 5 results for “vacination”" in html


def _ninety_places():
    """Ninety places over several blocks of the documents' table, ten of them "Centre de
    vaccination", from the first block to the last."""
    for i in range(90):
        like = i % 9 == 4
        CenterFactory(
            name=f"Centre de vaccination {i}" if like else f"Maison {i}",
            slug=f"place-{i}",
            summary="Une longue présentation du lieu, de ses horaires et de son public. " * 3,
        )


@pytest.mark.parametrize("query", ["vaccination", "vacination", "centre vaccination"])
def test_a_typo_match_read_in_two_parts_finds_the_same_rows(small_caps, monkeypatch, query):
    """The places' typo match reads the documents' first blocks row by row, then the others by
    the title index (Kind.head_blocks): the same results and counts as the index alone, when
    the matches lie on both sides of the first block, and for a rare word."""
    _ninety_places()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT (ctid::text::point)[0] FROM network_searchdocument "
            "WHERE kind = 'places' AND language = 'fr' AND title LIKE 'Centre de vaccination%%'"
        )
        assert len(cursor.fetchall()) > 1, "the matches on several blocks"

    def found(blocks):
        monkeypatch.setattr(search_module.CenterSearch, "head_blocks", blocks)
        groups = search_module.search(query, "fr")
        return [(g.key, g.count, g.capped, [r.url for r in g.results]) for g in groups]

    whole = found(0)
    assert whole[0][1] > 0
    assert found(1) == whole
    assert found(1000) == whole  # every block read row by row


@pytest.mark.parametrize("query", ["vaccination", "horaires", "vacination", "introuvable"])
def test_a_full_text_match_read_in_two_parts_finds_the_same_rows(small_caps, monkeypatch, query):
    """The places' full-text match (and its count) reads the documents' first blocks row by row,
    then the others by the document index (Kind.text_head_blocks): the same results, order and
    counts as the index alone, for a word on both sides of the first blocks, a word in every
    document, a typo (the title match beside it) and a word in none."""
    _ninety_places()

    def found(blocks):
        monkeypatch.setattr(search_module.CenterSearch, "text_head_blocks", blocks)
        groups = search_module.search(query, "fr")
        return [(g.key, g.count, g.capped, [r.url for r in g.results]) for g in groups]

    whole = found(0)
    assert (whole[0][1] > 0) == (query != "introuvable")
    assert found(1) == whole
    assert found(2) == whole
    assert found(1000) == whole  # every block read row by row


def test_the_portable_search_finds_ranks_and_counts_alike(client, content, monkeypatch):
    """Any database but PostgreSQL (SQLite with `make run`): every word, accents ignored,
    title matches first."""
    monkeypatch.setattr(connection, "vendor", "sqlite")
    ProgramFactory(title_en="Training", slug="training", summary_en="Médecins du Monde teaches.")
    html = get(client, "medecins du monde")
    assert titles(html, "partners") == ["Médecins du Monde"]
    programs = titles(html, "programs")
    assert programs[-1] == "Training"
    assert f"Programs ({len(programs)})" in group(html, "programs")
