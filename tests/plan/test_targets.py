"""Targets: systems x interpreters, defaults filtered by requires-python, libc versions given."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet

from pynix.formats.pynix_settings import Settings
from pynix.plan.targets import PYTHON_VERSIONS, admitted_version, default_targets, make_target
from pynix.standards.targets import DEFAULT_SYSTEMS

# (id, requires-python clauses, the admitted versions of 3.11-3.14)
ADMITTED = [
    ("none", [], ["3.11", "3.12", "3.13", "3.14"]),
    ("lower", [">=3.12"], ["3.12", "3.13", "3.14"]),
    ("patch-lower", [">=3.12.4"], ["3.12.4", "3.13", "3.14"]),
    ("upper", ["<3.13"], ["3.11", "3.12"]),
    ("patch-upper", ["<3.12.4"], ["3.11", "3.12"]),
    ("caret", [">=3.11,<4.0"], ["3.11", "3.12", "3.13", "3.14"]),
    ("exact-patch", ["==3.12.1"], ["3.12.1"]),
    ("not-minor", ["!=3.12.*"], ["3.11", "3.13", "3.14"]),
    ("wildcard", ["==3.13.*"], ["3.13"]),
    ("two-sets", [">=3.11", "<3.14"], ["3.11", "3.12", "3.13"]),
    ("nothing", [">=3.15"], []),
]


@pytest.mark.parametrize(
    ("clauses", "expected"), [a[1:] for a in ADMITTED], ids=[a[0] for a in ADMITTED]
)
def test_admitted_versions(clauses: list[str], expected: list[str]) -> None:
    specifiers = [SpecifierSet(c) for c in clauses]
    found = [v for m in PYTHON_VERSIONS if (v := admitted_version(m, specifiers)) is not None]
    assert found == expected


def test_defaults_are_four_systems_times_admitted_pythons() -> None:
    targets = default_targets(Settings(), [SpecifierSet(">=3.12"), None])
    assert [(t.platform.system, t.interpreter.version) for t in targets] == [
        (system, version) for system in DEFAULT_SYSTEMS for version in ("3.12", "3.13", "3.14")
    ]
    linux, darwin = targets[0].platform, targets[-1].platform
    assert (linux.libc, linux.libc_version) == ("glibc", "2.40")
    assert (darwin.libc, darwin.darwin_sdk_version) == ("libSystem", "11.3")


def test_settings_choose_systems_versions_and_libc() -> None:
    settings = Settings(
        systems=("aarch64-linux", "x86_64-darwin", "x86_64-windows"),
        python_versions=("3.10", "3.13"),
        glibc_version="2.28",
        macos_sdk_version="14.0",
    )
    # Named versions are kept even where requires-python excludes them: the plan reports it.
    targets = default_targets(settings, [SpecifierSet(">=3.11")])
    assert [str(t) for t in targets] == [
        "python310 on aarch64-linux",
        "python313 on aarch64-linux",
        "python310 on x86_64-darwin",
        "python313 on x86_64-darwin",
        "python310 on x86_64-windows",
        "python313 on x86_64-windows",
    ]
    assert targets[0].platform.libc_version == "2.28"
    assert targets[2].platform.darwin_sdk_version == "14.0"
    assert targets[4].platform.libc == "msvcrt"


def test_make_target_ignores_versions_of_other_kernels() -> None:
    target = make_target("x86_64-darwin", "3.12", glibc_version="2.17", macos_sdk_version="12.0")
    assert (target.platform.libc_version, target.platform.darwin_sdk_version) == (None, "12.0")
