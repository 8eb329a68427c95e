"""The secrets test: a private index's credentials never reach a file pynix writes or its output.

``pynix lock`` (then ``generate`` and ``explain``) runs against the test index
with basic authentication, the credentials given three ways: in the index
URL, in a netrc file, and in uv's ``UV_INDEX_<NAME>_USERNAME``/``_PASSWORD``
variables. A run with a wrong password and a run that meets a corrupt file
add the error paths. Then every file pynix wrote -- the lock, the Nix files,
the whole cache directory (names and bytes) -- and everything printed on
stdout and stderr is searched for the password, ``user:password`` and its
base64 form (what the ``Authorization`` header carries).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from pynix.cli import main
from tests.support.commands import demo_project, seal
from tests.support.index_server import IndexServer
from tests.support.universe import Universe

pytestmark = pytest.mark.slow

USER = "deploy-bot"
PASSWORD = "Xq7-s3cret-pa55w0rd"  # noqa: S105 -- the secret the test looks for
PAIR = f"{USER}:{PASSWORD}"
SECRETS = (PASSWORD, PAIR, base64.b64encode(PAIR.encode()).decode())
NATIVE = "native_crc-1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
LINUX = ["--system", "x86_64-linux"]


@pytest.fixture
def private(universe: Universe) -> Iterator[IndexServer]:
    with IndexServer(
        universe.root, auth=(USER, PASSWORD), upload_times=universe.upload_times
    ) as server:
        yield server


def leaks(data: str | bytes) -> list[str]:
    """The secrets found in ``data``."""
    raw = data.encode() if isinstance(data, str) else data
    return [secret for secret in SECRETS if secret.encode() in raw]


def _index(server: IndexServer, source: str, monkeypatch: pytest.MonkeyPatch, home: Path) -> str:
    """The ``--index-url`` value for ``source``, with the environment that goes with it."""
    if source == "url":
        return f"{server.url_with_credentials()}/simple"
    if source == "netrc":
        netrc = home / "netrc"
        netrc.write_text(f"machine 127.0.0.1\n  login {USER}\n  password {PASSWORD}\n")
        netrc.chmod(0o600)
        monkeypatch.setenv("NETRC", str(netrc))
        return server.index_url
    monkeypatch.setenv("UV_INDEX_PRIVATE_USERNAME", USER)
    monkeypatch.setenv("UV_INDEX_PRIVATE_PASSWORD", PASSWORD)
    return f"private={server.index_url}"


@pytest.mark.parametrize("source", ["url", "netrc", "environment"])
def test_credentials_are_never_written_or_printed(
    source: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    private: IndexServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cache = seal(monkeypatch, tmp_path / "env")
    index = _index(private, source, monkeypatch, tmp_path)
    project = demo_project(tmp_path / "demo")
    printed: list[str] = []

    def run(*args: str) -> int:
        status = main(list(args))
        out, err = capsys.readouterr()
        printed.extend((out, err))
        return status

    assert run("lock", str(project), "--index-url", index, *LINUX) == 0
    assert run("generate", str(project), *LINUX, "--force") == 0
    assert run("explain", "native-crc", str(project), *LINUX) == 0
    # The credentials were needed, and sent: every request answered carried them (uv tries a
    # host without netrc credentials first, and sends them after the 401).
    assert private.requests
    assert all(r.authorization for r in private.requests if r.status != 401)
    assert {r.status for r in private.requests} <= {200, 206, 401}
    generated = (project / "python-packages.nix").read_text(encoding="utf-8")
    assert f'url = "{private.url}/files/{NATIVE}";' in generated  # plain fetchurl, no userinfo
    assert "pkgs.zlib" in generated  # the native wheel was read, with the credentials

    # Error paths: a file that is not what the lock says, after a fresh cache.
    other = demo_project(tmp_path / "other", ("native-crc",))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "env" / "xdg2"))
    private.inject("no_range", pattern=f"/files/{NATIVE}")
    private.inject("corrupt", pattern=f"/files/{NATIVE}")
    assert run("lock", str(other), "--index-url", index, *LINUX) == 2
    assert "hash mismatch" in printed[-1]
    private.clear_faults()

    # The search can find a secret: it finds the one the test handed over.
    assert leaks(private.url_with_credentials()) == [PASSWORD, PAIR]
    written = [
        path
        for root in (project, other, cache, tmp_path / "env" / "xdg2")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    ]
    assert {p.name for p in written} >= {"uv.lock", "flake.nix", "python-packages.nix"}
    assert any(p.suffix == ".json" for p in written)  # the facts
    for path in written:
        assert leaks(path.read_bytes()) == [], path
        assert leaks(str(path)) == [], path
    for text in printed:
        assert leaks(text) == [], text


def test_refused_credentials_are_not_repeated(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    private: IndexServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seal(monkeypatch, tmp_path / "env")
    project = demo_project(tmp_path / "demo")
    wrong = f"http://{USER}:not-{PASSWORD}@127.0.0.1:{private.port}/simple"
    assert main(["lock", str(project), "--index-url", wrong, *LINUX]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"pynix: error: {project / 'pyproject.toml'}: uv lock failed: No solution found when "
        "resolving dependencies: Because there are no versions of beta[fast] and your project "
        "depends on beta[fast], we can conclude that your project's requirements are "
        "unsatisfiable.\n"
        f"                hint: An index URL ({private.index_url}) could not be queried due to a "
        "lack of valid authentication credentials (401 Unauthorized)\n"
    )
    assert leaks(err) == []
    assert f"not-{PASSWORD}" not in err
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml"]
