"""The overlay of locks the real uv made against the test index, checked per target under Nix.

One project uses most of the universe (:mod:`tests.support.universe`):
``beta[fast]`` (``gamma`` below Python 3.13, ``delta`` through the extra),
``plat-dep`` (``linux-only`` on Linux), the ``cyc-a`` <-> ``cyc-b`` cycle,
``native-crc`` (a manylinux wheel whose ELF needs ``libz.so.1``) and
``legacy-lib`` (a ``setup.py`` sdist only); its group ``dev`` adds
``cli-tool``. The lock is enriched through the test index (build systems
read from the sdists, native libraries from the wheels), so the overlay
gets ``buildInputs = [ pkgs.zlib ]`` and setuptools as the legacy default.
The oracle: the universe's own files and hashes, and the plan.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from pynix.enrich import enrich_lock
from pynix.formats.pynix_settings import Settings
from pynix.index import Cache, IndexClient
from pynix.load import load_lock, load_project
from pynix.locks.hashes import hex_to_sri
from pynix.model import LockSet
from pynix.plan import Plan, plan
from pynix.render.overlay import decide, render_overlay
from pynix.render.result import RenderedFiles
from pynix.resolve.artifacts import resolve_artifacts
from tests.render._overlay_nix import evaluate_targets, expected_env, nix_targets, write_files_to
from tests.support.fixtures import write_project
from tests.support.index_server import IndexServer
from tests.support.universe import Universe
from tests.support.uv import uv_lock, uv_pip_compile

pytestmark = [pytest.mark.slow, pytest.mark.nix]

LINUX = Settings(systems=("x86_64-linux",))


@pytest.fixture(scope="module")
def server(universe: Universe) -> Iterator[IndexServer]:
    with IndexServer(universe.root, upload_times=universe.upload_times) as running:
        yield running


@pytest.fixture(scope="module")
def demo(server: IndexServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = write_project(
        tmp_path_factory.mktemp("demo"),
        ["beta[fast]", "plat-dep", "cyc-a", "native-crc", "legacy-lib"],
        dependency_groups={"dev": ["cli-tool"]},
    )
    uv_lock(directory, server.index_url)
    return directory


def client(server: IndexServer, tmp_path: Path) -> IndexClient:
    return IndexClient(
        [server.index_url], cache=Cache(tmp_path / "cache"), netrc=tmp_path / "n", environ={}
    )


def enriched(demo: Path, server: IndexServer, tmp_path: Path) -> LockSet:
    with client(server, tmp_path) as index:
        return enrich_lock(load_lock(demo), client=index).lock


def overlay(lock: LockSet, demo: Path) -> tuple[Plan, RenderedFiles]:
    project = load_project(demo)
    result = plan(lock, project, LINUX)
    assert result.errors == ()
    return result, render_overlay(result, project)


def test_closures_files_and_hashes_of_a_uv_lock(
    demo: Path, server: IndexServer, universe: Universe, tmp_path: Path
) -> None:
    result, files = overlay(enriched(demo, server, tmp_path), demo)
    decisions = decide(result, project_name="demo")
    directory = write_files_to(files, tmp_path / "out")
    targets = nix_targets(result)
    assert [v for _, v in targets] == ["3.11", "3.12", "3.13", "3.14"]
    attrs = [d.attr for d in decisions if d.kind.value != "virtual"]
    body = (
        "{ env = d.env.versions; files = builtins.listToAttrs (map (a: { name = a;"
        " value = (describe locked.pkgs.${a}).src; }) [ "
        + " ".join(f'"{a}"' for a in attrs)
        + " ]); }"
    )
    results = evaluate_targets(directory, targets, body)
    for target, found in results.items():
        assert found["env"] == expected_env(result, decisions, target)
        for name, version in found["env"].items():
            installed = result.environment(*target).by_name(name)
            assert installed is not None
            assert installed.artifact is not None
            served = universe.artifact(installed.artifact.filename)
            src = found["files"][name]
            assert src["url"] == f"{server.url}/files/{served.filename}", (target, name)
            assert src["hash"] == hex_to_sri(served.sha256)
            assert version == served.version
    assert "gamma" in results[("x86_64-linux", "3.12")]["env"]
    assert "gamma" not in results[("x86_64-linux", "3.13")]["env"]
    assert {"cyc-a", "cyc-b"} <= set(results[("x86_64-linux", "3.14")]["env"])


def test_enrichment_gives_native_inputs_and_build_systems(
    demo: Path, server: IndexServer, tmp_path: Path
) -> None:
    _result, files = overlay(enriched(demo, server, tmp_path), demo)
    text = files.texts()["python-packages.nix"]
    native = text.split("  native-crc = ")[1].split("\n  };\n")[0]
    assert "    nativeBuildInputs = [ autoPatchelfHook ];" in native
    assert "    buildInputs = [ pkgs.zlib ];" in native
    assert (
        "  # legacy-lib 1.0: built from the sdist legacy_lib-1.0.tar.gz; no [build-system]:"
        " setuptools, the legacy default\n"
    ) in text
    assert "  # cycle cyc-a ↔ cyc-b: cyc-b does not depend on cyc-a here\n" in text
    assert [f.code for f in files.findings] == []
    directory = write_files_to(files, tmp_path / "out")
    found = evaluate_targets(
        directory,
        [("x86_64-linux", "3.12")],
        "{ inputs = map (p: p.name) locked.pkgs.native-crc.buildInputs;"
        " cycA = (describe locked.pkgs.cyc-a).deps; cycB = (describe locked.pkgs.cyc-b).deps;"
        " project = map (p: p.pname) (builtins.head d.docker.contents).packages; }",
    )[("x86_64-linux", "3.12")]
    assert found["inputs"] == ["zlib-1.3.1"]
    assert (found["cycA"], found["cycB"]) == (["cyc-b"], [])
    # The virtual project's image: its run-time closure, without the dev group's cli-tool.
    assert "cli-tool" not in found["project"]
    assert {"cyc-a", "cyc-b", "native-crc", "delta"} <= set(found["project"])


def test_without_enrichment_the_unknowns_are_said(demo: Path) -> None:
    _, files = overlay(load_lock(demo), demo)
    assert sorted(str(f) for f in files.findings) == [
        (
            "warning: 1 package with Linux binary wheels whose shared libraries are not known"
            " (native-crc 1.0): autoPatchelfHook may miss some (enrich the lock (pynix lock) to"
            " read them from the wheels)"
        ),
        (
            "warning: the build system of 1 package built from source is not known: setuptools"
            " assumed (legacy-lib 1.0) (enrich the lock (pynix lock) to read it from the sdists)"
        ),
    ]


def test_hashed_requirements_from_uv_pip_compile(server: IndexServer, tmp_path: Path) -> None:
    directory = tmp_path / "compiled"
    directory.mkdir()
    text = uv_pip_compile(
        "beta[fast]\nplat-dep\ncyc-a\n",
        server.index_url,
        "--universal",
        "--generate-hashes",
        "--emit-index-url",
    )
    (directory / "requirements.txt").write_text(text, encoding="utf-8")
    with client(server, tmp_path) as index:
        lock = resolve_artifacts(load_lock(directory), index)
    project = load_project(directory / "requirements.txt")
    result = plan(lock, project, dataclasses.replace(LINUX, python_versions=("3.12", "3.13")))
    assert result.errors == ()
    files = render_overlay(result, project)
    decisions = decide(result)
    out = write_files_to(files, tmp_path / "out")
    found = evaluate_targets(out, nix_targets(result), "d.env.versions")
    for target, env in found.items():
        assert env == expected_env(result, decisions, target)
    assert sorted(found[("x86_64-linux", "3.12")]) == [
        "alpha", "beta", "cyc-a", "cyc-b", "delta", "gamma", "linux-only", "plat-dep",
    ]  # fmt: skip
    assert "gamma" not in found[("x86_64-linux", "3.13")]
    assert "win-only" not in files.texts()["default.nix"]
