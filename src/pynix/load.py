"""Reading project files: the one place that finds, reads and recognises them.

Parsers in :mod:`pynix.formats` take strings and mappings; this module does
the file system part and adds the file name to every error they raise.

Which file a path means:

* a **file** is read by its name (``pyproject.toml``, ``setup.cfg``), else by
  its suffix (``*.toml`` as a pyproject, ``*.cfg`` as a setup.cfg, ``*.txt``
  and ``*.in`` as pip requirements, ``*.py`` as a PEP 723 script); a
  ``pyproject.toml`` that only configures tools leads to the ``setup.cfg``
  beside it, if there is one;
* a **directory** is searched in this order: ``pyproject.toml`` when it
  describes a project (``[project]``, ``[tool.poetry]``, uv's or PDM's
  tables, ``[dependency-groups]``; see :mod:`pynix.formats.dialects`), else
  ``setup.cfg`` when it has ``[metadata]`` or ``[options]``, else
  ``requirements.txt``. A pyproject that
  only configures tools (``[build-system]``, ``[tool.black]``) next to a
  setup.cfg is the classic setuptools layout: the project comes from
  setup.cfg, its build system from pyproject's ``[build-system]`` (plus
  ``setup_requires``, which setuptools' backend still asks for).

Adding a format is one entry in ``_BY_NAME`` / ``_BY_SUFFIX`` (and in
``_DIRECTORY_FILES`` when a directory may hold it) and one loader function.

Lock files (:func:`load_lock`): a path that is a lock file is read by its
name (``uv.lock``, ``poetry.lock``, ``pdm.lock``, ``pylock.toml``,
``pylock.<name>.toml``; any ``*.txt`` as a hashed requirements file); a
project file (``pyproject.toml``, ``setup.cfg``, a script) or a directory
leads to the lock beside it, searched in this order: ``uv.lock``,
``pylock.toml``, ``poetry.lock``, ``pdm.lock``, a single
``pylock.<name>.toml``, a single ``requirements*.txt`` that has ``--hash``
options (a requirements file without hashes is a project's input, not its
lock).

Errors: a missing path is :class:`~pynix.errors.InvalidArgument`; a file pynix
cannot tell is :class:`~pynix.errors.UnknownFormat`; a TOML syntax error is
:class:`~pynix.errors.InvalidProject` at ``file:line`` with a caret; parser
errors gain the file name as the path was given.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

# tomli's compiled wheels parse a large lock about three times faster than the
# standard library's pure-Python tomllib, which it is otherwise identical to.
import tomli as tomllib

from pynix.errors import InvalidArgument, InvalidProject, Location, PynixError, UnknownFormat
from pynix.formats.build_system import parse_build_system
from pynix.formats.dialects import detect_dialect, parse_pyproject_toml
from pynix.formats.inline_script import parse_script, script_to_project
from pynix.formats.requirements_txt import (
    RequirementLine,
    parse_requirements_txt,
    requirements_to_project,
)
from pynix.formats.setup_cfg import parse_setup_cfg
from pynix.locks import read_lock
from pynix.locks.requirements_lock import read_requirements_lock
from pynix.model import BuildSystem, LockSet, PathSource, Project, ProjectFormat
from pynix.standards.names import import_name

__all__ = [
    "find_lock_file",
    "find_project_file",
    "import_names",
    "load_lock",
    "load_project",
    "load_workspace",
    "read_script_text",
    "source_root",
]

_Loader = Callable[[Path, str], Project]
_TOML_POSITION = re.compile(r"\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
_SETUP_CFG_SECTIONS = re.compile(r"^\[(metadata|options)\]", re.MULTILINE)


def load_project(path: Path | str) -> Project:
    """Load the project at ``path``: a project file, or a directory holding one.

    ``source_file`` of the result is the file read, spelled relative to
    ``path`` as given. Raises :class:`~pynix.errors.PynixError` subclasses
    naming the file (see the module docstring).
    """
    file = find_project_file(path)
    return _load_file(file, str(file))


def find_project_file(path: Path | str) -> Path:
    """The file :func:`load_project` reads for ``path`` (itself, when it is a file).

    Raises :class:`~pynix.errors.InvalidArgument` when ``path`` does not
    exist and :class:`~pynix.errors.UnknownFormat` when a directory holds no
    project file.
    """
    given = Path(path)
    if given.is_file():
        return given
    if not given.is_dir():
        raise InvalidArgument("no such file or directory", location=Location(file=str(given)))
    present = [given / name for name in _DIRECTORY_FILES if (given / name).is_file()]
    for candidate in present:
        if _describes_project(candidate):
            return candidate
    if present:
        return present[0]  # reading it gives the precise reason why it is not a project
    raise UnknownFormat(
        "no project file here: looked for " + ", ".join(_DIRECTORY_FILES),
        location=Location(file=str(given)),
        hint="pynix reads pyproject.toml (PEP 621, Poetry, PDM, uv), setup.cfg, "
        "requirements.txt and PEP 723 scripts",
    )


def load_workspace(root: Path | str) -> tuple[Project, ...]:
    """The project at ``root`` and then its uv workspace members, in path order.

    ``[tool.uv.workspace] members`` globs are expanded relative to the root's
    directory, ``exclude`` globs taken away; every member directory must hold
    a ``pyproject.toml`` (uv's rule), else :class:`~pynix.errors.InvalidProject`.
    """
    project = load_project(root)
    if not project.workspace_members:
        return (project,)
    source = Path(project.source_file or root)
    directory = source.parent
    members = _expand(directory, project, "members")
    excluded = set(_expand(directory, project, "exclude"))
    loaded: list[Project] = [project]
    for member in members:
        if member in excluded or member.resolve() == directory.resolve():
            continue
        pyproject = member / "pyproject.toml"
        if not pyproject.is_file():
            raise InvalidProject(
                f"workspace member {member} has no pyproject.toml",
                location=Location(file=str(source), key="tool.uv.workspace.members"),
                hint="add one, or list the directory in tool.uv.workspace.exclude",
            )
        loaded.append(_load_file(pyproject, str(pyproject)))
    return tuple(loaded)


# -- locks ---------------------------------------------------------------------------------------

_LOCK_FILES = ("uv.lock", "pylock.toml", "poetry.lock", "pdm.lock")
_PROJECT_FILES = ("pyproject.toml", "setup.cfg")


def load_lock(path: Path | str, *, allow_unhashed: bool = False) -> LockSet:
    """Load the lock at ``path``: a lock file, or the one beside a project file or in a directory.

    ``allow_unhashed`` lets a requirements file have lines without
    ``--hash``. ``source_file`` of the result is the file read, spelled
    relative to ``path`` as given. Raises :class:`~pynix.errors.PynixError`
    subclasses naming the file (and the dotted key or line inside it).
    """
    file = find_lock_file(path)
    shown = str(file)
    text = _read_text(file, shown)
    try:
        if file.suffix == ".txt":
            lock = read_requirements_lock(
                text,
                name=shown,
                allow_unhashed=allow_unhashed,
                read=_read_include,
                name_of=_local_project_name,
                environ=os.environ,
            )
        else:
            lock = read_lock(text, filename=shown)
    except PynixError as error:
        raise error.at(file=shown) from None
    return dataclasses.replace(lock, source_file=shown)


def find_lock_file(path: Path | str) -> Path:
    """The file :func:`load_lock` reads for ``path`` (see the module docstring).

    Raises :class:`~pynix.errors.InvalidArgument` when ``path`` does not
    exist and :class:`~pynix.errors.UnknownFormat` when no lock is found, or
    when several ``pylock.<name>.toml`` or hashed requirements files leave
    the choice open.
    """
    given = Path(path)
    if given.is_file():
        if given.name not in _PROJECT_FILES and given.suffix != ".py":
            return given
        directory = given.parent
    elif given.is_dir():
        directory = given
    else:
        raise InvalidArgument("no such file or directory", location=Location(file=str(given)))
    for name in _LOCK_FILES:
        if (directory / name).is_file():
            return directory / name
    named = sorted(p for p in directory.glob("pylock.*.toml") if p.is_file())
    hashed = sorted(
        p
        for p in directory.glob("requirements*.txt")
        if p.is_file() and "--hash" in _read_text(p, str(p))
    )
    for found in (named, hashed):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise UnknownFormat(
                "several lock files here: " + ", ".join(p.name for p in found),
                location=Location(file=str(directory)),
                hint="name the one to use",
            )
    raise UnknownFormat(
        "no lock file here: looked for "
        + ", ".join(_LOCK_FILES)
        + ", pylock.<name>.toml and hashed requirements*.txt",
        location=Location(file=str(directory)),
        hint="lock the project first (uv lock, poetry lock, pdm lock, or pynix lock)",
    )


# -- loaders -------------------------------------------------------------------------------------


def _load_file(file: Path, shown: str) -> Project:
    loader = _BY_NAME.get(file.name) or _BY_SUFFIX.get(file.suffix)
    if loader is None:
        raise UnknownFormat(
            "not a file pynix can read as a project",
            location=Location(file=shown),
            hint="pynix reads pyproject.toml, setup.cfg, requirements files (*.txt, *.in) "
            "and PEP 723 scripts (*.py)",
        )
    try:
        project = loader(file, shown)
    except PynixError as error:
        raise error.at(file=shown) from None
    if project.source_file is not None:  # a loader that read another file said which
        return project
    return dataclasses.replace(project, source_file=shown)


def _load_pyproject(file: Path, shown: str) -> Project:
    data = _read_toml(file, shown)
    if detect_dialect(data) is None and file.name == "pyproject.toml":
        beside = file.parent / "setup.cfg"
        if beside.is_file():
            return _load_file(beside, str(beside))
    return parse_pyproject_toml(data)


def _load_setup_cfg(file: Path, shown: str) -> Project:
    project = parse_setup_cfg(_read_text(file, shown))
    build_system = _declared_build_system(file.parent / "pyproject.toml")
    if build_system is None:
        return project
    legacy = project.build_system.requires if project.build_system else ()
    declared = {d.name for d in build_system.requires}
    # legacy[0] is setuptools>=40.8.0 itself; the rest is setup_requires.
    extra = tuple(d for d in legacy[1:] if d.name not in declared)
    return dataclasses.replace(
        project,
        build_system=dataclasses.replace(build_system, requires=build_system.requires + extra),
    )


def _load_requirements(file: Path, shown: str) -> Project:
    parsed = parse_requirements_txt(
        _read_text(file, shown), name=shown, read=_read_include, environ=os.environ
    )
    return requirements_to_project(parsed, name_of=_local_project_name)


def _read_include(including: str, reference: str) -> tuple[str, str]:
    """An included requirements file: pip resolves it relative to the file that names it."""
    if "://" in reference:
        raise UnknownFormat(
            f"cannot include {reference!r}: only local files can be included",
            hint="download it next to the requirements file and include that",
        )
    target = Path(including).parent / reference
    if not target.is_file():
        # Located by the parser at the including line, which is what the user must fix.
        raise InvalidArgument(f"cannot include {str(target)!r}: no such file")
    return str(target), _read_text(target, str(target))


def _local_project_name(line: RequirementLine) -> str:
    """The name of an unnamed local requirement (``-e .``, ``./lib``), read from its metadata."""
    source = line.source
    if isinstance(source, PathSource):
        directory = Path(line.file).parent / source.path
        if directory.is_dir():
            name = load_project(directory).name
            if name:
                return name
    raise UnknownFormat(
        f"cannot tell which distribution {line.text!r} is",
        location=Location(file=line.file, line=line.line),
        hint="add '#egg=NAME' to the line, or point it at a directory with project metadata",
    )


def _load_script(file: Path, shown: str) -> Project:
    return script_to_project(parse_script(_read_text(file, shown), name=shown))


_BY_NAME: Mapping[str, _Loader] = {"pyproject.toml": _load_pyproject, "setup.cfg": _load_setup_cfg}
_BY_SUFFIX: Mapping[str, _Loader] = {
    ".toml": _load_pyproject,
    ".cfg": _load_setup_cfg,
    ".txt": _load_requirements,
    ".in": _load_requirements,
    ".py": _load_script,
}
_DIRECTORY_FILES = ("pyproject.toml", "setup.cfg", "requirements.txt")


def _describes_project(file: Path) -> bool:
    """Whether a directory's ``file`` holds a project, at a glance; a file that cannot be read
    counts, so that its error is the one reported."""
    try:
        if file.name == "pyproject.toml":
            return detect_dialect(_read_toml(file, str(file))) is not None
        if file.name == "setup.cfg":
            return _SETUP_CFG_SECTIONS.search(_read_text(file, str(file))) is not None
    except PynixError:
        return True
    return True


def _declared_build_system(pyproject: Path) -> BuildSystem | None:
    if not pyproject.is_file():
        return None
    shown = str(pyproject)
    data = _read_toml(pyproject, shown)
    if "build-system" not in data:
        return None
    try:
        return parse_build_system(data["build-system"])
    except PynixError as error:
        raise error.at(file=shown) from None


# -- reading -------------------------------------------------------------------------------------


def _read_text(file: Path, shown: str) -> str:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InvalidProject(
            f"not UTF-8 text (byte {error.start})", location=Location(file=shown)
        ) from None
    except OSError as error:
        raise InvalidArgument(
            f"cannot read: {error.strerror or error}", location=Location(file=shown)
        ) from None
    return text.removeprefix("\ufeff")


def _read_toml(file: Path, shown: str) -> dict[str, Any]:
    text = _read_text(file, shown)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(str(error), text, shown) from None


def _toml_error(message: str, text: str, shown: str) -> InvalidProject:
    """tomllib's ``Invalid value (at line 3, column 10)`` as ``file:3`` with a caret."""
    position = _TOML_POSITION.search(message)
    lines = text.splitlines()
    if position is None:
        at_end = _TOML_END.search(message) is not None
        detail = _TOML_END.sub("", message)
        return InvalidProject(
            f"invalid TOML: {detail[:1].lower()}{detail[1:]}"
            + (" at the end of the file" if at_end else ""),
            location=Location(file=shown, line=len(lines) if at_end else None),
        )
    line, column = int(position.group("line")), int(position.group("column"))
    detail = message[: position.start()]
    source_line = lines[line - 1] if 0 < line <= len(lines) else None
    return InvalidProject(
        f"invalid TOML: {detail[:1].lower()}{detail[1:]}",
        location=Location(file=shown, line=line),
        text=source_line,
        span=(column - 1, column) if source_line is not None else None,
    )


def _expand(directory: Path, project: Project, key: str) -> list[Path]:
    """The directories matching the ``tool.uv.workspace`` globs under ``key``, sorted."""
    raw = project.raw or {}
    workspace = raw.get("tool", {}).get("uv", {}).get("workspace", {})
    patterns = project.workspace_members if key == "members" else workspace.get(key, [])
    found: set[Path] = set()
    for index, pattern in enumerate(patterns):
        try:
            found.update(p for p in directory.glob(pattern) if p.is_dir())
        except (ValueError, NotImplementedError) as error:
            raise InvalidProject(
                f"{pattern!r} is not a usable glob pattern ({error})",
                location=Location(
                    file=project.source_file, key=f"tool.uv.workspace.{key}[{index}]"
                ),
            ) from None
    return sorted(found)


# -- the project's layout, for renderers that need it -------------------------------------------

_NOT_PACKAGES = frozenset({"tests", "test", "docs", "doc", "examples", "scripts", "build", "dist"})


def source_root(project: Project, directory: Path) -> str:
    """``src`` for a src layout (a ``src`` directory beside the project file), else ``.``."""
    if project.format in (ProjectFormat.SCRIPT, ProjectFormat.REQUIREMENTS_TXT):
        return "."
    return "src" if (directory / "src").is_dir() else "."


def import_names(project: Project, directory: Path) -> tuple[str, ...] | None:
    """The project's top-level package when its directory says so and the name alone does not.

    ``None`` when guessing from the project's name (``my-app`` -> ``my_app``)
    is right or nothing better is known.
    """
    if project.name is None or project.format in (
        ProjectFormat.SCRIPT,
        ProjectFormat.REQUIREMENTS_TXT,
    ):
        return None
    base = directory / "src" if (directory / "src").is_dir() else directory
    packages = sorted(
        entry.name
        for entry in base.iterdir()
        if entry.is_dir()
        and (entry / "__init__.py").is_file()
        and entry.name not in _NOT_PACKAGES
        and entry.name.isidentifier()
    )
    guess = import_name(project.name)
    if guess in packages or not packages:
        return None
    return (packages[0],) if len(packages) == 1 else None


def read_script_text(path: Path) -> str:
    """The text of a PEP 723 script, as it is to be rewritten (``pynix init --shebang``)."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidProject(
            f"cannot read the script: {error}", location=Location(file=str(path))
        ) from None
