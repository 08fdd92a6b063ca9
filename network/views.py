"""The site as a whole: home, search, legal and trust pages, robots.txt, health checks."""

from django.conf import settings
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from centers.filters import used_by_care_places
from centers.models import CARE_KINDS, Center, Territory
from core.fallback import in_page_language
from core.models import KeyFigure
from core.postgresql.base import deadline
from core.prepared import AT, PreparedCount, prepared
from history.models import Event
from programs.models import Program, TargetGroup

from .search import MAX_QUERY_LENGTH, clean_query, search

HOME_PROGRAMS = 12
HOME_KEY_FIGURES = 6
HOME_EVENTS = 4
# "Free places for minors": a shortcut offered when this target group welcomes someone.
MINORS_SLUG = "children-and-minors"


def _home_places():
    return Center.objects.public(at=AT)


def _home_all_programs():
    return Program.objects.public(at=AT)


def _home_programs():
    return in_page_language(Program.objects.public(at=AT))[:HOME_PROGRAMS]


def _home_overseas():
    places = _home_places().filter(territory=OuterRef("pk"))
    return in_page_language(Territory.objects.filter(overseas=True)).filter(Exists(places))


def _home_key_figures():
    figures = KeyFigure.objects.public(at=AT).filter(program__in=_home_all_programs())
    return in_page_language(figures)[:HOME_KEY_FIGURES]


def _home_events():
    return in_page_language(Event.objects.public(at=AT).latest())[:HOME_EVENTS]


class HomeView(TemplateView):
    template_name = "network/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # The same choices as the "find care" filters, read the same way: published groups some
        # care place welcomes, each checked from its own first links (an EXISTS over the places
        # walked all 150,000 links at 50,000 places: 130 ms).
        audiences = list(
            used_by_care_places(in_page_language(TargetGroup.objects.public()), "audiences")
        )
        # The rest by SQL compiled once per process and language (core.prepared), in the same
        # order, each with the columns of the page's language only (in_page_language).
        values = {AT: timezone.now()}
        center_count = prepared("home.center_count", _home_places, PreparedCount).run(values)
        programs = prepared("home.programs", _home_programs).run(values)
        program_count = prepared("home.program_count", _home_all_programs, PreparedCount)
        program_count = program_count.run(values)
        overseas = prepared("home.overseas", _home_overseas).run(values)
        key_figures = prepared("home.key_figures", _home_key_figures).run(values)
        # Their programs with the page's language's columns too (not each one's seed snapshot).
        subjects = GenericPrefetch("subject", [in_page_language(Program.objects.all())])
        prefetch_related_objects(key_figures, subjects)
        ctx.update(
            center_count=center_count,
            programs=programs,
            program_count=program_count,
            audiences=audiences,
            kinds=CARE_KINDS,
            minors=next((a for a in audiences if a.slug == MINORS_SLUG), None),
            overseas=overseas,
            key_figures=key_figures,
            events=prepared("home.events", _home_events).run(values),
        )
        search_url = self.request.build_absolute_uri(reverse("network:search"))
        ctx["jsonld"] = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": self.request.build_absolute_uri(reverse("network:home")),
            "inLanguage": translation.get_language(),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": f"{search_url}?q={{search_term_string}}",
                },
                "query-input": "required name=search_term_string",
            },
        }
        return ctx


class SearchView(TemplateView):
    """GET ?q=: results grouped by kind. Nothing is logged: the terms stay in the query string
    only."""

    template_name = "network/search.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        query = clean_query(raw)
        groups = search(query) if query else None
        ctx.update(
            query=query,
            truncated=len(raw.strip()) > MAX_QUERY_LENGTH,
            max_length=MAX_QUERY_LENGTH,
            groups=groups,
            total=sum(g.count for g in groups) if groups else 0,
            # A group's count stopped at its cap: the total is a lower bound.
            capped=any(g.capped for g in groups) if groups else False,
        )
        return ctx


class LegalNoticeView(TemplateView):
    template_name = "network/legal_notice.html"


class PrivacyView(TemplateView):
    template_name = "network/privacy.html"


class AccessibilityView(TemplateView):
    template_name = "network/accessibility.html"


# The baseline of the benchmark and a health check: it must answer with the database down, so no
# transaction (ATOMIC_REQUESTS would open one) and nothing in its path reads the database.
@transaction.non_atomic_requests
@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    # Admin and search result pages are of no use in an index.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines += [
                f"Disallow: {reverse('admin:index')}",
                f"Disallow: {reverse('network:search')}",
            ]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# For a load balancer or a supervisor (README "When things fail"): no transaction, no
# session, never cached, outside the language prefixes, absent from the sitemap.
def _probe(problems):
    response = HttpResponse(
        "\n".join(problems or ["ok"]) + "\n",
        content_type="text/plain; charset=utf-8",
        status=503 if problems else 200,
    )
    if problems:
        response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    patch_cache_control(response, no_store=True, private=True)
    return response


@transaction.non_atomic_requests
@require_safe
def healthz(request):
    """Liveness: 200 while this process answers; reads neither the database nor the cache."""
    return _probe([])


@transaction.non_atomic_requests
@require_safe
def readyz(request):
    """Readiness: 200 only while the database and the cache answer, each within its short
    deadline (DJANGO_DB_READY_TIMEOUT; the cache's own timeouts), 503 otherwise."""
    problems = []
    try:
        with deadline(settings.DATABASE_READY_TIMEOUT), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        problems.append(f"database: {type(error).__name__}")
    try:
        cache.get("readyz")
    except Exception as error:  # whatever the cache's client raises when its server is away
        problems.append(f"cache: {type(error).__name__}")
    return _probe(problems)
