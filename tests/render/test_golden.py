"""Golden files: every renderer over the fixture projects and the examples, parsed by real Nix.

``tests/golden/<renderer>/<case>.nix`` pins what each renderer writes for a
realistic project, names mapped with nixpkgs' real attribute list; the
findings of each case are pinned beside them (``findings/<case>.txt``).
``PYNIX_UPDATE_GOLDEN=1`` rewrites them. Every ``.nix`` golden also passes
``nix-instantiate --parse``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pynix.load import load_project
from pynix.model import Finding, Project, ProjectFormat
from pynix.nix import lam, pattern, render, s, var
from pynix.nixpkgs.names import NameMap
from pynix.render._scope import free_variables
from pynix.render.editable import render_editable
from pynix.render.package import render_package
from pynix.render.project_files import InitOptions, project_files
from pynix.render.result import Rendered
from pynix.render.script import render_script, render_script_runner
from pynix.render.shell import render_dev_shell, render_venv_shell
from pynix.render.with_packages import render_with_packages
from tests.support.nix import nix_parse
from tests.support.projects import PROJECTS
from tests.support.shared_data import nixpkgs_python_attrs

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("PYNIX_UPDATE_GOLDEN") == "1"
REVISION = "0123456789abcdef0123456789abcdef01234567"

# case -> the project path, relative to the repository
CASES = {
    "pep621-hatchling": PROJECTS / "pep621-hatchling",
    "poetry1-app": PROJECTS / "poetry1-app",
    "poetry2-library": PROJECTS / "poetry2-library",
    "pdm-service": PROJECTS / "pdm-service",
    "setup-cfg-classic": PROJECTS / "setup-cfg-classic",
    "setup-cfg-attr-version": PROJECTS / "setup-cfg-attr-version",
    "setuptools-scm-dynamic": PROJECTS / "setuptools-scm-dynamic",
    "greeter": ROOT / "examples" / "greeter",
    "legacy-app-requirements": ROOT / "examples" / "legacy-app" / "requirements.txt",
    "weather-script": ROOT / "examples" / "scripts" / "weather.py",
}
PACKAGES = [c for c in CASES if not c.endswith(("-requirements", "-script"))]


@functools.cache
def real_names() -> NameMap:
    """nixpkgs' Python attribute names (mid-2024), from the shared data."""
    listing = nixpkgs_python_attrs()
    aliases = {a: e["target"] for a, e in listing["aliases"].items() if e["kind"] == "alias"}
    return NameMap.from_attrs(listing["attrs"], aliases=aliases)


@functools.cache
def project(case: str) -> Project:
    return load_project(CASES[case])


def check(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing; run with PYNIX_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), path
    if path.suffix == ".nix":
        nix_parse(path)


def as_file(rendered: Rendered) -> str:
    """A fragment as a Nix file: a function of the variables it reads (so that it parses)."""
    free = [v for v in free_variables(rendered.expr) if v not in ("builtins", "toString")]
    if not free:
        return rendered.text()
    return render(lam(pattern(free), rendered.expr))


def findings_text(findings: tuple[Finding, ...]) -> str:
    return "".join(f"{f}\n" for f in findings) or "(none)\n"


RENDERERS: dict[str, Callable[[Project], Rendered]] = {
    "package": lambda p: render_package(p, names=real_names()),
    "with_packages": lambda p: render_with_packages(
        p, names=real_names(), extras=list(p.optional_dependencies)
    ),
    "editable": lambda p: render_editable(p, root=s(var("projectRoot")), names=real_names()),
    "dev_shell": lambda p: render_dev_shell(
        p,
        root=s(var("projectRoot"), "/src"),
        names=real_names(),
        groups=list(p.dependency_groups),
    ),
}


@pytest.mark.nix
@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("case", PACKAGES)
def test_renderers(renderer: str, case: str) -> None:
    rendered = RENDERERS[renderer](project(case))
    check(GOLDEN / renderer / f"{case}.nix", as_file(rendered))


@pytest.mark.nix
@pytest.mark.parametrize("case", ["legacy-app-requirements", "weather-script"])
def test_environments(case: str) -> None:
    rendered = render_with_packages(project(case), names=real_names())
    check(GOLDEN / "with_packages" / f"{case}.nix", as_file(rendered))


@pytest.mark.nix
@pytest.mark.parametrize("case", sorted(CASES))
def test_init_files(case: str) -> None:
    loaded = project(case)
    is_script = loaded.format is ProjectFormat.SCRIPT
    options = InitOptions(
        source_root="src" if case == "greeter" else ".",
        script=CASES[case].name if is_script else None,
        script_text=CASES[case].read_text(encoding="utf-8") if is_script else None,
        shebang=is_script,
        nixpkgs_revision=REVISION if is_script else None,
    )
    files = project_files(loaded, names=real_names(), options=options)
    for name, text in files.texts().items():
        # A script is pinned as text, so that no tool takes it for the suite's own code.
        check(GOLDEN / "init" / case / (name if name.endswith(".nix") else f"{name}.txt"), text)
    check(GOLDEN / "init" / case / "findings.txt", findings_text(files.findings))


@pytest.mark.nix
def test_script_renderers() -> None:
    loaded = project("weather-script")
    text = CASES["weather-script"].read_text(encoding="utf-8")
    shebang = render_script(text, loaded, names=real_names(), python="python312")
    check(GOLDEN / "script" / "weather-shebang.py.txt", shebang.text)
    runner = render_script_runner(loaded, script="weather.py", names=real_names())
    check(GOLDEN / "script" / "weather-runner.nix", as_file(runner))


@pytest.mark.nix
def test_venv_shell() -> None:
    shell = render_venv_shell(install=["-e", ".[socks]"], name="greeter-venv")
    check(GOLDEN / "venv_shell" / "greeter.nix", as_file(shell))
