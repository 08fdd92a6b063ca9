"""A template loader that leaves the layout of the project's HTML templates out of the pages.

The templates are indented and spread over lines for the people who read them (djLint formats
them, `make lint` checks it); a visitor on a slow connection need not download that layout.
As each template loads (once per process: Django's cached loader keeps the result), the
white space no browser shows goes:

- the spaces and tabs that start a line (the browser folds them into the line break before);
- a line that holds only tags that write nothing (`{% if %}`, `{% else %}`, `{% endfor %}`,
  `{% with %}`, `{% block %}`, `{% load %}`…) or comments, with its line break, as Jinja's
  trim_blocks and lstrip_blocks do. A line with a tag that writes something (`{% translate %}`,
  `{% include %}`, `{% url %}`…) keeps its line break: it may be the space between two words;
- a line break (and the white space around it) just after a block element's tag (`<p>`,
  `</li>`, `<dd>`…) or just before one: white space at the edge of a block is never shown.
  "Just before" is read through `{% if %}`, `{% for %}` and `{% with %}` every way they can
  go (`_Flow`): a line break that ends a branch goes only if whatever is written next, in
  every case, is a block's tag. The head's `<meta>`, `<link>`, `<title>`, `<script>` count as
  blocks;
- inside a tag, the line breaks between attributes, which become one space each;
- the line break after an inline element's opening tag (`<a>`, `<span>`…) that starts a line,
  and the one just before an inline element's closing tag: the formatter puts them there when
  it gives the element's content lines of its own.

Every other line break is the space between two words, and is written as one space (so the page
reads the same whether a template breaks a line there or not); <pre> and <textarea> are left as
written. The proof is in the tests: the same text in the browser, fewer bytes.
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
# Elements of the head, between which white space is never shown either.
_HEAD = "(?:meta|link|title|script|style|base)"
# Elements laid out inline, whose content the formatter may put on lines of its own.
INLINE_ELEMENTS = (
    "a",
    "abbr",
    "b",
    "bdi",
    "button",
    "cite",
    "code",
    "data",
    "em",
    "i",
    "label",
    "mark",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
)
_INLINE = "(?:" + "|".join(INLINE_ELEMENTS) + ")"
# A start tag spread over several lines.
_START_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_LINE_BREAKS = re.compile(r"[ \t]*\n[ \t]*")
# An inline element's opening tag that ends the line it starts; a line that starts with a
# closing one.
_INLINE_OPENING_LINE = re.compile(rf"^(<{_INLINE}\b[^<>]*>)[ \t]*\n", re.MULTILINE)
_BEFORE_INLINE_CLOSING = re.compile(rf"\n(</{_INLINE}>)")
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
# One tag or comment: its content holds no line break and never runs into the next tag.
_TAG_BODY = r"(?:[^%\n]|%(?!\}))*"
# A {% translate %} or {% url %} that stores its result (`as name`) writes nothing either.
_STORED = rf"\{{%[ \t]*(?:translate|trans|url)\b{_TAG_BODY}\bas[ \t]+\w+[ \t]*%\}}"
_SILENT = (
    r"(?:\{%[ \t]*(?:"
    + "|".join(SILENT_TAGS)
    + rf")\b{_TAG_BODY}%\}}|\{{#(?:[^#\n]|#(?!\}}))*#\}}|{_STORED})"
)
# A whole line of silent tags and comments, with its line break.
_TAGS_ONLY = re.compile(rf"^({_SILENT}(?:[ \t]*{_SILENT})*)[ \t]*\n", re.MULTILINE)
_STORED_TAG = re.compile(_STORED)

# A block element's tag (or a head element's) at the start or the end of a piece of text.
_BLOCK_AT_START = re.compile(rf"\s*(?:</?{_BLOCK}\b|</?{_HEAD}\b|<!DOCTYPE\b)", re.IGNORECASE)
_BLOCK_AT_END = re.compile(
    rf"(?:</{_BLOCK}>|<{_BLOCK}\b[^<>]*>|</{_HEAD}>|<(?:meta|link|base)\b[^<>]*>)\s*$"
)
# The template's tags, variables and comments (none of them spans lines in Django).
_TOKEN = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\})")
_TAG_NAME = re.compile(r"\{%\s*(\w+)")
# White space holding a line break.
_GAP = re.compile(r"[ \t]*\n\s*")
OPENERS = {"if": "endif", "for": "endfor", "with": "endwith"}
BRANCHES = {"elif", "else", "empty"}


class _Flow:
    """What a template writes first from a given token, following its {% if %}, {% for %} and
    {% with %} every way they can go.

    `starts_with_block(i)`: does every way from token i write a block element's tag (or white
    space, then one) before anything else? Whatever it cannot follow (a variable, a tag that
    writes, {% block %}, the end of the template, which an include or a child template may
    continue) is a "no".
    """

    def __init__(self, tokens):
        self.tokens = tokens
        self.names = [self._name(token) for token in tokens]
        self.opener = {}  # a branch or end tag -> its {% if %}, {% for %} or {% with %}
        self.marks = {}  # an opening tag -> its branch tags and end tag, in order
        stack = []
        for index, name in enumerate(self.names):
            if name in OPENERS:
                stack.append(index)
                self.marks[index] = []
            elif stack and (name in BRANCHES or name == OPENERS[self.names[stack[-1]]]):
                opener = stack[-1]
                self.marks[opener].append(index)
                self.opener[index] = opener
                if name == OPENERS[self.names[opener]]:
                    stack.pop()
        for opener in stack:  # never closed: a template Django would refuse; follow nothing
            del self.marks[opener]
        self.opener = {mark: opener for mark, opener in self.opener.items() if opener in self.marks}
        self.memo = {}

    @staticmethod
    def _name(token):
        if token.startswith("{#") or _STORED_TAG.fullmatch(token):
            return "#"
        if token.startswith("{{"):
            return "{{"
        if token.startswith("{%"):
            match = _TAG_NAME.match(token)
            return match.group(1) if match else "?"
        return ""

    def _memo(self, key, compute):
        if key not in self.memo:
            self.memo[key] = True  # a loop coming back here: the other ways decide
            self.memo[key] = compute()
        return self.memo[key]

    def starts_with_block(self, index):
        return self._memo(index, lambda: self._starts_with_block(index))

    def _enter(self, mark):
        """What is written when the flow reaches a branch tag because the branch before it was
        not taken."""

        def compute():
            name, opener = self.names[mark], self.opener[mark]
            if name == "elif":
                following = self.marks[opener][self.marks[opener].index(mark) + 1]
                return self.starts_with_block(mark + 1) and self._enter(following)
            return self.starts_with_block(mark + 1)  # else, empty, or after the end tag

        return self._memo(("enter", mark), compute)

    def _starts_with_block(self, index):
        if index >= len(self.tokens):
            return False
        token, name = self.tokens[index], self.names[index]
        if name == "":
            return (
                self.starts_with_block(index + 1)
                if not token.strip()
                else bool(_BLOCK_AT_START.match(token))
            )
        if name in ("#", "load"):
            return self.starts_with_block(index + 1)
        if name == "with" and index in self.marks:
            return self.starts_with_block(index + 1)
        if name in ("if", "for") and index in self.marks:
            return self.starts_with_block(index + 1) and self._enter(self.marks[index][0])
        if index not in self.opener:
            return False
        # The end of a branch that was written: on after the end tag, or round the loop again.
        opener = self.opener[index]
        after = self.starts_with_block(self.marks[opener][-1] + 1)
        loops = self.names[opener] == "for" and (
            name == "empty" or (name == "endfor" and len(self.marks[opener]) == 1)
        )
        return after and (self.starts_with_block(opener + 1) if loops else True)


def _drop_gaps(text):
    """Remove each line break (with the white space around it) beside a block element's tag."""
    tokens = [token for token in _TOKEN.split(text) if token]
    flow = _Flow(tokens)
    out = []
    for index, token in enumerate(tokens):
        if flow.names[index] != "":
            out.append(token)
            continue
        position = 0
        for match in _GAP.finditer(token):
            before, after = token[position : match.start()], token[match.end() :]
            out.append(before)
            # What was written just before, with the tags and variables inside an element's
            # opening tag (`<h3 id="grant-{{ grant.slug }}">`).
            written = "".join(out[-4:])
            invisible = bool(written and _BLOCK_AT_END.search(written)) or (
                bool(_BLOCK_AT_START.match(after)) if after else flow.starts_with_block(index + 1)
            )
            if not invisible:
                out.append(match.group(0))
            position = match.end()
        out.append(token[position:])
    return "".join(out)


def _one_line(match):
    return _LINE_BREAKS.sub(" ", match.group(0))


def _tidy(text):
    text = _START_TAG.sub(_one_line, _INDENT.sub("", text))
    text = _TAGS_ONLY.sub(r"\1", text)
    text = _BEFORE_INLINE_CLOSING.sub(r"\1", _INLINE_OPENING_LINE.sub(r"\1", text))
    # A line break left is the space between two words: written as one.
    return _drop_gaps(text).replace("\n", " ")


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
