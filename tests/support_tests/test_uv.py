"""The real uv against the test index: locks that match the catalogue, and no way out."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.support.artifacts import LEGACY, Distribution
from tests.support.fixtures import ProjectFactory
from tests.support.index_server import IndexServer
from tests.support.universe import ReleaseSpec, Universe, build_universe
from tests.support.uv import DEAD_PROXY, run_uv, uv_env, uv_lock, uv_pip_compile

pytestmark = pytest.mark.slow

# What `uv lock` picks for a project depending on ALL_DEPENDENCIES (the root "demo" aside).
ALL_DEPENDENCIES = [
    "alpha", "beta[fast]", "cli-tool", "cyc-a", "Friendly_Name", "legacy-lib", "native-crc",
    "plat-dep",
]  # fmt: skip
LOCKED_VERSIONS = {
    "alpha": "2.0",
    "beta": "1.0",
    "cli-tool": "1.0",
    "cyc-a": "1.0",
    "cyc-b": "1.0",
    "delta": "1.0",
    "friendly-name": "1.0",
    "gamma": "1.0",  # 2.0 requires Python >= 3.99
    "legacy-lib": "1.0",  # sdist only: uv read its PKG-INFO 2.2
    "linux-only": "1.0",
    "native-crc": "1.0",
    "plat-dep": "1.0",
    "win-only": "1.0",
}
# (package, its dependencies as uv.lock writes them)
LOCKED_DEPENDENCIES = [
    ("beta", [{"name": "alpha"}, {"name": "gamma", "marker": "python_full_version < '3.13'"}]),
    ("cli-tool", [{"name": "beta", "extra": ["fast"]}]),
    ("cyc-a", [{"name": "cyc-b"}]),
    ("cyc-b", [{"name": "cyc-a"}]),
    ("legacy-lib", [{"name": "alpha"}]),
    (
        "plat-dep",
        [
            {"name": "linux-only", "marker": "sys_platform == 'linux'"},
            {"name": "win-only", "marker": "sys_platform == 'win32'"},
        ],
    ),
]


def _packages(lock_text: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in tomllib.loads(lock_text)["package"]}


def _files(package: Mapping[str, Any]) -> list[dict[str, Any]]:
    return ([package["sdist"]] if "sdist" in package else []) + list(package.get("wheels", []))


def _assert_matches_catalogue(
    packages: Mapping[str, Mapping[str, Any]],
    universe: Universe,
    server: IndexServer,
    *,
    json: bool = True,
) -> None:
    """The lock's packages have the catalogue's versions and files; sizes and upload times
    only come through the JSON API, so an HTML-only index gives neither."""
    for name, version in LOCKED_VERSIONS.items():
        package = packages[name]
        assert package["version"] == version, name
        assert package["source"] == {"registry": server.index_url}, name
        release = universe.release(name, version)
        expected = []
        for artifact in release.artifacts:
            entry: dict[str, object] = {
                "url": f"{server.url}/files/{artifact.filename}",
                "hash": f"sha256:{artifact.sha256}",
            }
            if json:
                entry["size"] = artifact.size
                entry["upload-time"] = artifact.upload_time
            expected.append(entry)
        assert sorted(_files(package), key=str) == sorted(expected, key=str), name


def test_uv_locks_the_universe(
    index_server: IndexServer, universe: Universe, make_project: ProjectFactory
) -> None:
    project = make_project(ALL_DEPENDENCIES)
    packages = _packages(uv_lock(project, index_server.index_url))
    assert sorted(packages) == sorted([*LOCKED_VERSIONS, "demo"])
    assert packages["demo"]["source"] == {"virtual": "."}
    _assert_matches_catalogue(packages, universe, index_server)
    for name, dependencies in LOCKED_DEPENDENCIES:
        assert packages[name]["dependencies"] == dependencies, name
    assert packages["beta"]["optional-dependencies"] == {"fast": [{"name": "delta"}]}
    native = packages["native-crc"]
    assert [w["url"].rsplit("/", 1)[1] for w in native["wheels"]] == [
        "native_crc-1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    ]
    assert "sdist" not in native
    assert "wheels" not in packages["legacy-lib"]
    # Everything came from this server, and uv never asked for a build backend.
    log = index_server.requests
    assert {r.status for r in log} <= {200, 206}
    pages = {r.path for r in log if r.path.startswith("/simple/")}
    assert pages == {f"/simple/{name}/" for name in LOCKED_VERSIONS}


def test_uv_reads_wheel_metadata_by_range_without_pep658(
    index_server: IndexServer, universe: Universe, make_project: ProjectFactory
) -> None:
    packages = _packages(uv_lock(make_project(["delta"]), index_server.index_url))
    assert packages["delta"]["version"] == "1.0"
    wheel = universe.artifact("delta-1.0-py3-none-any.whl")
    reads = [r for r in index_server.requests if r.path == f"/files/{wheel.filename}"]
    assert reads[0].method == "HEAD"
    assert all(r.status == 206 and r.range is not None for r in reads[1:])
    assert 0 < sum(r.bytes_sent for r in reads) < wheel.size // 4


def test_uv_reads_sdist_pkg_info_without_building(
    index_server: IndexServer, make_project: ProjectFactory
) -> None:
    packages = _packages(uv_lock(make_project(["legacy-lib"]), index_server.index_url))
    assert packages["legacy-lib"]["version"] == "1.0"
    paths = [r.path for r in index_server.requests]
    assert "/files/legacy_lib-1.0.tar.gz" in paths
    assert "/simple/setuptools/" not in paths


def test_uv_needs_a_build_for_pkg_info_2_1(tmp_path: Path, make_project: ProjectFactory) -> None:
    """Why every sdist-only release of the universe declares metadata 2.2: uv builds older ones,
    and the offline index has no build backend to give it."""
    root = tmp_path / "index"
    root.mkdir()
    old = ReleaseSpec(
        dist=Distribution(name="old-style", version="1.0"),
        wheel=False,
        sdist=LEGACY,
        pkg_info="2.1",
        uploaded="2024-01-01T00:00:00Z",
    )
    build_universe(root, (old,))
    with IndexServer(root) as server:
        result = run_uv(
            ["lock", "--no-config", "--default-index", server.index_url],
            cwd=make_project(["old-style"]),
            check=False,
        )
        paths = [r.path for r in server.requests]
    assert result.returncode != 0
    assert "Failed to download and build `old-style==1.0`" in result.stderr
    assert paths == ["/simple/old-style/", "/files/old_style-1.0.tar.gz", "/simple/setuptools/"]


def test_uv_upgrade_package(index_server: IndexServer, make_project: ProjectFactory) -> None:
    project = make_project(["alpha", "legacy-lib"])
    index_server.hide("alpha-2.0*")
    assert _packages(uv_lock(project, index_server.index_url))["alpha"]["version"] == "1.0"
    index_server.show_all()  # alpha 2.0 is published
    assert _packages(uv_lock(project, index_server.index_url))["alpha"]["version"] == "1.0"
    upgraded = _packages(uv_lock(project, index_server.index_url, "--upgrade-package", "alpha"))
    assert upgraded["alpha"]["version"] == "2.0"


def test_uv_falls_back_to_html(
    index_server: IndexServer, universe: Universe, make_project: ProjectFactory
) -> None:
    index_server.inject("no_json")
    packages = _packages(uv_lock(make_project(ALL_DEPENDENCIES), index_server.index_url))
    _assert_matches_catalogue(packages, universe, index_server, json=False)


def test_uv_retries_server_errors(index_server: IndexServer, make_project: ProjectFactory) -> None:
    index_server.inject("error500", pattern="/simple/alpha/", times=2)
    packages = _packages(uv_lock(make_project(["alpha"]), index_server.index_url))
    assert packages["alpha"]["version"] == "2.0"
    statuses = [r.status for r in index_server.requests if r.path == "/simple/alpha/"]
    assert statuses.count(500) == 2
    assert statuses[-1] == 200


def test_uv_with_basic_auth_keeps_secrets_out_of_the_lock(
    universe: Universe, make_project: ProjectFactory
) -> None:
    with IndexServer(universe.root, auth=("alice", "s3cret")) as server:
        lock = uv_lock(make_project(["alpha"]), server.url_with_credentials() + "/simple")
        log = server.requests
    assert "s3cret" not in lock
    # uv sends the URL's credentials with the first request already (no 401 round trip).
    assert [(r.status, r.authorization) for r in log] == [(200, True)] * 2
    assert _packages(lock)["alpha"]["source"] == {"registry": server.index_url}


def test_uv_pip_compile_universal_with_hashes(
    index_server: IndexServer, universe: Universe
) -> None:
    text = uv_pip_compile(
        "cli-tool\nplat-dep\ncyc-a\nnative-crc\nlegacy-lib\nFriendly.Name\n",
        index_server.index_url,
        "--universal",
        "--generate-hashes",
        "--no-header",
        "--no-annotate",
    )
    pins: dict[str, tuple[str, str | None, set[str]]] = {}
    for block in re.split(r"\n(?=\S)", text.strip()):
        head, *lines = (line.strip(" \\") for line in block.splitlines())
        requirement, _, marker = head.partition(" ; ")
        name, version = requirement.split("==")
        pins[name] = (version, marker or None, {h.removeprefix("--hash=sha256:") for h in lines})
    assert {name: pin[0] for name, pin in pins.items()} == LOCKED_VERSIONS
    assert {name: pin[1] for name, pin in pins.items() if pin[1]} == {
        "gamma": "python_full_version < '3.13'",
        "linux-only": "sys_platform == 'linux'",
        "win-only": "sys_platform == 'win32'",
    }
    for name, (version, _marker, hashes) in pins.items():
        expected = {a.sha256 for a in universe.release(name, version).artifacts}
        assert hashes == expected, name


def test_uv_pip_compile_reads_a_requirements_file(
    index_server: IndexServer, tmp_path: Path
) -> None:
    requirements = tmp_path / "requirements.in"
    requirements.write_text("alpha<2\n")
    text = uv_pip_compile(requirements, index_server.index_url, "--no-header", "--no-annotate")
    assert text == "alpha==1.0\n"


def test_uv_cannot_reach_any_other_host(make_project: ProjectFactory) -> None:
    result = run_uv(
        ["lock", "--no-config", "--default-index", "https://index.example.invalid/simple"],
        cwd=make_project(["alpha"]),
        check=False,
        extra_env={"UV_HTTP_RETRIES": "0"},
    )
    assert result.returncode != 0
    # Refused by the dead proxy on 127.0.0.1 -- not a DNS failure, so nothing left the machine.
    assert "tunnel error" in result.stderr
    assert "Connection refused" in result.stderr


def test_uv_env_is_sealed(tmp_path: Path) -> None:
    env = uv_env(tmp_path, timeout=2)
    assert env["HTTPS_PROXY"] == env["HTTP_PROXY"] == env["ALL_PROXY"] == DEAD_PROXY
    assert env["UV_HTTP_TIMEOUT"] == "2"
    assert not {k for k in env if k.startswith(("PIP_", "UV_INDEX", "UV_EXTRA"))}
    assert env["UV_PYTHON_DOWNLOADS"] == "never"
    assert env["HOME"] == str(tmp_path / "home")


def test_uv_failure_fails_the_test_with_its_stderr(
    index_server: IndexServer, make_project: ProjectFactory
) -> None:
    with pytest.raises(pytest.fail.Exception) as caught:
        uv_lock(make_project(["no-such-project"]), index_server.index_url)
    message = str(caught.value)
    assert message.startswith("uv lock --no-config --default-index ")
    assert "no-such-project was not found in the package registry" in message
