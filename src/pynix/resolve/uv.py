"""Creating locks with the real ``uv``: ``uv lock`` for projects, ``uv pip compile`` for the rest.

pynix never resolves dependencies itself. uv (a pynix dependency from PyPI;
its binary found with ``uv.find_uv_bin()``) runs as a subprocess with
``UV_PYTHON_DOWNLOADS=never``, in the user's environment and with the user's
uv configuration (tests pass their own environment in :class:`LockOptions`):

* :func:`lock_project` runs ``uv lock`` for a ``pyproject.toml`` project and
  leaves ``uv.lock`` where uv puts it (the workspace root);
* :func:`compile_requirements` runs ``uv pip compile --universal
  --generate-hashes --format pylock.toml`` for a ``requirements.txt``, a
  ``setup.cfg`` project or a PEP 723 script, and writes a PEP 751
  ``pylock.toml`` (:func:`default_pylock_path` says where).

Both return a :class:`LockResult` (the lock, whether it changed, uv's
``Resolved 17 packages in 618ms``) and print nothing. uv failing is
:class:`~pynix.errors.CommandFailed`, one line summarising uv's ``error:`` and
its first and last ``cause:`` (uv's hint as the hint), with the input file as
the location; uv missing is :class:`~pynix.errors.ToolMissing`. Credentials
(URL userinfo, ``*_PASSWORD``/``*_TOKEN`` variables) never reach a message.

What uv 0.13 does, measured, and what this module does about it:

* ``uv lock`` looks for ``pyproject.toml`` in the *parent* directories too:
  a directory without one is refused here, before uv could lock a project
  above it. A ``pyproject.toml`` with no ``[project]``,
  ``[dependency-groups]`` or ``[tool.uv.workspace]`` (a Poetry 1 project) is
  "locked" by uv into a lock without a single package: refused too.
* ``uv lock`` writes ``uv.lock`` in place (truncate and write, not a rename)
  and only after resolving; a failed resolution leaves it alone and an
  unchanged lock is not rewritten. Because a run killed while writing (a
  timeout, Ctrl-C) could still truncate it, the old bytes are kept and put
  back whenever uv does not succeed. Copying the project elsewhere instead
  would break relative path sources and workspaces.
* In a workspace member, ``uv lock`` locks the whole workspace into the
  root's ``uv.lock``; ``uv workspace dir`` says where that is.
* ``uv lock`` has no ``--python-version`` (the range is ``requires-python``)
  and no platform option (``[tool.uv] environments`` is read from
  ``pyproject.toml`` only; uv rejects it in a ``uv.toml``, and
  ``--config-setting`` is for build backends): both are refused with a hint.
  Its interpreter must satisfy ``requires-python``.
* ``uv pip compile -o`` wants the PEP 751 name ``pylock.toml`` or
  ``pylock.<name>.toml``, writes paths of local packages relative to the
  output's directory, and reads an existing output as the versions to keep
  (which is what makes ``--upgrade-package`` move one package only). So the
  temporary output sits beside the real one, starts as a copy of it, and
  replaces it only when uv succeeds.
* ``--universal`` and ``--python-platform`` exclude each other: no platform
  gives a universal lock, one platform a lock for that platform and the one
  Python version of ``--python-version``; more are refused.
* ``uv pip compile setup.cfg`` wants to build the project, and a script's
  ``requires-python`` is ignored when the script is the input: both are fed
  their parsed dependencies on standard input, with the lowest Python their
  ``requires-python`` admits as ``--python-version`` (an upper bound cannot
  be passed on, nor a script's ``[tool.uv]`` table). Without a floor uv
  takes the interpreter's version as the lowest.
* A first ``uv pip compile`` writes markers that a second one, reading the
  first's output, simplifies (``python_full_version >= '3.11'`` on every
  package goes): a changed lock is compiled once more, without upgrades, so
  that compiling again gives the same bytes. ``uv lock`` is stable at once.
* Without ``--no-header`` the command line, paths included, goes into the lock.
* uv redacts URL userinfo in what it prints; :mod:`pynix.resolve._uv_output`,
  which reads uv's stderr, scrubs every known credential again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path

from packaging.specifiers import SpecifierSet

from pynix.errors import (
    CommandFailed,
    InvalidArgument,
    Location,
    PynixError,
    ToolMissing,
    Unsupported,
)
from pynix.index.credentials import redact
from pynix.model import Index, Project, ProjectFormat
from pynix.model.project import frozen_mapping
from pynix.resolve._uv_output import read_report, scrub, secrets_in, summarize
from pynix.standards.requirements import parse_requirement
from pynix.write import write_files

__all__ = [
    "LockOptions",
    "LockResult",
    "compile_requirements",
    "default_pylock_path",
    "lock_project",
]

_INSTALL_HINT = "install it with `pip install uv` (pynix runs uv to resolve dependencies)"
_PYTHON_VERSION = re.compile(r"^3\.\d+(\.\d+)?$")
#: Nix systems, as pynix spells targets, and uv's name for each platform.
_UV_PLATFORMS = {
    "x86_64-linux": "x86_64-unknown-linux-gnu",
    "aarch64-linux": "aarch64-unknown-linux-gnu",
    "x86_64-darwin": "x86_64-apple-darwin",
    "aarch64-darwin": "aarch64-apple-darwin",
    "x86_64-windows": "x86_64-pc-windows-msvc",
    "aarch64-windows": "aarch64-pc-windows-msvc",
    "i686-windows": "i686-pc-windows-msvc",
}
_COMPILED = (ProjectFormat.REQUIREMENTS_TXT, ProjectFormat.SETUP_CFG, ProjectFormat.SCRIPT)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class LockOptions:
    """What to pass to uv besides the input; every field is optional.

    * ``indexes``: the index marked ``default`` replaces PyPI
      (``--default-index``); the others are searched before it, in the order
      given (``--index [name=]url``; a named index takes uv's
      ``UV_INDEX_<NAME>_USERNAME``/``_PASSWORD`` credentials). Indexes the
      project names itself (``[[tool.uv.index]]``, ``--index-url`` lines) are
      read by uv anyway.
    * ``find_links``: directories or pages of distributions (``--find-links``).
    * ``python_version``: the lowest Python a compiled lock supports
      (``--python-version 3.11``); projects take theirs from ``requires-python``.
    * ``platforms``: restrict a compiled lock to one platform, as a Nix system
      (``x86_64-linux``) or uv's name (``x86_64-manylinux_2_28``).
    * ``upgrade_packages``: let these move to newer versions, keeping every
      other pin (``--upgrade-package``: a name, optionally with a range:
      ``urllib3>=2.2.2``); ``upgrade_all`` lets every package move.
    * ``python``: the interpreter uv resolves with, a path or a request such
      as ``3.12`` (default: the one running pynix). uv never downloads one.
    * ``env``: the whole environment uv runs in (default: this process's);
      ``UV_PYTHON_DOWNLOADS=never`` is always set on top.
    * ``timeout``: seconds before uv is stopped.

    Raises :class:`~pynix.errors.InvalidArgument` for a value uv would not
    take (:class:`~pynix.errors.InvalidRequirement` for a bad upgrade).

    >>> LockOptions(python_version="3.11", upgrade_packages=("alpha",)).upgrade_packages
    ('alpha',)
    >>> LockOptions(python_version="3")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidArgument: --python-version: not a Python version: 3
      hint: give major.minor, such as 3.11
    """

    indexes: tuple[Index, ...] = ()
    find_links: tuple[str, ...] = ()
    python_version: str | None = None
    platforms: tuple[str, ...] = ()
    upgrade_packages: tuple[str, ...] = ()
    upgrade_all: bool = False
    python: str | None = None
    env: Mapping[str, str] | None = None
    timeout: float | None = None

    def __post_init__(self) -> None:
        defaults = [index for index in self.indexes if index.default]
        if len(defaults) > 1:
            urls = " and ".join(redact(index.url) for index in defaults[:2])
            raise InvalidArgument(
                f"more than one default index: {urls}",
                hint="the default index replaces PyPI; give the others as extra indexes",
            )
        for index in self.indexes:
            if index.explicit:
                raise InvalidArgument(
                    "an explicit index only serves packages pinned to it, which uv's command "
                    f"line cannot say: {redact(index.url)}",
                    hint="declare it and the packages pinned to it in pyproject.toml "
                    "([[tool.uv.index]] and [tool.uv.sources])",
                )
        if self.python_version is not None and not _PYTHON_VERSION.match(self.python_version):
            raise InvalidArgument(
                "not a Python version",
                location=Location(key="--python-version"),
                text=self.python_version,
                hint="give major.minor, such as 3.11",
            )
        for position, package in enumerate(self.upgrade_packages):
            _check_upgrade(package, position)
        if self.timeout is not None and not self.timeout > 0:
            raise InvalidArgument(f"the timeout must be positive, not {self.timeout}")
        if self.env is not None:
            object.__setattr__(self, "env", frozen_mapping(self.env))

    def __repr__(self) -> str:
        """The fields, with index and link URLs redacted and the environment left out."""
        shown: list[str] = []
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name == "indexes":
                value = tuple(dataclasses.replace(i, url=redact(i.url)) for i in value)
            elif field.name == "find_links":
                value = tuple(redact(link) for link in value)
            elif field.name == "env" and value is not None:
                value = f"<{len(value)} variables>"
            shown.append(f"{field.name}={value!r}")
        return f"LockOptions({', '.join(shown)})"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class LockResult:
    """What a uv run did: the lock file, whether its bytes changed, and what uv reported.

    ``summary`` is uv's ``Resolved 17 packages in 618ms`` (empty if uv said
    nothing of the kind); ``updates`` are its ``Added beta v1.0``,
    ``Updated alpha v1.0 -> v2.0``, ``Removed gamma v1.0`` lines (``uv lock``
    only); ``warnings`` its ``warning:`` lines without the prefix.
    ``previous`` is what the lock file held before (``None``: there was
    none), for a caller that must put it back when a later step fails.
    """

    path: Path
    changed: bool
    summary: str
    updates: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    previous: bytes | None = dataclasses.field(default=None, repr=False)


def lock_project(directory: Path | str, options: LockOptions | None = None) -> LockResult:
    """Run ``uv lock`` for the ``pyproject.toml`` project in ``directory`` (or that file).

    The lock is ``uv.lock`` beside the project's ``pyproject.toml``, or the
    workspace root's when the project is a workspace member. It is left
    byte-for-byte as it was unless uv succeeds.

    Raises :class:`~pynix.errors.InvalidArgument` when there is no
    ``pyproject.toml`` or ``options`` has a Python version or platforms
    (``uv lock`` reads those from the project), :class:`~pynix.errors.Unsupported`
    for a ``pyproject.toml`` uv cannot lock,
    :class:`~pynix.errors.ToolMissing` and :class:`~pynix.errors.CommandFailed`.
    """
    options = options or LockOptions()
    given = Path(directory)
    root = given.parent if given.name == "pyproject.toml" and given.is_file() else given
    pyproject = root / "pyproject.toml"
    if options.python_version is not None:
        raise InvalidArgument(
            "uv lock takes the Python versions from the project, not from --python-version",
            location=Location(file=str(pyproject)),
            hint="set requires-python in pyproject.toml",
        )
    if options.platforms:
        raise InvalidArgument(
            "uv lock takes the platforms to lock for from the project, not from the command line",
            location=Location(file=str(pyproject)),
            hint="list them in pyproject.toml: [tool.uv] environments = "
            "[\"sys_platform == 'linux'\"]",
        )
    _check_lockable(root, pyproject)
    lock = _workspace_root(root, options) / "uv.lock"
    before = _read_bytes(lock)
    try:
        args = ["lock", *_common_args(options), *_upgrade_args(options)]
        stderr = _run_uv(args, options, cwd=root, file=pyproject)
    except BaseException:
        _restore(lock, before)
        raise
    after = _read_bytes(lock)
    if after is None:
        raise CommandFailed(
            f"uv lock succeeded but wrote no {lock}", location=Location(file=str(pyproject))
        )
    return _result(lock, before, after, stderr, options)


def compile_requirements(
    project: Project,
    source: Path | str,
    options: LockOptions | None = None,
    *,
    output: Path | str | None = None,
) -> LockResult:
    """Compile a requirements file, ``setup.cfg`` project or PEP 723 script to ``pylock.toml``.

    ``project`` is what :func:`pynix.load.load_project` read from ``source``.
    A requirements file is given to uv as it is (its ``-r``, ``-c`` and
    ``--index-url`` lines included); the dependencies of a ``setup.cfg``
    project or a script go to uv on standard input, with their
    ``requires-python`` floor. ``output`` defaults to
    :func:`default_pylock_path`; an existing one keeps its pins, except for
    ``options.upgrade_packages``. Nothing is written unless uv succeeds.

    Raises :class:`~pynix.errors.InvalidArgument` for another kind of project,
    an output not named as PEP 751 says, or more than one platform;
    :class:`~pynix.errors.Unsupported` for a dependency uv cannot read on
    standard input; :class:`~pynix.errors.ToolMissing`,
    :class:`~pynix.errors.CommandFailed`.
    """
    options = options or LockOptions()
    source = Path(source)
    target = Path(output) if output is not None else default_pylock_path(project, source)
    _pylock_name(target)  # refuse a bad name before uv runs
    if len(options.platforms) > 1:
        raise InvalidArgument(
            "a compiled lock is for every platform or for one: " + ", ".join(options.platforms),
            hint="give no platform (a universal lock) or exactly one",
        )
    if project.format is ProjectFormat.REQUIREMENTS_TXT:
        inputs, stdin, floor = [str(source.resolve())], None, None
    elif project.format in _COMPILED:
        inputs, stdin = ["-"], _requirement_lines(project, source)
        floor = _python_floor(project.requires_python)
    else:
        raise InvalidArgument(
            f"a {project.format} project is locked with uv lock, not compiled",
            location=Location(file=str(source)),
            hint="lock its directory: uv.lock keeps its extras and groups",
        )
    args = ["pip", "compile", *inputs, "--generate-hashes", "--format", "pylock.toml"]
    args.append("--no-header")
    if options.platforms:
        args += ["--python-platform", _UV_PLATFORMS.get(options.platforms[0], options.platforms[0])]
    else:
        args.append("--universal")
    python_version = options.python_version or floor
    if python_version is not None:
        args += ["--python-version", python_version]
    args += _common_args(options)
    return _compile(target, args, options, cwd=source.parent, file=source, stdin=stdin)


def default_pylock_path(project: Project, source: Path | str) -> Path:
    """Where :func:`compile_requirements` writes by default: beside ``source``.

    ``pylock.toml`` for ``requirements.txt``, ``requirements.in`` and
    ``setup.cfg``; ``pylock.<stem>.toml`` for a script or another
    requirements file (PEP 751 names, dots in the stem turned into ``-``).

    >>> from pynix.model import ProjectFormat, Project
    >>> default_pylock_path(Project(format=ProjectFormat.SCRIPT), "tools/fetch.data.py")
    PosixPath('tools/pylock.fetch-data.toml')
    >>> default_pylock_path(Project(format=ProjectFormat.REQUIREMENTS_TXT), "requirements.in")
    PosixPath('pylock.toml')
    """
    path = Path(source)
    plain = path.name in ("requirements.txt", "requirements.in", "setup.cfg")
    if plain and project.format is not ProjectFormat.SCRIPT:
        return path.with_name("pylock.toml")
    return path.with_name(f"pylock.{path.stem.replace('.', '-')}.toml")


def _compile(
    target: Path,
    args: list[str],
    options: LockOptions,
    *,
    cwd: Path,
    file: Path,
    stdin: str | None,
) -> LockResult:
    """Run ``uv pip compile`` into a scratch copy of ``target`` beside it; then replace it."""
    created = [d for d in (target.parent, *target.parent.parents) if not d.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    # Beside the real output, as uv writes local paths relative to it; a PEP 751 name.
    scratch = target.with_name(f"pylock.{_pylock_name(target)}-pynix{secrets.token_hex(4)}.toml")
    args = [*args, "--output-file", str(scratch.resolve())]
    before = _read_bytes(target)
    try:
        if before is not None:
            shutil.copyfile(target, scratch)  # uv keeps the versions of an existing output
        stderr = _run_uv(args + _upgrade_args(options), options, cwd=cwd, file=file, stdin=stdin)
        after = _read_bytes(scratch)
        if after is not None and after != before:
            # uv writes simpler markers when it re-reads its own output; settle there, so
            # that compiling again changes nothing.
            _run_uv(args, options, cwd=cwd, file=file, stdin=stdin)
            after = _read_bytes(scratch)
        if after is None:
            raise CommandFailed(
                "uv pip compile succeeded but wrote no lock", location=Location(file=str(file))
            )
        if after != before:
            write_files({target: after}, force=True)
    except BaseException:
        scratch.unlink(missing_ok=True)
        for directory in created:  # the deepest first; only while empty
            with contextlib.suppress(OSError):
                directory.rmdir()
        raise
    finally:
        scratch.unlink(missing_ok=True)
    return _result(target, before, after, stderr, options)


# -- checks and arguments ----------------------------------------------------------------------


def _check_upgrade(package: str, position: int) -> None:
    try:
        requirement = parse_requirement(package)
    except PynixError as error:
        raise error.at(key=f"--upgrade-package[{position}]") from None
    if requirement.url or requirement.marker or requirement.extras:
        raise InvalidArgument(
            "an upgrade is a package name, optionally with a version range",
            location=Location(key=f"--upgrade-package[{position}]"),
            text=package,
        )


def _check_lockable(root: Path, pyproject: Path) -> None:
    if not pyproject.is_file():
        raise InvalidArgument(
            "no pyproject.toml here: uv lock locks pyproject.toml projects",
            location=Location(file=str(root)),
            hint="requirements files, setup.cfg projects and PEP 723 scripts are compiled "
            "to pylock.toml instead",
        )
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return  # uv says what is wrong with it, in its words
    if "project" in data or "dependency-groups" in data or _declares_workspace(pyproject):
        return
    raise Unsupported(
        "uv lock needs a [project] table (PEP 621), and this file has none",
        location=Location(file=str(pyproject)),
        hint="move the metadata to [project] (Poetry 2 and PDM read it too), "
        "or keep the tool's own lock for pynix to read",
    )


def _common_args(options: LockOptions) -> list[str]:
    args = ["--color", "never", "--no-progress", "--python", options.python or sys.executable]
    for index in options.indexes:
        # A name selects uv's UV_INDEX_<NAME>_USERNAME/_PASSWORD, for the default index too.
        named = f"{index.name}={index.url}" if index.name else index.url
        args += ["--default-index" if index.default else "--index", named]
    for link in options.find_links:
        args += ["--find-links", link]
    return args


def _upgrade_args(options: LockOptions) -> list[str]:
    args = []
    if options.upgrade_all:
        args.append("--upgrade")
    for package in options.upgrade_packages:
        args += ["--upgrade-package", package.strip()]
    return args


def _pylock_name(path: Path) -> str:
    """The ``<name>`` of ``pylock.<name>.toml`` (``pylock`` for ``pylock.toml``)."""
    if path.name == "pylock.toml":
        return "pylock"
    match = re.fullmatch(r"pylock\.([^.]+)\.toml", path.name)
    if match is None:
        raise InvalidArgument(
            "a PEP 751 lock is named pylock.toml or pylock.<name>.toml (no dots in the name)",
            text=str(path),
        )
    return match.group(1)


def _requirement_lines(project: Project, source: Path) -> str:
    lines = []
    for dependency in project.dependencies:
        if dependency.source is not None and dependency.url is None:
            raise Unsupported(
                f"{dependency.name} comes from a source uv cannot read on standard input",
                location=Location(file=str(source)),
                hint="give it as a direct reference: name @ URL",
            )
        lines.append(dependency.text or str(dependency))
    return "".join(f"{line}\n" for line in lines)


def _python_floor(requires_python: SpecifierSet | None) -> str | None:
    """The lowest CPython 3 version ``requires_python`` admits, as ``--python-version`` takes it.

    >>> _python_floor(SpecifierSet(">=3.9,<4")), _python_floor(SpecifierSet(">3.10"))
    ('3.9', '3.10.1')
    >>> _python_floor(SpecifierSet(">=3.10.4")), _python_floor(SpecifierSet("<3"))
    ('3.10.4', None)
    """
    if requires_python is None or not str(requires_python):
        return None
    for minor in range(60):
        for patch in range(40):
            if requires_python.contains(f"3.{minor}.{patch}", prereleases=False):
                return f"3.{minor}" if patch == 0 else f"3.{minor}.{patch}"
    return None


# -- running uv --------------------------------------------------------------------------------


def _uv_binary() -> str:
    try:
        found = str(importlib.import_module("uv").find_uv_bin())
    except (ImportError, FileNotFoundError):
        raise ToolMissing("cannot find the uv program", hint=_INSTALL_HINT) from None
    if not os.access(found, os.X_OK):
        raise ToolMissing(f"the uv program is not executable: {found}", hint=_INSTALL_HINT)
    return found


def _environment(options: LockOptions) -> dict[str, str]:
    env = dict(os.environ if options.env is None else options.env)
    env["UV_PYTHON_DOWNLOADS"] = "never"
    return env


def _run_uv(
    args: list[str],
    options: LockOptions,
    *,
    cwd: Path,
    file: Path,
    stdin: str | None = None,
) -> str:
    """Run uv; its stderr on success, else :class:`CommandFailed` located at ``file``."""
    command = "uv " + " ".join(args[:2] if args[0] == "pip" else args[:1])
    binary = _uv_binary()
    env = _environment(options)
    try:
        result = subprocess.run(
            [binary, *args],
            cwd=cwd,
            env=env,
            # Without input uv reads an empty stdin: it must never wait for a keyboard.
            input=stdin or "",
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=options.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise CommandFailed(
            f"{command} did not finish within {options.timeout:g} seconds",
            location=Location(file=str(file)),
            hint="give it more time, or check that the indexes answer",
        ) from None
    except OSError as error:
        raise ToolMissing(f"cannot run uv: {error.strerror}", hint=_INSTALL_HINT) from None
    if result.returncode != 0:
        message, hint = summarize(result.stderr)
        hidden = _secrets(options)
        raise CommandFailed(
            scrub(f"{command} failed: {message or f'exit status {result.returncode}'}", hidden),
            location=Location(file=str(file)),
            hint=scrub(hint, hidden) if hint else None,
        )
    return result.stderr


def _workspace_root(root: Path, options: LockOptions) -> Path:
    """The directory of the ``uv.lock`` that ``uv lock`` in ``root`` writes (else ``root``).

    Only a directory above with a ``[tool.uv.workspace]`` can hold ``root``
    as a member; then uv decides (members, excludes), else no second uv run.
    """
    if not any(_declares_workspace(parent / "pyproject.toml") for parent in root.resolve().parents):
        return root
    try:
        result = subprocess.run(
            [_uv_binary(), "workspace", "dir"],
            cwd=root,
            env=_environment(options),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=options.timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return root
    answer = result.stdout.strip()
    if result.returncode != 0 or not answer:
        return root
    found = Path(answer)
    return root if found.resolve() == root.resolve() else found


def _declares_workspace(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool")
    uv_table = tool.get("uv") if isinstance(tool, dict) else None
    return isinstance(uv_table, dict) and "workspace" in uv_table


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _restore(lock: Path, before: bytes | None) -> None:
    """Put ``lock`` back as it was, if uv changed it."""
    if _read_bytes(lock) == before:
        return
    if before is None:
        lock.unlink(missing_ok=True)
    else:
        write_files({lock: before}, force=True)


def _result(
    path: Path, before: bytes | None, after: bytes, stderr: str, options: LockOptions
) -> LockResult:
    report = read_report(stderr, _secrets(options))
    return LockResult(
        path=path,
        changed=after != before,
        summary=report.summary,
        updates=report.updates,
        warnings=report.warnings,
        previous=before,
    )


def _secrets(options: LockOptions) -> tuple[str, ...]:
    urls = [*(index.url for index in options.indexes), *options.find_links]
    return secrets_in(urls, _environment(options))
