"""The project's templates load without their layout, and the pages show the same text."""

import pytest
from django.template import engines

from core.template_loaders import strip_layout
from tests.factories import CenterFactory
from tests.helpers import page


def test_indentation_goes_line_breaks_between_words_are_spaces():
    source = "<p>Free\n    care\n    for <b>minors</b>\n    too</p>"
    assert strip_layout(source) == "<p>Free care for <b>minors</b> too</p>"


def test_a_line_of_tags_that_write_nothing_leaves_nothing():
    source = (
        "{% if a %}\n  {% for x in xs %}\n    <b>{{ x }}</b>\n"
        "  {% endfor %}\n{% endif %}\n<i>end</i>"
    )
    assert (
        strip_layout(source)
        == "{% if a %}{% for x in xs %}<b>{{ x }}</b> {% endfor %}{% endif %}<i>end</i>"
    )


def test_a_line_with_a_tag_that_writes_keeps_its_line_break_as_a_space():
    # The line break is the space between the two sentences.
    source = '<span>{% translate "Closed now." %}\n{% translate "See the hours." %}</span>'
    assert strip_layout(source) == source.replace("\n", " ")


def test_white_space_just_inside_a_block_element_goes():
    source = '<dl class="facts">\n  <dt>\n    Where\n  </dt>\n  <dd>Lyon</dd>\n</dl>'
    assert strip_layout(source) == '<dl class="facts"><dt>Where</dt><dd>Lyon</dd></dl>'


def test_the_line_break_between_two_blocks_goes_a_written_space_stays():
    source = "<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>\n<p>after</p>"
    assert strip_layout(source) == "<ul><li>one</li><li>two</li></ul><p>after</p>"
    assert strip_layout("<dl><dt>A</dt> <dd>x</dd></dl>") == "<dl><dt>A</dt> <dd>x</dd></dl>"


def test_the_head_loses_the_line_breaks_between_its_elements():
    source = '<head>\n  <meta charset="utf-8">\n  <title>x</title>\n  <link rel="icon">\n</head>'
    assert (
        strip_layout(source)
        == '<head><meta charset="utf-8"><title>x</title><link rel="icon"></head>'
    )


def test_a_tag_spread_over_lines_is_written_on_one():
    source = '<input type="search"\n       id="q"\n       name="q">'
    assert strip_layout(source) == '<input type="search" id="q" name="q">'


def test_an_inline_element_given_lines_of_its_own_gets_its_content_back():
    source = '<p>\n  <a href="/a">\n    Data quality\n  </a>, and more\n</p>'
    assert strip_layout(source) == '<p><a href="/a">Data quality</a>, and more</p>'


def test_inline_elements_keep_the_space_around_them():
    source = '<p>\n  <a href="/a">one</a>\n  <a href="/b">two</a>\n</p>'
    assert strip_layout(source) == '<p><a href="/a">one</a> <a href="/b">two</a></p>'


def test_comments_are_silent_lines():
    assert strip_layout("{# why #}\n<p>x</p>") == "{# why #}<p>x</p>"


def test_pre_and_textarea_keep_their_white_space():
    source = "<div>\n  <pre>\n  a\n    b\n</pre>\n  <textarea>\n  c\n</textarea>\n</div>"
    assert (
        strip_layout(source) == "<div><pre>\n  a\n    b\n</pre> <textarea>\n  c\n</textarea></div>"
    )


def test_elements_are_matched_by_whole_name():
    # <pre> is not a <p>, <header> is not a <head>, <link> is not an <li>.
    source = '<header>\n<link rel="icon">\n</header>'
    assert strip_layout(source) == '<header><link rel="icon"></header>'


def test_the_engine_loads_project_templates_through_it():
    template = engines["django"].get_template("includes/pagination.html")
    loaders = engines["django"].engine.template_loaders[0].loaders
    assert type(loaders[0]).__module__ == "core.template_loaders"
    assert "\n " not in template.template.source


@pytest.mark.django_db
def test_attribute_blocks_have_no_white_space_around_them(client):
    center = CenterFactory(name="Centre de santé")
    html = page(client, center.get_absolute_url())
    assert "<title>Centre de santé – " in html
    assert '<meta property="og:title" content="Centre de santé">' in html


def test_a_tag_that_writes_beside_a_silent_one_is_kept():
    source = (
        '<li>\n  <h2>Title</h2>\n  {% if draft %}\n    {% include "banner.html" %}\n'
        '  {% endif %}\n  {% include "facts.html" %}\n</li>'
    )
    assert strip_layout(source) == (
        '<li><h2>Title</h2>{% if draft %}{% include "banner.html" %} '
        '{% endif %}{% include "facts.html" %}</li>'
    )


def test_a_line_break_that_ends_a_branch_goes_when_a_block_follows_every_way():
    source = (
        "<dd>\n  {% if a %}\n    {% time_html d %}\n  {% else %}\n    <span>x</span>\n"
        "  {% endif %}\n</dd>"
    )
    assert (
        strip_layout(source)
        == "<dd>{% if a %}{% time_html d %}{% else %}<span>x</span>{% endif %}</dd>"
    )


def test_a_loop_of_inline_elements_keeps_the_space_between_them():
    source = "<p>\n  {% for a in b %}\n    <span>x</span>\n  {% endfor %}\n</p>"
    assert strip_layout(source) == "<p>{% for a in b %}<span>x</span> {% endfor %}</p>"


def test_a_block_tag_with_a_variable_in_its_attributes_is_still_a_block():
    source = '<section>\n  <h3 id="grant-{{ slug }}">\n    {{ title }}\n  </h3>\n</section>'
    assert strip_layout(source) == '<section><h3 id="grant-{{ slug }}">{{ title }}</h3></section>'


def test_a_translation_or_an_address_stored_for_later_writes_nothing():
    source = '{% url "home" as home %}\n{% translate "Seen" as seen %}\n<p>{{ seen }}</p>'
    assert strip_layout(source) == (
        '{% url "home" as home %}{% translate "Seen" as seen %}<p>{{ seen }}</p>'
    )
    # Written where it stands: its line break is the space before the next words.
    assert strip_layout('<p>{% translate "Seen as x" %}\nmore</p>') == (
        '<p>{% translate "Seen as x" %} more</p>'
    )
