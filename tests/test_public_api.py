"""Every exported name is exercised by a test, and every public module says what it exports.

A public module is one whose file name does not start with ``_``. Its
``__all__`` is its API; each name in it must be used by some test: called,
imported into a test module, or reached as an attribute (``markers.evaluate``).
The check reads the tests' syntax trees, so a name mentioned only in a string
or a comment does not count.
"""

from __future__ import annotations

import ast
import doctest
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
TESTS = ROOT / "tests"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_public(path: Path) -> bool:
    relative = path.relative_to(SRC)
    return all(not part.startswith("_") for part in relative.parts[:-1]) and (
        path.name == "__init__.py" or not path.name.startswith("_")
    )


PUBLIC = sorted(
    (_module_name(p), p) for p in SRC.rglob("*.py") if _is_public(p) and p.name != "__main__.py"
)
# Reached another way, with its own check:
# * pyproject.nix's namespaces (pynix.interop.pep440, ...) register their functions under
#   pyproject.nix's names and are called through pynix.interop.call; tests/interop has a
#   coverage test that fails when a registered name has no test vector;
# * command modules (pynix.cli.show, ...) are run through pynix.cli.main([...]).
_REACHED_BY_NAME = ("pynix.interop.", "pynix.cli.")
_REACHED_EXCEPT = ("pynix.interop.targets",)


def _exports(path: Path) -> list[str] | None:
    """The names in a module's ``__all__``, or None when it has none."""
    for node in ast.parse(path.read_text()).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            assert isinstance(node, ast.Assign)
            value = ast.literal_eval(node.value)
            assert isinstance(value, list | tuple)
            return [str(v) for v in value]
    return None


def _doctest_sources(path: Path) -> list[str]:
    """The code of the doctest examples in a module (pytest runs them: they are tests too)."""
    # Examples are read from the docstrings in the module's syntax tree, without importing it.
    parser = doctest.DocTestParser()
    sources: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node)
            if docstring and ">>>" in docstring:
                sources.extend(example.source for example in parser.get_examples(docstring))
    return sources


@cache
def _used_in_tests() -> frozenset[str]:
    """Every identifier the tests and the doctests use: names, attributes, imported names."""
    used: set[str] = set()
    trees = [ast.parse(path.read_text(), filename=str(path)) for path in TESTS.rglob("*.py")]
    for path in SRC.rglob("*.py"):
        for source in _doctest_sources(path):
            try:
                trees.append(ast.parse(source))
            except SyntaxError:  # a continuation fragment of a multi-line example
                continue
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                used.add(node.id)
            elif isinstance(node, ast.Attribute):
                used.add(node.attr)
            elif isinstance(node, ast.ImportFrom):
                used.update(alias.name for alias in node.names)
    return frozenset(used)


@pytest.mark.parametrize(("module", "path"), PUBLIC, ids=[m for m, _ in PUBLIC])
def test_public_module_declares_its_api(module: str, path: Path) -> None:
    exports = _exports(path)
    if exports is None and not module.startswith(_REACHED_BY_NAME):
        # A module without definitions (a package docstring, the CLI entry) needs none.
        defines = [
            n
            for n in ast.parse(path.read_text()).body
            if isinstance(n, ast.FunctionDef | ast.ClassDef) and not n.name.startswith("_")
        ]
        assert not defines, f"{module} defines {[d.name for d in defines]} but has no __all__"


def _functions(path: Path) -> set[str]:
    """The functions a module defines at its top level."""
    tree = ast.parse(path.read_text())
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


@pytest.mark.parametrize(("module", "path"), PUBLIC, ids=[m for m, _ in PUBLIC])
def test_every_exported_function_is_exercised(module: str, path: Path) -> None:
    if module.startswith(_REACHED_BY_NAME) and module not in _REACHED_EXCEPT:
        return
    exported = set(_exports(path) or ()) & _functions(path)
    missing = sorted(name for name in exported if name not in _used_in_tests())
    assert not missing, f"{module} exports functions no test uses: {', '.join(missing)}"


def test_the_check_can_fail() -> None:
    assert "no_test_would_ever_call_this_name" not in _used_in_tests()
    assert "evaluate" in _used_in_tests()
