"""Every page's footer is written once per process, language, script prefix and URLconf
(network.templatetags.site_urls.site_footer): the same HTML as its template, in each language,
under a script prefix too."""

import pytest
from django.template.loader import get_template
from django.urls import set_script_prefix
from django.utils import translation

from network.templatetags.site_urls import site_footer


@pytest.mark.parametrize("language", ["fr", "en", "ar", "ru"])
def test_the_footer_is_its_templates_html(language):
    with translation.override(language):
        expected = get_template("includes/footer.html").render({})
        assert site_footer() == expected
        assert site_footer() is site_footer()  # written once
    assert 'class="site-footer"' in expected


def test_each_language_and_script_prefix_has_its_own():
    with translation.override("fr"):
        french = site_footer()
    with translation.override("en"):
        assert site_footer() != french
    try:
        set_script_prefix("/annuaire/")
        with translation.override("fr"):
            prefixed = site_footer()
            assert prefixed == get_template("includes/footer.html").render({})
            assert 'href="/annuaire/fr/' in prefixed and prefixed != french
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
def test_a_page_shows_it(client):
    html = client.get("/ar/legal-notice/").content.decode()
    with translation.override("ar"):
        assert site_footer() in html
