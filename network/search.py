"""One search box across published places, programs, partners, events and references.

PostgreSQL: full-text search in the current language's configuration on unaccented text
(french, english, arabic and russian stem their words; Ukrainian, Dari/Persian and Pashto have
no stemmer in PostgreSQL and use simple), plus trigram word similarity on names and titles so
that a typo still finds its target ("Migartions", "Tourcoin", "Красны", in any script); ranked.
The query is unaccented by PostgreSQL's unaccent(), as the documents are: Python's accent
stripping also folds letters unaccent() keeps ("й", "ї", "آ"). Nothing is computed from the
records' text at query time: each record's document per language is stored in
network.models.SearchDocument, which triggers keep up to date (network migration 0002; what
each kind indexes is given there and must match the Kind classes below, as a test checks), with
GIN indexes per kind and language (migrations 0003 and 0005: a new kind or language needs its
own), each language in its own partition of the table (migration 0006: a new language needs
its partition too).
SQLite (the embedded default): every word of the query must appear, accents ignored (a Python
unaccent() registered by core.apps, see core.text), title matches first.

PostgreSQL: one query sets the trigram threshold and the generic plan for the transaction, one
finds every section's best results and counts (its SQL built once per process, planned once per
connection: core.prepared.PlannedOnce), then one per kind with results reads its shown records
(SQL compiled once, prepared on the server and run with the same generic plans; and one the
events a reference links to), whatever the number of results.
SQLite: one query per kind, and the events.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html import escape as html_escape

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    Prefetch,
    Q,
    TextField,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, resolution_order
from modeltranslation.utils import get_language as translation_language

from centers.models import Center
from core import page_cache
from core.fallback import in_page_language
from core.html import escape_html
from core.links import slug_urls, view_url
from core.prepared import AT, GENERIC_PLANS, KEYS, TEXT, PlannedOnce, prepared
from core.text import Unaccent, strip_accents
from history.models import Event, Reference
from partners.models import Organization
from programs.models import Program

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
RESULTS_PER_GROUP = 20
# PostgreSQL: a broad query ("soins") matches nearly every place, and ranking them all costs
# more than a page may. Only a bounded set is ranked: the first CANDIDATES matches whose title
# is like the query (trigram word similarity, the typo match), and the first CANDIDATES of the
# others. Counting stops at COUNT_CAP: the page then says "more than".
CANDIDATES = 100
COUNT_CAP = 1000
SNIPPET_LENGTH = 180
MARK_MIN_LENGTH = 4
# Word similarity at or above which a name or title counts as a match despite a typo.
TRIGRAM_THRESHOLD = 0.4
# Shorter queries ("le", "de") would look like half the titles: full-text search only.
TRIGRAM_MIN_LENGTH = 4
# Each language's text search configuration (network migrations 0002 and 0005 write the
# documents in the same ones).
SEARCH_CONFIGS = {
    "fr": "french",
    "en": "english",
    "ar": "arabic",
    "fa": "simple",
    "ps": "simple",
    "uk": "simple",
    "ru": "russian",
}
DEFAULT_LANGUAGE = "fr"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw):
    """The query as searched: no control characters (NUL breaks PostgreSQL), spaces collapsed,
    capped."""
    text = _CONTROL.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def normalise(text):
    """Accents (as unaccent() drops them) and case ignored; punctuation kept."""
    return strip_accents(text or "").casefold()


def terms_of(query):
    """The words of a query, unaccented and lower-case, without duplicates, at most MAX_TERMS."""
    words = []
    for word in normalise(query).split():
        if word not in words:
            words.append(word)
    return words[:MAX_TERMS]


def words_of(query):
    """The words of a query as PostgreSQL unaccents them (network._postgresql): lower-case,
    without duplicates, at most MAX_TERMS, the letters terms_of() folds kept."""
    words = []
    for word in (query or "").casefold().split():
        if word not in words:
            words.append(word)
    return words[:MAX_TERMS]


def translated(name, language):
    """The column of a translated field in a language, falling back to French where it is empty."""
    if language == DEFAULT_LANGUAGE:
        return Coalesce(F(f"{name}_{DEFAULT_LANGUAGE}"), Value(""), output_field=TextField())
    return Coalesce(
        NullIf(F(f"{name}_{language}"), Value("")),
        F(f"{name}_{DEFAULT_LANGUAGE}"),
        Value(""),
        output_field=TextField(),
    )


def plain(name):
    return Coalesce(F(name), Value(""), output_field=TextField())


def joined(*expressions):
    """Expressions joined by spaces (a single one as it is)."""
    if len(expressions) == 1:
        return expressions[0]
    parts = [expressions[0]]
    for expression in expressions[1:]:
        parts.extend([Value(" "), expression])
    return Concat(*parts, output_field=TextField())


@dataclass
class Result:
    kind: str
    title: str
    url: str
    meta: str
    snippet: str


@dataclass
class Group:
    key: str
    label: str
    count: int
    results: list = field(default_factory=list)

    # The count stopped at COUNT_CAP: there are more than `count` results.
    capped: bool = False

    @property
    def results_html(self):
        """The results' <li>, `network/includes/search_result.html` each, written in Python: the
        template's loop was most of the page's rendering (80 results of a broad search)."""
        e = escape_html
        # A group's results share their kind's label (a lazy translation): looked up once.
        kinds = {}

        def kind(label):
            found = kinds.get(id(label))
            if found is None:
                found = kinds[id(label)] = conditional_escape(label)
            return found

        return mark_safe(  # noqa: S308 - every value is escaped
            "".join(
                f'<li><a href="{e(r.url)}">{e(r.title)}</a><p class="result-meta">{kind(r.kind)}'
                + (f" · {e(r.meta)}" if r.meta else "")
                + "</p>"
                + (f'<p class="result-snippet">{e(r.snippet)}</p>' if r.snippet else "")
                + "</li>"
                for r in self.results
            )
        )

    @property
    def more(self):
        return self.capped or self.count > len(self.results)

    @property
    def heading(self):
        """The group's title with its count: "Programs (23)"; "Care places (more than 1,000)"
        when the count stopped at its cap."""
        if self.capped:
            return _("%(label)s (more than %(count)s)") % {
                "label": self.label,
                "count": number_format(self.count, force_grouping=True),
            }
        return f"{self.label} ({self.count})"


_KIND_LABELS = {}


def kind_label(obj):
    """The label of a record's kind in the current language (its get_kind_display()), found once
    per process for each model, kind and language: a choice's translation never changes."""
    key = (type(obj), obj.kind, get_language())
    label = _KIND_LABELS.get(key)
    if label is None:
        label = _KIND_LABELS[key] = str(obj.get_kind_display())
    return label


class Kind:
    """What a kind of result searches (title, short fields, long text) and how it shows."""

    key = ""
    label = ""
    singular = ""
    # The view of a record's page (`<slug>` its argument), as its get_absolute_url() names it;
    # empty: get_absolute_url().
    detail_view = ""
    title_fields = ()  # translated fields
    plain_title_fields = ()  # untranslated, short: acronym
    short_fields = ()  # translated
    plain_short_fields = ()  # untranslated: city, postcode
    text_fields = ()  # translated, long
    # What a result shows (result() and what it calls read nothing else): only these columns
    # of the shown records are read. Empty: all of them.
    shown_fields = ()
    # PostgreSQL: how many of the search documents' first blocks (of the language's partition)
    # the typo match reads row by row before it asks the title index for the rest (0: none). A
    # broad phrase ("centre de soins") is like nearly every place's name: the index then
    # gathered all 50,000 of them (7 to 35 ms) for the first CANDIDATES, which the first blocks
    # hold. The same rows come first either way (both read the table in its order), but a
    # phrase rarely like a name pays for the rows of these blocks (some 8 µs each).
    head_blocks = 0
    # The same for the full-text match (and its count): a word in nearly every place's document
    # ("soins") made the document index gather all 50,000 of them (4 to 5 ms) for the first
    # COUNT_CAP + 1, which the first blocks hold; testing a document there costs some 0.3 µs
    # a row, so a rare word pays some 0.6 ms for these blocks.
    text_head_blocks = 0

    def queryset(self, at=None):
        """The public records (at the instant `at`, default now)."""
        raise NotImplementedError

    def prefetches(self, at=None):
        """What a result reads of other records: prefetch_related()'s lookups."""
        return []

    def shown(self):
        """The public records whose ids are KEYS, with the columns a result shows, at AT
        (core.prepared: compiled once per process)."""
        shown = self.queryset(AT).prefetch_related(None)
        if self.shown_fields:
            shown = shown.only(*self.shown_fields)
        # Not the other languages' columns of its translated fields (only() names them all):
        # three quarters of the 60 KB read for 20 places.
        shown = in_page_language(shown)
        quote = connection.ops.quote_name
        meta = shown.model._meta
        pk = f"{quote(meta.db_table)}.{quote(meta.pk.column)}"
        ids = RawSQL(f"{pk} = ANY(%s)", [KEYS], output_field=BooleanField())  # noqa: S611 - names
        return shown.filter(ids)

    def document_fields(self):
        """What the PostgreSQL trigger of this kind indexes (its arguments after the kind)."""
        return tuple(
            ",".join(names)
            for names in (
                self.title_fields,
                self.plain_title_fields,
                self.short_fields,
                self.plain_short_fields,
                self.text_fields,
            )
        )

    def expressions(self, language):
        title = [translated(f, language) for f in self.title_fields] + [
            plain(f) for f in self.plain_title_fields
        ]
        short = [translated(f, language) for f in self.short_fields] + [
            plain(f) for f in self.plain_short_fields
        ]
        text = [translated(f, language) for f in self.text_fields]
        return title, short, text

    def meta(self, obj):
        return ""

    def snippet_sources(self, obj, shown):
        return [shown.text(obj, name) for name in self.text_fields]

    def url(self, obj, shown):
        if self.detail_view:
            return shown.slug_url(self.detail_view, obj.slug)
        return obj.get_absolute_url()

    def result(self, obj, terms, shown=None):
        """What the page shows of `obj` (`shown`: the search's `Shown`)."""
        shown = shown or Shown()
        return Result(
            kind=self.singular,
            title=str(shown.text(obj, self.title_fields[0])),
            url=self.url(obj, shown),
            meta=self.meta(obj),
            snippet=snippet(self.snippet_sources(obj, shown), terms),
        )


class Shown:
    """What one search's results read the same way for each of them: a translated field's text
    (`text`: modeltranslation's descriptor looks the language and its order of languages up
    again for every text, a third of the results' writing) and a record's address (`slug_url`:
    its view's address found once, core.links.slug_urls)."""

    def __init__(self):
        self.codes = resolution_order(translation_language())
        self.columns = {}
        self.urls = {}

    def text(self, obj, field):
        """`getattr(obj, field)` for a translated field: its first column in the language's order
        with a text (as the descriptor reads them), else what the descriptor gives."""
        columns = self.columns.get(field)
        if columns is None:
            columns = [build_localized_fieldname(field, code) for code in self.codes]
            self.columns[field] = columns
        for column in columns:
            value = getattr(obj, column, None)
            if value is not None and value != "":
                return value
        return getattr(obj, field)

    def slug_url(self, view_name, slug):
        urls = self.urls.get(view_name)
        if urls is None:
            urls = self.urls[view_name] = slug_urls(view_name)
        return urls(slug)


class CenterSearch(Kind):
    key = "places"
    label = _("Care places")
    singular = _("Care place")
    head_blocks = 24  # some 200 places' documents
    # 1,500 (Arabic, Russian, …) to 2,000 (French, English) places' documents: more than
    # COUNT_CAP + 1 even where the documents are longest.
    text_head_blocks = 256
    detail_view = "centers:center-detail"
    title_fields = ("name",)
    plain_short_fields = ("city", "postcode", "department", "department_code", "region")
    short_fields = ("area_served",)
    text_fields = ("summary", "description", "conditions")
    shown_fields = (
        "slug",
        "kind",
        "name",
        "city",
        "area_served",
        "department",
        "territory__name",
        *text_fields,
    )

    def queryset(self, at=None):
        return Center.objects.public(at).select_related("territory")

    def meta(self, obj):
        where = obj.city or obj.area_served or obj.department or obj.territory.name
        return " · ".join(p for p in (kind_label(obj), where) if p)


class ProgramSearch(Kind):
    key = "programs"
    label = _("Programs")
    singular = _("Program")
    detail_view = "programs:program-detail"
    title_fields = ("title",)
    short_fields = ("area",)
    text_fields = ("summary", "description")
    shown_fields = (
        "slug",
        "kind",
        "title",
        "starts_on",
        "starts_precision",
        "ends_on",
        "ends_precision",
        "ongoing",
        *text_fields,
    )

    def queryset(self, at=None):
        return Program.objects.public(at)

    def meta(self, obj):
        return " · ".join(p for p in (kind_label(obj), obj.period_display) if p)


class OrganizationSearch(Kind):
    key = "partners"
    label = _("Partners")
    singular = _("Partner")
    detail_view = "partners:organization-detail"
    title_fields = ("name",)
    plain_title_fields = ("acronym",)
    short_fields = ("legal_form",)
    text_fields = ("summary", "description")
    shown_fields = ("slug", "kind", "name", *text_fields)

    def queryset(self, at=None):
        return Organization.objects.public(at)

    def meta(self, obj):
        return kind_label(obj)


class EventSearch(Kind):
    key = "history"
    label = _("History")
    singular = _("Event")
    title_fields = ("title",)
    text_fields = ("text",)
    shown_fields = (
        "slug",
        "title",
        "starts_on",
        "starts_precision",
        "ends_on",
        "ends_precision",
        "ongoing",
        *text_fields,
    )

    def queryset(self, at=None):
        return Event.objects.public(at)

    def meta(self, obj):
        return obj.date_display


class ReferenceSearch(Kind):
    key = "references"
    label = _("Laws and publications")
    singular = _("Law or publication")
    title_fields = ("title", "short_title")

    def queryset(self, at=None):
        return Reference.objects.public(at).prefetch_related(*self.prefetches(at))

    def prefetches(self, at=None):
        events = Event.objects.public(at).only("pk", "slug", "starts_on", "position")
        return [Prefetch("events", queryset=events)]

    def meta(self, obj):
        return " · ".join(p for p in (kind_label(obj), obj.date_display) if p)

    def url(self, obj, shown):
        # A reference has no page of its own: the first event that mentions it, on the timeline.
        events = list(obj.events.all())
        return events[0].get_absolute_url() if events else view_url("history:timeline")

    def snippet_sources(self, obj, shown):
        short_title = shown.text(obj, "short_title")
        return [short_title] if short_title and short_title != shown.text(obj, "title") else []


KINDS = (CenterSearch(), ProgramSearch(), OrganizationSearch(), EventSearch(), ReferenceSearch())


def search(query, language=None):
    """Search every kind for a cleaned query; return the groups in a fixed order (empty ones
    too)."""
    language = (language or get_language() or DEFAULT_LANGUAGE).split("-")[0]
    if language not in SEARCH_CONFIGS:
        language = DEFAULT_LANGUAGE
    terms = terms_of(query)
    if not terms:
        return [Group(kind.key, kind.label, 0) for kind in KINDS]
    if connection.vendor == "postgresql":
        at = timezone.now()
        found = _postgresql(words_of(query), language, at)
    else:
        found = None
    groups = []
    shown = Shown()
    for kind in KINDS:
        if found is None:
            rows = list(_simple(kind, terms, language)[:RESULTS_PER_GROUP])
            count = rows[0].total if rows else 0
        else:
            # Only the shown records are read, whole (the public rule again: same answer).
            # Prepared on the server and run with the generic plan _postgresql() set for the
            # transaction: planning the places' query (among some forty indexes) took five times
            # longer than running it. Their order is the ids' whatever the plan.
            ids, count = found[kind.key]
            rows = []
            if ids:
                name = f"network.search.shown.{kind.key}"
                statement = prepared(name, kind.shown, on_server=True)
                records = {record.pk: record for record in statement.run({AT: at, KEYS: ids})}
                rows = [records[pk] for pk in ids if pk in records]
                if prefetches := kind.prefetches(at):
                    prefetch_related_objects(rows, *prefetches)
        groups.append(
            Group(
                kind.key,
                kind.label,
                min(count, COUNT_CAP),
                [kind.result(obj, terms, shown) for obj in rows],
                capped=count > COUNT_CAP,
            )
        )
    return groups


# The SQL of one kind's section (network._postgresql), per kind: {k} is its alias ("k0"), {kind}
# and {language} its key and the language as literals (a generic plan uses the kind's partial
# indexes and the language's partition only when they are in the text), {public} its public
# records' ids (a subquery), {query} the full-text query. A public record is tested row by row (a
# correlated subquery, not a join): given a join, the planner, expecting many matches, may walk
# the documents in key order and test every title, tens of milliseconds.
_ROWS = (
    "SELECT d.object_id AS id, d.ctid AS row FROM network_searchdocument d "
    "WHERE {head}d.kind = '{kind}' AND d.language = '{language}' AND {match} "
    "AND (SELECT 1 FROM ({public}) AS p WHERE p.pk = d.object_id LIMIT 1) IS NOT NULL"
)
_MATCHES = "{k}_{name} AS (" + _ROWS + " LIMIT {limit})"
# The title matches of a kind with `head_blocks` (its full-text matches, `text_head_blocks`): the
# same rows in the same order (the table's), read in two parts, its first blocks row by row
# (`head_match`), then the rest by the index (see Kind).
_MATCHES_IN_TWO = (
    "{k}_{name} AS (SELECT id, row FROM (("  # noqa: S608 - names and numbers from this module
    + _ROWS.replace("{head}", "d.ctid < '({blocks},0)'::tid AND ").replace(
        "{match}", "{head_match}"
    )
    + ") UNION ALL ("
    + _ROWS.replace("{head}", "d.ctid >= '({blocks},0)'::tid AND ")
    + ")) AS h LIMIT {limit})"
)
_TEXT_MATCH = "d.document @@ {query}"
# The same test as a function, which no index answers: the first blocks are then read row by row
# (a TID range scan), where the operator would have the planner gather them from the index.
_TEXT_HEAD_MATCH = "ts_match_vq(d.document, {query})"
# Word similarity at or above the threshold search() sets. The phrase is unaccented once (an
# InitPlan), not again for each row the index gives to check: unaccent() looks its dictionary up
# at each call (so does the full-text query, _QUERY, for each row ranked).
_TITLE_MATCH = "d.title %%> (SELECT unaccent(%s))"
# The candidates are ranked on their documents read again by the address the matches found
# them at (their ctid, which stays theirs for the statement's snapshot: a TID scan), not by the
# primary key's index: a fifth of the ranking's time.
_BEST = (
    "{k}_best AS (SELECT d.object_id AS id, {rank} AS rank FROM ({candidates}) AS c "
    "JOIN network_searchdocument d ON d.kind = '{kind}' AND d.language = '{language}' "
    "AND d.ctid = c.row ORDER BY rank DESC, d.object_id LIMIT {shown})"
)
_TEXT_ONLY = {
    "candidates": "SELECT id, row FROM {k}_text LIMIT {candidates}",
    "rank": "ts_rank(d.document, {query})",
    "total": "(SELECT count(*) FROM {k}_text)",
}
_TEXT_AND_TITLE = {
    "candidates": (
        "(SELECT id, row FROM {k}_text LIMIT {candidates}) "
        "UNION (SELECT id, row FROM {k}_title LIMIT {candidates})"
    ),
    "rank": "ts_rank(d.document, {query}) + word_similarity((SELECT unaccent(%s)), d.title)",
    # The union is counted only when the full-text matches alone are under the cap.
    "total": (
        "(SELECT CASE WHEN count(*) > {cap} THEN count(*) ELSE (SELECT count(*) FROM "
        "(SELECT id FROM {k}_text UNION SELECT id FROM {k}_title) AS u) END FROM {k}_text)"
    ),
}
_QUERY = "(SELECT websearch_to_tsquery('{config}'::regconfig, unaccent(%s)))"
_LITERAL = re.compile(r"[a-z]+")


def _statement(language, trigram):
    """The SQL of _postgresql() in a language, with or without the typo match, and its
    parameters (the phrase as core.prepared's TEXT, the instant as AT)."""
    for literal in (language, SEARCH_CONFIGS[language], *(kind.key for kind in KINDS)):
        if not _LITERAL.fullmatch(literal):  # names from this module, never from a request
            raise ValueError(literal)
    config = SEARCH_CONFIGS[language]
    query = _QUERY.format(config=config)
    parts = _TEXT_AND_TITLE if trigram else _TEXT_ONLY
    sizes = {
        "limit": COUNT_CAP + 1,
        "candidates": CANDIDATES,
        "cap": COUNT_CAP,
        "shown": RESULTS_PER_GROUP,
    }
    ctes, cte_params, selects = [], [], []
    for index, kind in enumerate(KINDS):
        names = {"k": f"k{index}", "kind": kind.key, "language": language, **sizes}
        # The kind's public records, without the joins and the order its pages add.
        public_ids = kind.queryset(AT).select_related(None).prefetch_related(None)
        public, public_params = public_ids.order_by().values("pk").query.sql_with_params()
        match = _TEXT_MATCH.format(query=query)
        if kind.text_head_blocks:
            text = _MATCHES_IN_TWO.format(
                name="text",
                head_match=_TEXT_HEAD_MATCH.format(query=query),
                match=match,
                public=public,
                blocks=kind.text_head_blocks,
                **names,
            )
            ctes.append(text)
            cte_params += [TEXT, *public_params] * 2
        else:
            ctes.append(_MATCHES.format(name="text", match=match, public=public, head="", **names))
            cte_params += [TEXT, *public_params]
        if trigram and kind.head_blocks:
            title = _MATCHES_IN_TWO.format(
                name="title",
                head_match=_TITLE_MATCH,
                match=_TITLE_MATCH,
                public=public,
                blocks=kind.head_blocks,
                **names,
            )
            ctes.append(title)
            cte_params += [TEXT, *public_params] * 2
        elif trigram:
            title = _MATCHES.format(
                name="title", match=_TITLE_MATCH, public=public, head="", **names
            )
            ctes.append(title)
            cte_params += [TEXT, *public_params]
        rank = parts["rank"].format(query=query)
        chosen = parts["candidates"].format(**names)
        ctes.append(_BEST.format(rank=rank, **{**names, "candidates": chosen}))
        cte_params += [TEXT, *([TEXT] if trigram else [])]
        total = parts["total"].format(**names)
        selects.append(f"SELECT {index}, id, rank, {total} FROM {names['k']}_best")  # noqa: S608
    sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)} ORDER BY 1, 3 DESC, 2"
    return sql, cte_params


def _postgresql(words, language, at):
    """Every kind's best results and count, in one query on the records' precomputed documents
    (network.models.SearchDocument): {kind key: (ranked ids, count)}.

    Per kind, two bounded sets of its public records, each read from the kind's own GIN index
    in the language (network migration 0003): the first COUNT_CAP + 1 whose document matches
    the words (full text) and, for a phrase long enough, the first COUNT_CAP + 1 whose title is
    like it (trigram word similarity: the typo match). The first CANDIDATES of each are ranked
    (ranking reads each row's whole document); the count is their union's, read past the
    candidates only when the full-text matches alone do not already pass the cap.

    The SQL is built once per process (core.prepared.PlannedOnce) and planned once per
    connection: planning its fifteen parts took longer than running them (25 ms against 40 at
    national size). Its generic plan reads each set by a bitmap of its GIN index, as the plans
    made with the values did, so the same rows come first (EXPLAIN EXECUTE shows it): the
    table's first matching rows, in the table's order. The places' typo match and full-text
    match read the same rows in the same order in two parts (Kind.head_blocks and
    text_head_blocks): the documents' first blocks row by row (a TID range scan), then the rest
    by the bitmap, which a broad phrase, whose first matches lie in those blocks, never reads.
    """
    phrase = " ".join(words)
    trigram = len(phrase) >= TRIGRAM_MIN_LENGTH
    # Built once per process for each language and size (tests change the sizes).
    heads = ".".join(f"{kind.head_blocks}-{kind.text_head_blocks}" for kind in KINDS)
    sizes = f"{CANDIDATES}.{COUNT_CAP}.{RESULTS_PER_GROUP}.{heads}"
    statement = prepared(
        f"network.search.{language}.{trigram}.{sizes}",
        lambda: _statement(language, trigram),
        PlannedOnce,
    )
    # The settings last until the end of the transaction (the request's, or this one).
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # The generic plan, and the word similarity "%>" requires (pg_trgm's default is 0.6).
        settings = [GENERIC_PLANS]
        if trigram:
            settings.append(
                f"set_config('pg_trgm.word_similarity_threshold', '{TRIGRAM_THRESHOLD}', true)"
            )
        cursor.execute(f"SELECT {', '.join(settings)}")  # noqa: S608 - constants
        rows = statement.run({TEXT: phrase, AT: at})
    found = {kind.key: ([], 0) for kind in KINDS}
    for index, pk, _rank, total in rows:
        ids = found[KINDS[index].key][0]
        ids.append(pk)
        found[KINDS[index].key] = (ids, total)
    return found


def _documents_select(kind, table):
    """A SELECT of (language, object id, document, title) for every row of the kind's table and
    every language of SEARCH_CONFIGS, giving exactly what the triggers write (network migrations
    0002 and 0005: network_search_entries over to_jsonb of the row, network_search_text), but
    reading the columns directly: the functions, called 7 times 3 per row, and to_jsonb of a
    row with every language's columns, cost three times the documents' own work.

    A field's text in a language: its column in that language, French where it is empty (or
    missing), then the untranslated fields; empty values left out, the others joined by a space
    (concat_ws skips the NULLs nullif makes). The languages of a row whose configuration and
    texts are the same (fa, ps and uk use 'simple' and, untranslated, fall back to the same
    French) have their document computed once."""
    quote = connection.ops.quote_name
    columns = {f.column for f in kind.queryset().model._meta.concrete_fields}

    def column(name):
        return f"t.{quote(name)}" if name in columns else "NULL::text"

    def text(translated_fields, plain_fields, language):
        values = []
        for name in translated_fields:
            french = column(f"{name}_fr")
            if language == "fr" or f"{name}_{language}" not in columns:
                values.append(french)
            else:
                values.append(f"coalesce(nullif({column(f'{name}_{language}')}, ''), {french})")
        values += [column(name) for name in plain_fields]
        if not values:
            return "''::text"
        return "concat_ws(' ', " + ", ".join(f"nullif({v}, '')" for v in values) + ")"

    rows = ", ".join(
        f"('{language}', '{config}'::regconfig, "
        f"{text(kind.title_fields, kind.plain_title_fields, language)}, "
        f"{text(kind.short_fields, kind.plain_short_fields, language)}, "
        f"{text(kind.text_fields, (), language)})"
        for language, config in SEARCH_CONFIGS.items()
    )
    return (
        # Each row's texts by language, those alike in a row grouped (computed twice, cheap).
        "WITH texts AS NOT MATERIALIZED ("  # noqa: S608 - names and literals, no input
        "SELECT t.id, l.codes, l.config, l.title, l.short, l.body "
        f"FROM {table} AS t CROSS JOIN LATERAL ("
        "SELECT array_agg(code) AS codes, config, title, short, body "
        f"FROM (VALUES {rows}) AS v(code, config, title, short, body) "
        "GROUP BY config, title, short, body) AS l "
        "OFFSET 0), "  # a fence: joined as a whole to the parts below, not row by row
        # The short and long texts' vectors, once per distinct text and configuration.
        "parts AS MATERIALIZED (SELECT config, part, to_tsvector(config, unaccent(part)) AS vector "
        "FROM (SELECT DISTINCT config, part FROM texts "
        "CROSS JOIN LATERAL unnest(ARRAY[short, body]) AS part) AS distinct_parts) "
        "SELECT code AS language, x.id AS object_id, "
        "setweight(to_tsvector(x.config, unaccent(x.title)), 'A') "
        "|| setweight(s.vector, 'B') || setweight(b.vector, 'C') AS document, "
        "unaccent(x.title) AS title "
        "FROM texts AS x "
        "JOIN parts AS s ON s.config = x.config AND s.part = x.short "
        "JOIN parts AS b ON b.config = x.config AND b.part = x.body "
        "CROSS JOIN LATERAL unnest(x.codes) AS code"
    )


_INSERT_DOCUMENTS = (
    "INSERT INTO network_searchdocument (kind, language, object_id, document, title) "
    "SELECT %s, s.* FROM ({select}) AS s"
)


def rebuild_documents():
    """Rewrite every record's search documents from its current text (PostgreSQL; nothing
    elsewhere).

    The triggers keep the documents up to date on every write; this is for when they could not
    see one: a data-only restore made with triggers disabled, say, or the bulk load of
    build_bench_data. Returns the documents written.
    """
    if connection.vendor != "postgresql":
        return 0
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for kind in KINDS:
            table = connection.ops.quote_name(kind.queryset().model._meta.db_table)
            cursor.execute("DELETE FROM network_searchdocument WHERE kind = %s", [kind.key])
            # Statistics first: a table just filled (a bulk load, a restore) has none, and the
            # planner, counting on one row, would scan every distinct text for every row.
            cursor.execute(f"ANALYZE {table}")
            select = _documents_select(kind, table)
            insert = _INSERT_DOCUMENTS.format(select=select)  # noqa: S608 - names, no input
            cursor.execute(insert, [kind.key])
            written += cursor.rowcount
        page_cache.bump()  # raw SQL: no signal tells the page cache
    return written


def _simple(kind, terms, language):
    """Every word somewhere, accents ignored; title matches first (SQLite, and any other
    database)."""
    title, short, text = kind.expressions(language)
    # One alias per field, not one long concatenation: SQLite's parser stack is shallow.
    columns = {
        f"search_{i}": Unaccent(expression) for i, expression in enumerate([*title, *short, *text])
    }
    qs = kind.queryset().alias(**columns, title_text=Unaccent(joined(*title)))
    for term in terms:
        anywhere = Q()
        for name in columns:
            anywhere |= Q(**{f"{name}__icontains": term})
        qs = qs.filter(anywhere)
    all_in_title = Q()
    for term in terms:
        all_in_title &= Q(title_text__icontains=term)
    return qs.annotate(
        rank=Case(
            When(title_text__icontains=" ".join(terms), then=Value(2.0)),
            When(all_in_title, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        ),
        total=Window(Count("pk")),
    ).order_by("-rank", "pk")


class _Folds(dict):
    """Each character's folded form (normalise), by code point, for str.translate; learnt on
    first sight. The characters that do not fold to exactly one (œ, a lone combining accent)
    are noted in `irregular`: a text with none of them keeps its characters' positions."""

    LIMIT = 4096

    def __init__(self):
        super().__init__()
        self.irregular = set()

    def __missing__(self, code):
        if len(self) >= self.LIMIT:
            self.clear()
            self.irregular.clear()
        char = chr(code)
        folded = normalise(char)
        self[code] = folded
        if len(folded) != 1:
            self.irregular.add(char)
        return folded


_FOLDS = _Folds()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(match):
    return _FOLDS[ord(match.group())]


def _folded(text):
    """text.translate(_FOLDS), twice as fast: an ASCII character folds to its lower case (the
    bytes' lower(), which changes nothing else), the others one by one. translate() looked every
    character up in _FOLDS (a third of a snippet's time)."""
    lowered = text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
    return _NON_ASCII.sub(_fold_match, lowered)


def _normalised_with_positions(text):
    """The unaccented, lower-case text, and for each of its characters the index in the original."""
    if text.isascii():
        return text.lower(), range(len(text))
    folded = _folded(text)
    if _FOLDS.irregular.isdisjoint(text) and len(folded) == len(text):
        return folded, range(len(text))
    parts = [_FOLDS[ord(char)] for char in text]
    positions = [index for index, out in enumerate(parts) for _char in out]
    return "".join(parts), positions


def snippet(sources, terms):
    """A short passage of the first text that contains a term, the terms marked; else the
    first text."""
    texts = [str(s) for s in sources if s]
    # "de", "des", "the" would light up every line: mark the longer words when there are some.
    terms = [t for t in terms if len(t) >= MARK_MIN_LENGTH] or terms
    for text in texts:
        flat, positions = _normalised_with_positions(text)
        spans = []
        for term in terms:
            for match in re.finditer(re.escape(term), flat):
                start = positions[match.start()]
                end = positions[match.end() - 1] + 1
                spans.append((start, end))
        if spans:
            return _highlight(text, sorted(spans))
    if texts:
        # Truncator.chars() gives a text of at most SNIPPET_LENGTH characters as it is
        # (NFC-normalised), after a translation lookup and a loop over its characters (20 µs
        # for a place's short summary): only a longer one goes through it.
        text = unicodedata.normalize("NFC", texts[0])
        if len(text) <= SNIPPET_LENGTH:
            return escape(text)
        return escape(Truncator(text).chars(SNIPPET_LENGTH))
    return ""


def _highlight(text, spans):
    # The standard library's escape(), which django.utils.html.escape() calls after checking for
    # lazy texts (a tenth of the snippets' time): the parts are plain texts.
    first = spans[0][0]
    start = (
        0 if first < SNIPPET_LENGTH // 2 else text.rfind(" ", 0, first - SNIPPET_LENGTH // 3) + 1
    )
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > first else end
    out, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_start >= end:
            continue
        span_end = min(span_end, end)
        out.append(html_escape(text[cursor:span_start]))
        out.append(f"<mark>{html_escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(html_escape(text[cursor:end]))
    html = "".join(out)
    return mark_safe(("… " if start > 0 else "") + html + (" …" if end < len(text) else ""))  # noqa: S308 - parts escaped
