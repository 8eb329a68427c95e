"""Finding, reading and recognising project files, and the file names errors gain on the way."""

from __future__ import annotations

from pathlib import Path

import pytest

from pynix.errors import (
    IncludeCycle,
    InvalidArgument,
    InvalidProject,
    InvalidRequirement,
    PynixError,
    UnknownFormat,
)
from pynix.load import (
    find_lock_file,
    find_project_file,
    import_names,
    load_lock,
    load_project,
    load_workspace,
    read_script_text,
    source_root,
)
from pynix.model import LockFormat, PathSource, ProjectFormat, RegistrySource

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
            "unknown-dialect: no project file here: looked for pyproject.toml, setup.cfg, "
            "requirements.txt\n"
            "  hint: pynix reads pyproject.toml (PEP 621, Poetry, PDM, uv), setup.cfg, "
            "requirements.txt and PEP 723 scripts"
        ),
    ),
    (
        "unknown-dialect/tox.ini",
        UnknownFormat,
        (
            "unknown-dialect/tox.ini: not a file pynix can read as a project\n"
            "  hint: pynix reads pyproject.toml, setup.cfg, requirements files (*.txt, *.in) and "
            "PEP 723 scripts (*.py)"
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


# -- requirements files and PEP 723 scripts ------------------------------------------------------


def test_requirements_file_with_includes_and_constraints(tmp_path: Path) -> None:
    (tmp_path / "deps").mkdir()
    (tmp_path / "deps" / "base.txt").write_text("attrs==24.2.0\n")
    (tmp_path / "deps" / "pins.txt").write_text("idna<4\n")
    top = tmp_path / "requirements.txt"
    top.write_text("-r deps/base.txt\n-c deps/pins.txt\nrequests\n")
    project = load_project(top)
    assert project.format is ProjectFormat.REQUIREMENTS_TXT
    assert project.source_file == str(top)
    assert [str(d) for d in project.dependencies] == ["attrs==24.2.0", "requests"]
    assert [str(d) for d in project.constraints] == ["idna<4"]


def test_requirements_txt_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("requests==2.32.3\n")
    project = load_project(tmp_path)
    assert project.format is ProjectFormat.REQUIREMENTS_TXT
    assert [str(d) for d in project.dependencies] == ["requests==2.32.3"]


def test_editable_directory_takes_its_name_from_its_metadata(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "pyproject.toml").write_text(
        '[project]\nname = "Tide_Lib"\nversion = "1"\n'
    )
    (tmp_path / "requirements.txt").write_text("-e ./lib\n")
    (dependency,) = load_project(tmp_path / "requirements.txt").dependencies
    assert dependency.name == "tide-lib"
    assert isinstance(dependency.source, PathSource)
    assert (dependency.source.path, dependency.source.editable) == ("./lib", True)


def test_unnamed_line_without_metadata(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("requests\n-e ./nowhere\n")
    with pytest.raises(UnknownFormat) as info:
        load_project(tmp_path / "requirements.txt")
    assert str(info.value) == (
        f"{tmp_path / 'requirements.txt'}:2: cannot tell which distribution './nowhere' is\n"
        "  hint: add '#egg=NAME' to the line, or point it at a directory with project metadata"
    )


def test_missing_include_is_located_at_the_including_line(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("# base\n-r missing.txt\n")
    with pytest.raises(InvalidArgument) as info:
        load_project(tmp_path / "requirements.txt")
    assert str(info.value) == (
        f"{tmp_path / 'requirements.txt'}:2: cannot include '{tmp_path / 'missing.txt'}': "
        "no such file"
    )


def test_remote_include_is_refused(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r https://example.org/base.txt\n")
    with pytest.raises(UnknownFormat, match=r"requirements\.txt:1: cannot include 'https://"):
        load_project(tmp_path / "requirements.txt")


def test_pep723_script(tmp_path: Path) -> None:
    script = tmp_path / "fetch-data.py"
    script.write_text(
        '# /// script\n# requires-python = ">=3.12"\n# dependencies = ["httpx"]\n# ///\n'
    )
    project = load_project(script)
    assert (project.format, project.name, project.source_file) == (
        ProjectFormat.SCRIPT,
        "fetch-data",
        str(script),
    )
    assert [d.name for d in project.dependencies] == ["httpx"]


def test_pep723_error_names_the_script(tmp_path: Path) -> None:
    script = tmp_path / "bad.py"
    script.write_text('# /// script\n# dependencies = ["ok", "no >"]\n# ///\n')
    with pytest.raises(InvalidRequirement) as info:
        load_project(script)
    assert str(info.value).startswith(f"{script}: dependencies[1]: ")


# -- locks --------------------------------------------------------------------------------------

LOCKS = Path(__file__).resolve().parent / "fixtures" / "locks"
PLAN_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plan"
HASHED = "idna==3.10 --hash=sha256:" + "ab" * 32 + "\n"

# (id, files to create (name -> fixture or text), path to load relative to the directory,
#  the file read, format)
FOUND_LOCKS = [
    ("uv-lock", {"uv.lock": LOCKS / "uv-tree" / "uv.lock"}, ".", "uv.lock", LockFormat.UV),
    (
        "beside-pyproject",
        {
            "pyproject.toml": "[project]\nname = 'x'\n",
            "poetry.lock": LOCKS / "poetry-2.1" / "poetry.lock",
        },
        "pyproject.toml",
        "poetry.lock",
        LockFormat.POETRY,
    ),
    (
        "uv-first",
        {"uv.lock": LOCKS / "uv-tree" / "uv.lock", "pdm.lock": LOCKS / "pdm-current" / "pdm.lock"},
        ".",
        "uv.lock",
        LockFormat.UV,
    ),
    (
        "named-pylock",
        {"pylock.dev.toml": LOCKS / "pylock" / "pylock.toml"},
        ".",
        "pylock.dev.toml",
        LockFormat.PYLOCK,
    ),
    (
        "hashed-requirements",
        {"requirements.txt": "flask\n", "requirements-lock.txt": HASHED},
        ".",
        "requirements-lock.txt",
        LockFormat.REQUIREMENTS,
    ),
    ("any-txt-by-name", {"deps.txt": HASHED}, "deps.txt", "deps.txt", LockFormat.REQUIREMENTS),
    (
        "lock-file-itself",
        {"pdm.lock": LOCKS / "pdm-current" / "pdm.lock"},
        "pdm.lock",
        "pdm.lock",
        LockFormat.PDM,
    ),
]


def _populate(directory: Path, files: dict[str, Path | str]) -> None:
    for name, content in files.items():
        text = content.read_text() if isinstance(content, Path) else content
        (directory / name).write_text(text)


@pytest.mark.parametrize(
    ("files", "given", "read", "kind"),
    [f[1:] for f in FOUND_LOCKS],
    ids=[f[0] for f in FOUND_LOCKS],
)
def test_load_lock_finds_the_lock(
    tmp_path: Path, files: dict[str, Path | str], given: str, read: str, kind: LockFormat
) -> None:
    _populate(tmp_path, files)
    path = tmp_path / given if given != "." else tmp_path
    assert find_lock_file(path) == tmp_path / read
    lock = load_lock(path)
    assert (lock.format, lock.source_file) == (kind, str(tmp_path / read))


# (id, files, the exact message after "<directory>: " or the file name)
LOCK_ERRORS = [
    (
        "nothing",
        {"requirements.txt": "flask\n"},
        (
            "{dir}: no lock file here: looked for uv.lock, pylock.toml, poetry.lock, pdm.lock, "
            "pylock.<name>.toml and hashed requirements*.txt\n"
            "  hint: lock the project first (uv lock, poetry lock, pdm lock, or pynix lock)"
        ),
    ),
    (
        "two-requirements",
        {"requirements.txt": HASHED, "requirements-dev.txt": HASHED},
        (
            "{dir}: several lock files here: requirements-dev.txt, requirements.txt\n"
            "  hint: name the one to use"
        ),
    ),
    (
        "duplicate",
        {
            "uv.lock": (
                'version = 1\n[[package]]\nname = "a"\nversion = "1"\n'
                'source = { registry = "r" }\n'
                '[[package]]\nname = "A"\nversion = "1"\nsource = { registry = "r" }\n'
            )
        },
        "{dir}/uv.lock: package[1]: a 1 is locked twice, here and at package[0]",
    ),
    (
        "unhashed-requirement",
        {"requirements.txt": HASHED + "flask==3.0\n"},
        (
            "{dir}/requirements.txt:2: 'flask==3.0' has no --hash\n"
            "  hint: pip-compile --generate-hashes or uv pip compile --generate-hashes write the "
            "hashes; --allow-unhashed accepts the file without them"
        ),
    ),
]


@pytest.mark.parametrize(
    ("files", "message"), [e[1:] for e in LOCK_ERRORS], ids=[e[0] for e in LOCK_ERRORS]
)
def test_load_lock_errors_name_the_file(
    tmp_path: Path, files: dict[str, Path | str], message: str
) -> None:
    _populate(tmp_path, files)
    with pytest.raises(PynixError) as info:
        load_lock(tmp_path)
    assert str(info.value) == message.format(dir=tmp_path)


def test_load_lock_of_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument) as info:
        load_lock(tmp_path / "nowhere")
    assert str(info.value) == f"{tmp_path / 'nowhere'}: no such file or directory"


def test_load_lock_allows_unhashed_requirements_when_asked(tmp_path: Path) -> None:
    _populate(tmp_path, {"requirements.txt": HASHED + "flask==3.0\n"})
    lock = load_lock(tmp_path / "requirements.txt", allow_unhashed=True)
    assert [(p.name, len(p.file_hashes)) for p in lock.packages] == [("idna", 1), ("flask", 0)]


def test_load_lock_names_the_project_of_uv_export() -> None:
    lock = load_lock(PLAN_FIXTURES / "uv-export" / "requirements.txt")
    assert [(p.name, p.version, p.source) for p in lock.packages] == [
        ("weather-app", None, PathSource(path=".", editable=True)),
        ("idna", "3.10", RegistrySource(url="https://pypi.org/simple")),
    ]


# -- the project's layout --------------------------------------------------------------------------


def test_source_root_and_import_names_read_the_layout(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "tide-clock"\nversion = "1"\n')
    project = load_project(tmp_path)
    assert (source_root(project, tmp_path), import_names(project, tmp_path)) == (".", None)
    (tmp_path / "src" / "tidal").mkdir(parents=True)
    (tmp_path / "src" / "tidal" / "__init__.py").write_text("")
    (tmp_path / "src" / "tests").mkdir()
    (tmp_path / "src" / "tests" / "__init__.py").write_text("")
    assert (source_root(project, tmp_path), import_names(project, tmp_path)) == (
        "src",
        ("tidal",),
    )
    (tmp_path / "src" / "tide_clock").mkdir()
    (tmp_path / "src" / "tide_clock" / "__init__.py").write_text("")
    assert import_names(project, tmp_path) is None  # the name's guess is right


def test_read_script_text(tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_bytes(b"print('\\xc3\\xa9')\n")
    assert read_script_text(script) == "print('\\xc3\\xa9')\n"
    script.write_bytes(b"\xff")
    with pytest.raises(InvalidProject, match=r"run\.py: cannot read the script: 'utf-8' codec"):
        read_script_text(script)
