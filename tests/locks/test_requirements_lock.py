"""Hashed requirements files as locks: what each line becomes, and what is refused."""

from __future__ import annotations

import contextlib
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.markers import Marker

from pynix.errors import InvalidLock, InvalidRequirementsFile, PynixError, Unsupported
from pynix.formats.requirements_txt import RequirementLine
from pynix.locks.hashes import hex_to_sri
from pynix.locks.requirements_lock import read_requirements_lock
from pynix.model import (
    Artifact,
    ArtifactKind,
    GitSource,
    LockFormat,
    PathSource,
    RegistrySource,
    UrlSource,
)
from tests.locks._support import fixture, fixture_hex, fixture_sri, package
from tests.support.index_server import IndexServer
from tests.support.universe import Universe
from tests.support.uv import uv_pip_compile

PYPI = RegistrySource(url="https://pypi.org/simple")
HEX = "ab" * 32
SRI = hex_to_sri(HEX)
TZDATA = (
    "https://files.pythonhosted.org/packages/b3/07/0ad5cb183bfbdaa72a301e85ee92b226f9d4bf9b00acfc"
    "417d1b20aad001/tzdata-2024.2-py2.py3-none-any.whl"
)

# (name, version, source, marker, file_hashes of these file names)
FIXTURE_PINS = [
    ("attrs", "24.2.0", PYPI, None, ("attrs-24.2.0.tar.gz", "attrs-24.2.0-py3-none-any.whl")),
    (
        "colorama",
        "0.4.6",
        PYPI,
        "sys_platform == 'win32'",
        ("colorama-0.4.6-py2.py3-none-any.whl", "colorama-0.4.6.tar.gz"),
    ),
    (
        "humanize",
        None,
        GitSource(
            url="https://github.com/python-humanize/humanize",
            rev="3cd7e3a2ab61c9f9e9b9d71b6a3fbd29e4d9d3b5",
            commit="3cd7e3a2ab61c9f9e9b9d71b6a3fbd29e4d9d3b5",
        ),
        None,
        (),
    ),
    (
        "numpy",
        "1.26.4",
        PYPI,
        "python_full_version < '3.12'",
        (
            "numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "numpy-1.26.4.tar.gz",
        ),
    ),
    (
        "numpy",
        "2.1.0",
        PYPI,
        "python_full_version >= '3.12'",
        (
            "numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "numpy-2.1.0.tar.gz",
        ),
    ),
    (
        "pinned-wheel",
        "3.0",
        PathSource(path="./vendor/pinned_wheel-3.0-py3-none-any.whl"),
        None,
        (),
    ),
    ("tzdata", "2024.2", UrlSource(url=TZDATA), None, ()),
]

# (id, text, reader options, message)
REFUSED = [
    (
        "not-pinned",
        f"alpha>=1.0 --hash=sha256:{HEX}\n",
        {},
        (
            "requirements.txt:1: 'alpha>=1.0' is not pinned to one version with ==\n"
            "  hint: a lock pins every requirement: pip-compile or uv pip compile write one"
        ),
    ),
    (
        "wildcard",
        f"alpha==1.* --hash=sha256:{HEX}\n",
        {"allow_unhashed": True},
        (
            "requirements.txt:1: 'alpha==1.*' is not pinned to one version with ==\n"
            "  hint: a lock pins every requirement: pip-compile or uv pip compile write one"
        ),
    ),
    (
        "two-clauses",
        "alpha==1.0,!=1.1\n",
        {"allow_unhashed": True},
        (
            "requirements.txt:1: 'alpha==1.0,!=1.1' is not pinned to one version with ==\n"
            "  hint: a lock pins every requirement: pip-compile or uv pip compile write one"
        ),
    ),
    (
        "unhashed",
        f"alpha==1.0 --hash=sha256:{HEX}\n\nbeta==2.0\n",
        {},
        (
            "requirements.txt:3: 'beta==2.0' has no --hash\n"
            "  hint: pip-compile --generate-hashes or uv pip compile --generate-hashes write the "
            "hashes; --allow-unhashed accepts the file without them"
        ),
    ),
    (
        "unhashed-url",
        "tzdata @ https://example.org/tzdata-2024.2-py2.py3-none-any.whl\n",
        {},
        (
            "requirements.txt:1: 'tzdata @ https://example.org/tzdata-2024.2-py2.py3-none-any.whl' "
            "has no --hash\n"
            "  hint: pip-compile --generate-hashes or uv pip compile --generate-hashes write the "
            "hashes; --allow-unhashed accepts the file without them"
        ),
    ),
    (
        "archive-two-hashes",
        f"./dist/alpha-1.0.tar.gz --hash=sha256:{HEX} --hash=sha256:{'cd' * 32}\n",
        {},
        "requirements.txt:1: './dist/alpha-1.0.tar.gz' names one file but has 2 hashes",
    ),
    (
        "not-an-archive",
        f"alpha @ https://example.org/alpha.exe --hash=sha256:{HEX}\n",
        {},
        (
            "requirements.txt:1: 'alpha @ https://example.org/alpha.exe' is neither a wheel nor an "
            "sdist: 'alpha.exe'"
        ),
    ),
    (
        "duplicate",
        f"alpha==1.0 --hash=sha256:{HEX}\nalpha==2.0 --hash=sha256:{HEX}\n",
        {},
        (
            "requirements.txt:2: alpha is pinned twice (here and at requirements.txt:1) and no "
            "marker tells the two lines apart"
        ),
    ),
    (
        "duplicate-one-marker",
        f"alpha==1.0 ; os_name == 'nt' --hash=sha256:{HEX}\nAlpha==2.0 --hash=sha256:{HEX}\n",
        {},
        (
            "requirements.txt:2: alpha is pinned twice (here and at requirements.txt:1) and no "
            "marker tells the two lines apart"
        ),
    ),
    (
        "duplicate-same-marker",
        (
            f"alpha==1.0 ; os_name == 'nt' --hash=sha256:{HEX}\n"
            f"alpha==2.0 ; os_name == 'nt' --hash=sha256:{HEX}\n"
        ),
        {},
        (
            "requirements.txt:2: alpha is pinned twice (here and at requirements.txt:1) and no "
            "marker tells the two lines apart"
        ),
    ),
    (
        "sha512",
        f"alpha==1.0 --hash=sha512:{HEX * 2}\n",
        {},
        "requirements.txt:1: sha512 hashes cannot be used; pynix needs sha256",
    ),
    (
        "unnamed-editable",
        "-e .\n",
        {},
        (
            "requirements.txt:1: cannot tell which distribution '.' is\n"
            "  hint: write it as NAME @ ./path, or load the file with pynix.load.load_lock"
        ),
    ),
    (
        "include",
        "-r base.txt\n",
        {},
        "requirements.txt:1: cannot read '-r base.txt': no reader for included files",
    ),
]


def test_fixture_pins() -> None:
    lock = read_requirements_lock(fixture("requirements", "requirements.txt"))
    assert lock.format is LockFormat.REQUIREMENTS
    assert (lock.roots, lock.environments, lock.requires_python) == ((), (), None)
    found = [
        (
            p.name,
            p.version,
            p.source,
            str(p.marker).replace('"', "'") if p.marker else None,
            p.file_hashes,
        )
        for p in lock.packages
    ]
    assert found == [
        (name, version, source, marker, tuple(fixture_sri(f) for f in files))
        for name, version, source, marker, files in FIXTURE_PINS
    ]


def test_fixture_files_of_url_and_path_pins() -> None:
    lock = read_requirements_lock(fixture("requirements", "requirements.txt"))
    assert package(lock, "tzdata").wheels == (
        Artifact(
            kind=ArtifactKind.WHEEL,
            filename="tzdata-2024.2-py2.py3-none-any.whl",
            url=TZDATA,
            hash=fixture_sri("tzdata-2024.2-py2.py3-none-any.whl"),
        ),
    )
    assert package(lock, "pinned-wheel").wheels == (
        Artifact(
            kind=ArtifactKind.WHEEL,
            filename="pinned_wheel-3.0-py3-none-any.whl",
            path="./vendor/pinned_wheel-3.0-py3-none-any.whl",
            hash=fixture_sri("pinned_wheel-3.0-py3-none-any.whl"),
        ),
    )
    assert all(not p.artifacts for p in lock.packages if isinstance(p.source, RegistrySource))


def test_pins_know_their_line() -> None:
    lock = read_requirements_lock(
        fixture("requirements", "requirements.txt"), name="deploy/requirements.txt"
    )
    assert [str(p.location) for p in lock.packages] == [
        "deploy/requirements.txt:7",
        "deploy/requirements.txt:11",
        "deploy/requirements.txt:15",
        "deploy/requirements.txt:17",
        "deploy/requirements.txt:21",
        "deploy/requirements.txt:25",
        "deploy/requirements.txt:28",
    ]


@pytest.mark.parametrize(
    ("text", "options", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_refused(text: str, options: dict[str, bool], message: str) -> None:
    with pytest.raises((InvalidLock, Unsupported, InvalidRequirementsFile)) as info:
        read_requirements_lock(text, allow_unhashed=options.get("allow_unhashed", False))
    assert str(info.value) == message


def test_allow_unhashed_keeps_pins_without_files() -> None:
    text = "beta==2.0\n./dist/alpha-1.0.tar.gz\n"
    lock = read_requirements_lock(text, allow_unhashed=True)
    beta, alpha = lock.packages
    assert (beta.name, beta.version, beta.file_hashes, beta.artifacts) == ("beta", "2.0", (), ())
    assert alpha.sdist == Artifact(
        kind=ArtifactKind.SDIST, filename="alpha-1.0.tar.gz", path="./dist/alpha-1.0.tar.gz"
    )
    assert alpha.version == "1.0"


def test_sources_that_cannot_be_hashed_need_no_hash() -> None:
    text = (
        "-e file:./libs/core#egg=core\n"
        "tools @ ./tools\n"
        "click @ git+https://github.com/pallets/click@8.1.7\n"
        "-e git+https://github.com/acme/plug@main#egg=plug\n"
    )
    found = [(p.name, p.version, p.source) for p in read_requirements_lock(text).packages]
    assert found == [
        ("core", None, PathSource(path="./libs/core", editable=True)),
        ("tools", None, PathSource(path="./tools")),
        ("click", None, GitSource(url="https://github.com/pallets/click", rev="8.1.7")),
        ("plug", None, GitSource(url="https://github.com/acme/plug", rev="main")),
    ]


def test_name_of_names_unnamed_lines() -> None:
    asked: list[str] = []

    def name_of(line: RequirementLine) -> str:
        asked.append(line.text)
        return "Shop_App"

    lock = read_requirements_lock(f"-e .\nalpha==1.0 --hash=sha256:{HEX}\n", name_of=name_of)
    assert asked == ["."]
    assert [(p.name, p.source) for p in lock.packages] == [
        ("shop-app", PathSource(path=".", editable=True)),
        ("alpha", PYPI),
    ]


def test_index_url_is_the_source() -> None:
    text = f"--index-url https://pypi.example/simple\n\nalpha==1.0 --hash=sha256:{HEX}\n"
    (alpha,) = read_requirements_lock(text).packages
    assert alpha.source == RegistrySource(url="https://pypi.example/simple")


def test_the_same_pin_on_two_lines_is_one_pin() -> None:
    text = (
        f"alpha==1.0 ; os_name == 'nt' --hash=sha256:{HEX}\n"
        f"alpha==1.0 ; sys_platform == 'darwin' --hash=sha256:{HEX} --hash=sha256:{'cd' * 32}\n"
    )
    (alpha,) = read_requirements_lock(text).packages
    assert alpha.marker == Marker('(os_name == "nt") or (sys_platform == "darwin")')
    assert alpha.file_hashes == (SRI, hex_to_sri("cd" * 32))


def test_constraints_install_nothing() -> None:
    def read(including: str, reference: str) -> tuple[str, str]:
        return reference, "gamma==3.0\n"

    text = f"-c constraints.txt\nalpha==1.0 --hash=sha256:{HEX}\n"
    lock = read_requirements_lock(text, read=read)
    assert [p.name for p in lock.packages] == ["alpha"]


@given(st.text(max_size=200))
def test_any_text_reads_or_fails_cleanly(text: str) -> None:
    with contextlib.suppress(PynixError):
        read_requirements_lock(text, allow_unhashed=True)


@pytest.mark.slow
def test_uv_pip_compile_universal_output(index_server: IndexServer, universe: Universe) -> None:
    text = uv_pip_compile(
        "cli-tool\nplat-dep\ncyc-a\nnative-crc\nlegacy-lib\n",
        index_server.index_url,
        "--universal",
        "--generate-hashes",
        "--emit-index-url",
    )
    lock = read_requirements_lock(text)
    registry = RegistrySource(url=index_server.index_url)
    assert {p.source for p in lock.packages} == {registry}
    for pin in lock.packages:
        assert pin.version is not None
        release = universe.release(pin.name, pin.version)
        assert set(pin.file_hashes) == {hex_to_sri(a.sha256) for a in release.artifacts}
    markers = {p.name: str(p.marker) for p in lock.packages if p.marker is not None}
    assert markers == {
        "gamma": 'python_full_version < "3.13"',
        "linux-only": 'sys_platform == "linux"',
        "win-only": 'sys_platform == "win32"',
    }


def test_fixture_hashes_follow_the_readme() -> None:
    # The convention the fixture's made-up hashes follow (see tests/fixtures/locks/README.md).
    digest = hashlib.sha256(b"pynix-fixture:attrs-24.2.0.tar.gz").hexdigest()
    assert fixture_hex("attrs-24.2.0.tar.gz") == digest
    assert f"sha256:{digest}" in fixture("requirements", "requirements.txt")
