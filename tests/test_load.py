"""Finding, reading and recognising project files, and the file names errors gain on the way."""

from __future__ import annotations

from pathlib import Path

import pytest

from pynix.errors import (
    IncludeCycle,
    InvalidArgument,
    InvalidProject,
    InvalidRequirement,
    UnknownFormat,
)
from pynix.load import find_project_file, load_project, load_workspace
from pynix.model import ProjectFormat

PROJECTS = Path(__file__).resolve().parent / "fixtures" / "projects"

# (path relative to tests/fixtures/projects, format, name, the file read)
LOADABLE = [
    ("pep621-hatchling", ProjectFormat.PEP621, "Weather_Report", "pep621-hatchling/pyproject.toml"),
    ("setuptools-scm-dynamic", ProjectFormat.PEP621, "tidal-clock",
     "setuptools-scm-dynamic/pyproject.toml"),
    ("poetry1-app", ProjectFormat.POETRY, "harbour-master", "poetry1-app/pyproject.toml"),
    ("poetry2-library", ProjectFormat.POETRY, "lighthouse", "poetry2-library/pyproject.toml"),
    ("pdm-service", ProjectFormat.PDM, "ferry-booking", "pdm-service/pyproject.toml"),
    ("uv-workspace", ProjectFormat.UV, "tidewatch", "uv-workspace/pyproject.toml"),
    ("uv-workspace/packages/core/pyproject.toml", ProjectFormat.PEP621, "tidewatch-core",
     "uv-workspace/packages/core/pyproject.toml"),
    ("setup-cfg-classic", ProjectFormat.SETUP_CFG, "anchor-chain", "setup-cfg-classic/setup.cfg"),
    ("setup-cfg-classic/pyproject.toml", ProjectFormat.SETUP_CFG, "anchor-chain",
     "setup-cfg-classic/setup.cfg"),
    ("setup-cfg-attr-version/setup.cfg", ProjectFormat.SETUP_CFG, "buoy",
     "setup-cfg-attr-version/setup.cfg"),
    ("include-cycle/../pdm-service", ProjectFormat.PDM, "ferry-booking",
     "include-cycle/../pdm-service/pyproject.toml"),
]  # fmt: skip

# (path, error class, the exact message; a trailing newline means "and then a caret line")
ERRORS: list[tuple[str, type[Exception], str]] = [
    (
        "bad-toml/broken.toml",
        InvalidProject,
        'bad-toml/broken.toml:8: invalid TOML: unclosed array:   "click" "rich",\n'
        + " " * 64
        + "^",
    ),
    (
        "wrong-types/wrong-types.toml",
        InvalidProject,
        "wrong-types/wrong-types.toml: project.dependencies[3]: expected a string, got an integer",
    ),
    (
        "bad-requirement/bad-requirement.toml",
        InvalidRequirement,
        (
            "bad-requirement/bad-requirement.toml: project.dependencies[1]: expected comma (within "
            "version specifier), semicolon (after version specifier) or end: flask >= 2.0 extra\n"
        ),
    ),
    (
        "include-cycle",
        IncludeCycle,
        (
            "include-cycle/pyproject.toml: dependency-groups.checks[0]: include-group cycle: "
            "test -> lint -> checks -> test"
        ),
    ),
    (
        "bad-setup-cfg",
        InvalidRequirement,
        (
            "bad-setup-cfg/setup.cfg:7: options.install_requires: expected a marker variable or "
            "quoted string: numpy >= 1.22 ; python_version >\n"
        ),
    ),
    (
        "unknown-dialect",
        UnknownFormat,
        (
            "unknown-dialect: no project file here: looked for pyproject.toml and setup.cfg\n"
            "  hint: pynix reads pyproject.toml (PEP 621, Poetry, PDM, uv) and setup.cfg"
        ),
    ),
    (
        "unknown-dialect/tox.ini",
        UnknownFormat,
        (
            "unknown-dialect/tox.ini: not a file pynix can read as a project\n"
            "  hint: pynix reads pyproject.toml and setup.cfg files"
        ),
    ),
    (
        "tools-only",
        UnknownFormat,
        (
            "tools-only/pyproject.toml: not a project: no [project], [tool.poetry] or "
            "[dependency-groups] table\n"
            "  hint: a pyproject.toml that only configures tools describes no dependencies"
        ),
    ),
    ("no-such-project", InvalidArgument, "no-such-project: no such file or directory"),
]


@pytest.fixture
def in_projects(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in tests/fixtures/projects, so that paths (and messages) are short and relative."""
    monkeypatch.chdir(PROJECTS)
    return PROJECTS


@pytest.mark.usefixtures("in_projects")
@pytest.mark.parametrize(("path", "kind", "name", "file"), LOADABLE, ids=[x[0] for x in LOADABLE])
def test_load_project(path: str, kind: ProjectFormat, name: str, file: str) -> None:
    project = load_project(path)
    assert (project.format, project.name, project.source_file) == (kind, name, file)
    assert find_project_file(path) == Path(path if path.endswith((".toml", ".cfg")) else file)


@pytest.mark.usefixtures("in_projects")
@pytest.mark.parametrize(("path", "error", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_name_the_file(path: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        load_project(path)
    text = str(info.value)
    if message.endswith("\n"):
        head, caret = text.split("\n")
        assert head + "\n" == message
        assert caret.strip(" ").strip("^") == ""
    else:
        assert text == message
    assert len(text.splitlines()) <= 2


@pytest.mark.usefixtures("in_projects")
def test_classic_setuptools_layout_takes_the_build_system_from_pyproject() -> None:
    project = load_project("setup-cfg-classic")
    assert project.build_system is not None
    assert project.build_system.declared
    assert project.build_system.backend == "setuptools.build_meta"
    # pyproject's requires, then setup_requires that it does not name already
    assert [str(d) for d in project.build_system.requires] == [
        "setuptools>=61",
        "wheel",
        "cython>=3.0",
        "setuptools-scm>=7",
    ]


@pytest.mark.usefixtures("in_projects")
def test_load_workspace_expands_members_and_skips_excluded() -> None:
    projects = load_workspace("uv-workspace")
    assert [(p.name, p.source_file) for p in projects] == [
        ("tidewatch", "uv-workspace/pyproject.toml"),
        ("tidewatch-cli", "uv-workspace/packages/cli/pyproject.toml"),
        ("tidewatch-core", "uv-workspace/packages/core/pyproject.toml"),
    ]
    assert [p.format for p in projects] == [
        ProjectFormat.UV,
        ProjectFormat.UV,
        ProjectFormat.PEP621,
    ]


@pytest.mark.usefixtures("in_projects")
def test_load_workspace_without_members_is_the_project_alone() -> None:
    assert [p.name for p in load_workspace("pep621-hatchling")] == ["Weather_Report"]


@pytest.mark.usefixtures("in_projects")
def test_workspace_member_without_pyproject() -> None:
    with pytest.raises(InvalidProject) as info:
        load_workspace("uv-missing-member")
    assert str(info.value) == (
        "uv-missing-member/pyproject.toml: tool.uv.workspace.members: workspace member "
        "uv-missing-member/libs/b has no pyproject.toml\n"
        "  hint: add one, or list the directory in tool.uv.workspace.exclude"
    )


def test_unusable_glob(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.uv.workspace]\nmembers = ["/abs/*"]\n', encoding="utf-8"
    )
    with pytest.raises(InvalidProject) as info:
        load_workspace(tmp_path)
    assert str(info.value).startswith(
        f"{tmp_path}/pyproject.toml: tool.uv.workspace.members[0]: '/abs/*' is not a usable glob"
    )


def test_broken_pyproject_in_a_directory_is_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x\n', encoding="utf-8")
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = y\n", encoding="utf-8")
    with pytest.raises(InvalidProject) as info:
        load_project(tmp_path)
    assert str(info.value).startswith(f"{tmp_path}/pyproject.toml:2: invalid TOML: ")


def test_toml_error_at_the_end_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndeps = [\n', encoding="utf-8")
    with pytest.raises(InvalidProject) as info:
        load_project(tmp_path)
    assert str(info.value) == (
        f"{tmp_path}/pyproject.toml:3: invalid TOML: invalid value at the end of the file"
    )


def test_a_project_pyproject_wins_over_setup_cfg(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = y\n", encoding="utf-8")
    assert load_project(tmp_path).name == "x"


def test_tools_only_files_on_both_sides(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.black]\n", encoding="utf-8")
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-line-length = 99\n", encoding="utf-8")
    with pytest.raises(UnknownFormat) as info:
        load_project(tmp_path)
    assert str(info.value) == (
        f"{tmp_path}/setup.cfg: not a project: no [metadata] or [options] section"
    )


def test_encoding(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'\xef\xbb\xbf[project]\nname = "bom"\n')
    assert load_project(tmp_path).name == "bom"
    (tmp_path / "setup.cfg").write_bytes(b"[metadata]\nname = caf\xe9\n")
    with pytest.raises(InvalidProject) as info:
        load_project(tmp_path / "setup.cfg")
    assert str(info.value) == f"{tmp_path}/setup.cfg: not UTF-8 text (byte 21)"


def test_setup_cfg_beside_a_broken_build_system(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[build-system]\nrequires = 1\n", encoding="utf-8")
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = y\n", encoding="utf-8")
    with pytest.raises(InvalidProject) as info:
        load_project(tmp_path)
    assert str(info.value) == (
        f"{tmp_path}/pyproject.toml: build-system.requires: expected an array, got an integer"
    )
