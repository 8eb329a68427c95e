"""A project as a nixpkgs package function: ``package.nix`` for ``python.pkgs.callPackage``.

The counterpart of pyproject.nix's ``renderers.buildPythonPackage``, written
out as the file a nixpkgs maintainer would write (the Python section of the
nixpkgs manual)::

    { lib, buildPythonPackage, pythonOlder, hatchling, requests, pytestCheckHook }:

    buildPythonPackage {
      pname = "demo";
      version = "1.0";
      pyproject = true;
      disabled = pythonOlder "3.9";
      src = lib.cleanSource ./.;
      build-system = [ hatchling ];
      dependencies = [ requests ];
      optional-dependencies = { socks = [ … ]; };
      nativeCheckInputs = [ pytestCheckHook ];
      pythonImportsCheck = [ "demo" ];
      meta = { … };
    }

Decisions:

* **Arguments** are exactly the names the body uses (read back from the tree),
  helpers first; call it with ``python.pkgs.callPackage ./package.nix { }``.
* **src** is ``lib.cleanSource ./.`` (the directory of ``package.nix``, without
  ``.git`` and editor litter): the file lives next to ``pyproject.toml``.
* **version**: a dynamic version (``dynamic = ["version"]``) cannot be known
  before a build, so unless the caller gives one it is written as
  ``throw "pynix: …"`` with an error finding (``dynamic-version``): evaluation
  fails loudly, naming what to do, rather than building a wrong version.
  With setuptools-scm or hatch-vcs, ``env.SETUPTOOLS_SCM_PRETEND_VERSION``
  passes the version to the build (``./.`` has no ``.git`` to read it from).
* **disabled** comes from ``requires-python``: as ``pythonOlder "3.9"`` when its
  bounds are whole ``X.Y`` versions (nixpkgs' idiom; such a bound admits the
  pre-releases of that ``X.Y``, as ``pythonOlder`` does), otherwise as an
  exact ``python_full_version`` condition.
* **Extras** become ``optional-dependencies``; extras and dependency groups
  named in ``check_groups`` (by default ``test``, ``tests``, ``testing``) also
  become ``nativeCheckInputs``, as pyproject.nix's ``extrasAttrMappings`` do,
  with ``pytest`` replaced by ``pytestCheckHook``.
* **pythonImportsCheck** is the caller's list or, by default, the project name
  with ``-`` as ``_`` (``Flask-Login`` → ``flask_login``); a project whose
  import name differs (``PyYAML`` → ``yaml``) needs the caller to say so --
  finding the real package directory is I/O and the caller's job.
* **buildPythonApplication** when the caller asks for an application and the
  project has scripts: an application's result is not meant to be imported
  by other packages (nixpkgs keeps applications out of ``python.pkgs``), so
  pynix never decides that alone; asked without scripts, it warns and writes
  a package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from pynix.errors import Location
from pynix.model import Dependency, Finding, Project, Severity
from pynix.nix import (
    AttrSet,
    Entry,
    Expr,
    List,
    Path,
    attrs,
    bind,
    call,
    comment,
    is_identifier,
    lam,
    list_,
    op,
    pattern,
    select,
    var,
)
from pynix.nixpkgs.names import NameMap
from pynix.render._scope import free_variables
from pynix.render.conditions import PACKAGE_SCOPE, PYTHON_SYSTEMS, compile_marker, negate
from pynix.render.dependencies import Resolved, dependency_list, resolve
from pynix.render.meta import render_meta
from pynix.render.result import Rendered, merge_findings
from pynix.standards.names import import_name

__all__ = ["CHECK_GROUPS", "package_ref", "render_package"]

CHECK_GROUPS: Mapping[str, str] = {
    "test": "nativeCheckInputs",
    "tests": "nativeCheckInputs",
    "testing": "nativeCheckInputs",
}
"""Default extras/groups → ``buildPythonPackage`` attribute mapping (``extrasAttrMappings``)."""

_SCM_BACKENDS = frozenset({"setuptools-scm", "hatch-vcs"})
# Names Nix itself provides, which are never arguments.
_BUILTINS = frozenset({"builtins", "throw", "abort", "import", "toString", "map", "removeAttrs"})
# Helper arguments of a package function, in the order nixpkgs writes them.
_HELPERS = (
    "lib",
    "stdenv",
    "python",
    "buildPythonPackage",
    "buildPythonApplication",
    "pythonOlder",
    "pythonAtLeast",
    "pytestCheckHook",
)


def package_ref(attr: str) -> Expr:
    """An argument of the package function, or ``python.pkgs."x.y"`` when it cannot be one."""
    return var(attr) if is_identifier(attr) else select(var("python.pkgs"), attr)


def render_package(
    project: Project,
    *,
    names: NameMap | None = None,
    version: str | None = None,
    application: bool = False,
    import_names: Sequence[str] | None = None,
    check_groups: Mapping[str, str] = CHECK_GROUPS,
    systems: Sequence[str] = PYTHON_SYSTEMS,
    src: Expr | None = None,
    header: str | None = None,
) -> Rendered:
    """``package.nix`` for ``project``: a function for ``python.pkgs.callPackage``.

    ``version`` replaces a dynamic or missing version; ``src`` defaults to
    ``lib.cleanSource ./.``; ``header`` is a comment for the top of the file.
    Never raises: problems are findings.
    """
    findings: list[Finding] = []
    name = canonicalize_name(project.name) if project.name else None
    resolved: list[Resolved] = []

    def deps(
        items: Iterable[Dependency],
        where: str,
        extras: Iterable[str] = (),
        drop: frozenset[str] = frozenset(),
    ) -> Expr:
        result = resolve(
            items,
            names=names,
            extras=extras,
            systems=systems,
            requires_python=project.requires_python,
            where=where,
            project=name,
            project_extras=project.optional_dependencies,
        )
        resolved.append(result)
        return dependency_list([r for r in result.refs if r.name not in drop], package_ref)

    scripts = bool(project.scripts or project.gui_scripts)
    if application and not scripts:
        findings.append(
            _finding(
                Severity.WARNING,
                "application-without-scripts",
                "the project has no scripts; written as a package, not an application",
                "project.scripts",
            )
        )
    builder = "buildPythonApplication" if application and scripts else "buildPythonPackage"

    entries: list[Entry] = [bind("pname", name) if name else _no_name(findings)]
    entries.append(_version(project, version, findings))
    entries.append(bind("pyproject", value=True))
    disabled = _disabled(project.requires_python, systems)
    if disabled is not False:
        entries.append(bind("disabled", disabled))
    entries.append(
        bind("src", src if src is not None else call(var("lib.cleanSource"), Path(value="./.")))
    )
    entries.append(bind("build-system", _build_system(project, deps)))
    if project.is_dynamic_version and _uses_scm(project):
        entries.append(bind(("env", "SETUPTOOLS_SCM_PRETEND_VERSION"), var("version")))
    entries.append(bind("dependencies", deps(project.dependencies, "project.dependencies")))
    if project.optional_dependencies:
        entries.append(
            bind(
                "optional-dependencies",
                attrs(
                    [
                        bind(
                            extra,
                            deps(items, f"project.optional-dependencies.{extra}", [extra]),
                        )
                        for extra, items in project.optional_dependencies.items()
                    ]
                ),
            )
        )
    entries.extend(_mapped(project, check_groups, deps))
    modules = (
        list(import_names) if import_names is not None else ([import_name(name)] if name else [])
    )
    if modules:
        entries.append(bind("pythonImportsCheck", modules))
    meta = render_meta(project)
    findings.extend(meta.findings)
    if isinstance(meta.expr, AttrSet) and meta.expr.entries:
        entries.append(bind("meta", meta.expr))

    # `rec` only when an attribute reads another (`version`).
    rec = "version" in free_variables(attrs(entries))
    body = call(var(builder), attrs(entries, rec=rec))
    used = [v for v in free_variables(body) if v not in _BUILTINS]
    helpers = [h for h in _HELPERS if h in used]
    # A package nixpkgs lacks but only some systems need defaults to null, so that
    # callPackage still works on the others.
    optional = {
        ref.attr
        for result in resolved
        for ref in result.refs
        if ref.attr in result.missing and ref.condition is not True
    } - {ref.attr for result in resolved for ref in result.refs if ref.condition is True}
    arguments: list[str | tuple[str, None]] = [*helpers]
    arguments += [(v, None) if v in optional else v for v in used if v not in helpers]
    function = lam(pattern(arguments), body)
    tree = comment(header, function) if header else function
    all_findings = merge_findings(findings, *(r.findings for r in resolved))
    return Rendered(expr=tree, findings=all_findings)


def _finding(
    severity: Severity, code: str, message: str, key: str, hint: str | None = None
) -> Finding:
    return Finding(
        severity=severity, code=code, message=message, location=Location(key=key), hint=hint
    )


def _no_name(findings: list[Finding]) -> Entry:
    findings.append(
        _finding(
            Severity.ERROR,
            "no-name",
            "the project has no name; pname fails to evaluate",
            "project.name",
        )
    )
    return bind("pname", call(var("throw"), "pynix: the project has no name; set pname here"))


def _version(project: Project, version: str | None, findings: list[Finding]) -> Entry:
    if version is not None:
        return bind("version", version)
    if project.version is not None:
        return bind("version", project.version)
    what = "dynamic (computed by the build backend)" if project.is_dynamic_version else "missing"
    findings.append(
        _finding(
            Severity.ERROR,
            "dynamic-version" if project.is_dynamic_version else "no-version",
            f"the project's version is {what}; package.nix fails to evaluate until it is set",
            "project.version",
            hint="pass --version, or write it into package.nix",
        )
    )
    return bind(
        "version",
        call(var("throw"), "pynix: set the version in package.nix"),
        comment=f"The project's version is {what}: write it here.",
    )


def _uses_scm(project: Project) -> bool:
    requires = project.build_system.requires if project.build_system else ()
    return any(dep.name in _SCM_BACKENDS for dep in requires)


_Deps = Callable[..., Expr]


def _build_system(project: Project, deps: _Deps) -> Expr:
    system = project.build_system
    if system is None or not system.declared or not system.requires:
        # pip's default when a project declares no build system (PEP 517).
        return list_([var("setuptools")])
    return deps(system.requires, "build-system.requires")


def _disabled(requires: SpecifierSet | None, systems: Sequence[str]) -> Expr | bool:
    """``disabled``: the interpreters ``requires-python`` excludes (``False`` for none)."""
    if requires is None or not list(requires):
        return False
    minor_only = all(
        spec.operator in (">=", "<", "==", "!=", "~=")
        and len(spec.version.removesuffix(".*").split(".")) <= 2
        and (spec.operator in ("==", "!=") or not spec.version.endswith(".*"))
        for spec in requires
    )
    variable = "python_version" if minor_only else "python_full_version"
    text = " and ".join(f'{variable} {spec.operator} "{spec.version}"' for spec in requires)
    compiled = compile_marker(Marker(text), scope=PACKAGE_SCOPE, systems=systems)
    return negate(compiled.condition)


def _mapped(project: Project, check_groups: Mapping[str, str], deps: _Deps) -> list[Entry]:
    """Extras and dependency groups mapped to builder attributes (``nativeCheckInputs``)."""
    by_attr: dict[str, list[Expr]] = {}
    sources = [
        ("project.optional-dependencies", project.optional_dependencies, True),
        ("dependency-groups", project.dependency_groups, False),
    ]
    for where, table, is_extra in sources:
        for group, items in table.items():
            attr = check_groups.get(group)
            if attr is None:
                continue
            hook = attr == "nativeCheckInputs" and any(d.name == "pytest" for d in items)
            drop = frozenset({"pytest"}) if hook else frozenset()
            expr = deps(items, f"{where}.{group}", [group] if is_extra else [], drop)
            if hook:
                by_attr.setdefault(attr, []).append(list_([var("pytestCheckHook")]))
            by_attr.setdefault(attr, []).append(expr)
    entries: list[Entry] = []
    for attr, lists in by_attr.items():
        parts = [part for part in lists if part != list_()]
        if not parts:
            continue
        value = parts[0]
        for part in parts[1:]:
            value = _concat(value, part)
        entries.append(bind(attr, value))
    return entries


def _concat(left: Expr, right: Expr) -> Expr:
    if isinstance(left, List) and isinstance(right, List):
        return list_(dict.fromkeys((*left.items, *right.items)))
    return op("++", left, right)
