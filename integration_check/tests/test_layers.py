"""The plugin reads bottom-up: its modules import each other without a cycle, at the top.

A newcomer reads the plugin from its folder, layer by layer: the choices, the concept,
the assessment (the completeness rule first, then what builds on it), the public
progress, the translation helpers, the admin. That holds only while no module imports
one above it, and while no import hides inside a function to break a cycle.

The import graph is built from the source with ``ast``, as Python runs it: importing
``a.b.c`` runs ``a/__init__.py`` and ``a/b/__init__.py`` first, so a module that
imports a submodule depends on its packages as well. An import under
``if TYPE_CHECKING:`` never runs and does not count.
"""

import ast
from pathlib import Path

import pytest

import integration_check

PACKAGE = "integration_check"
PLUGIN_DIR = Path(integration_check.__file__).parent

#: The imports inside functions that have a reason, by (module, function, imported module).
#: Keep this list short: every other import goes to the top of its module.
ALLOWED_FUNCTION_LEVEL_IMPORTS = {
    # Django imports the app config before any model; what needs the models (the system
    # checks, the tally cache's signals, the workflow's e-mail) is imported in ready().
    ("integration_check.apps", "IntegrationCheckConfig.ready", "wagtail.models"),
    ("integration_check.apps", "IntegrationCheckConfig.ready", "integration_check.system_checks"),
    ("integration_check.apps", "IntegrationCheckConfig.ready", "integration_check.tally_cache"),
    ("integration_check.apps", "IntegrationCheckConfig.ready", "integration_check.workflow"),
    # The messages after workflow actions connect to Wagtail's workflow signals.
    (
        "integration_check.apps",
        "IntegrationCheckConfig.ready",
        "integration_check.workflow_messages",
    ),
    # Wagtail imports WAGTAIL_FINISH_WORKFLOW_ACTION while defining its own models, before
    # the plugin's models can be imported.
    (
        "integration_check.workflow_actions",
        "publish_approved_workflow_state",
        "integration_check.workflow",
    ),
    # openpyxl takes longer to import than the plugin itself; only the XLSX download uses it.
    ("integration_check.exports", "_fill_sheet", "openpyxl.cell.cell"),
    ("integration_check.exports", "_fill_sheet", "openpyxl.styles"),
    ("integration_check.exports", "matrix_xlsx_response", "openpyxl"),
    # WeasyPrint loads Pango and its fonts when imported; only the report's PDF uses it.
    ("integration_check.report", "render_pdf", "weasyprint"),
}

#: Calls that import a module by name: they would hide an import just as well.
DYNAMIC_IMPORTS = {"import_module", "import_string", "__import__"}


def find_modules(root: Path, package: str):
    """Return ``{module name: (path, is package)}`` of the package's modules, its tests and
    migrations left out."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if "tests" in parts or "migrations" in parts:
            continue
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join(parts)] = (path, is_package)
    return modules


def _imported(module, is_package, node, modules):
    """The names of the modules an import statement imports (the first is the one named)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module if is_package else module.rpartition(".")[0]
    if node.level:
        for _level in range(node.level - 1):
            base = base.rpartition(".")[0]
        target = f"{base}.{node.module}" if node.module else base
    else:
        target = node.module
    return [target] + [
        f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in modules
    ]


def _walk(tree):
    """Yield ``(node, function)`` for every import statement and call of the module: the
    qualified name of the function it runs in, None at import time. Blocks under
    ``if TYPE_CHECKING:`` are skipped."""

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom, ast.Call)):
                yield child, function
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = child.name if function is None else f"{function}.{child.name}"
                yield from visit(child, inner)
            elif isinstance(child, ast.Lambda):
                yield from visit(child, f"{function}.<lambda>" if function else "<lambda>")
            elif isinstance(child, ast.ClassDef) and function is None:
                # A class body runs at import time; its methods are named after it.
                yield from visit_class(child, child.name)
            else:
                yield from visit(child, function)

    def visit_class(node, prefix):
        for child in node.body:
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield from visit(child, f"{prefix}.{child.name}")
            elif isinstance(child, ast.ClassDef):
                yield from visit_class(child, f"{prefix}.{child.name}")
            else:
                yield from visit(ast.Module(body=[child], type_ignores=[]), None)

    yield from visit(tree, None)


def _call_name(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def import_graph(root: Path, package: str):
    """Return ``(graph, function_level)``: ``{module: modules of the package it imports when
    it is imported}`` and ``{(module, function, imported module or call)}`` for the imports
    that run only when a function is called."""
    modules = find_modules(root, package)
    graph, function_level = {}, set()
    for module, (path, is_package) in modules.items():
        edges = set()
        for node, function in _walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = _call_name(node)
                if name in DYNAMIC_IMPORTS:
                    function_level.add((module, function or "<module>", f"{name}()"))
                continue
            targets = _imported(module, is_package, node, modules)
            if function is not None:
                # ``from . import a, b`` names its modules, other imports the one they name.
                for target in targets[1:] or targets:
                    function_level.add((module, function, target))
                continue
            for target in targets:
                parts = target.split(".")
                for end in range(1, len(parts) + 1):
                    name = ".".join(parts[:end])
                    # A module's own packages are being imported already: no edge to them.
                    if name in modules and not (module == name or module.startswith(name + ".")):
                        edges.add(name)
        graph[module] = edges
    return graph, function_level


def find_cycle(graph):
    """Return one cycle of ``graph`` as a list of modules (first = last), or None."""
    done, path, on_path = set(), [], {}

    def visit(module):
        on_path[module] = len(path)
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if target in on_path:
                return path[on_path[target] :] + [target]
            if target not in done:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        del on_path[module]
        done.add(module)
        return None

    for module in sorted(graph):
        if module not in done:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


@pytest.fixture(scope="module")
def plugin():
    return import_graph(PLUGIN_DIR, PACKAGE)


def test_no_module_of_the_plugin_imports_one_that_imports_it_back(plugin):
    graph, _function_level = plugin

    cycle = find_cycle(graph)

    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_imports_inside_functions_are_only_those_with_a_reason(plugin):
    _graph, function_level = plugin

    unexplained = sorted(function_level - ALLOWED_FUNCTION_LEVEL_IMPORTS)
    stale = sorted(ALLOWED_FUNCTION_LEVEL_IMPORTS - function_level)

    assert not unexplained, (
        "move these imports to the top of their module (or, with a real reason, add them "
        f"to ALLOWED_FUNCTION_LEVEL_IMPORTS with a comment): {unexplained}"
    )
    assert not stale, f"remove from ALLOWED_FUNCTION_LEVEL_IMPORTS, gone: {stale}"


def test_the_completeness_rule_imports_only_the_concept_and_the_choices(plugin):
    graph, _function_level = plugin

    assert graph["integration_check.assessment"] <= {
        "integration_check.choices",
        "integration_check.checks",
        "integration_check.concept",
    }


def test_the_choices_import_nothing_of_the_plugin(plugin):
    graph, _function_level = plugin

    assert graph["integration_check.choices"] == set()


def test_inside_the_plugin_models_come_from_their_own_modules(plugin):
    """``integration_check.models`` re-exports every layer: only code outside the plugin
    imports it (and its submodules kept for old import paths)."""
    graph, _function_level = plugin

    importers = sorted(
        module
        for module, targets in graph.items()
        if not module.startswith("integration_check.models")
        and any(
            t == "integration_check.models" or t.startswith("integration_check.models.")
            for t in targets
        )
    )

    assert importers == []


# --- the graph itself: it sees what it must see ----------------------------------------


def write_package(root: Path, files: dict):
    for name, text in files.items():
        path = root / "demo" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "demo"


def test_a_cycle_through_a_package_that_re_exports_is_found(tmp_path):
    root = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "rule.py": "from .models.concept import Concept\n",
            "models/__init__.py": "from .concept import Concept\nfrom .rating import Rating\n",
            "models/concept.py": "class Concept: pass\n",
            "models/rating.py": "from ..rule import find_gaps\n",
        },
    )

    graph, _function_level = import_graph(root, "demo")

    assert find_cycle(graph) == ["demo.models", "demo.models.rating", "demo.rule", "demo.models"]


def test_imports_run_in_functions_are_told_apart_from_those_at_the_top(tmp_path):
    root = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": (
                "from typing import TYPE_CHECKING\n"
                "from . import b\n"
                "if TYPE_CHECKING:\n"
                "    from . import c\n"
                "class Page:\n"
                "    from . import d\n"
                "    def route(self):\n"
                "        from .c import helper\n"
                "        return import_module('demo.c')\n"
            ),
            "b.py": "",
            "c.py": "from . import a\n",
            "d.py": "",
        },
    )

    graph, function_level = import_graph(root, "demo")

    assert graph["demo.a"] == {"demo.b", "demo.d"}
    assert function_level == {
        ("demo.a", "Page.route", "demo.c"),
        ("demo.a", "Page.route", "import_module()"),
    }
    assert find_cycle(graph) is None
