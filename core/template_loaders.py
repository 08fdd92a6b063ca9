"""A template loader that leaves the layout of the project's HTML templates out of the pages.

The templates are indented and spread over lines for the people who read them (djLint formats
them, `make lint` checks it); a visitor on a slow connection need not download that layout.
As each template loads (once per process: Django's cached loader keeps the result), three
kinds of white space go, none of which a browser shows:

- the spaces and tabs that start a line (the browser folds them into the line break before);
- a line that holds only tags that write nothing (`{% if %}`, `{% else %}`, `{% endfor %}`,
  `{% with %}`, `{% block %}`, `{% load %}`…) or comments, with its line break, as Jinja's
  trim_blocks and lstrip_blocks do. A line with a tag that writes something (`{% translate %}`,
  `{% include %}`, `{% url %}`…) keeps its line break: it may be the space between two words;
- the line break just after a block element's opening tag (`<p>`, `<li>`, `<dd>`…) or just
  before its closing tag.

Every other line break stays, so words on two lines keep their space, and <pre> and <textarea>
are left as written. The proof is in the tests: the same text in the browser, fewer bytes.
makemessages reads the templates' source, not through this loader; the project's multi-line
`{% blocktranslate %}` are all `trimmed`, so their messages do not depend on layout either.
E-mails load untouched: their templates are `.txt`, or `*_email.html` where Django names them.
"""

import re

from django.template.loaders import filesystem

# A <pre> or <textarea> element, whose white space is shown as written.
_PRESERVED = re.compile(
    r"(<(?:pre|textarea)\b.*?</(?:pre|textarea)\s*>)", re.IGNORECASE | re.DOTALL
)
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
# Elements laid out as blocks: white space just inside their tags is never shown.
BLOCK_ELEMENTS = (
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h[1-6]",
    "head",
    "header",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
)
_BLOCK = "(?:" + "|".join(BLOCK_ELEMENTS) + ")"
# The line break that ends a line after a block's opening tag, or starts one before its closing tag.
_AFTER_OPENING = re.compile(rf"(<{_BLOCK}\b[^<>]*>)[ \t]*\n")
_BEFORE_CLOSING = re.compile(rf"\n(</{_BLOCK}>)")
# Tags that write nothing into the page.
SILENT_TAGS = (
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "empty",
    "endfor",
    "with",
    "endwith",
    "block",
    "endblock",
    "load",
    "extends",
    "comment",
    "endcomment",
    "spaceless",
    "endspaceless",
)
_SILENT = r"(?:\{%[ \t]*(?:" + "|".join(SILENT_TAGS) + r")\b[^\n]*?%\}|\{#[^\n]*?#\})"
# A whole line of silent tags and comments, with its line break.
_TAGS_ONLY = re.compile(rf"^({_SILENT}(?:[ \t]*{_SILENT})*)[ \t]*\n", re.MULTILINE)


def _tidy(text):
    text = _TAGS_ONLY.sub(r"\1", _INDENT.sub("", text))
    return _BEFORE_CLOSING.sub(r"\1", _AFTER_OPENING.sub(r"\1", text))


def strip_layout(source):
    """The template source without the white space described above (<pre>, <textarea> kept)."""
    parts = _PRESERVED.split(source)
    # split() with one group yields: text, preserved element, text, …
    return "".join(part if index % 2 else _tidy(part) for index, part in enumerate(parts))


class Loader(filesystem.Loader):
    """The filesystem loader (the project's `templates/`), with strip_layout on HTML pages."""

    def get_contents(self, origin):
        contents = super().get_contents(origin)
        name = origin.name
        if name.endswith(".html") and not name.endswith("_email.html"):
            return strip_layout(contents)
        return contents
