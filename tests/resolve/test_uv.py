"""The uv driver with the real uv against the test index: locks made, kept, upgraded, refused."""

from __future__ import annotations

import dataclasses
import re
import sys
import tomllib
from pathlib import Path

import pytest
import uv

from pynix.errors import CommandFailed, InvalidArgument, ToolMissing, Unsupported
from pynix.load import load_project
from pynix.locks import read_lock
from pynix.model import Index, LockSet
from pynix.resolve import (
    LockOptions,
    LockResult,
    compile_requirements,
    lock_project,
)
from tests.resolve.conftest import OptionsFactory, sealed_env
from tests.support.fixtures import ProjectFactory, write_project
from tests.support.index_server import IndexServer
from tests.support.universe import Universe

pytestmark = pytest.mark.slow

SUMMARY = r"Resolved \d+ packages? in \d+(\.\d+)?m?s"

SCRIPT = """\
# /// script
# requires-python = ">=3.12"
# dependencies = ["beta", "plat-dep"]
# ///
import beta
"""

SETUP_CFG = """\
[metadata]
name = cfgdemo
version = 1.0

[options]
python_requires = >=3.10
install_requires =
    alpha
    plat-dep
"""


def _versions(lock: LockSet) -> dict[str, str | None]:
    return {package.name: package.version for package in lock.packages}


def _read(path: Path) -> LockSet:
    return read_lock(path.read_text(encoding="utf-8"), filename=path.name)


def _packages(path: Path) -> dict[str, dict[str, object]]:
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    key = "package" if path.name == "uv.lock" else "packages"
    return {package["name"]: package for package in document[key]}


def _assert_summary(result: LockResult) -> None:
    assert re.fullmatch(SUMMARY, result.summary), result.summary


# -- uv lock -------------------------------------------------------------------------------------


def test_lock_project_writes_uv_lock(
    make_project: ProjectFactory, options: LockOptions, index_server: IndexServer
) -> None:
    project = make_project(["alpha", "beta", "plat-dep"])
    result = lock_project(project, options)
    assert result.path == project / "uv.lock"
    assert result.changed
    _assert_summary(result)
    assert result.updates == ()
    assert result.warnings == ()
    lock = _read(result.path)
    assert _versions(lock) == {
        "alpha": "2.0",
        "beta": "1.0",
        "demo": "0.1.0",
        "gamma": "1.0",
        "linux-only": "1.0",
        "plat-dep": "1.0",
        "win-only": "1.0",
    }
    # Only the test index was asked, and it answered everything.
    assert index_server.requests
    assert {r.status for r in index_server.requests} <= {200, 206}


def test_lock_project_twice_is_byte_identical(
    make_project: ProjectFactory, make_options: OptionsFactory, tmp_path: Path
) -> None:
    first = make_project(["beta[fast]", "plat-dep", "cyc-a"])
    result = lock_project(first, make_options())
    text = result.path.read_bytes()
    again = lock_project(first, make_options())
    assert again.path.read_bytes() == text
    assert not again.changed
    # Another directory, another cache: the same bytes.
    second = make_project(["beta[fast]", "plat-dep", "cyc-a"])
    fresh = make_options(env=sealed_env(tmp_path / "other-uv"))
    assert lock_project(second, fresh).path.read_bytes() == text


def test_lock_project_accepts_the_pyproject_file(
    make_project: ProjectFactory, options: LockOptions
) -> None:
    project = make_project(["alpha"])
    assert lock_project(project / "pyproject.toml", options).path == project / "uv.lock"


def test_upgrade_package_moves_one_pin(
    make_project: ProjectFactory, options: LockOptions, index_server: IndexServer
) -> None:
    project = make_project(["alpha", "beta", "plat-dep"])
    index_server.hide("alpha-2.0*")
    first = lock_project(project, options)
    before = _packages(first.path)
    assert before["alpha"]["version"] == "1.0"
    assert first.previous is None
    first_bytes = first.path.read_bytes()

    index_server.show_all()
    kept = lock_project(project, options)
    assert not kept.changed
    assert _packages(kept.path)["alpha"]["version"] == "1.0"

    upgraded = lock_project(project, dataclasses.replace(options, upgrade_packages=("alpha",)))
    assert upgraded.changed
    assert upgraded.previous == first_bytes  # what a failing later step puts back
    assert upgraded.updates == ("Updated alpha v1.0 -> v2.0",)
    after = _packages(upgraded.path)
    assert after["alpha"]["version"] == "2.0"
    assert {k: v for k, v in after.items() if k != "alpha"} == {
        k: v for k, v in before.items() if k != "alpha"
    }


def test_lock_project_reports_added_and_removed_packages(
    make_project: ProjectFactory, options: LockOptions
) -> None:
    project = make_project(["beta"])
    lock_project(project, options)
    write_project(project, ["plat-dep"])
    result = lock_project(project, options)
    assert result.updates == (
        "Removed alpha v2.0",
        "Removed beta v1.0",
        "Removed gamma v1.0",
        "Added linux-only v1.0",
        "Added plat-dep v1.0",
        "Added win-only v1.0",
    )


def test_lock_project_returns_uv_warnings(tmp_path: Path, options: LockOptions) -> None:
    project = tmp_path / "groups-only"
    project.mkdir()
    (project / "pyproject.toml").write_text('[dependency-groups]\ndev = ["alpha"]\n')
    result = lock_project(project, options)
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert result.warnings == (
        f"No `requires-python` value found in the workspace. Defaulting to `>={running}`.",
    )


def test_workspace_member_locks_the_workspace_root(tmp_path: Path, options: LockOptions) -> None:
    root = write_project(tmp_path / "ws", ["alpha"], name="root")
    with (root / "pyproject.toml").open("a") as handle:
        handle.write('\n[tool.uv.workspace]\nmembers = ["packages/*"]\n')
    member = write_project(root / "packages" / "member", ["beta"], name="member")
    result = lock_project(member, options)
    assert result.path.resolve() == (root / "uv.lock").resolve()
    assert not (member / "uv.lock").exists()
    assert {"root", "member", "alpha", "beta"} <= set(_packages(result.path))


def test_excluded_member_locks_by_itself(tmp_path: Path, options: LockOptions) -> None:
    root = write_project(tmp_path / "ws", ["alpha"], name="root")
    with (root / "pyproject.toml").open("a") as handle:
        handle.write(
            '\n[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/solo"]\n'
        )
    solo = write_project(root / "packages" / "solo", ["beta"], name="solo")
    result = lock_project(solo, options)
    assert result.path == solo / "uv.lock"
    assert not (root / "uv.lock").exists()
    assert "root" not in _packages(result.path)


# -- uv pip compile ------------------------------------------------------------------------------


def test_compile_requirements_file(tmp_path: Path, options: LockOptions) -> None:
    source = tmp_path / "requirements.in"
    source.write_text("alpha\nplat-dep\n")
    result = compile_requirements(load_project(source), source, options)
    assert result.path == tmp_path / "pylock.toml"
    assert result.changed
    _assert_summary(result)
    lock = _read(result.path)
    assert _versions(lock) == {
        "alpha": "2.0",
        "linux-only": "1.0",
        "plat-dep": "1.0",
        "win-only": "1.0",
    }
    markers = {str(p.name): str(p.marker) if p.marker else None for p in lock.packages}
    assert markers["linux-only"] == 'sys_platform == "linux"'
    assert markers["win-only"] == 'sys_platform == "win32"'
    # Hashes and URLs for every file.
    for package in lock.packages:
        for artifact in package.artifacts:
            assert artifact.url is not None
            assert artifact.hash is not None
            assert artifact.hash.startswith("sha256")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pylock.toml", "requirements.in", "uv"]


def test_compile_reads_the_requirements_file_itself(
    tmp_path: Path, make_options: OptionsFactory, index_server: IndexServer
) -> None:
    """Includes and the file's own --index-url reach uv: no index is given here."""
    (tmp_path / "base.txt").write_text("alpha<2\n")
    source = tmp_path / "requirements.txt"
    source.write_text(f"--index-url {index_server.index_url}\n-r base.txt\ncyc-a\n")
    result = compile_requirements(load_project(source), source, make_options(indexes=()))
    assert _versions(_read(result.path)) == {"alpha": "1.0", "cyc-a": "1.0", "cyc-b": "1.0"}


def test_compile_is_byte_identical_and_unchanged_twice(
    tmp_path: Path, options: LockOptions
) -> None:
    source = tmp_path / "requirements.txt"
    source.write_text("beta[fast]\ncyc-a\n")
    project = load_project(source)
    first = compile_requirements(project, source, options)
    text = first.path.read_bytes()
    again = compile_requirements(project, source, options)
    assert (again.changed, again.path.read_bytes()) == (False, text)


def test_compile_keeps_pins_and_upgrades_one(
    tmp_path: Path, options: LockOptions, index_server: IndexServer
) -> None:
    source = tmp_path / "requirements.in"
    source.write_text("alpha\nbeta\n")
    project = load_project(source)
    index_server.hide("alpha-2.0*")
    before = _packages(compile_requirements(project, source, options).path)
    index_server.show_all()
    kept = compile_requirements(project, source, options)
    assert not kept.changed
    upgrade = dataclasses.replace(options, upgrade_packages=("alpha",))
    after = _packages(compile_requirements(project, source, upgrade).path)
    assert (before["alpha"]["version"], after["alpha"]["version"]) == ("1.0", "2.0")
    assert after["gamma"] == before["gamma"]


def test_compile_setup_cfg(tmp_path: Path, options: LockOptions) -> None:
    source = tmp_path / "setup.cfg"
    source.write_text(SETUP_CFG)
    result = compile_requirements(load_project(source), source, options)
    assert result.path == tmp_path / "pylock.toml"
    lock = _read(result.path)
    assert str(lock.requires_python) == ">=3.10"
    assert set(_versions(lock)) == {"alpha", "linux-only", "plat-dep", "win-only"}


def test_compile_script(tmp_path: Path, options: LockOptions) -> None:
    source = tmp_path / "tool.py"
    source.write_text(SCRIPT)
    result = compile_requirements(load_project(source), source, options)
    assert result.path == tmp_path / "pylock.tool.toml"
    lock = _read(result.path)
    assert str(lock.requires_python) == ">=3.12"
    assert set(_versions(lock)) == {"alpha", "beta", "gamma", "linux-only", "plat-dep", "win-only"}
    gamma = next(p for p in lock.packages if p.name == "gamma")
    assert str(gamma.marker) == 'python_full_version < "3.13"'


def test_compile_python_version_option_wins(tmp_path: Path, make_options: OptionsFactory) -> None:
    source = tmp_path / "tool.py"
    source.write_text(SCRIPT)
    result = compile_requirements(load_project(source), source, make_options(python_version="3.13"))
    lock = _read(result.path)
    assert str(lock.requires_python) == ">=3.13"
    assert "gamma" not in _versions(lock)  # beta needs it below 3.13 only


def test_compile_for_one_platform(tmp_path: Path, make_options: OptionsFactory) -> None:
    source = tmp_path / "requirements.in"
    source.write_text("plat-dep\nnative-crc\n")
    options = make_options(platforms=("x86_64-linux",), python_version="3.12")
    lock = _read(compile_requirements(load_project(source), source, options).path)
    assert set(_versions(lock)) == {"linux-only", "native-crc", "plat-dep"}


def test_compile_to_a_chosen_output(tmp_path: Path, options: LockOptions) -> None:
    source = tmp_path / "requirements.in"
    source.write_text("alpha\n")
    output = tmp_path / "locks" / "pylock.prod.toml"
    result = compile_requirements(load_project(source), source, options, output=output)
    assert result.path == output
    assert _versions(_read(output)) == {"alpha": "2.0"}


# -- failures ------------------------------------------------------------------------------------


def test_unsatisfiable_project_keeps_the_old_lock(
    make_project: ProjectFactory, options: LockOptions
) -> None:
    project = make_project(["alpha"])
    lock = lock_project(project, options).path
    old = lock.read_bytes()
    write_project(project, ["alpha>=5"])
    with pytest.raises(CommandFailed) as caught:
        lock_project(project, options)
    assert str(caught.value) == (
        f"{project / 'pyproject.toml'}: uv lock failed: No solution found when resolving "
        "dependencies: Because only alpha<=2.0 is available and your project depends on "
        "alpha>=5, we can conclude that your project's requirements are unsatisfiable."
    )
    assert lock.read_bytes() == old


def test_unsatisfiable_requirements_write_nothing(tmp_path: Path, options: LockOptions) -> None:
    source = tmp_path / "requirements.in"
    source.write_text("alpha>=5\n")
    with pytest.raises(CommandFailed) as caught:
        compile_requirements(load_project(source), source, options)
    assert str(caught.value) == (
        f"{source}: uv pip compile failed: No solution found when resolving dependencies: "
        "Because only alpha<=2.0 is available and you require alpha>=5, we can conclude that "
        "your requirements are unsatisfiable."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["requirements.in", "uv"]


def test_failed_compile_keeps_the_old_pylock(tmp_path: Path, options: LockOptions) -> None:
    source = tmp_path / "requirements.in"
    source.write_text("alpha\n")
    output = compile_requirements(load_project(source), source, options).path
    old = output.read_bytes()
    source.write_text("alpha>=5\n")
    with pytest.raises(CommandFailed):
        compile_requirements(load_project(source), source, options)
    assert output.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pylock.toml", "requirements.in", "uv"]


def test_failed_compile_leaves_no_new_directory(tmp_path: Path, options: LockOptions) -> None:
    source = tmp_path / "requirements.in"
    source.write_text("alpha>=5\n")
    output = tmp_path / "locks" / "prod" / "pylock.toml"
    with pytest.raises(CommandFailed):
        compile_requirements(load_project(source), source, options, output=output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["requirements.in", "uv"]


def test_unreachable_index(
    make_project: ProjectFactory, make_options: OptionsFactory, closed_port: int
) -> None:
    project = make_project(["alpha"])
    with pytest.raises(CommandFailed) as caught:
        lock_project(project, make_options(f"http://127.0.0.1:{closed_port}/simple"))
    assert str(caught.value) == (
        f"{project / 'pyproject.toml'}: uv lock failed: Failed to fetch: "
        f"http://127.0.0.1:{closed_port}/simple/alpha/: error sending request for url "
        f"(http://127.0.0.1:{closed_port}/simple/alpha/): Connection refused (os error 111)"
    )
    assert not (project / "uv.lock").exists()


def test_other_hosts_are_never_reached(tmp_path: Path, make_options: OptionsFactory) -> None:
    """The sealed environment sends every non-loopback request to a closed port."""
    source = tmp_path / "requirements.in"
    source.write_text("alpha\n")
    with pytest.raises(CommandFailed) as caught:
        compile_requirements(
            load_project(source), source, make_options("http://pypi.example.com/simple")
        )
    message = str(caught.value)
    assert message.startswith(
        f"{source}: uv pip compile failed: Failed to fetch: http://pypi.example.com/simple/alpha/"
    )
    assert message.endswith("Connection refused (os error 111)")


def test_private_index_credentials_stay_out_of_locks(
    universe: Universe, make_project: ProjectFactory, make_options: OptionsFactory, tmp_path: Path
) -> None:
    secret = "pr1vate-passw0rd"  # noqa: S105 -- the secret that must not leak
    with IndexServer(universe.root, auth=("deploy", secret)) as server:
        options = make_options(server.url_with_credentials() + "/simple")
        locked = lock_project(make_project(["alpha", "beta"]), options)
        source = tmp_path / "requirements.in"
        source.write_text("alpha\nbeta\n")
        compiled = compile_requirements(load_project(source), source, options)
        assert all(r.authorization for r in server.requests)
    for result in (locked, compiled):
        assert secret not in result.path.read_text(encoding="utf-8")
        assert secret not in repr(result)
        assert _versions(_read(result.path))["alpha"] == "2.0"
    assert secret not in repr(options)


def test_credentials_never_in_the_error(
    universe: Universe, make_project: ProjectFactory, make_options: OptionsFactory, tmp_path: Path
) -> None:
    secret = "s3cr3t-t0ken"  # noqa: S105 -- the secret that must not leak
    with IndexServer(universe.root, auth=("deploy", "right-password")) as server:
        wrong = f"http://deploy:{secret}@127.0.0.1:{server.port}/simple"
        project = make_project(["alpha"])
        with pytest.raises(CommandFailed) as caught:
            lock_project(project, make_options(wrong))
        assert server.requests
        assert all(r.status == 401 for r in server.requests)
    error = caught.value
    assert secret not in str(error)
    assert error.message == (
        "uv lock failed: No solution found when resolving dependencies: Because alpha was not "
        "found in the package registry and your project depends on alpha, we can conclude that "
        "your project's requirements are unsatisfiable."
    )
    assert error.hint == (
        f"An index URL (http://127.0.0.1:{server.port}/simple) could not be queried due to a "
        "lack of valid authentication credentials (401 Unauthorized)"
    )


def test_credentials_of_a_closed_index_never_in_the_error(
    tmp_path: Path, make_options: OptionsFactory, closed_port: int
) -> None:
    source = tmp_path / "requirements.in"
    source.write_text("alpha\n")
    env = {**sealed_env(tmp_path / "uv"), "UV_INDEX_PRIVATE_PASSWORD": "env-secret"}
    options = make_options(
        indexes=(
            Index(url=f"http://__token__:url-secret@127.0.0.1:{closed_port}/simple", default=True),
            Index(url=f"http://127.0.0.1:{closed_port}/private", name="private"),
        ),
        env=env,
    )
    with pytest.raises(CommandFailed) as caught:
        compile_requirements(load_project(source), source, options)
    text = f"{caught.value}\n{caught.value.hint}"
    assert "url-secret" not in text
    assert "env-secret" not in text
    assert f"127.0.0.1:{closed_port}" in text


def test_python_is_never_downloaded(
    make_project: ProjectFactory, make_options: OptionsFactory, tmp_path: Path
) -> None:
    """UV_PYTHON_DOWNLOADS=never wins over the environment given (with downloads allowed, uv
    would add a hint about the Python versions it could download)."""
    project = make_project(["alpha"])
    env = {**sealed_env(tmp_path / "uv"), "UV_PYTHON_DOWNLOADS": "automatic"}
    with pytest.raises(CommandFailed) as caught:
        lock_project(project, make_options(python="3.99", env=env))
    assert caught.value.message == (
        "uv lock failed: No interpreter found for Python 3.99 in managed installations or "
        "search path"
    )
    assert caught.value.hint is None


def test_uv_missing(
    monkeypatch: pytest.MonkeyPatch, make_project: ProjectFactory, options: LockOptions
) -> None:
    def missing() -> str:
        raise FileNotFoundError("Could not find the uv binary in any of the following locations")

    monkeypatch.setattr(uv, "find_uv_bin", missing)
    project = make_project(["alpha"])
    with pytest.raises(ToolMissing) as caught:
        lock_project(project, options)
    assert str(caught.value) == (
        "cannot find the uv program\n"
        "  hint: install it with `pip install uv` (pynix runs uv to resolve dependencies)"
    )
    assert not (project / "uv.lock").exists()


def test_uv_not_executable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, options: LockOptions
) -> None:
    fake = tmp_path / "uv-binary"
    fake.write_text("not a program\n")
    fake.chmod(0o644)
    monkeypatch.setattr(uv, "find_uv_bin", lambda: str(fake))
    source = tmp_path / "requirements.in"
    source.write_text("alpha\n")
    with pytest.raises(ToolMissing) as caught:
        compile_requirements(load_project(source), source, options)
    assert caught.value.message == f"the uv program is not executable: {fake}"
    assert not (tmp_path / "pylock.toml").exists()


def test_timeout_stops_uv_and_keeps_the_lock(
    make_project: ProjectFactory, make_options: OptionsFactory, index_server: IndexServer
) -> None:
    project = make_project(["alpha"])
    lock = lock_project(project, make_options()).path
    old = lock.read_bytes()
    write_project(project, ["alpha", "beta"])
    index_server.inject("slow", pattern="/simple/beta/", delay=30)
    with pytest.raises(CommandFailed) as caught:
        lock_project(project, make_options(timeout=1.0))
    assert str(caught.value) == (
        f"{project / 'pyproject.toml'}: uv lock did not finish within 1 seconds\n"
        "  hint: give it more time, or check that the indexes answer"
    )
    assert lock.read_bytes() == old


def test_a_lock_damaged_by_a_failing_uv_is_put_back(
    monkeypatch: pytest.MonkeyPatch, make_project: ProjectFactory, options: LockOptions
) -> None:
    """uv writes uv.lock in place; a run that dies while writing must not cost the old lock."""
    project = make_project(["alpha"])
    lock = lock_project(project, options).path
    old = lock.read_bytes()
    fake = project.parent / "dying-uv"
    fake.write_text(
        '#!/bin/sh\nif [ "$1" = lock ]; then printf "half" > uv.lock; fi\n'
        'echo "error: killed while writing" >&2\nexit 1\n'
    )
    fake.chmod(0o755)
    monkeypatch.setattr(uv, "find_uv_bin", lambda: str(fake))
    with pytest.raises(CommandFailed) as caught:
        lock_project(project, options)
    assert caught.value.message == "uv lock failed: killed while writing"
    assert lock.read_bytes() == old


def test_a_new_lock_left_by_a_failing_uv_is_removed(
    monkeypatch: pytest.MonkeyPatch, make_project: ProjectFactory, options: LockOptions
) -> None:
    project = make_project(["alpha"])
    fake = project.parent / "dying-uv"
    fake.write_text('#!/bin/sh\n[ "$1" = lock ] && printf "half" > uv.lock\nexit 3\n')
    fake.chmod(0o755)
    monkeypatch.setattr(uv, "find_uv_bin", lambda: str(fake))
    with pytest.raises(CommandFailed) as caught:
        lock_project(project, options)
    assert caught.value.message == "uv lock failed: exit status 3"
    assert not (project / "uv.lock").exists()


# -- refused before uv runs ----------------------------------------------------------------------


def test_lock_project_needs_a_pyproject(tmp_path: Path, options: LockOptions) -> None:
    # uv itself would look in the parent directories and lock whatever it found there.
    write_project(tmp_path / "outer", ["alpha"])
    inner = tmp_path / "outer" / "inner"
    inner.mkdir()
    with pytest.raises(InvalidArgument) as caught:
        lock_project(inner, options)
    assert str(caught.value) == (
        f"{inner}: no pyproject.toml here: uv lock locks pyproject.toml projects\n"
        "  hint: requirements files, setup.cfg projects and PEP 723 scripts are compiled to "
        "pylock.toml instead"
    )
    assert not (tmp_path / "outer" / "uv.lock").exists()


def test_lock_project_refuses_a_poetry_1_project(tmp_path: Path, options: LockOptions) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "old"\nversion = "1.0"\n\n'
        '[tool.poetry.dependencies]\npython = "^3.11"\nalpha = "*"\n'
    )
    with pytest.raises(Unsupported) as caught:
        lock_project(tmp_path, options)
    assert str(caught.value) == (
        f"{tmp_path / 'pyproject.toml'}: uv lock needs a [project] table (PEP 621), and this "
        "file has none\n"
        "  hint: move the metadata to [project] (Poetry 2 and PDM read it too), or keep the "
        "tool's own lock for pynix to read"
    )
    assert not (tmp_path / "uv.lock").exists()


def test_lock_project_refuses_python_version_and_platforms(
    make_project: ProjectFactory, make_options: OptionsFactory
) -> None:
    project = make_project(["alpha"])
    pyproject = project / "pyproject.toml"
    with pytest.raises(InvalidArgument) as caught:
        lock_project(project, make_options(python_version="3.12"))
    assert str(caught.value) == (
        f"{pyproject}: uv lock takes the Python versions from the project, not from "
        "--python-version\n  hint: set requires-python in pyproject.toml"
    )
    with pytest.raises(InvalidArgument) as caught:
        lock_project(project, make_options(platforms=("x86_64-linux",)))
    assert str(caught.value) == (
        f"{pyproject}: uv lock takes the platforms to lock for from the project, not from the "
        "command line\n"
        "  hint: list them in pyproject.toml: [tool.uv] environments = "
        "[\"sys_platform == 'linux'\"]"
    )


def test_compile_refuses_two_platforms(tmp_path: Path, make_options: OptionsFactory) -> None:
    source = tmp_path / "requirements.in"
    source.write_text("alpha\n")
    with pytest.raises(InvalidArgument) as caught:
        compile_requirements(
            load_project(source),
            source,
            make_options(platforms=("x86_64-linux", "aarch64-darwin")),
        )
    assert str(caught.value) == (
        "a compiled lock is for every platform or for one: x86_64-linux, aarch64-darwin\n"
        "  hint: give no platform (a universal lock) or exactly one"
    )


def test_compile_refuses_a_pyproject_project(
    make_project: ProjectFactory, options: LockOptions
) -> None:
    source = make_project(["alpha"]) / "pyproject.toml"
    with pytest.raises(InvalidArgument) as caught:
        compile_requirements(load_project(source), source, options)
    assert str(caught.value) == (
        f"{source}: a pep621 project is locked with uv lock, not compiled\n"
        "  hint: lock its directory: uv.lock keeps its extras and groups"
    )


def test_compile_refuses_an_output_named_otherwise(tmp_path: Path, options: LockOptions) -> None:
    source = tmp_path / "requirements.in"
    source.write_text("alpha\n")
    with pytest.raises(InvalidArgument) as caught:
        compile_requirements(load_project(source), source, options, output=tmp_path / "locked.toml")
    assert str(caught.value) == (
        "a PEP 751 lock is named pylock.toml or pylock.<name>.toml (no dots in the name): "
        f"{tmp_path / 'locked.toml'}"
    )
