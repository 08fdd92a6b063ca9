"""core.links.slug_url gives exactly what reverse() gives, in every language, and refuses what
reverse() refuses."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from core.links import slug_url, slug_urls

VIEWS = ["programs:program-detail", "grants:grant-detail", "partners:organization-detail"]


@pytest.mark.parametrize("view_name", VIEWS)
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("slug", ["bench-program-7", "a", "slug_with_underscore-2", "__slug__"])
def test_same_address_as_reverse(view_name, language, slug):
    with translation.override(language):
        assert slug_url(view_name, slug) == reverse(view_name, kwargs={"slug": slug})
        # A page's, with the language read once.
        assert slug_urls(view_name)(slug) == reverse(view_name, kwargs={"slug": slug})


def test_the_script_prefix_is_kept():
    """A site served under a path (SCRIPT_NAME) gets its prefix on every address."""
    try:
        set_script_prefix("/annuaire/")
        with translation.override("fr"):
            url = slug_url("grants:grant-detail", "g-1")
            assert url == reverse("grants:grant-detail", kwargs={"slug": "g-1"})
            assert url.startswith("/annuaire/fr/")
            assert slug_urls("grants:grant-detail")("g-1") == url
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("slug", ["", "two words", "é-accent", "a/b"])
def test_what_reverse_refuses_is_refused(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("grants:grant-detail", slug)
    with pytest.raises(NoReverseMatch):
        slug_urls("grants:grant-detail")(slug)
