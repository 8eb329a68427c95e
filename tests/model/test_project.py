"""The project model: dependencies keep what was written and compare normalized."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet

from pynix.errors import InvalidRequirement
from pynix.model import Dependency, PathSource, Project, ProjectFormat
from pynix.model.project import frozen_mapping

DEPENDENCIES = [
    ("requests", "requests", (), ""),
    ("Requests[Socks,security] >=2.31", "requests", ("security", "socks"), ">=2.31"),
    ("zope.interface (>=5.0)", "zope-interface", (), ">=5.0"),
    ("pip @ https://example.org/pip.whl", "pip", (), ""),
]


@pytest.mark.parametrize(
    ("text", "name", "extras", "spec"), DEPENDENCIES, ids=[d[0] for d in DEPENDENCIES]
)
def test_dependency_parse(text: str, name: str, extras: tuple[str, ...], spec: str) -> None:
    dep = Dependency.parse(text)
    assert (dep.name, dep.extras, str(dep.specifier), dep.text) == (name, extras, spec, text)


def test_dependency_round_trips_through_pep508() -> None:
    dep = Dependency.parse(
        "Foo[b,a] >=1,<2 ; sys_platform == 'linux'", source=PathSource(path="../foo")
    )
    assert str(dep) == 'foo[a,b]<2,>=1; sys_platform == "linux"'
    assert Dependency.from_requirement(dep.to_requirement()).specifier == dep.specifier
    assert dep.source == PathSource(path="../foo")
    url = Dependency.parse("pip @ https://example.org/pip.whl ; os_name == 'posix'")
    assert str(url) == 'pip @ https://example.org/pip.whl ; os_name == "posix"'


def test_dependency_parse_error_has_a_caret() -> None:
    with pytest.raises(InvalidRequirement) as info:
        Dependency.parse("foo >= 1 bar")
    assert info.value.span == (4, 10)


def test_project_defaults_and_dynamic_version() -> None:
    project = Project(format=ProjectFormat.PEP621, name="Spam_Eggs", dynamic=("version",))
    assert project.canonical_name == "spam-eggs"
    assert project.is_dynamic_version
    assert project.requires_python is None
    assert dict(project.optional_dependencies) == {}
    assert Project(format=ProjectFormat.PEP621, version="1").is_dynamic_version is False
    assert (
        SpecifierSet(">=3.11")
        == Project(
            format=ProjectFormat.PEP621, requires_python=SpecifierSet(">=3.11")
        ).requires_python
    )


def test_frozen_mapping_is_a_read_only_copy() -> None:
    source = {"a": 1}
    frozen = frozen_mapping(source)
    source["b"] = 2
    assert dict(frozen) == {"a": 1}
    with pytest.raises(TypeError):
        frozen["c"] = 3  # type: ignore[index]
    assert dict(frozen_mapping()) == {}
