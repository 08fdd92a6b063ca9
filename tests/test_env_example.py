"""`.env.example` lists every variable the settings read, as its header promises operators."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# env("NAME", …), env.int("NAME", …), env.db("NAME", …): the first argument, over line breaks.
READ = re.compile(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"")


def test_every_variable_the_settings_read_is_in_env_example():
    read = set()
    for module in sorted((ROOT / "config" / "settings").glob("*.py")):
        read |= set(READ.findall(module.read_text()))
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    assert "DATABASE_URL" in read and "DJANGO_SECRET_KEY" in read  # the pattern reads them
    assert sorted(read - listed) == []
