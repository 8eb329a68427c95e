"""The import layering of DESIGN.md, enforced by walking every module's AST.

* A module imports pynix modules only from its own layer or the layers above.
* Pure layers (standards, model, formats, locks, interop, nix, render, check)
  import no I/O modules and call no file-reading methods.
* Only ``pynix.cli`` prints.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

# Top to bottom: a module may import from its own row and the rows above it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("pynix.errors", "pynix"),
    ("pynix.standards",),
    ("pynix.model",),
    # pynix.nixpkgs: the snapshot schema, the name mapping and the soname table are pure;
    # taking and reading snapshots (take, files) are I/O edges, listed in the I/O row below.
    ("pynix.formats", "pynix.locks", "pynix.nixpkgs"),
    # pynix.plan: lock + project + settings -> what to install where (pure), read by renderers.
    ("pynix.plan",),
    ("pynix.nix",),
    ("pynix.render", "pynix.check"),
    # pyproject.nix's lib answered in its shapes: a pure adapter over every pure layer above
    # (validators.validateVersionConstraints is pynix.check's answer).
    ("pynix.interop",),
    (
        "pynix.write",
        "pynix.load",
        "pynix.nixpkgs.take",
        "pynix.nixpkgs.files",
        "pynix.index",
        "pynix.resolve",
        "pynix.enrich",
        # The pipelines of the commands (lock, generate, explain): the I/O edges put together.
        "pynix.workflow",
    ),
    ("pynix.cli", "pynix.__main__"),
)
PURE = (
    "pynix.errors",
    "pynix.standards",
    "pynix.model",
    "pynix.formats",
    "pynix.locks",
    "pynix.interop",
    "pynix.plan",
    "pynix.nixpkgs._attrs",
    "pynix.nixpkgs.names",
    "pynix.nixpkgs.snapshot",
    "pynix.nixpkgs.sonames",
    "pynix.nix",
    "pynix.render",
    "pynix.check",
)
IO_MODULES = frozenset(
    {"os", "subprocess", "socket", "shutil", "tempfile", "urllib3", "http", "glob", "io"}
)
IO_CALLS = frozenset(
    {"open", "read_text", "read_bytes", "write_text", "write_bytes", "exists", "is_file",
     "is_dir", "iterdir", "glob", "rglob", "mkdir", "unlink", "stat"}
)  # fmt: skip


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = sorted((_module_name(p), p) for p in SRC.rglob("*.py"))


def _layer(module: str) -> int:
    best, best_len = -1, -1
    for index, row in enumerate(LAYERS):
        for prefix in row:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    if best < 0:
        pytest.fail(f"{module} belongs to no layer; add it to LAYERS in {__file__}")
    return best


def _imports(tree: ast.AST) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


def _is_pure(module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in PURE)


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_imports_respect_layers(module: str, path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    mine = _layer(module)
    for imported, line in _imports(tree):
        if imported.split(".")[0] != "pynix" or imported == "pynix":
            continue
        assert _layer(imported) <= mine, f"{path.name}:{line}: {module} imports {imported}"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_pure_layers_do_no_io(module: str, path: Path) -> None:
    if not _is_pure(module):
        return
    tree = ast.parse(path.read_text(), filename=str(path))
    for imported, line in _imports(tree):
        assert imported.split(".")[0] not in IO_MODULES, f"{path.name}:{line}: imports {imported}"
        assert imported not in ("urllib.request", "pathlib.Path"), f"{path.name}:{line}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            assert name not in IO_CALLS, f"{path.name}:{node.lineno}: calls {name}()"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_only_cli_prints(module: str, path: Path) -> None:
    if module.startswith("pynix.cli"):
        return
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "print", f"{path.name}:{node.lineno}: print() outside the CLI"
        if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr"):
            value = node.value
            assert not (isinstance(value, ast.Name) and value.id == "sys"), (
                f"{path.name}:{node.lineno}: writes to sys.{node.attr} outside the CLI"
            )


def test_layer_table_catches_an_upward_import(tmp_path: Path) -> None:
    # The check itself must be able to fail: a standards module importing the renderer.
    tree = ast.parse("from pynix.render import x\n")
    ((imported, _line),) = _imports(tree)
    assert _layer(imported) > _layer("pynix.standards.markers")
