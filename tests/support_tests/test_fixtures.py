"""The plugin's project helpers and fixtures."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.support.fixtures import ProjectFactory, write_project
from tests.support.index_server import IndexServer
from tests.support.universe import Universe


def test_write_project_with_every_option(tmp_path: Path) -> None:
    directory = write_project(
        tmp_path / "app",
        ["alpha>=1", 'plat-dep; sys_platform == "linux"'],
        name="app",
        version="2.0",
        requires_python=">=3.12",
        optional_dependencies={"cli": ["cli-tool"]},
        dependency_groups={"dev": ["cyc-a"]},
    )
    assert directory == tmp_path / "app"
    assert tomllib.loads((directory / "pyproject.toml").read_text()) == {
        "project": {
            "name": "app",
            "version": "2.0",
            "requires-python": ">=3.12",
            "dependencies": ["alpha>=1", 'plat-dep; sys_platform == "linux"'],
            "optional-dependencies": {"cli": ["cli-tool"]},
        },
        "dependency-groups": {"dev": ["cyc-a"]},
    }


def test_make_project_makes_a_new_directory_each_time(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    first, second = make_project(["alpha"]), make_project(name="other")
    assert (first, second) == (tmp_path / "project-0", tmp_path / "project-1")
    assert tomllib.loads((second / "pyproject.toml").read_text())["project"] == {
        "name": "other",
        "version": "0.1.0",
        "requires-python": ">=3.11",
        "dependencies": [],
    }


def test_index_server_fixture_serves_the_universe_fresh(
    index_server: IndexServer, universe: Universe
) -> None:
    assert index_server.root == universe.root
    assert sorted(index_server.files) == sorted(a.filename for a in universe.artifacts)
    assert index_server.upload_times == universe.upload_times
    assert index_server.requests == []
    assert index_server.url.startswith("http://127.0.0.1:")
