"""Hand-built wheels and sdists: valid by the specs' own readers, and reproducible."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.metadata import Metadata
from packaging.requirements import Requirement

from tests.support.artifacts import (
    BACKENDS,
    LEGACY,
    UNDECLARED,
    Distribution,
    build_sdist,
    build_wheel,
    core_metadata,
    escaped_name,
    sha256_file,
    wheel_members,
)

RICH = Distribution(
    name="Rich_Thing",
    version="2.1.0",
    requires_python=">=3.9,<4",
    dependencies=("alpha>=1.0", 'gamma; python_version < "3.12" or os_name == "nt"'),
    optional_dependencies={
        "fast": ("delta[speed]>=1", 'zeta; python_version < "3.12" or os_name == "nt"')
    },
    entry_points={"console_scripts": {"rich-thing": "rich_thing:main"}, "demo.plugins": {"a": "b"}},
)

# (distribution, expected Requires-Dist lines)
REQUIRES_DIST = [
    pytest.param(
        RICH,
        [
            "alpha>=1.0",
            'gamma; python_version < "3.12" or os_name == "nt"',
            'delta[speed]>=1; extra == "fast"',
            'zeta; (python_version < "3.12" or os_name == "nt") and extra == "fast"',
        ],
        id="markers-and-extras",
    ),
    pytest.param(Distribution(name="bare", version="1"), [], id="no-dependencies"),
]

ESCAPED = [
    ("alpha", "alpha"),
    ("Friendly.Name", "friendly_name"),
    ("cyc-a", "cyc_a"),
    ("A__B--C..d", "a_b_c_d"),
]


@pytest.mark.parametrize(("name", "expected"), ESCAPED, ids=[e[0] for e in ESCAPED])
def test_escaped_name(name: str, expected: str) -> None:
    assert escaped_name(name) == expected


@pytest.mark.parametrize(("dist", "expected"), REQUIRES_DIST)
def test_core_metadata_requirements(dist: Distribution, expected: list[str]) -> None:
    text = core_metadata(dist)
    assert [line.removeprefix("Requires-Dist: ") for line in text.splitlines()
            if line.startswith("Requires-Dist: ")] == expected  # fmt: skip


def test_core_metadata_is_valid_for_packaging() -> None:
    metadata = Metadata.from_email(core_metadata(RICH), validate=True)
    assert metadata.metadata_version == "2.3"
    assert metadata.name == "Rich_Thing"
    assert str(metadata.requires_python) == "<4,>=3.9"
    assert metadata.provides_extra == ["fast"]
    # The parentheses keep the `or` inside: without the extra, zeta is never required.
    zeta = Requirement(core_metadata(RICH).splitlines()[-1].removeprefix("Requires-Dist: "))
    assert zeta.marker is not None
    environment = {key: str(value) for key, value in default_environment().items()}
    environment["os_name"] = "nt"
    assert not zeta.marker.evaluate({**environment, "extra": ""})
    assert zeta.marker.evaluate({**environment, "extra": "fast"})


def test_license_expression_raises_the_metadata_version() -> None:
    metadata = Metadata.from_email(
        core_metadata(Distribution(name="x", version="1", license_expression="MIT")), validate=True
    )
    assert (metadata.metadata_version, metadata.license_expression) == ("2.4", "MIT")


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def test_wheel_layout_record_and_metadata_file(tmp_path: Path) -> None:
    path = build_wheel(RICH, tmp_path)
    assert path.name == "rich_thing-2.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        assert names == [
            "rich_thing/__init__.py",
            "rich_thing-2.1.0.dist-info/METADATA",
            "rich_thing-2.1.0.dist-info/WHEEL",
            "rich_thing-2.1.0.dist-info/top_level.txt",
            "rich_thing-2.1.0.dist-info/entry_points.txt",
            "rich_thing-2.1.0.dist-info/RECORD",
        ]
        rows = list(csv.reader(io.StringIO(wheel.read(names[-1]).decode())))
        assert [row[0] for row in rows] == names
        for member, digest, size in rows[:-1]:
            data = wheel.read(member)
            assert (digest, size) == (_record_hash(data), str(len(data)))
        assert rows[-1][1:] == ["", ""]
        assert wheel.read(names[2]).decode() == (
            "Wheel-Version: 1.0\nGenerator: pynix-tests (1.0)\nRoot-Is-Purelib: true\n"
            "Tag: py3-none-any\n"
        )
        assert wheel.read(names[3]) == b"rich_thing\n"
        assert wheel.read(names[4]).decode() == (
            "[console_scripts]\nrich-thing = rich_thing:main\n\n[demo.plugins]\na = b\n"
        )
        metadata = wheel.read(names[1])
    assert (tmp_path / f"{path.name}.metadata").read_bytes() == metadata


def test_wheel_file_name_compresses_tags(tmp_path: Path) -> None:
    tags = ("py3-none-manylinux_2_17_x86_64", "py3-none-manylinux2014_x86_64")
    path = build_wheel(
        Distribution(name="n", version="1"),
        tmp_path,
        tags=tags,
        extra_files={"n/lib.so": b"\x7fELF"},
        metadata_file=False,
    )
    assert path.name == "n-1-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    assert not (tmp_path / f"{path.name}.metadata").exists()
    with zipfile.ZipFile(path) as wheel:
        assert wheel.read("n-1.dist-info/WHEEL").decode().splitlines()[2:] == [
            "Root-Is-Purelib: false",
            "Tag: py3-none-manylinux_2_17_x86_64",
            "Tag: py3-none-manylinux2014_x86_64",
        ]
        assert wheel.read("n/lib.so") == b"\x7fELF"


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_sdist_declares_its_build_system(tmp_path: Path, backend: str) -> None:
    path = build_sdist(RICH, tmp_path, backend=backend)
    assert path.name == "rich_thing-2.1.0.tar.gz"
    with tarfile.open(path) as sdist:
        assert sdist.getnames() == [
            "rich_thing-2.1.0/PKG-INFO",
            "rich_thing-2.1.0/pyproject.toml",
            "rich_thing-2.1.0/src/rich_thing/__init__.py",
        ]
        pkg_info = sdist.extractfile("rich_thing-2.1.0/PKG-INFO")
        pyproject_file = sdist.extractfile("rich_thing-2.1.0/pyproject.toml")
        assert pkg_info is not None
        assert pyproject_file is not None
        metadata = Metadata.from_email(pkg_info.read(), validate=True)
        pyproject = tomllib.loads(pyproject_file.read().decode())
    assert metadata.metadata_version == "2.3"
    assert pyproject["build-system"] == {
        "requires": list(BACKENDS[backend].requires),
        "build-backend": BACKENDS[backend].backend,
    }
    assert pyproject["project"]["dependencies"] == list(RICH.dependencies)
    assert pyproject["project"]["optional-dependencies"] == {
        "fast": list(RICH.optional_dependencies["fast"])
    }
    assert pyproject["project"]["scripts"] == {"rich-thing": "rich_thing:main"}
    assert pyproject["project"]["entry-points"] == {"demo.plugins": {"a": "b"}}


def test_sdist_without_build_system_table(tmp_path: Path) -> None:
    path = build_sdist(RICH, tmp_path, backend=UNDECLARED, archive="zip")
    assert path.name == "rich_thing-2.1.0.zip"
    with zipfile.ZipFile(path) as sdist:
        pyproject = tomllib.loads(sdist.read("rich_thing-2.1.0/pyproject.toml").decode())
    assert "build-system" not in pyproject
    assert pyproject["project"]["name"] == "Rich_Thing"


def test_legacy_sdist_has_setup_files_and_no_pyproject(tmp_path: Path) -> None:
    path = build_sdist(RICH, tmp_path, backend=LEGACY, metadata_version="2.1")
    with tarfile.open(path) as sdist:
        assert sdist.getnames() == [
            "rich_thing-2.1.0/PKG-INFO",
            "rich_thing-2.1.0/setup.cfg",
            "rich_thing-2.1.0/setup.py",
            "rich_thing-2.1.0/src/rich_thing/__init__.py",
        ]
        setup_cfg = sdist.extractfile("rich_thing-2.1.0/setup.cfg")
        pkg_info = sdist.extractfile("rich_thing-2.1.0/PKG-INFO")
        assert setup_cfg is not None
        assert pkg_info is not None
        cfg = setup_cfg.read().decode()
        assert Metadata.from_email(pkg_info.read(), validate=True).metadata_version == "2.1"
    assert "install_requires =\n    alpha>=1.0\n" in cfg
    assert "python_requires = >=3.9,<4" in cfg


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"backend": "maturin"}, "unknown build backend 'maturin'", id="backend"),
        pytest.param(
            {"backend": "hatchling", "archive": "tar.bz2"},
            "unknown sdist archive kind 'tar.bz2'",
            id="archive",
        ),
    ],
)
def test_sdist_refuses_unknown_options(
    tmp_path: Path, kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        build_sdist(RICH, tmp_path, **kwargs)


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "1", tmp_path / "2"
    first.mkdir()
    second.mkdir()
    for dest in (first, second):
        build_wheel(RICH, dest)
        build_sdist(RICH, dest, backend="setuptools")
        build_sdist(RICH, dest, backend=LEGACY, archive="zip")
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert [sha256_file(first / n) for n in names] == [sha256_file(second / n) for n in names]


def test_wheel_members_put_record_last() -> None:
    members = wheel_members(Distribution(name="m", version="1"), extra_files={"z/data": b"1"})
    assert list(members)[-1] == "m-1.dist-info/RECORD"
    assert list(members)[:2] == ["m/__init__.py", "z/data"]
