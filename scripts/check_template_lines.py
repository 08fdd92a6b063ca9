"""Fail when a template line is longer than the project's line length (make lint).

A line may be longer only when it holds one thing that cannot be cut: one message
(`{% translate "…" %}`, or a `{% blocktranslate %}…{% endblocktranslate %}` that is not
`trimmed`: cutting it would change the message its translations are filed under), one
template tag (Django reads a tag on one line) or one attribute (`href="…"`).

    python scripts/check_template_lines.py [--max 100] [TEMPLATE_DIR]
"""

import argparse
import re
import sys
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
                yield f"{path}:{number}: {len(line)} > {limit} characters"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="templates")
    parser.add_argument("--max", type=int, default=100)
    args = parser.parse_args()
    found = list(long_lines(args.root, args.max))
    print("\n".join(found) or f"Every template line is at most {args.max} characters.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
