"""``pynix lock`` end to end: the real uv, the real test index, the real cache; exact messages.

Every test seals the environment (:func:`tests.support.commands.seal`) and
runs the command in-process; the index server's request log shows what was
fetched, by uv and by pynix.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from pathlib import Path

import pytest
import uv

from pynix.cli import main
from pynix.index import Cache
from pynix.locks.hashes import hex_to_sri
from tests.render._overlay_nix import evaluate_targets
from tests.support.artifacts import Distribution, build_wheel
from tests.support.commands import demo_project, seal, snapshot
from tests.support.index_server import IndexServer
from tests.support.nix import nix_parse
from tests.support.universe import Universe

pytestmark = pytest.mark.slow

NATIVE = "native_crc-1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
LEGACY = "legacy_lib-1.0.tar.gz"
FILES = "default.nix, flake.nix, python-packages.nix, shell.nix"
LINUX = ("--system", "x86_64-linux")
LEGACY_WARNING = (
    "pynix: warning: legacy_lib-1.0.tar.gz: no pyproject.toml: assuming setuptools' legacy "
    "build, which requires setuptools>=40.8.0 (the project declares no build system; pip and "
    "Nix assume setuptools)\n"
)
ZLIB = """\
      url = "URL/files/NATIVE";
      hash = "HASH";
    };
    nativeBuildInputs = [ autoPatchelfHook ];
    buildInputs = [ pkgs.zlib ];
"""
LEGACY_NIX = (
    "  # legacy-lib 1.0: built from the sdist legacy_lib-1.0.tar.gz; "
    "no [build-system]: setuptools, the legacy default\n"
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """pynix's cache directory, in a sealed environment."""
    return seal(monkeypatch, tmp_path / "env")


def _timeless(text: str) -> str:
    """uv's ``Resolved 12 packages in 228ms`` without the time."""
    return re.sub(r" in \d+(\.\d+)?m?s\)", " in TIME)", text)


def _lock(
    path: Path, server: IndexServer, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    status = main(["lock", str(path), "--index-url", server.index_url, *args])
    out, err = capsys.readouterr()
    return status, _timeless(out), err


def _files(server: IndexServer) -> list[tuple[str, str, int]]:
    """The requests for files (artifacts and metadata), in order."""
    return [(r.method, r.path, r.status) for r in server.requests if r.path.startswith("/files/")]


def _versions(lock: Path) -> dict[str, str]:
    document = tomllib.loads(lock.read_text(encoding="utf-8"))
    key = "package" if lock.name == "uv.lock" else "packages"
    return {p["name"]: p["version"] for p in document[key]}


def _native_nix(server: IndexServer, universe: Universe) -> str:
    sha = universe.artifact(NATIVE).sha256
    return (
        ZLIB.replace("URL", server.url).replace("NATIVE", NATIVE).replace("HASH", hex_to_sri(sha))
    )


# -- a pyproject.toml project ----------------------------------------------------------------


@pytest.mark.nix
def test_a_project_is_locked_enriched_and_generated(
    tmp_path: Path,
    cache: Path,
    index_server: IndexServer,
    universe: Universe,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = demo_project(tmp_path / "demo")
    status, out, err = _lock(project, index_server, capsys, *LINUX)
    assert (status, err) == (0, LEGACY_WARNING)
    assert out == (
        f"locked {project / 'uv.lock'} (Resolved 12 packages in TIME)\n"
        "enriched 2 files: 2 read from the index, 0 from the cache\n"
        f"wrote {FILES} in {project}\n"
    )
    packages = (project / "python-packages.nix").read_text(encoding="utf-8")
    assert _native_nix(index_server, universe) in packages
    assert LEGACY_NIX in packages
    for name in ("default.nix", "flake.nix", "python-packages.nix", "shell.nix"):
        nix_parse(project / name)
    found = evaluate_targets(
        project,
        [("x86_64-linux", "3.12")],
        "{ inputs = map (p: p.name) locked.pkgs.native-crc.buildInputs;"
        " legacy = map (p: p.pname) locked.pkgs.legacy-lib.build-system; }",
    )
    assert found[("x86_64-linux", "3.12")] == {"inputs": ["zlib-1.3.1"], "legacy": ["setuptools"]}
    # pynix read two files (concurrently): the legacy sdist whole (a tar archive; uv read it
    # too, for its PKG-INFO), and the native wheel's tail by a range request (uv read only
    # its PEP 658 metadata file).
    mine = (f"/files/{LEGACY}", f"/files/{NATIVE}")
    reads = sorted(f for f in _files(index_server) if f[1] in mine)
    assert reads == [
        ("GET", f"/files/{LEGACY}", 200),
        ("GET", f"/files/{LEGACY}", 200),
        ("GET", f"/files/{NATIVE}", 206),
    ]
    # The facts are in the cache, by the artifacts' sha256.
    facts = sorted(p.relative_to(cache).parts[:2] for p in cache.rglob("*.json"))
    assert facts == [("facts", "sdist-build-files"), ("facts", "wheel-shared-objects")]


def test_a_second_lock_reads_nothing_and_writes_nothing(
    tmp_path: Path, cache: Path, index_server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project(tmp_path / "demo")
    assert _lock(project, index_server, capsys, *LINUX)[0] == 0
    before = snapshot(tmp_path)
    index_server.clear_log()
    status, out, err = _lock(project, index_server, capsys, *LINUX)
    assert (status, err) == (0, LEGACY_WARNING)
    assert out == (
        f"{project / 'uv.lock'} is up to date (Resolved 12 packages in TIME)\n"
        "enriched 2 files: 0 read from the index, 2 from the cache\n"
        f"the Nix files in {project} are up to date\n"
    )
    assert index_server.requests == []
    # Every file -- the lock, the Nix files, the whole cache -- the same bytes, untouched.
    assert snapshot(tmp_path) == before


def test_generate_after_lock_uses_the_cached_facts_offline(
    tmp_path: Path,
    cache: Path,
    index_server: IndexServer,
    universe: Universe,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = demo_project(tmp_path / "demo")
    assert _lock(project, index_server, capsys, *LINUX)[0] == 0
    written = (project / "python-packages.nix").read_bytes()
    index_server.clear_log()
    assert main(["generate", str(project), *LINUX, "--force"]) == 0
    assert capsys.readouterr() == (f"wrote {FILES} in {project}\n", LEGACY_WARNING)
    assert index_server.requests == []
    assert (project / "python-packages.nix").read_bytes() == written
    # Without the cache: the lock alone, and the renderer says what it does not know.
    assert main(["generate", str(project), *LINUX, "--force", "--no-cache"]) == 0
    _out, err = capsys.readouterr()
    assert "pkgs.zlib" not in (project / "python-packages.nix").read_text(encoding="utf-8")
    assert err == (
        "pynix: warning: the build system of 1 package built from source is not known: "
        "setuptools assumed (legacy-lib 1.0) (enrich the lock (pynix lock) to read it from "
        "the sdists)\n"
        "pynix: warning: 1 package with Linux binary wheels whose shared libraries are not "
        "known (native-crc 1.0): autoPatchelfHook may miss some (enrich the lock (pynix lock) "
        "to read them from the wheels)\n"
    )
    assert index_server.requests == []


def test_upgrade_package_moves_one_pin(
    tmp_path: Path, cache: Path, index_server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project(tmp_path / "demo")
    index_server.hide("alpha-2.0*")
    assert _lock(project, index_server, capsys, *LINUX)[0] == 0
    before = _versions(project / "uv.lock")
    assert before["alpha"] == "1.0"
    index_server.show_all()
    status, out, _err = _lock(project, index_server, capsys, *LINUX)
    assert status == 0
    assert out.startswith(f"{project / 'uv.lock'} is up to date")
    status, out, _err = _lock(project, index_server, capsys, *LINUX, "--upgrade-package", "alpha")
    assert status == 0
    assert out == (
        f"locked {project / 'uv.lock'} (Resolved 12 packages in TIME)\n"
        "  Updated alpha v1.0 -> v2.0\n"
        "enriched 2 files: 0 read from the index, 2 from the cache\n"
        f"wrote python-packages.nix in {project}\n"
    )
    after = _versions(project / "uv.lock")
    assert after == {**before, "alpha": "2.0"}
    assert 'version = "2.0"' in (project / "python-packages.nix").read_text(encoding="utf-8")


# -- compiled locks: requirements and scripts -------------------------------------------------


def test_a_requirements_file_is_compiled_to_pylock(
    tmp_path: Path,
    cache: Path,
    index_server: IndexServer,
    universe: Universe,
    capsys: pytest.CaptureFixture[str],
) -> None:
    directory = tmp_path / "reqs"
    directory.mkdir()
    (directory / "requirements.in").write_text("alpha\nnative-crc\nlegacy-lib\n")
    status, out, err = _lock(directory / "requirements.in", index_server, capsys, *LINUX)
    assert (status, err) == (0, LEGACY_WARNING)
    assert out == (
        f"locked {directory / 'pylock.toml'} (Resolved 3 packages in TIME)\n"
        "enriched 2 files: 2 read from the index, 0 from the cache\n"
        f"wrote {FILES} in {directory}\n"
    )
    assert _versions(directory / "pylock.toml") == {
        "alpha": "2.0",
        "legacy-lib": "1.0",
        "native-crc": "1.0",
    }
    packages = (directory / "python-packages.nix").read_text(encoding="utf-8")
    assert packages.startswith("# Generated by `pynix generate` from pylock.toml.\n")
    assert _native_nix(index_server, universe) in packages


SCRIPT = """\
# /// script
# requires-python = ">=3.12"
# dependencies = ["native-crc", "beta"]
# ///
import native_crc
"""


def test_a_script_is_compiled_to_its_own_pylock(
    tmp_path: Path,
    cache: Path,
    index_server: IndexServer,
    universe: Universe,
    capsys: pytest.CaptureFixture[str],
) -> None:
    directory = tmp_path / "tools"
    directory.mkdir()
    (directory / "crc.py").write_text(SCRIPT)
    status, out, err = _lock(directory / "crc.py", index_server, capsys, *LINUX)
    assert (status, err) == (0, "")
    assert out == (
        f"locked {directory / 'pylock.crc.toml'} (Resolved 4 packages in TIME)\n"
        "enriched 1 file: 1 read from the index, 0 from the cache\n"
        f"wrote {FILES} in {directory}\n"
    )
    assert _versions(directory / "pylock.crc.toml") == {
        "alpha": "2.0",
        "beta": "1.0",
        "gamma": "1.0",
        "native-crc": "1.0",
    }
    packages = (directory / "python-packages.nix").read_text(encoding="utf-8")
    assert _native_nix(index_server, universe) in packages


# -- faults: retried, or stopped with the lock as it was --------------------------------------


def test_a_server_error_is_retried(
    tmp_path: Path, cache: Path, index_server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project(tmp_path / "demo")
    index_server.inject("error500", pattern=f"/files/{NATIVE}", times=2)
    status, _out, err = _lock(project, index_server, capsys, *LINUX)
    assert (status, err) == (0, LEGACY_WARNING)
    assert [s for _m, p, s in _files(index_server) if p == f"/files/{NATIVE}"] == [500, 500, 206]
    assert "pkgs.zlib" in (project / "python-packages.nix").read_text(encoding="utf-8")


def test_an_index_without_range_support_sends_the_whole_wheel(
    tmp_path: Path, cache: Path, index_server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project(tmp_path / "demo")
    index_server.inject("no_range", pattern=f"/files/{NATIVE}")
    status, _out, err = _lock(project, index_server, capsys, *LINUX)
    assert (status, err) == (0, LEGACY_WARNING)
    assert [(m, s) for m, p, s in _files(index_server) if p == f"/files/{NATIVE}"] == [("GET", 200)]
    # The whole file came, so it was verified and kept.
    assert len(list((cache / "artifacts").rglob("*"))) > 0
    assert "pkgs.zlib" in (project / "python-packages.nix").read_text(encoding="utf-8")


def test_a_corrupt_artifact_is_a_hash_mismatch_and_nothing_is_written(
    tmp_path: Path,
    cache: Path,
    index_server: IndexServer,
    universe: Universe,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = demo_project(tmp_path / "demo")
    index_server.inject("no_range", pattern=f"/files/{NATIVE}")
    index_server.inject("corrupt", pattern=f"/files/{NATIVE}")
    status, out, err = _lock(project, index_server, capsys, *LINUX)
    sha256 = universe.artifact(NATIVE).sha256
    expected = hex_to_sri(sha256)
    served = bytes(b ^ 0xFF for b in universe.artifact(NATIVE).path.read_bytes())
    actual = hex_to_sri(hashlib.sha256(served).hexdigest())
    assert (status, out) == (2, "")
    assert err == (
        f"pynix: error: {NATIVE}: hash mismatch: expected {expected}, got {actual}\n"
        f"                hint: downloaded from {index_server.url}/files/{NATIVE}\n"
    )
    # The lock uv wrote is gone again, as there was none; no Nix file; the download not kept.
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml"]
    assert not Cache(cache).artifact_path(sha256).exists()
    assert [p.name for p in cache.rglob("*") if p.is_file() and "artifacts" in p.parts] == [
        Cache(cache).artifact_path(universe.artifact(LEGACY).sha256).name
    ]


def test_a_failure_puts_the_previous_lock_back(
    tmp_path: Path, cache: Path, index_server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project(tmp_path / "demo", ("alpha", "native-crc"))
    index_server.hide("alpha-2.0*")
    assert _lock(project, index_server, capsys, *LINUX)[0] == 0
    index_server.show_all()
    # The upgrade succeeds in uv; then the Nix files cannot be written.
    (project / "flake.nix").write_text("{ my own flake }\n")
    before = snapshot(project)
    status, out, err = _lock(project, index_server, capsys, *LINUX, "--upgrade-package", "alpha")
    assert (status, out) == (2, "")
    assert err == (
        "pynix: error: refusing to overwrite a file pynix did not generate: "
        f"{project / 'flake.nix'}\n"
        "                hint: pass --force to replace it, or --out to write elsewhere\n"
    )
    assert {k: v[0] for k, v in snapshot(project).items()} == {k: v[0] for k, v in before.items()}
    assert _versions(project / "uv.lock")["alpha"] == "1.0"


def test_an_unreachable_index(
    tmp_path: Path, cache: Path, closed_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project(tmp_path / "demo")
    index = f"http://127.0.0.1:{closed_port}/simple"
    assert main(["lock", str(project), "--index-url", index]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"pynix: error: {project / 'pyproject.toml'}: uv lock failed: Failed to fetch: "
        f"{index}/beta/: error sending request for url ({index}/beta/): Connection refused "
        "(os error 111)\n"
    )
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml"]


def test_uv_missing(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing() -> str:
        raise FileNotFoundError("uv")

    monkeypatch.setattr(uv, "find_uv_bin", missing)
    project = demo_project(tmp_path / "demo")
    assert main(["lock", str(project)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "pynix: error: cannot find the uv program\n"
        "                hint: install it with `pip install uv` (pynix runs uv to resolve "
        "dependencies)\n"
    )


# -- the plan ---------------------------------------------------------------------------------


def test_an_error_of_the_plan_puts_the_lock_back(
    tmp_path: Path, cache: Path, index_server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project(tmp_path / "demo", ("native-crc",))
    status, out, err = _lock(project, index_server, capsys, "--system", "aarch64-linux")
    assert (status, out) == (2, "")
    assert err == (
        f"pynix: error: {project / 'uv.lock'}: package[1]: native-crc 1.0: no compatible wheel "
        "and no sdist [aarch64-linux] (its wheels are for manylinux2014_x86_64, "
        "manylinux_2_17_x86_64)\n"
        "pynix: 1 error in the plan: uv.lock left as it was, no Nix file written\n"
    )
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml"]


def test_no_generate_keeps_the_lock_and_reports_the_plan(
    tmp_path: Path, cache: Path, index_server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project(tmp_path / "demo", ("native-crc", "legacy-lib"))
    status, out, err = _lock(
        project, index_server, capsys, "--no-generate", "--system", "aarch64-linux"
    )
    assert status == 1
    assert out == (
        f"locked {project / 'uv.lock'} (Resolved 4 packages in TIME)\n"
        "enriched 1 file: 1 read from the index, 0 from the cache\n"
    )
    assert err.endswith("pynix: 1 error in the plan: pynix generate will stop on them\n")
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml", "uv.lock"]


def test_a_corrupt_sdist_is_caught_too(
    tmp_path: Path,
    cache: Path,
    index_server: IndexServer,
    universe: Universe,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A small zip sdist comes whole with the first range request, and is verified.
    project = demo_project(tmp_path / "demo", ("delta",))
    index_server.inject("corrupt", pattern="/files/delta-1.0.zip")
    status, out, err = _lock(project, index_server, capsys, *LINUX, "--prefer", "delta=sdist")
    served = bytes(b ^ 0xFF for b in universe.artifact("delta-1.0.zip").path.read_bytes())
    assert (status, out) == (2, "")
    assert err == (
        "pynix: error: delta-1.0.zip: hash mismatch: expected "
        f"{hex_to_sri(universe.artifact('delta-1.0.zip').sha256)}, got "
        f"{hex_to_sri(hashlib.sha256(served).hexdigest())}\n"
        f"                hint: downloaded from {index_server.url}/files/delta-1.0.zip\n"
    )
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml"]


# -- options passed to uv ---------------------------------------------------------------------

SETUP_CFG = """\
[metadata]
name = cfgdemo
version = 1.0

[options]
python_requires = >=3.11
install_requires =
    plat-dep
    findme
"""


def test_options_reach_uv(
    tmp_path: Path, cache: Path, index_server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "cfg"
    directory.mkdir()
    (directory / "setup.cfg").write_text(SETUP_CFG)
    (directory / "wheels").mkdir()
    build_wheel(Distribution(name="findme", version="1.0"), directory / "wheels")
    status, out, err = _lock(
        directory,
        index_server,
        capsys,
        *LINUX,
        "--python-version", "3.12",
        "--platform", "x86_64-linux",
        "--find-links", str(directory / "wheels"),
        "--python", sys.executable,
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert out.startswith(f"locked {directory / 'pylock.toml'} (Resolved 3 packages in TIME)\n")
    # One platform: plat-dep's Linux dependency only; findme from the directory of wheels.
    assert _versions(directory / "pylock.toml") == {
        "findme": "1.0",
        "linux-only": "1.0",
        "plat-dep": "1.0",
    }
    packages = (directory / "python-packages.nix").read_text(encoding="utf-8")
    assert "  # findme 1.0: the wheel findme-1.0-py3-none-any.whl\n" in packages


def test_upgrade_lets_every_pin_move(
    tmp_path: Path, cache: Path, index_server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project(tmp_path / "demo", ("alpha", "beta"))
    index_server.hide("alpha-2.0*")
    assert _lock(project, index_server, capsys, *LINUX)[0] == 0
    index_server.show_all()
    status, out, err = _lock(project, index_server, capsys, *LINUX, "--upgrade")
    assert (status, err) == (0, "")
    assert out == (
        f"locked {project / 'uv.lock'} (Resolved 4 packages in TIME)\n"
        "  Updated alpha v1.0 -> v2.0\n"
        "nothing to enrich: no sdist is built and no binary wheel installed\n"
        f"wrote python-packages.nix in {project}\n"
    )
    assert _versions(project / "uv.lock")["alpha"] == "2.0"


OPTION_ERRORS = [
    (
        ["--python-version", "3.12"],
        (
            "pynix: error: {project}/pyproject.toml: uv lock takes the Python versions from the "
            "project, not from --python-version\n"
            "                hint: set requires-python in pyproject.toml\n"
        ),
    ),
    (
        ["--python", "/usr/bin/python3", "--python", "/opt/python3"],
        (
            "pynix: error: --python: several interpreters for uv given (/usr/bin/python3, "
            "/opt/python3)\n"
            "                hint: give uv one interpreter\n"
        ),
    ),
    (
        ["--upgrade-package", "alpha[fast]"],
        (
            "pynix: error: --upgrade-package[0]: an upgrade is a package name, optionally with "
            "a version range: alpha[fast]\n"
        ),
    ),
]


@pytest.mark.parametrize(
    ("options", "message"), OPTION_ERRORS, ids=["python-version", "interpreters", "upgrade"]
)
def test_option_errors(
    options: list[str],
    message: str,
    tmp_path: Path,
    cache: Path,
    *,
    index_server: IndexServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = demo_project(tmp_path / "demo", ("alpha",))
    status, out, err = _lock(project, index_server, capsys, *options)
    assert (status, out) == (2, "")
    assert err == message.format(project=project)
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml"]
