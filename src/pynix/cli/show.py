"""``pynix show``: load a project and print what pynix understood of it.

The table is for people; ``--json`` is for scripts and stays stable: keys
sorted, lists in declaration order, every dependency both as its PEP 508
string (``requirement``) and as fields (``name``, ``extras``, ``specifier``,
``marker``, ``url``, ``source``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping
from typing import Any

from packaging.utils import NormalizedName

from pynix.cli._common import Parser, Subparsers
from pynix.load import load_project, load_workspace
from pynix.model import (
    BuildSystem,
    Dependency,
    GitSource,
    Index,
    PathSource,
    Project,
    RegistrySource,
    Source,
    UrlSource,
    WorkspaceSource,
)

__all__ = ["project_json", "register", "render_table", "run"]

_DESCRIPTION = """\
Load a project and print what pynix understood of it: name, version, format,
requires-python, dependencies, extras, dependency groups, build system,
scripts, indexes and dynamic fields, plus notes about anything translated
loosely (a Poetry '||' union, a uv source limited by markers).

PATH is a project file (pyproject.toml in the PEP 621, Poetry, PDM or uv
dialect, or setup.cfg) or a directory holding one (default: the current one).
"""

_EPILOG = """\
examples:
  pynix show                          the project in the current directory
  pynix show ../lib/pyproject.toml    one file
  pynix show --json | jq '.dependencies[].name'
  pynix show --workspace              a uv workspace root and all its members
"""

_LABEL_WIDTH = 17


def register(subparsers: Subparsers) -> None:
    """Add ``show`` to the ``pynix`` command."""
    parser: Parser = subparsers.add_parser(
        "show",
        help="print the normalized project (dependencies, extras, groups, build system)",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "path", nargs="?", default=".", metavar="PATH", help="project file or directory"
    )
    parser.add_argument("--json", action="store_true", help="print stable JSON instead of a table")
    parser.add_argument(
        "--workspace",
        action="store_true",
        help="also load the members of a uv workspace ([tool.uv.workspace] members)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load ``args.path`` and print it; errors propagate to ``main`` (exit status 2)."""
    projects = load_workspace(args.path) if args.workspace else (load_project(args.path),)
    if args.json:
        value: Any = (
            [project_json(p) for p in projects] if args.workspace else project_json(projects[0])
        )
        print(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print("\n\n".join(render_table(p) for p in projects))
    return 0


# -- JSON ----------------------------------------------------------------------------------------


def project_json(project: Project) -> dict[str, Any]:
    """The JSON object ``pynix show --json`` prints for one project."""
    return {
        "name": project.name,
        "version": project.version,
        "format": project.format.value,
        "source_file": project.source_file,
        "description": project.description,
        "license": project.license,
        "license_files": list(project.license_files),
        "classifiers": list(project.classifiers),
        "keywords": list(project.keywords),
        "authors": list(project.authors),
        "urls": dict(project.urls),
        "requires_python": _optional_str(project.requires_python),
        "dependencies": _dependencies_json(project.dependencies),
        "optional_dependencies": _groups_json(project.optional_dependencies),
        "dependency_groups": _groups_json(project.dependency_groups),
        "constraints": _dependencies_json(project.constraints),
        "build_system": _build_system_json(project.build_system),
        "scripts": dict(project.scripts),
        "gui_scripts": dict(project.gui_scripts),
        "entry_points": {group: dict(entries) for group, entries in project.entry_points.items()},
        "dynamic": list(project.dynamic),
        "indexes": [_index_json(index) for index in project.indexes],
        "workspace_members": list(project.workspace_members),
        "notes": [note.to_json() for note in project.notes],
    }


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def _dependencies_json(dependencies: Iterable[Dependency]) -> list[dict[str, Any]]:
    return [
        {
            "requirement": str(dependency),
            "name": dependency.name,
            "extras": list(dependency.extras),
            "specifier": str(dependency.specifier),
            "marker": _optional_str(dependency.marker),
            "url": dependency.url,
            "source": _source_json(dependency.source),
        }
        for dependency in dependencies
    ]


def _groups_json(groups: Mapping[NormalizedName, tuple[Dependency, ...]]) -> dict[str, Any]:
    return {name: _dependencies_json(deps) for name, deps in groups.items()}


def _build_system_json(build: BuildSystem | None) -> dict[str, Any] | None:
    if build is None:
        return None
    return {
        "requires": _dependencies_json(build.requires),
        "backend": build.backend,
        "backend_path": list(build.backend_path),
        "declared": build.declared,
    }


def _index_json(index: Index) -> dict[str, Any]:
    return {
        "url": index.url,
        "name": index.name,
        "default": index.default,
        "explicit": index.explicit,
    }


def _source_json(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    kind = {
        GitSource: "git",
        PathSource: "path",
        UrlSource: "url",
        RegistrySource: "registry",
        WorkspaceSource: "workspace",
    }[type(source)]
    fields = {f: getattr(source, f) for f in source.__slots__}
    return {"kind": kind, **fields}


# -- table ---------------------------------------------------------------------------------------


def render_table(project: Project) -> str:
    """The human-readable table ``pynix show`` prints for one project."""
    rows: list[tuple[str, list[str]]] = [
        ("name", [project.name or "(none)"]),
        ("version", [_version(project)]),
        ("format", [project.format.value]),
        ("file", [project.source_file or "-"]),
    ]
    for label, value in (("description", project.description), ("license", project.license)):
        if value:
            rows.append((label, [value]))
    rows += [
        ("requires-python", [_optional_str(project.requires_python) or "any"]),
        ("dependencies", [_dependency_line(d) for d in project.dependencies]),
        ("extras", _grouped(project.optional_dependencies)),
        ("groups", _grouped(project.dependency_groups)),
    ]
    if project.constraints:
        rows.append(("constraints", [_dependency_line(d) for d in project.constraints]))
    rows += [
        ("build system", _build_system_lines(project.build_system)),
        ("scripts", [f"{name} = {target}" for name, target in project.scripts.items()]),
    ]
    if project.gui_scripts:
        rows.append(("gui scripts", [f"{n} = {t}" for n, t in project.gui_scripts.items()]))
    if project.entry_points:
        rows.append(
            (
                "entry points",
                [
                    f"[{group}] {name} = {target}"
                    for group, entries in project.entry_points.items()
                    for name, target in entries.items()
                ],
            )
        )
    rows.append(("indexes", [_index_line(index) for index in project.indexes]))
    if project.workspace_members:
        rows.append(("workspace", list(project.workspace_members)))
    rows.append(("dynamic", [", ".join(project.dynamic)] if project.dynamic else []))
    if project.notes:
        rows.append(("notes", [str(note) for note in project.notes]))
    return "\n".join(_format_rows(rows))


def _format_rows(rows: list[tuple[str, list[str]]]) -> Iterable[str]:
    for label, values in rows:
        first, *rest = values or ["-"]
        yield f"{label:<{_LABEL_WIDTH}}{first}"
        for value in rest:
            yield " " * _LABEL_WIDTH + value


def _version(project: Project) -> str:
    if project.version is not None:
        return project.version
    return "dynamic" if project.is_dynamic_version else "(none)"


def _grouped(groups: Mapping[NormalizedName, tuple[Dependency, ...]]) -> list[str]:
    lines: list[str] = []
    for name, dependencies in groups.items():
        if not dependencies:
            lines.append(f"[{name}] (empty)")
        lines.extend(f"[{name}] {_dependency_line(d)}" for d in dependencies)
    return lines


def _dependency_line(dependency: Dependency) -> str:
    source = _source_text(dependency.source)
    return f"{dependency}  ({source})" if source else str(dependency)


def _source_text(source: Source | None) -> str | None:
    if source is None:
        return None
    if isinstance(source, GitSource):
        ref = source.requested
        subdirectory = f", subdirectory {source.subdirectory}" if source.subdirectory else ""
        return f"git {source.url}{' @ ' + ref if ref else ''}{subdirectory}"
    if isinstance(source, PathSource):
        return f"path {source.path}{', editable' if source.editable else ''}"
    if isinstance(source, UrlSource):
        return f"url {source.url}"
    if isinstance(source, RegistrySource):
        return f"index {source.name or source.url}"
    return "workspace member"


def _build_system_lines(build: BuildSystem | None) -> list[str]:
    if build is None:
        return []
    head = build.backend or "(no backend)"
    if not build.declared:
        head += "  (assumed: no [build-system] table)"
    return [head, *(f"requires {d}" for d in build.requires)]


def _index_line(index: Index) -> str:
    flags = [flag for flag, on in (("default", index.default), ("explicit", index.explicit)) if on]
    name = f"{index.name}: " if index.name else ""
    return f"{name}{index.url}" + (f"  ({', '.join(flags)})" if flags else "")
