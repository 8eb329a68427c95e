"""The project installed in place, for a dev shell: nixpkgs' ``mkPythonEditablePackage``.

The counterpart of pyproject.nix's ``renderers.mkPythonEditablePackage``,
written as a call of nixpkgs' function (``python.pkgs.mkPythonEditablePackage``,
``pkgs/development/interpreters/python/editable.nix``). Its arguments:
``pname``, ``version``, ``root`` (a *string*, not a path: the directory put
on ``sys.path`` when Python starts; ``$VARIABLES`` in it are expanded then),
``build-system``, ``dependencies``, ``optional-dependencies``, ``scripts``,
``gui-scripts``, ``entry-points``, ``derivationArgs``, ``passthru``,
``meta``. nixpkgs builds a small wheel holding a ``.pth`` file that points
at ``root``, so the interpreter imports the working tree and edits need no
rebuild; ``scripts`` become executables in the environment.

Decisions:

* ``root`` is the caller's expression (the project directory, or its
  ``src`` for a src layout -- looking which it is is I/O, so the caller's).
* ``build-system`` is passed, as pyproject.nix does: nixpkgs treats it as
  run-time dependencies in editable mode (backends that rebuild on import
  need themselves).
* ``optional-dependencies`` are left out: the dev shell lists the
  dependencies of the extras it wants itself (:mod:`pynix.render.shell`).
* A dynamic or missing version becomes ``"0"``: the version of an editable
  install only names the wheel; the package renderer reports the problem.

>>> from pynix.model import Dependency, Project, ProjectFormat
>>> from pynix.nix import s, var
>>> project = Project(
...     format=ProjectFormat.PEP621,
...     name="demo",
...     version="1.0",
...     dependencies=(Dependency.parse("requests"),),
...     scripts={"demo": "demo:main"},
... )
>>> print(render_editable(project, root=s(var("projectRoot"))).text(), end="")
ps.mkPythonEditablePackage {
  pname = "demo";
  version = "1.0";
  root = "${projectRoot}";
  build-system = [ ps.setuptools ];
  dependencies = [ ps.requests ];
  scripts = {
    demo = "demo:main";
  };
}
"""

from __future__ import annotations

from collections.abc import Sequence

from packaging.utils import canonicalize_name

from pynix.model import Project
from pynix.nix import Entry, Expr, attrs, bind, call, list_, select, var
from pynix.nixpkgs.names import NameMap
from pynix.render.conditions import PYTHON_SYSTEMS, Scope
from pynix.render.dependencies import dependency_list, resolve
from pynix.render.result import Rendered, merge_findings

__all__ = ["render_editable"]


def render_editable(
    project: Project,
    *,
    root: Expr,
    ps: Expr | None = None,
    scope: Scope | None = None,
    names: NameMap | None = None,
    version: str | None = None,
    systems: Sequence[str] = PYTHON_SYSTEMS,
) -> Rendered:
    """``ps.mkPythonEditablePackage { … }`` for ``project``; ``ps`` is the package set.

    Never raises: problems are findings.
    """
    package_set = ps if ps is not None else var("ps")
    where = scope if scope is not None else Scope()

    def ref(attr: str) -> Expr:
        return select(package_set, attr)

    build = project.build_system
    build_requires = resolve(
        build.requires if build is not None and build.declared else (),
        names=names,
        scope=where,
        systems=systems,
        requires_python=project.requires_python,
        where="build-system.requires",
    )
    dependencies = resolve(
        project.dependencies,
        names=names,
        scope=where,
        systems=systems,
        requires_python=project.requires_python,
        where="project.dependencies",
        project=project.name,
        project_extras=project.optional_dependencies,
    )
    name = canonicalize_name(project.name) if project.name else "project"
    entries: list[Entry] = [
        bind("pname", name),
        bind("version", version or project.version or "0"),
        bind("root", root),
    ]
    if build_requires.refs:
        build_list = dependency_list(build_requires.refs, ref, lib=where.lib)
    else:
        build_list = list_([ref("setuptools")])  # pip's default without [build-system]
    entries.append(bind("build-system", build_list))
    entries.append(bind("dependencies", dependency_list(dependencies.refs, ref, lib=where.lib)))
    for key, table in (("scripts", project.scripts), ("gui-scripts", project.gui_scripts)):
        if table:
            entries.append(bind(key, attrs(dict(table))))
    if project.entry_points:
        groups = {group: attrs(dict(points)) for group, points in project.entry_points.items()}
        entries.append(bind("entry-points", attrs(groups)))
    expr = call(select(package_set, "mkPythonEditablePackage"), attrs(entries))
    return Rendered(
        expr=expr, findings=merge_findings(build_requires.findings, dependencies.findings)
    )
