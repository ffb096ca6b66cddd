"""The apps are layers: a module never imports from a layer above its own, not even inside
a function, and the parsers in edition/ingest/ import nothing but the standard library,
their own package and pure third-party libraries. Read from the code's own imports."""

import ast
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["accounts", "groups", "notifications", "edition", "annotations", "seminars"]
# Third-party libraries the pure parsers may use: none of them is Django or an app.
PURE_THIRD_PARTY = {
    "rapidfuzz",
    "wordfreq",
    "charset_normalizer",
    "pypdf",
    "markdown_it",
    "symspellpy",
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


class LayerTests(SimpleTestCase):
    def test_no_module_imports_from_a_layer_above_its_own(self):
        rank = {app: i for i, app in enumerate(LAYERS)}
        wrong = []
        for app in LAYERS:
            if not (ROOT / app).is_dir():
                continue
            for path in _modules(app):
                for line, module in _imports(path):
                    top = module.split(".")[0]
                    if top in rank and rank[top] > rank[app]:
                        wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
        self.assertEqual(wrong, [])

    def test_the_parsers_are_pure_python(self):
        stdlib = set(sys.stdlib_module_names) | {"__future__"}
        wrong = []
        for path in sorted((ROOT / "edition" / "ingest").rglob("*.py")):
            for line, module in _imports(path):
                top = module.split(".")[0]
                inside = module.startswith("edition.ingest")
                if not (inside or top in stdlib or top in PURE_THIRD_PARTY):
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
        self.assertEqual(wrong, [])

    def test_the_check_sees_a_wrong_import(self):
        # The walk itself must find imports inside functions, or the rule could not fail.
        source = ROOT / "annotations" / "models.py"
        lines = [module for _, module in _imports(source)]
        self.assertIn("edition.models", lines)
