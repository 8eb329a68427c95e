"""Properties of the project namespaces: near-miss files give JSON or a PynixError, and what a
loader gives reads back into the functions that take it."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pynix.errors import PynixError
from pynix.interop import JSON, call

requirements = st.lists(
    st.sampled_from(
        [
            "click",
            "Requests[Socks]",
            ">=2.31",
            ",<3",
            " ; python_version < '3.11'",
            "; extra == 'x'",
            " @ https://h.example/p-1.0.tar.gz",
            "===1.0",
            "~=1",
            "(>=1.0)",
            "[",
            " ",
            "Zope.Interface",
            "==1.0.*",
            "; os_name in 'nt posix'",
            "; 'a' == 'b'",
        ]
    ),
    min_size=1,
    max_size=4,
).map("".join)
names = st.sampled_from(["dev", "Dev_X", "test", "lint", "a.b", "", "x y"])
group_entries: st.SearchStrategy[Any] = st.lists(
    requirements | st.builds(lambda n: {"include-group": n}, names) | st.integers(),
    max_size=3,
)
constraints = st.from_regex(
    r"\A(\^|~|~=|>=|<|==|!=|\*|)?[ ]?[0-9]{1,2}(\.[0-9x*]{1,2}){0,2}"
    r"( ?(,|\|\|| ) ?(<|>=)?[0-9]{1,2}(\.[0-9]){0,2})?\Z"
)
poetry_dependency: st.SearchStrategy[Any] = (
    constraints
    | st.fixed_dictionaries(
        {},
        optional={
            "version": constraints,
            "extras": st.lists(names, max_size=2),
            "python": constraints,
            "platform": st.sampled_from(["linux", "win32 || darwin", "!=win32"]),
            "markers": st.sampled_from(["os_name == 'nt'", "extra == 'x'", "bad marker"]),
            "optional": st.booleans(),
            "git": st.just("https://g.example/x.git"),
            "url": st.just("https://h.example/x-1.0.tar.gz"),
            "path": st.just("../x"),
        },
    )
    | st.lists(st.fixed_dictionaries({"version": constraints, "python": constraints}), max_size=2)
)
pyprojects: st.SearchStrategy[JSON] = st.fixed_dictionaries(
    {},
    optional={
        "project": st.fixed_dictionaries(
            {"name": st.sampled_from(["app", "App_Name", "x y"])},
            optional={
                "dependencies": st.lists(requirements, max_size=3),
                "optional-dependencies": st.dictionaries(names, st.lists(requirements, max_size=2)),
                "requires-python": st.sampled_from([">=3.9", "<4,>=3.9", "3.9", "==3.*", ""]),
                "version": st.sampled_from(["1.0", "one"]),
                "dynamic": st.lists(
                    st.sampled_from(["version", "dependencies", "name"]), max_size=2
                ),
            },
        ),
        "dependency-groups": st.dictionaries(names, group_entries, max_size=3),
        "build-system": st.fixed_dictionaries(
            {}, optional={"requires": st.lists(requirements, max_size=2)}
        ),
        "tool": st.fixed_dictionaries(
            {},
            optional={
                "poetry": st.fixed_dictionaries(
                    {},
                    optional={
                        "name": st.sampled_from(["harbour", "x y"]),
                        "version": st.sampled_from(["1.0", "one"]),
                        "authors": st.lists(
                            st.sampled_from(["Ines <i@example.org>", "Tools", "<a@b>"]), max_size=2
                        ),
                        "dependencies": st.dictionaries(
                            st.sampled_from(["python", "click", "Requests", "x y"]),
                            poetry_dependency,
                            max_size=3,
                        ),
                        "extras": st.dictionaries(names, st.lists(names, max_size=2), max_size=2),
                        "group": st.dictionaries(
                            names,
                            st.fixed_dictionaries(
                                {
                                    "dependencies": st.dictionaries(
                                        names, poetry_dependency, max_size=2
                                    )
                                }
                            ),
                            max_size=2,
                        ),
                    },
                ),
                "pdm": st.fixed_dictionaries(
                    {
                        "dev-dependencies": st.dictionaries(
                            names,
                            st.lists(
                                requirements
                                | st.sampled_from(
                                    ["-e ./kit", "-e git+https://g.example/k.git#egg=kit", "-e"]
                                ),
                                max_size=2,
                            ),
                            max_size=2,
                        )
                    }
                ),
                "uv": st.fixed_dictionaries(
                    {}, optional={"dev-dependencies": st.lists(requirements, max_size=2)}
                ),
            },
        ),
    },
)
requirement_files = st.lists(
    requirements
    | st.sampled_from(
        [
            "# comment",
            "",
            "-e ./kit",
            "--index-url https://i.example/simple",
            "--hash=sha256:" + "a" * 64,
            "-r other.txt",
            "https://h.example/x-1.0.tar.gz#egg=x",
            "x==1 \\",
            "  --hash sha256:" + "b" * 64,
            "--pre",
        ]
    ),
    max_size=5,
).map("\n".join)
scripts = st.lists(
    st.sampled_from(
        [
            "# /// script",
            "# ///",
            "#",
            "# dependencies = ['click', 'rich>=13']",
            "# requires-python = '>=3.11'",
            "# requires-python = '3.11'",
            "# dependencies = [1]",
            "# [tool.uv]",
            "# at = 2024-01-02",
            "# x = inf",
            "# x = [",
            "import sys",
        ]
    ),
    max_size=7,
).map("\n".join)
LOADERS = (
    "project.loadPyproject",
    "project.loadUVPyproject",
    "project.loadPDMPyproject",
    "project.loadPoetryPyproject",
    "project.loadPyprojectDynamic",
)
TARGET: JSON = {
    "system": "x86_64-linux",
    "version": "3.12",
    "packages": {
        "click": {"pname": "click", "version": "8.1.7"},
        "requests": {"pname": "requests", "version": "2.31.0"},
        "zope-interface": {"pname": "zope.interface", "version": "bad version"},
    },
}


def is_json(value: object) -> bool:
    if value is None or isinstance(value, bool | int | str):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(is_json(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json(v) for k, v in value.items())
    return False


def json_or_error(name: str, *args: JSON) -> JSON | None:
    try:
        result = call(name, *args)
    except PynixError:
        return None
    assert is_json(result)
    return result


@settings(max_examples=300)
@given(pyprojects, st.sampled_from(LOADERS))
def test_a_loaded_project_reads_back(pyproject: JSON, loader: str) -> None:
    loaded = json_or_error(loader, {"pyproject": pyproject, "projectRoot": "."})
    if loaded is None:
        return
    assert isinstance(loaded, dict)
    # What a loader gives is what the functions taking a project accept: no error here.
    found = call("validators.validateVersionConstraints", {"project": loaded, "python": TARGET})
    assert isinstance(found, dict)
    environ = call("pep508.mkEnviron", TARGET)
    filtered = json_or_error(
        "pep621.filterDependenciesByEnviron", environ, [], loaded["dependencies"]
    )
    if filtered is not None:
        assert isinstance(filtered, dict)
        assert sorted(filtered) == ["build-systems", "dependencies", "extras", "groups"]


@given(pyprojects)
def test_pyproject_functions_give_json_or_an_error(pyproject: JSON) -> None:
    json_or_error("pep621.parseDependencies", {"pyproject": pyproject})
    json_or_error("pep621.parseRequiresPython", pyproject)
    json_or_error("poetry.parseDependencies", pyproject)
    json_or_error("poetry.translatePoetryProject", pyproject)


@given(requirement_files)
def test_requirements_files_give_json_or_an_error(text: str) -> None:
    lines = json_or_error("pip.parseRequirementsTxt", text)
    loaded = json_or_error("project.loadRequirementsTxt", {"requirements": text})
    assert (lines is None) == (loaded is None)
    if isinstance(loaded, dict):
        found = call("validators.validateVersionConstraints", {"project": loaded, "python": TARGET})
        assert isinstance(found, dict)


@given(scripts)
def test_scripts_give_json_or_an_error(text: str) -> None:
    json_or_error("pep723.parseScript", text)


@given(constraints)
def test_a_constraint_is_one_or_several(text: str) -> None:
    several: Any = json_or_error("poetry.parseVersionConds", text)
    one: Any = json_or_error("poetry.parseVersionCond", text)
    if one is not None:
        assert one == several
