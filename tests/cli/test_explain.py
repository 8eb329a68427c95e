"""``pynix explain NAME``: exact output for a pure wheel, an sdist, a native wheel; offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from pynix.cli import main
from tests.support.commands import demo_project, seal
from tests.support.index_server import IndexServer
from tests.support.uv import uv_lock

NATIVE = "native_crc-1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
ONE = ["--system", "x86_64-linux", "--python", "3.12"]
HEAD = "uv.lock, planned for x86_64-linux (Python 3.12)\n\n"

WHEEL = """\
alpha 2.0 from INDEX
why this artifact:
  x86_64-linux (Python 3.12): the wheel alpha-2.0-py3-none-any.whl
    a pure-Python wheel (py3-none-any): it runs on every target; a wheel is preferred to the sdist
build system:
  not needed: every target installs a wheel
native libraries:
  alpha-2.0-py3-none-any.whl: not read (pure Python: no compiled code)
"""
SDIST = """\
legacy-lib 1.0 from INDEX
why this artifact:
  x86_64-linux (Python 3.12): the sdist legacy_lib-1.0.tar.gz
    legacy-lib 1.0 publishes no wheel, so it is built from its sdist
build system:
  legacy_lib-1.0.tar.gz: read from the cache: setup.cfg
    build system: setuptools.build_meta:__legacy__ (assumed), requires setuptools>=40.8.0
native libraries:
  none: no target installs a wheel
findings:
  warning: legacy_lib-1.0.tar.gz: no pyproject.toml: assuming setuptools' legacy build, \
which requires setuptools>=40.8.0 (the project declares no build system; pip and Nix assume \
setuptools)
"""
NATIVE_WHEEL = f"""\
native-crc 1.0 from INDEX
why this artifact:
  x86_64-linux (Python 3.12): the wheel {NATIVE}
    the only wheel of this release that runs here (its best tag: py3-none-manylinux_2_17_x86_64)
build system:
  not needed: every target installs a wheel
native libraries:
  {NATIVE}: read from the cache: native_crc.libs/libcrchelper-5e1f2a3b.so.1, \
native_crc/libnativecrc.so
    needs libz.so.1: from nixpkgs' zlib
    does not need libc.so.6: part of the C library
    does not need libcrchelper-5e1f2a3b.so.1: shipped in this wheel as \
native_crc.libs/libcrchelper-5e1f2a3b.so.1
"""
NOT_KNOWN = "not known (not in the cache: `pynix lock` reads it from the index)"
UNKNOWN_NATIVE = f"""\
native libraries:
  {NATIVE}: {NOT_KNOWN}
    until then the Nix files list no library for it; `pynix explain --online` reads it now
"""
UNKNOWN_SDIST = f"""\
build system:
  legacy_lib-1.0.tar.gz: {NOT_KNOWN}
    until then the Nix files assume setuptools; `pynix explain --online` reads it now
"""

#: A hand-written lock: three platform wheels and an sdist, never fetched (explain is offline).
FASTCODEC = f"""\
lock-version = "1.0"
requires-python = ">=3.12"
created-by = "hand"

[[packages]]
name = "fastcodec"
version = "2.0"
index = "https://pypi.example/simple"
sdist = {{url = "https://files.example/fastcodec-2.0.tar.gz", size = 1000, hashes = {{sha256 = "{"1" * 64}"}}}}
wheels = [
    {{url = "https://files.example/fastcodec-2.0-cp37-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", size = 2000, hashes = {{sha256 = "{"2" * 64}"}}}},
    {{url = "https://files.example/fastcodec-2.0-cp312-cp312-manylinux_2_28_x86_64.whl", size = 2000, hashes = {{sha256 = "{"3" * 64}"}}}},
    {{url = "https://files.example/fastcodec-2.0-cp312-cp312-macosx_11_0_arm64.whl", size = 2000, hashes = {{sha256 = "{"4" * 64}"}}}},
]
"""  # noqa: E501 -- one wheel per line, as PEP 751 writes them
ABI3 = "fastcodec-2.0-cp37-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
CP312 = "fastcodec-2.0-cp312-cp312-manylinux_2_28_x86_64.whl"
MACOS = "fastcodec-2.0-cp312-cp312-macosx_11_0_arm64.whl"
RANKED = f"""\
pylock.toml, planned for x86_64-linux (Python 3.12, 3.13); aarch64-darwin (Python 3.12, 3.13)

fastcodec 2.0 from https://pypi.example/simple
why this artifact:
  x86_64-linux (Python 3.12): the wheel {CP312}
    of the 2 wheels that run here, its tag cp312-cp312-manylinux_2_28_x86_64 ranks first on \
x86_64-linux with Python 3.12; then {ABI3} (cp37-abi3-manylinux_2_17_x86_64); a wheel is \
preferred to the sdist
  x86_64-linux (Python 3.13): the wheel {ABI3}
    the only wheel of this release that runs here (its best tag: cp37-abi3-manylinux_2_17_x86_64); \
a wheel is preferred to the sdist
  aarch64-darwin (Python 3.12): the wheel {MACOS}
    the only wheel of this release that runs here (its best tag: cp312-cp312-macosx_11_0_arm64); \
a wheel is preferred to the sdist
  aarch64-darwin (Python 3.13): the sdist fastcodec-2.0.tar.gz
    no wheel runs on aarch64-darwin with Python 3.13; its wheels: cp312-cp312-macosx_11_0_arm64, \
cp312-cp312-manylinux_2_28_x86_64, cp37-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64
build system:
  fastcodec-2.0.tar.gz: {NOT_KNOWN}
    until then the Nix files assume setuptools; `pynix explain --online` reads it now
native libraries:
"""


@pytest.fixture
def locked(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    index_server: IndexServer,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    """The demo project, locked and enriched by ``pynix lock --no-generate``."""
    seal(monkeypatch, tmp_path / "env")
    project = demo_project(tmp_path / "demo")
    args = ["lock", str(project), "--index-url", index_server.index_url, "--no-generate"]
    assert main([*args, "--system", "x86_64-linux"]) == 0
    capsys.readouterr()
    index_server.clear_log()
    return project


def _explain(*args: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["explain", *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "expected"),
    [("alpha", WHEEL), ("legacy-lib", SDIST), ("Native_CRC", NATIVE_WHEEL)],
    ids=["wheel", "sdist", "native-wheel"],
)
def test_explain_after_lock(
    name: str,
    expected: str,
    locked: Path,
    index_server: IndexServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _explain(name, str(locked), *ONE, capsys=capsys)
    assert out == HEAD + expected.replace("INDEX", index_server.index_url)
    assert index_server.requests == []  # offline: the facts came from the cache


@pytest.mark.slow
def test_unknown_facts_are_said_and_online_reads_them(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    index_server: IndexServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seal(monkeypatch, tmp_path / "env")
    project = demo_project(tmp_path / "demo")
    uv_lock(project, index_server.index_url)  # uv alone: pynix's cache is empty
    index_server.clear_log()
    out = _explain("native-crc", str(project), *ONE, capsys=capsys)
    assert out.endswith(UNKNOWN_NATIVE)
    out = _explain("legacy-lib", str(project), *ONE, capsys=capsys)
    assert UNKNOWN_SDIST in out
    assert index_server.requests == []
    # --online reads what the plan lacks, and caches it: the next explain is offline again.
    online = _explain("native-crc", str(project), *ONE, "--online", capsys=capsys)
    assert sorted(r.path for r in index_server.requests) == [
        "/files/legacy_lib-1.0.tar.gz",
        f"/files/{NATIVE}",
    ]
    assert online == HEAD + NATIVE_WHEEL.replace("INDEX", index_server.index_url).replace(
        "read from the cache", "read from the index"
    )
    index_server.clear_log()
    again = _explain("native-crc", str(project), *ONE, capsys=capsys)
    assert again == HEAD + NATIVE_WHEEL.replace("INDEX", index_server.index_url)
    assert index_server.requests == []


def test_the_wheel_that_ranks_first_on_each_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pylock.toml").write_text(FASTCODEC)
    targets = ["--system", "x86_64-linux", "--system", "aarch64-darwin"]
    out = _explain("fastcodec", str(tmp_path), *targets, "--python", "3.12", "--python", "3.13",
                   capsys=capsys)  # fmt: skip
    not_known = (
        f"  {{}}: {NOT_KNOWN}\n"
        "    until then the Nix files list no library for it; `pynix explain --online` reads it "
        "now\n"
    )
    assert out == RANKED + "".join(not_known.format(w) for w in (ABI3, CP312, MACOS))


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("fastcodc", "did you mean `fastcodec`?"),
        ("zzz", "see `pynix show` for the locked packages"),
    ],
    ids=["typo", "nothing-close"],
)
def test_a_name_the_lock_does_not_pin(
    name: str, hint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pylock.toml").write_text(FASTCODEC)
    assert main(["explain", name, str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"pynix: error: {tmp_path / 'pylock.toml'}: the lock pins no package named {name!r}\n"
        f"                hint: {hint}\n"
    )
