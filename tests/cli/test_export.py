"""``pynix export``: any lock as pylock.toml, the same bytes every time, refusals in two lines."""

from __future__ import annotations

import socket
import tomllib
from pathlib import Path

import pytest
from packaging.pylock import Pylock

from pynix.cli import main
from pynix.locks import read_pylock
from pynix.locks.hashes import hex_to_sri
from tests.locks._support import FIXTURES
from tests.support.index_server import IndexServer
from tests.support.universe import Universe
from tests.support.uv import uv_pip_compile

# Locks whose files all have a URL or a path and a hash: exported without an index.
EXPORTABLE = [
    "uv-tree/uv.lock",
    "uv-fork/uv.lock",
    "uv-cycle/uv.lock",
    "poetry-1.1/poetry.lock",
    "pdm-old/pdm.lock",
    "pylock/pylock.toml",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["export", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("lock", EXPORTABLE)
def test_export_to_stdout_twice_the_same(lock: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, first, err = run(capsys, str(FIXTURES / lock))
    assert (status, err) == (0, "")
    assert run(capsys, str(FIXTURES / lock)) == (0, first, "")
    Pylock.from_dict(tomllib.loads(first))
    assert read_pylock(first).packages


def test_export_finds_the_lock_of_a_directory(capsys: pytest.CaptureFixture[str]) -> None:
    _status, by_file, _err = run(capsys, str(FIXTURES / "uv-cycle" / "uv.lock"))
    assert run(capsys, str(FIXTURES / "uv-cycle")) == (0, by_file, "")


def test_export_to_a_file_and_refuse_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = str(FIXTURES / "uv-tree" / "uv.lock")
    _status, expected, _err = run(capsys, lock)
    output = tmp_path / "pylock.toml"
    status, out, err = run(capsys, lock, "-o", str(output))
    assert (status, out) == (0, "")
    assert err == f"wrote {output} from {lock}\n"
    assert output.read_text() == expected
    output.write_text("mine\n")
    status, out, err = run(capsys, lock, "-o", str(output))
    assert (status, out) == (2, "")
    assert err == (
        f"pynix: error: refusing to overwrite an existing file: {output}\n"
        "                hint: pass --force to replace it\n"
    )
    assert output.read_text() == "mine\n"
    assert run(capsys, lock, "-o", str(output), "--force")[0] == 0
    assert output.read_text() == expected


# (id, arguments after "export", the expected stderr lines)
ERRORS = [
    (
        "unhashed-find-links-file",
        [str(FIXTURES / "uv-sources" / "uv.lock")],
        [
            (
                "pynix: error: internal-tools 2.0.1: internal_tools-2.0.1.tar.gz has no hash; "
                "pylock.toml needs one"
            )
        ],
    ),
    (
        "no-such-path",
        ["no/such/dir"],
        ["pynix: error: no/such/dir: no such file or directory"],
    ),
    (
        "unknown-format",
        ["--format", "poetry.lock"],
        [
            (
                "pynix: error: argument --format: invalid choice: 'poetry.lock' (choose from "
                "'pylock.toml')"
            ),
            "                hint: see 'pynix export --help'",
        ],
    ),
]


@pytest.mark.parametrize(("args", "lines"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_are_two_lines_and_exit_2(
    args: list[str], lines: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.toml"
    status, out, err = run(capsys, *args, "-o", str(output))
    assert (status, out) == (2, "")
    assert err.splitlines() == lines
    assert not output.exists()


def test_unhashed_requirements_are_refused_unless_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "requirements.txt").write_text("alpha==1.0\n")
    status, _out, err = run(capsys, str(tmp_path / "requirements.txt"))
    assert status == 2
    assert err.splitlines() == [
        f"pynix: error: {tmp_path / 'requirements.txt'}:1: 'alpha==1.0' has no --hash",
        (
            "                hint: pip-compile --generate-hashes or uv pip compile "
            "--generate-hashes write the hashes; --allow-unhashed accepts the file without them"
        ),
    ]


@pytest.mark.slow
def test_hashed_requirements_through_the_test_index(
    index_server: IndexServer,
    universe: Universe,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    text = uv_pip_compile(
        "plat-dep\nbeta\n",
        index_server.index_url,
        "--universal",
        "--generate-hashes",
        "--emit-index-url",
    )
    (tmp_path / "requirements.txt").write_text(text)
    status, first, err = run(capsys, str(tmp_path))
    assert (status, err) == (0, "")
    assert run(capsys, str(tmp_path))[1] == first
    document = tomllib.loads(first)
    Pylock.from_dict(document)
    lock = read_pylock(first)
    for package in lock.packages:
        assert package.version is not None
        release = universe.release(package.name, package.version)
        assert {(a.filename, a.hash) for a in package.artifacts} == {
            (a.filename, hex_to_sri(a.sha256)) for a in release.artifacts
        }
    markers = {p["name"]: p.get("marker") for p in document["packages"]}
    assert markers["win-only"] == 'sys_platform == "win32"'
    # The allowed but unhashed: files found, and pylock.toml refuses files without hashes.
    (tmp_path / "requirements.txt").write_text(
        f"--index-url {index_server.index_url}\nalpha==2.0\n"
    )
    status, out, err = run(capsys, str(tmp_path / "requirements.txt"), "--allow-unhashed")
    assert (status, out) == (2, "")
    assert err == "pynix: error: alpha 2.0: alpha-2.0.tar.gz has no hash; pylock.toml needs one\n"


@pytest.mark.slow
def test_an_unreachable_index_is_a_two_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (tmp_path / "requirements.txt").write_text(f"alpha==2.0 --hash=sha256:{'ab' * 32}\n")
    index = f"http://127.0.0.1:{port}/simple"
    status, out, err = run(capsys, str(tmp_path), "--index-url", index)
    assert (status, out) == (2, "")
    assert 1 <= len(err.splitlines()) <= 2
    assert err.startswith("pynix: error: ")
    assert f"127.0.0.1:{port}" in err
