"""pytest fixtures for the test index, loaded as a plugin by ``tests/conftest.py``.

* ``universe`` (session): the catalogue of :mod:`tests.support.universe`,
  built once into a temporary directory;
* ``index_server`` (function): a fresh :class:`IndexServer` over the universe
  (no faults, nothing hidden, empty log), with PEP 700 upload times;
* ``make_project`` (function): writes a small ``pyproject.toml`` project into
  ``tmp_path`` with :func:`write_project` and returns its directory.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TypedDict, Unpack

import pytest
import tomli_w

from tests.support.index_server import IndexServer
from tests.support.universe import Universe, build_universe

__all__ = [
    "ProjectFactory",
    "ProjectOptions",
    "index_server",
    "make_project",
    "universe",
    "write_project",
]


class ProjectOptions(TypedDict, total=False):
    """Keyword options of :func:`write_project` (all optional)."""

    name: str
    version: str
    requires_python: str
    optional_dependencies: Mapping[str, list[str]]
    dependency_groups: Mapping[str, list[str]]


def write_project(
    directory: Path,
    dependencies: Sequence[str] = (),
    **options: Unpack[ProjectOptions],
) -> Path:
    """Write ``directory/pyproject.toml`` for a project depending on ``dependencies``.

    Options: ``name`` (``demo``), ``version`` (``0.1.0``), ``requires_python``
    (``>=3.11``), ``optional_dependencies``, ``dependency_groups``. No
    ``[build-system]``: uv treats the project as virtual and locks it without
    building it. Returns ``directory`` (created if needed).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     print((write_project(Path(tmp), ["alpha"]) / "pyproject.toml").read_text(), end="")
    [project]
    name = "demo"
    version = "0.1.0"
    requires-python = ">=3.11"
    dependencies = [
        "alpha",
    ]
    """
    project: dict[str, object] = {
        "name": options.get("name", "demo"),
        "version": options.get("version", "0.1.0"),
        "requires-python": options.get("requires_python", ">=3.11"),
        "dependencies": list(dependencies),
    }
    if "optional_dependencies" in options:
        project["optional-dependencies"] = dict(options["optional_dependencies"])
    document: dict[str, object] = {"project": project}
    if "dependency_groups" in options:
        document["dependency-groups"] = dict(options["dependency_groups"])
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pyproject.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def universe(tmp_path_factory: pytest.TempPathFactory) -> Universe:
    """The test index's artifacts, built once per session."""
    return build_universe(tmp_path_factory.mktemp("universe"))


@pytest.fixture
def index_server(universe: Universe) -> Iterator[IndexServer]:
    """A fresh index server over the universe, stopped after the test."""
    with IndexServer(universe.root, upload_times=universe.upload_times) as server:
        yield server


class ProjectFactory:
    """Makes projects in numbered directories under a base directory."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.made: list[Path] = []

    def __call__(self, dependencies: Sequence[str] = (), **options: Unpack[ProjectOptions]) -> Path:
        """A new project directory; arguments as for :func:`write_project`."""
        directory = self.base / f"project-{len(self.made)}"
        self.made.append(directory)
        return write_project(directory, dependencies, **options)


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectFactory:
    """``make_project(dependencies, **options)`` → a new project directory under ``tmp_path``."""
    return ProjectFactory(tmp_path)
