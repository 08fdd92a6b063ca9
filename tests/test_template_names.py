"""Templates are named one way: a partial is `<app>/includes/<name>.html` (or `includes/` for the
whole site), never `_name.html`; every `{% include %}` names a template that exists."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")


def test_no_partial_is_named_with_an_underscore():
    assert sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("_*")) == []


def test_every_included_template_is_an_include_and_exists():
    included = {
        (path.relative_to(TEMPLATES).as_posix(), name)
        for path in TEMPLATES.rglob("*.html")
        for name in INCLUDE.findall(path.read_text())
    }
    assert included, "no include found: the pattern is wrong"
    # Django's own admin partials ("admin/color_theme_toggle.html") come from django.contrib.admin.
    ours = {
        (where, name)
        for where, name in included
        if "includes/" in name or not name.startswith("admin/")
    }
    assert sorted((where, name) for where, name in ours if not (TEMPLATES / name).is_file()) == []
    assert sorted((where, name) for where, name in ours if "includes/" not in name) == []


def test_a_message_written_over_several_lines_is_trimmed():
    """The template loader reflows white space: a multi-line message must not depend on it."""
    opening = re.compile(r"{%\s*blocktranslate\b([^%]*)%}(.*?){%\s*endblocktranslate\s*%}", re.S)
    untrimmed = sorted(
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if not path.name.endswith("_email.html")
        for options, text in opening.findall(path.read_text())
        if "\n" in text and "trimmed" not in options.split()
    )
    assert untrimmed == []
