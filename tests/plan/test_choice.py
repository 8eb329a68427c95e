"""Artifact choice: best wheel for the target, sdist fallback, preferences, and what is refused."""

from __future__ import annotations

import dataclasses

import pytest
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.formats.pynix_settings import PackageSettings, Preference, Settings
from pynix.model import (
    Artifact,
    ArtifactKind,
    GitSource,
    LockedPackage,
    PathSource,
    Source,
    UrlSource,
    WorkspaceSource,
)
from pynix.plan.choice import Chooser, source_problems
from pynix.plan.model import Build
from pynix.plan.targets import make_target
from tests.plan._support import pin, wheel

NUMPY_WHEELS = [
    "numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "numpy-2.1.0-cp312-cp312-manylinux_2_28_aarch64.whl",
    "numpy-2.1.0-cp312-cp312-macosx_14_0_arm64.whl",
    "numpy-2.1.0-cp312-cp312-macosx_10_13_x86_64.whl",
    "numpy-2.1.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
]
NUMPY = pin("numpy", "2.1.0", wheels=NUMPY_WHEELS, sdist_name="numpy-2.1.0.tar.gz")
PURE = pin("idna", "3.10", sdist_name="idna-3.10.tar.gz")
NATIVE = pin("native-crc", "1.0", wheels=["native_crc-1.0-py3-none-manylinux_2_17_x86_64.whl"])
TORCH = pin("torch", "2.5.1+cpu", wheels=["torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl"])
SDIST_ONLY = pin("legacy-lib", "1.0", wheels=[], sdist_name="legacy-lib-1.0.tar.gz")

# (id, package, (system, python), settings, build, chosen file name)
CHOICES = [
    (
        "pure-wheel-linux",
        PURE,
        ("x86_64-linux", "3.12"),
        Settings(),
        Build.WHEEL,
        "idna-3.10-py3-none-any.whl",
    ),
    (
        "pure-wheel-darwin",
        PURE,
        ("aarch64-darwin", "3.14"),
        Settings(),
        Build.WHEEL,
        "idna-3.10-py3-none-any.whl",
    ),
    ("manylinux-x86", NUMPY, ("x86_64-linux", "3.12"), Settings(), Build.WHEEL, NUMPY_WHEELS[0]),
    (
        "manylinux-aarch64",
        NUMPY,
        ("aarch64-linux", "3.12"),
        Settings(),
        Build.WHEEL,
        NUMPY_WHEELS[1],
    ),
    ("cp313", NUMPY, ("x86_64-linux", "3.13"), Settings(), Build.WHEEL, NUMPY_WHEELS[4]),
    # macOS 14 wheels need a 14.0 SDK; the default (11.3) falls back to the sdist.
    (
        "macos-sdk-too-old",
        NUMPY,
        ("aarch64-darwin", "3.12"),
        Settings(),
        Build.SDIST,
        "numpy-2.1.0.tar.gz",
    ),
    (
        "macos-sdk-14",
        NUMPY,
        ("aarch64-darwin", "3.12"),
        Settings(macos_sdk_version="14.0"),
        Build.WHEEL,
        NUMPY_WHEELS[2],
    ),
    ("macos-x86", NUMPY, ("x86_64-darwin", "3.12"), Settings(), Build.WHEEL, NUMPY_WHEELS[3]),
    # glibc 2.27 cannot run manylinux_2_28 wheels.
    (
        "old-glibc",
        NUMPY,
        ("aarch64-linux", "3.12"),
        Settings(glibc_version="2.27"),
        Build.SDIST,
        "numpy-2.1.0.tar.gz",
    ),
    (
        "no-cp314-wheel",
        NUMPY,
        ("x86_64-linux", "3.14"),
        Settings(),
        Build.SDIST,
        "numpy-2.1.0.tar.gz",
    ),
    (
        "prefer-sdist",
        PURE,
        ("x86_64-linux", "3.12"),
        Settings(prefer=Preference.SDIST),
        Build.SDIST,
        "idna-3.10.tar.gz",
    ),
    (
        "prefer-sdist-one-package",
        PURE,
        ("x86_64-linux", "3.12"),
        Settings(packages={NormalizedName("idna"): PackageSettings(prefer=Preference.SDIST)}),
        Build.SDIST,
        "idna-3.10.tar.gz",
    ),
    (
        "prefer-nixpkgs-falls-back",
        PURE,
        ("x86_64-linux", "3.12"),
        Settings(prefer=Preference.NIXPKGS),
        Build.WHEEL,
        "idna-3.10-py3-none-any.whl",
    ),
    (
        "sdist-only",
        SDIST_ONLY,
        ("aarch64-darwin", "3.12"),
        Settings(),
        Build.SDIST,
        "legacy-lib-1.0.tar.gz",
    ),
    (
        "native",
        NATIVE,
        ("x86_64-linux", "3.11"),
        Settings(),
        Build.WHEEL,
        "native_crc-1.0-py3-none-manylinux_2_17_x86_64.whl",
    ),
    ("native-missing", NATIVE, ("aarch64-darwin", "3.12"), Settings(), Build.MISSING, None),
    ("linux-wheel-refused", TORCH, ("x86_64-linux", "3.12"), Settings(), Build.MISSING, None),
    (
        "linux-wheel-allowed",
        TORCH,
        ("x86_64-linux", "3.12"),
        Settings(linux_wheels=True),
        Build.WHEEL,
        "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl",
    ),
]

# (id, package, system, expected problem messages with hints)
MISSING = [
    (
        "native",
        NATIVE,
        "aarch64-darwin",
        [
            (
                "native-crc 1.0: no compatible wheel and no sdist "
                "(its wheels are for manylinux_2_17_x86_64)"
            )
        ],
    ),
    (
        "linux-tagged",
        TORCH,
        "x86_64-linux",
        [
            (
                "torch 2.5.1+cpu: no compatible wheel and no sdist (its linux_x86_64 wheels are "
                "not manylinux; if they run on NixOS, set linux-wheels = true in "
                "[tool.pynix.packages.torch])"
            )
        ],
    ),
    (
        "linux-tagged-other-cpu",
        TORCH,
        "aarch64-linux",
        ["torch 2.5.1+cpu: no compatible wheel and no sdist (its wheels are for linux_x86_64)"],
    ),
    (
        "no-files",
        pin("ghost", "1.0", wheels=[]),
        "x86_64-linux",
        ["ghost 1.0: no compatible wheel and no sdist (the lock lists no files for it)"],
    ),
]

HASH = "sha256-" + "A" * 43 + "="


def _choose(
    package: LockedPackage, system: str, python: str, settings: Settings
) -> tuple[Build, Artifact | None, list[str]]:
    build, artifact, problems = Chooser((package,), settings).choose(
        0,
        make_target(
            system,
            python,
            glibc_version=settings.glibc_version,
            macos_sdk_version=settings.macos_sdk_version,
        ),
    )
    return build, artifact, [f"{p.message} ({p.hint})" if p.hint else p.message for p in problems]


@pytest.mark.parametrize(
    ("package", "where", "settings", "build", "filename"),
    [c[1:] for c in CHOICES],
    ids=[c[0] for c in CHOICES],
)
def test_choices(
    package: LockedPackage,
    where: tuple[str, str],
    settings: Settings,
    build: Build,
    filename: str | None,
) -> None:
    chosen, artifact, _problems = _choose(package, *where, settings)
    assert chosen is build
    assert (artifact.filename if artifact else None) == filename


@pytest.mark.parametrize(
    ("package", "system", "expected"), [m[1:] for m in MISSING], ids=[m[0] for m in MISSING]
)
def test_no_artifact_says_what_there_is(
    package: LockedPackage, system: str, expected: list[str]
) -> None:
    assert _choose(package, system, "3.12", Settings()) == (Build.MISSING, None, expected)


def test_preferring_an_sdist_that_does_not_exist_warns() -> None:
    build, artifact, problems = _choose(
        NATIVE, "x86_64-linux", "3.12", Settings(prefer=Preference.SDIST)
    )
    assert (build, artifact) == (Build.WHEEL, NATIVE.wheels[0])
    assert problems == [
        (
            "native-crc 1.0 is preferred as an sdist but has none; using "
            "native_crc-1.0-py3-none-manylinux_2_17_x86_64.whl"
        )
    ]


def test_requires_python_of_a_pin() -> None:
    gamma = dataclasses.replace(PURE, requires_python=SpecifierSet(">=3.99"))
    assert _choose(gamma, "x86_64-linux", "3.12", Settings())[2] == [
        "idna 3.10 requires Python >=3.99"
    ]


@pytest.mark.parametrize(
    ("source", "build"),
    [
        (GitSource(url="https://example.org/x.git", commit="a" * 40), Build.SOURCE),
        (PathSource(path="libs/x", editable=True), Build.SOURCE),
        (WorkspaceSource(), Build.SOURCE),
        (PathSource(path=".", virtual=True), Build.VIRTUAL),
    ],
    ids=["git", "directory", "workspace", "virtual"],
)
def test_sources_without_files(source: Source, build: Build) -> None:
    package = dataclasses.replace(pin("x", None, wheels=[]), source=source)
    assert _choose(package, "x86_64-linux", "3.12", Settings()) == (build, None, [])


def test_bad_wheel_names_are_never_chosen() -> None:
    package = pin("x", "1.0", wheels=["x-1.0-py3-none.whl", "x-1.0-py3-none-any.whl"])
    chooser = Chooser((package,), Settings())
    build, artifact, _ = chooser.choose(0, make_target("x86_64-linux", "3.12"))
    assert (build, artifact) == (Build.WHEEL, package.wheels[1])
    assert chooser.bad_wheels == {(0, "x-1.0-py3-none.whl")}


# (id, package, chosen artifacts, allow_unhashed, expected (code, severity, message))
SOURCE_PROBLEMS = [
    ("fine", PURE, {PURE.wheels[0]}, False, []),
    (
        "git-without-commit",
        dataclasses.replace(
            pin("x", "1.0", wheels=[]), source=GitSource(url="https://e.org/x.git", branch="main")
        ),
        set(),
        False,
        [
            (
                "unpinned-git",
                "error",
                "x 1.0: git source https://e.org/x.git (main) has no resolved commit",
            )
        ],
    ),
    (
        "directory-outside",
        dataclasses.replace(pin("x", None, wheels=[]), source=PathSource(path="../x")),
        set(),
        False,
        [
            (
                "path-outside-project",
                "error",
                "x: '../x' is outside the project; Nix cannot fetch it reproducibly",
            )
        ],
    ),
    (
        "absolute-archive",
        dataclasses.replace(
            pin("x", "1.0", wheels=[]), source=PathSource(path="/srv/x-1.0.tar.gz")
        ),
        {
            Artifact(
                kind=ArtifactKind.SDIST,
                filename="x-1.0.tar.gz",
                path="/srv/x-1.0.tar.gz",
                hash=HASH,
            )
        },
        False,
        [
            (
                "path-outside-project",
                "error",
                (
                    "x 1.0: '/srv/x-1.0.tar.gz' is outside the project; Nix cannot fetch it "
                    "reproducibly"
                ),
            )
        ],
    ),
    (
        "inside-is-fine",
        dataclasses.replace(pin("x", None, wheels=[]), source=PathSource(path="libs/../x")),
        set(),
        False,
        [],
    ),
    (
        "local-file-needs-no-hash",
        pin("x", "1.0", wheels=[]),
        {
            Artifact(
                kind=ArtifactKind.WHEEL,
                filename="x-1.0-py3-none-any.whl",
                path="wheels/x-1.0-py3-none-any.whl",
            )
        },
        False,
        [],
    ),
    (
        "unhashed",
        pin("x", "1.0", wheels=[]),
        {wheel("x-1.0-py3-none-any.whl", hashed=False)},
        False,
        [("unhashed", "error", "x 1.0: x-1.0-py3-none-any.whl has no hash")],
    ),
    (
        "unhashed-allowed",
        pin("x", "1.0", wheels=[]),
        {wheel("x-1.0-py3-none-any.whl", hashed=False)},
        True,
        [
            (
                "unhashed",
                "warning",
                "x 1.0: x-1.0-py3-none-any.whl has no hash; accepted by allow-unhashed",
            )
        ],
    ),
    (
        "unlocated",
        pin("x", "1.0", wheels=[]),
        {Artifact(kind=ArtifactKind.SDIST, filename="x-1.0.tar.gz", hash=HASH)},
        False,
        [("unlocated", "error", "x 1.0: the lock names x-1.0.tar.gz but not where it is")],
    ),
    (
        "only-hashes",
        dataclasses.replace(pin("x", "1.0", wheels=[]), file_hashes=(HASH,)),
        set(),
        False,
        [
            (
                "unresolved-hashes",
                "error",
                "x 1.0: the lock records the hashes of its files but not the files",
            )
        ],
    ),
    (
        "url-source",
        dataclasses.replace(
            pin("x", "1.0", wheels=[]), source=UrlSource(url="https://e.org/x-1.0.tar.gz")
        ),
        {
            Artifact(
                kind=ArtifactKind.SDIST, filename="x-1.0.tar.gz", url="https://e.org/x-1.0.tar.gz"
            )
        },
        False,
        [("unhashed", "error", "x 1.0: x-1.0.tar.gz has no hash")],
    ),
]


@pytest.mark.parametrize(
    ("package", "artifacts", "allow", "expected"),
    [s[1:] for s in SOURCE_PROBLEMS],
    ids=[s[0] for s in SOURCE_PROBLEMS],
)
def test_source_problems(
    package: LockedPackage,
    artifacts: set[Artifact],
    allow: object,
    expected: list[tuple[str, str, str]],
) -> None:
    problems = source_problems(0, package, artifacts, allow_unhashed=allow is True)
    assert [(p.code, p.severity.value, p.message) for p in problems] == expected
