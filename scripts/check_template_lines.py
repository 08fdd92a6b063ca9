"""Fail when a template line is longer than the project's line length (make lint).

A line may be longer only when it holds one thing that cannot be cut: one message
(`{% translate "…" %}`, or a `{% blocktranslate %}…{% endblocktranslate %}` that is not
`trimmed`: cutting it would change the message its translations are filed under), one
template tag (Django reads a tag on one line) or one attribute (`href="…"`).

The lines written before the check that cannot be cut without changing the page (an inline
run such as `{{ name }}</a>{% if acronym %} ({{ acronym }}){% endif %},` has no white space to
break at) are counted per file in scripts/template_lines_baseline.txt: a file may not have
more long lines than its count there, and when it has fewer the count must come down with it.

    python scripts/check_template_lines.py [--max 100] [--baseline FILE] [TEMPLATE_DIR]
"""

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

UNCUTTABLE = re.compile(
    r"""^(?:"""
    r"""\{%(?:[^%]|%(?!\}))*%\}"""  # one tag
    # one message
    r"""|\{%\s*blocktranslate\b(?:[^%]|%(?!\}))*%\}.*?\{%\s*endblocktranslate\s*%\}"""
    r"""|[\w:-]+=("[^"]*"|'[^']*')>?"""  # one attribute
    r""")$"""
)


def long_lines(root, limit):
    for path in sorted(Path(root).rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if len(line) > limit and not UNCUTTABLE.match(line.strip()):
                yield path.as_posix(), number, len(line)


def read_baseline(path):
    counts = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                count, name = line.split(maxsplit=1)
                counts[name] = int(count)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="templates")
    parser.add_argument("--max", type=int, default=100)
    parser.add_argument(
        "--baseline", type=Path, default=Path(__file__).with_name("template_lines_baseline.txt")
    )
    args = parser.parse_args()
    found = list(long_lines(args.root, args.max))
    per_file = Counter(path for path, _number, _length in found)
    allowed = read_baseline(args.baseline)
    problems = []
    for path in sorted(set(per_file) | set(allowed)):
        count, limit = per_file.get(path, 0), allowed.get(path, 0)
        if count > limit:
            lines = ", ".join(f"{n} ({length})" for p, n, length in found if p == path)
            problems.append(
                f"{path}: {count} lines over {args.max} characters, {limit} allowed: lines {lines}"
            )
        elif count < limit:
            problems.append(
                f"{path}: {count} lines over {args.max} characters, fewer than the {limit} of "
                f"{args.baseline}: lower the count there"
            )
    total = sum(per_file.values())
    print("\n".join(problems) or f"Template lines: {total} over {args.max} characters, as counted.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
