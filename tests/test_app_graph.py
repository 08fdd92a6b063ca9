"""The app graph: which of the project's apps each app may import, read from the code itself.

Every non-migration module of every app package is parsed (nothing is imported or run): each
`import x` and `from x import y`, relative imports resolved, imports inside functions included,
must name only the app itself, the apps its row allows, or a package that is not one of the
project's apps (Django, third-party libraries, the standard library). `config` is not an app
and may import anything. And no module reaches a model by name with `apps.get_model(...)`,
which would hide a dependency from this test: only migrations may (they get historical models).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The project's apps and the other apps each may import (see "What is in it" in the README).
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "partners": {"core"},
    "programs": {"core", "partners"},
    "centers": {"core", "partners", "programs"},
    "history": {"core", "partners"},
    "grants": {"core", "partners", "programs", "centers"},
    "funders": {"core", "accounts", "partners", "programs", "centers", "grants"},
    "operators": {"core", "accounts", "partners", "centers", "outbox"},
    "imports": {"core", "partners", "programs", "centers"},
    "network": {
        "core",
        "accounts",
        "partners",
        "programs",
        "centers",
        "history",
        "grants",
        "funders",
    },
    "api": {"core", "partners", "programs", "centers"},
    "opendata": {"core", "partners", "programs", "centers", "history", "grants"},
    "outbox": set(),
    "campaigns": {"core", "accounts", "partners", "centers", "outbox", "operators"},
}


def project_apps():
    """The project's own apps: every top-level folder holding an apps.py."""
    return sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def is_migration(path):
    return "migrations" in path.relative_to(ROOT).parts


def app_modules(app):
    """Every Python module of an app package, migrations excepted."""
    return [path for path in sorted((ROOT / app).rglob("*.py")) if not is_migration(path)]


def project_modules():
    """Every Python module of the project (apps, config, tests, manage.py), migrations excepted."""
    folders = [
        path
        for path in sorted(ROOT.iterdir())
        if path.is_dir()
        and not path.is_symlink()
        and not path.name.startswith(".")
        and path.name != "node_modules"
    ]
    modules = [path for folder in folders for path in sorted(folder.rglob("*.py"))]
    return [ROOT / "manage.py", *(path for path in modules if not is_migration(path))]


def module_name(path):
    """'partners/admin.py' -> 'partners.admin'; 'grants/__init__.py' -> 'grants'."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source, module, *, is_package=False):
    """(line, dotted name) of every import in a module's source, at any depth, relative ones
    resolved against the module's package ('from .models import X' in partners.views gives
    'partners.models')."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                yield node.lineno, ".".join([*base, node.module] if node.module else base)
            else:
                yield node.lineno, node.module


def forbidden_imports(app, source, module, *, apps, is_package=False, filename=None):
    """One message per import of a project app that `app`'s row does not allow."""
    allowed = ALLOWED[app] | {app}
    found = []
    for line, name in sorted(imports(source, module, is_package=is_package)):
        target = name.split(".")[0]
        if target in apps and target not in allowed:
            may = ", ".join(sorted(ALLOWED[app])) or "no other app"
            found.append(
                f"{filename or module}:{line}: {app} imports {target} ({name}); "
                f"{app} may import {may}"
            )
    return found


def get_model_calls(source):
    """The lines calling get_model (`apps.get_model(...)`, or a get_model imported alone)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name == "get_model":
                lines.append(node.lineno)
    return sorted(lines)


# -- the project ------------------------------------------------------------------------------


def test_every_app_has_a_row_in_the_table():
    missing = [app for app in project_apps() if app not in ALLOWED]
    assert not missing, (
        f"{', '.join(missing)}: an app with no row in ALLOWED (tests/test_app_graph.py). Add one "
        "saying which apps it may import, and the app to the README's description of the graph."
    )


def test_every_row_of_the_table_is_an_app():
    absent = [app for app in ALLOWED if app not in project_apps()]
    assert not absent, f"{', '.join(absent)}: a row of ALLOWED names no app package"
    unknown = {target for targets in ALLOWED.values() for target in targets} - set(ALLOWED)
    assert not unknown, f"{', '.join(sorted(unknown))}: allowed, but has no row of its own"


def test_apps_import_only_the_apps_their_row_allows():
    apps = set(project_apps()) | set(ALLOWED)
    found = []
    for app in project_apps():
        for path in app_modules(app):
            found += forbidden_imports(
                app,
                path.read_text(encoding="utf-8"),
                module_name(path),
                apps=apps,
                is_package=path.name == "__init__.py",
                filename=path.relative_to(ROOT),
            )
    assert not found, "Imports the app graph forbids:\n" + "\n".join(found)


def test_no_module_reaches_a_model_with_get_model():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in project_modules()
        for line in get_model_calls(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "apps.get_model() outside migrations hides a dependency from the app graph; import the "
        "model (or move the code to an app that may):\n" + "\n".join(found)
    )


# -- the checker itself: it cannot pass for want of seeing ---------------------------------------

APPS = set(ALLOWED)


@pytest.mark.parametrize(
    ("app", "module", "source", "line", "target"),
    [
        ("partners", "partners.admin", "from history.models import Event\n", 1, "history"),
        ("programs", "programs.views", "import os\n\nimport centers.models\n", 3, "centers"),
        ("programs", "programs.views", "def f():\n    from centers import models\n", 2, "centers"),
        (
            "core",
            "core.workflow",
            "class A:\n    def f(self):\n        import partners\n",
            3,
            "partners",
        ),
        ("partners", "partners.views", "from ..programs.models import Program\n", 1, "programs"),
        ("grants", "grants.views", "from network.views import HomeView\n", 1, "network"),
        ("accounts", "accounts.views", "from funders.models import Member\n", 1, "funders"),
    ],
)
def test_the_checker_finds_a_forbidden_import(app, module, source, line, target):
    found = forbidden_imports(app, source, module, apps=APPS, filename=f"{app}/x.py")
    assert len(found) == 1
    assert found[0].startswith(f"{app}/x.py:{line}: {app} imports {target} ")


@pytest.mark.parametrize(
    ("app", "module", "source"),
    [
        ("partners", "partners.views", "from .models import Organization\nfrom . import filters\n"),
        ("partners", "partners.management.commands.x", "from ...models import Organization\n"),
        ("grants", "grants.views", "from centers.models import Center\nfrom programs import x\n"),
        ("core", "core.models", "from django.db import models\nimport reversion\n"),
        ("network", "network.views", "from funders.models import X\nfrom grants import charts\n"),
    ],
)
def test_the_checker_lets_allowed_imports_through(app, module, source):
    assert forbidden_imports(app, source, module, apps=APPS) == []


def test_relative_imports_are_resolved_from_the_module_package():
    assert list(imports("from . import views\n", "grants", is_package=True)) == [(1, "grants")]
    assert list(imports("from .models import A\n", "partners.views")) == [(1, "partners.models")]
    found = imports("from ..models import A\n", "core.management.commands")
    assert list(found) == [(1, "core.models")]


def test_the_checker_finds_get_model():
    source = (
        "from django.apps import apps\n"
        "def f():\n"
        "    return apps.get_model('centers', 'Center')\n"
        "from django.apps import apps as registry\n"
        "registry.get_model('history.Event')\n"
    )
    assert get_model_calls(source) == [3, 5]
    assert get_model_calls("from django.apps import apps\nmodels = apps.get_models()\n") == []
