"""The pipelines as values: generate, lock and explain return what they did and print nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pynix.enrich import Origin
from pynix.enrich._facts import WHEEL_FACT, WHEEL_FACT_VERSION
from pynix.errors import HashMismatch, OutputExists
from pynix.formats.pynix_settings import Settings
from pynix.index import JSON, Cache
from pynix.model import Index, LockFormat
from pynix.resolve import LockOptions
from pynix.workflow import (
    RENDERERS,
    Explanation,
    Generated,
    GenerateRequest,
    IndexAccess,
    Inputs,
    Locked,
    LockRequest,
    PinExplanation,
    TargetChoice,
    explain,
    generate,
    lock,
    read_inputs,
)
from tests.resolve.conftest import sealed_env
from tests.support.commands import demo_project, snapshot
from tests.support.index_server import IndexServer
from tests.support.universe import Universe

WHEEL = "fastcodec-2.0-cp312-cp312-manylinux_2_28_x86_64.whl"
SHA = "3" * 64
PYLOCK = f"""\
lock-version = "1.0"
requires-python = ">=3.12"
created-by = "hand"

[[packages]]
name = "fastcodec"
version = "2.0"
index = "https://pypi.example/simple"
wheels = [{{url = "https://files.example/{WHEEL}", size = 2000, hashes = {{sha256 = "{SHA}"}}}}]
"""
ONE = Settings(systems=("x86_64-linux",), python_versions=("3.12",))
#: What enrichment would have cached for the wheel: one shared object that needs libssl.
FACT: JSON = {
    "objects": [
        {
            "member": "fastcodec/_codec.so",
            "format": "elf",
            "name": None,
            "needed": ["libssl.so.3", "libc.so.6"],
            "rpaths": [],
        }
    ],
    "unreadable": [],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    directory = tmp_path / "env"
    directory.mkdir()
    (directory / "pylock.toml").write_text(PYLOCK)
    return directory


@pytest.fixture
def access(tmp_path: Path) -> IndexAccess:
    return IndexAccess(cache=Cache(tmp_path / "cache"), environ={})


def test_read_inputs(project: Path) -> None:
    inputs = read_inputs(project, settings=ONE)
    assert isinstance(inputs, Inputs)
    assert (inputs.lock_file, inputs.directory) == (project / "pylock.toml", project)
    assert inputs.lock.format is LockFormat.PYLOCK
    assert inputs.settings.systems == ("x86_64-linux",)


def test_generate_applies_the_cached_facts(project: Path, access: IndexAccess) -> None:
    request = GenerateRequest(settings=ONE)
    bare = generate(project, dataclasses.replace(request, facts=False), access=access)
    assert isinstance(bare, Generated)
    assert bare.enriched is None
    assert [f.code for f in bare.findings] == ["native-libraries-unknown"]
    assert "openssl" not in bare.files[project / "python-packages.nix"]

    access.store().put_fact(WHEEL_FACT, SHA, FACT, version=WHEEL_FACT_VERSION)
    known = generate(project, dataclasses.replace(request, force=True), access=access)
    assert known.enriched is not None
    assert [e.origin for e in known.enriched.explanations] == [Origin.CACHE]
    assert known.findings == ()
    assert "buildInputs = [ pkgs.openssl ];" in known.files[project / "python-packages.nix"]
    assert known.written == tuple(sorted(known.files))
    assert known.render_errors == ()


def test_generate_returns_the_errors_of_the_plan(project: Path, access: IndexAccess) -> None:
    darwin = Settings(systems=("aarch64-darwin",), python_versions=("3.12",))
    result = generate(project, GenerateRequest(settings=darwin), access=access)
    assert [f.code for f in result.plan_errors] == ["no-artifact"]
    assert (result.files, result.written, result.enriched) == ({}, (), None)
    assert sorted(p.name for p in project.iterdir()) == ["pylock.toml"]


def test_replace_generated_rewrites_only_what_changed(project: Path, access: IndexAccess) -> None:
    request = GenerateRequest(settings=ONE, replace_generated=True)
    first = generate(project, request, access=access)
    assert first.written == tuple(sorted(first.files))
    before = snapshot(project)
    again = generate(project, request, access=access)
    assert again.written == ()
    assert snapshot(project) == before
    # A file pynix did not write is refused, unless forced; nothing is written meanwhile.
    (project / "shell.nix").write_text("{ mine }\n")
    access.store().put_fact(WHEEL_FACT, SHA, FACT, version=WHEEL_FACT_VERSION)
    with pytest.raises(OutputExists) as caught:
        generate(project, request, access=access)
    assert str(caught.value) == (
        f"refusing to overwrite a file pynix did not generate: {project / 'shell.nix'}\n"
        "  hint: pass --force to replace it, or --out to write elsewhere"
    )
    assert (project / "python-packages.nix").read_bytes() == before["python-packages.nix"][0]
    forced = generate(project, dataclasses.replace(request, force=True), access=access)
    assert [p.name for p in forced.written] == ["python-packages.nix", "shell.nix"]


def test_both_styles_are_renderers(project: Path, access: IndexAccess) -> None:
    assert sorted(RENDERERS) == ["overlay", "pyproject-nix"]
    request = GenerateRequest(style="pyproject-nix", settings=ONE, out=project / "nix")
    result = generate(project, request, access=access)
    assert sorted(p.name for p in result.written) == [
        "build-set.nix",
        "default.nix",
        "flake.nix",
        "shell.nix",
    ]


def test_explain_returns_the_pins(project: Path, access: IndexAccess) -> None:
    access.store().put_fact(WHEEL_FACT, SHA, FACT, version=WHEEL_FACT_VERSION)
    result = explain(project, "FastCodec", settings=ONE, access=access)
    assert isinstance(result, Explanation)
    (pin,) = result.pins
    assert isinstance(pin, PinExplanation)
    assert str(pin.pin) == "fastcodec 2.0"
    assert pin.choices == (
        TargetChoice(
            targets="x86_64-linux (Python 3.12)",
            what=f"the wheel {WHEEL}",
            why="the only wheel of this release that runs here (its best tag: "
            "cp312-cp312-manylinux_2_28_x86_64)",
        ),
    )
    assert pin.installed == frozenset({WHEEL})
    assert result.describe()[-3:] == (
        f"  {WHEEL}: read from the cache: fastcodec/_codec.so",
        "    needs libssl.so.3: from nixpkgs' openssl",
        "    does not need libc.so.6: part of the C library",
    )


def test_index_access_hides_its_environment(tmp_path: Path) -> None:
    access = IndexAccess(environ={"UV_INDEX_X_PASSWORD": "hunter2", "XDG_CACHE_HOME": "/c"})
    assert repr(access) == "IndexAccess(cache='/c/pynix', timeout=30.0, retries=3)"
    assert access.store().root == Path("/c/pynix")


# -- lock, with the real uv and the test index -------------------------------------------------


@pytest.fixture
def options(tmp_path: Path, index_server: IndexServer) -> LockOptions:
    return LockOptions(
        indexes=(Index(url=index_server.index_url, default=True),),
        env=sealed_env(tmp_path / "uv"),
    )


@pytest.mark.slow
def test_lock_returns_what_it_did(
    tmp_path: Path, options: LockOptions, access: IndexAccess, index_server: IndexServer
) -> None:
    directory = demo_project(tmp_path / "demo", ("native-crc", "alpha"))
    request = LockRequest(options=options, generate=GenerateRequest(settings=ONE))
    first = lock(directory, request, access=access)
    assert isinstance(first, Locked)
    assert (first.result.path, first.result.changed, first.restored) == (
        directory / "uv.lock",
        True,
        False,
    )
    assert first.enriched is not None
    assert [e.origin for e in first.enriched.explanations if e.origin is not Origin.SKIPPED] == [
        Origin.NETWORK
    ]
    assert first.generated is not None
    assert "pkgs.zlib" in first.generated.files[directory / "python-packages.nix"]
    index_server.clear_log()
    second = lock(directory, request, access=access)
    assert second.result.changed is False
    assert second.generated is not None
    assert second.generated.written == ()
    assert index_server.requests == []


@pytest.mark.slow
def test_lock_without_nix_files(tmp_path: Path, options: LockOptions, access: IndexAccess) -> None:
    directory = demo_project(tmp_path / "demo", ("native-crc",))
    darwin = Settings(systems=("aarch64-darwin",))
    request = LockRequest(
        options=options, generate=GenerateRequest(settings=darwin), write_nix=False
    )
    result = lock(directory, request, access=access)
    # The plan's errors do not matter without Nix files: the lock stays, nothing was read.
    assert [f.code for f in result.plan.errors] == ["no-artifact"]
    assert (result.generated, result.restored) == (None, False)
    assert result.findings == result.plan.findings
    assert sorted(p.name for p in directory.iterdir()) == ["pyproject.toml", "uv.lock"]


@pytest.mark.slow
def test_lock_puts_the_lock_back_on_a_plan_error_or_a_failure(
    tmp_path: Path,
    options: LockOptions,
    access: IndexAccess,
    index_server: IndexServer,
    universe: Universe,
) -> None:
    directory = demo_project(tmp_path / "demo", ("native-crc",))
    darwin = LockRequest(options=options, generate=GenerateRequest(settings=Settings(
        systems=("aarch64-darwin",))))  # fmt: skip
    result = lock(directory, darwin, access=access)
    assert result.restored
    assert (result.enriched, result.generated) == (None, None)
    assert not (directory / "uv.lock").exists()

    index_server.inject("no_range", pattern="/files/native_crc-*.whl")
    index_server.inject("corrupt", pattern="/files/native_crc-*.whl")
    with pytest.raises(HashMismatch):
        lock(directory, LockRequest(options=options, generate=GenerateRequest(settings=ONE)),
             access=access)  # fmt: skip
    assert sorted(p.name for p in directory.iterdir()) == ["pyproject.toml"]
    native = next(a for a in universe.artifacts if a.project == "native-crc")
    assert access.store().get(native.sha256) is None  # the wrong bytes were not kept
