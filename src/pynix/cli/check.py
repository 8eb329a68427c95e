"""``pynix check``: does nixpkgs' Python package set satisfy this project, before anything is built?

The table is for people: one row per finding (severity, package, what,
where), hints under their row, a summary line. ``--json`` is for scripts and
stays stable: sorted keys, findings in the order of
:func:`pynix.check.check_project`, every finding as ``Finding.to_json()``.
Exit status 1 when any finding is an error, 0 otherwise, 2 when the check
could not run.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from packaging.utils import NormalizedName, canonicalize_name

from pynix.check import Code, check_project, snapshot_target
from pynix.cli._common import Parser, Subparsers
from pynix.errors import InvalidArgument, InvalidSnapshot, Unsupported
from pynix.load import load_project
from pynix.model import Finding, Project, Severity
from pynix.nixpkgs.files import load_snapshot
from pynix.nixpkgs.snapshot import Snapshot
from pynix.standards.targets import Interpreter, Platform, Target

__all__ = ["check_json", "register", "render_table", "run"]

DEFAULT_SYSTEM = "x86_64-linux"

_DESCRIPTION = """\
Check a project against a snapshot of nixpkgs' Python package set, before
anything is built: every dependency nixpkgs lacks (with "did you mean"), every
one whose nixpkgs version violates the project's constraint, pre-releases and
versions that are not PEP 440, dependencies taken from git, URLs or paths, and
requires-python against the interpreter.

Checked: the main dependencies whose environment markers hold on the target,
the extras and dependency groups you choose, and the build system's requires.
The target is the snapshot's interpreter (or --python) on --system.

A snapshot is a JSON file listing which Python packages one nixpkgs offers and
at which versions, for one interpreter. Take one from your nixpkgs with
  pynix nixpkgs snapshot -o nixpkgs.json
(see 'pynix nixpkgs snapshot --help' for --nixpkgs PATH and --flake REF).

PATH is a project file (pyproject.toml in any dialect, setup.cfg,
requirements.txt, a PEP 723 script) or a directory holding one (default: the
current one).
"""

_EPILOG = """\
examples:
  pynix nixpkgs snapshot --flake github:NixOS/nixpkgs/nixos-24.11 -o nixpkgs.json
  pynix check --snapshot nixpkgs.json
  pynix check app/ --snapshot nixpkgs.json --extras postgres --groups test
  pynix check --snapshot nixpkgs.json --system x86_64-linux --system aarch64-darwin
  pynix check script.py --snapshot nixpkgs.json --python 3.11 --json | jq '.summary'

exit status:
  0  no errors (warnings and notes may have been printed)
  1  at least one finding is an error: a missing package, a version outside
     its constraint, requires-python excluding the interpreter, an unknown
     extra or group
  2  the check could not run: no project, an unreadable or malformed snapshot,
     a wrong option
"""


def register(subparsers: Subparsers) -> None:
    """Add ``check`` to the ``pynix`` command."""
    parser: Parser = subparsers.add_parser(
        "check",
        help="check a project's dependencies against nixpkgs' versions (no build)",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "path", nargs="?", default=".", metavar="PATH", help="project file or directory"
    )
    parser.add_argument(
        "--snapshot",
        type=Path,
        required=True,
        metavar="FILE",
        help="a nixpkgs snapshot (from 'pynix nixpkgs snapshot -o FILE')",
    )
    parser.add_argument(
        "--python",
        metavar="X.Y",
        help="the interpreter version to check for (default: the snapshot's)",
    )
    parser.add_argument(
        "--system",
        action="append",
        metavar="SYSTEM",
        help=f"a Nix system to check on; repeat for several (default: {DEFAULT_SYSTEM})",
    )
    extras = parser.add_mutually_exclusive_group()
    extras.add_argument(
        "--extras",
        action="append",
        default=[],
        metavar="EXTRA",
        help="an extra (optional dependencies) to include; repeat, or separate with commas",
    )
    extras.add_argument("--all-extras", action="store_true", help="include every extra")
    groups = parser.add_mutually_exclusive_group()
    groups.add_argument(
        "--groups",
        action="append",
        default=[],
        metavar="GROUP",
        help="a dependency group to include; repeat, or separate with commas",
    )
    groups.add_argument("--all-groups", action="store_true", help="include every group")
    parser.add_argument("--json", action="store_true", help="print stable JSON instead of a table")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also list the dependencies skipped because their markers do not hold",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the check; 1 when any finding is an error. Errors propagate to ``main`` (status 2)."""
    targets_python: str | None = args.python
    systems: list[str] = list(dict.fromkeys(args.system or [DEFAULT_SYSTEM]))
    snapshot_file: Path = args.snapshot
    project = load_project(args.path)
    snapshot = load_snapshot(snapshot_file)
    targets = _targets(snapshot, str(snapshot_file), systems, targets_python)
    extras = _names(project.optional_dependencies if args.all_extras else _split(args.extras))
    groups = _names(project.dependency_groups if args.all_groups else _split(args.groups))
    findings = check_project(project, snapshot, targets, extras=extras, groups=groups)
    if args.json:
        value = check_json(project, snapshot, targets, findings, extras=extras, groups=groups)
        print(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(
            render_table(
                project,
                snapshot,
                targets,
                findings,
                extras=extras,
                groups=groups,
                verbose=args.verbose,
            )
        )
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


def _split(values: Iterable[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _names(values: Iterable[str]) -> list[NormalizedName]:
    return list(dict.fromkeys(canonicalize_name(value) for value in values))


def _targets(
    snapshot: Snapshot, file: str, systems: Sequence[str], python: str | None
) -> list[Target]:
    """One target per system; option errors name the option, snapshot errors the file."""
    if python is not None:
        try:
            Interpreter(version=python)
        except InvalidArgument as error:
            raise error.at(key="--python") from None
    for system in systems:
        try:
            Platform.from_system(system)
        except InvalidArgument as error:
            raise error.at(key="--system") from None
    try:
        return [snapshot_target(snapshot, system, python) for system in systems]
    except (InvalidSnapshot, Unsupported) as error:
        raise error.at(file=file) from None


# -- JSON ----------------------------------------------------------------------------------------


def check_json(
    project: Project,
    snapshot: Snapshot,
    targets: Sequence[Target],
    findings: Sequence[Finding],
    *,
    extras: Sequence[str],
    groups: Sequence[str],
) -> dict[str, Any]:
    """The JSON object ``pynix check --json`` prints."""
    return {
        "project": {
            "name": project.name,
            "version": project.version,
            "format": project.format.value,
            "source_file": project.source_file,
        },
        "target": {
            "python": targets[0].interpreter.version,
            "systems": [t.platform.system for t in targets],
            "extras": list(extras),
            "groups": list(groups),
            "nixpkgs": {
                "revision": snapshot.nixpkgs.revision,
                "python": snapshot.python.attr,
                "python_version": snapshot.python.version,
            },
        },
        "findings": [finding.to_json() for finding in findings],
        "summary": {
            "errors": _count(findings, Severity.ERROR),
            "warnings": _count(findings, Severity.WARNING),
        },
    }


def _count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(1 for finding in findings if finding.severity is severity)


# -- table ---------------------------------------------------------------------------------------


def render_table(
    project: Project,
    snapshot: Snapshot,
    targets: Sequence[Target],
    findings: Sequence[Finding],
    *,
    extras: Sequence[str],
    groups: Sequence[str],
    verbose: bool = False,
) -> str:
    """The report ``pynix check`` prints: a heading, one row per finding, a summary."""
    shown = [f for f in findings if verbose or f.code != Code.MARKER_SKIPPED]
    lines = _heading(project, snapshot, targets, extras, groups)
    if shown:
        lines.append("")
        lines.extend(_rows(shown, project.source_file))
    lines.append("")
    lines.append(_summary(shown, hidden=len(findings) - len(shown)))
    return "\n".join(lines)


def _heading(
    project: Project,
    snapshot: Snapshot,
    targets: Sequence[Target],
    extras: Sequence[str],
    groups: Sequence[str],
) -> list[str]:
    name = project.name or "(unnamed project)"
    version = f" {project.version}" if project.version else ""
    where = f" ({project.source_file})" if project.source_file else ""
    revision = snapshot.nixpkgs.revision
    nixpkgs = f"nixpkgs {revision[:12]}" if revision else "nixpkgs"
    python = snapshot.python
    systems = ", ".join(t.platform.system for t in targets)
    interpreter = targets[0].interpreter
    lines = [
        f"checked {name}{version}{where}",
        f"against {nixpkgs} ({python.attr} {python.version}) for {interpreter} on {systems}",
    ]
    chosen = [
        f"{label}: {', '.join(values)}"
        for label, values in (("extras", extras), ("groups", groups))
        if values
    ]
    if chosen:
        lines.append("with " + "; ".join(chosen))
    return lines


def _rows(findings: Sequence[Finding], file: str | None) -> list[str]:
    # The free text goes last, so that one long message does not widen every row.
    with_target = any(f.target for f in findings)
    header = ["severity", "package", "where"] + (["target"] if with_target else []) + ["what"]
    rows = [
        [f.severity.value, f.subject or "-", _where(f, file)]
        + ([f.target or "all"] if with_target else [])
        + [_what(f)]
        for f in findings
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [_line(header, widths)]
    indent = sum(widths[:-1]) + 2 * (len(widths) - 1)  # hints go under the "what" column
    for finding, row in zip(findings, rows, strict=True):
        lines.append(_line(row, widths))
        if finding.hint:
            lines.append(" " * indent + f"hint: {finding.hint}")
    return lines


def _where(finding: Finding, file: str | None) -> str:
    """The key path alone when the finding is in the project file the heading names."""
    location = finding.location
    if location is None or not str(location):
        return "-"
    if location.file == file and location.key:
        return location.key if location.line is None else f"line {location.line}: {location.key}"
    return str(location)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _what(finding: Finding) -> str:
    """The message without the ``package: `` it starts with (the table has a package column)."""
    prefix = f"{finding.subject}: "
    if finding.subject and finding.message.startswith(prefix):
        return finding.message[len(prefix) :]
    return finding.message


def _summary(shown: Sequence[Finding], *, hidden: int) -> str:
    counts = [
        (_count(shown, Severity.ERROR), "error"),
        (_count(shown, Severity.WARNING), "warning"),
        (_count(shown, Severity.INFO), "note"),
    ]
    parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts if n]
    text = ", ".join(parts) if parts else "no problems found"
    if hidden == 1:
        text += "; 1 dependency skipped by its marker (-v lists it)"
    elif hidden:
        text += f"; {hidden} dependencies skipped by their markers (-v lists them)"
    return text
