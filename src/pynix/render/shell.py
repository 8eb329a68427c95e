"""Development shells: the project editable in nixpkgs' Python, or a venv that pip fills.

:func:`render_dev_shell` is the Nix way: ``mkShell`` with one interpreter
(``python.withPackages``) holding the project as an editable install
(:mod:`pynix.render.editable`) plus the dependencies of the chosen extras and
dependency groups. ``python -c "import project"`` reads the working tree;
the groups' tools (``pytest``, ``ruff``) are on ``PATH``::

    pkgs.mkShell {
      packages = [
        (python.withPackages (ps: [ (ps.mkPythonEditablePackage { … }) ps.pytest ]))
      ];
    }

:func:`render_venv_shell` is the impure way of the nixpkgs manual's FAQ
("How to consume Python modules using pip in a virtual environment like I
am used to on other Operating Systems?"): ``venvShellHook`` creates
``venvDir`` on first entry and activates it every time,
``postVenvCreation`` runs ``pip install`` once, and ``postShellHook``
unsets ``SOURCE_DATE_EPOCH`` so that pip can build wheels (its zip files
reject the 1980 timestamp Nix sets). Not reproducible, by design: for teams
that want pip inside Nix.

>>> from pynix.nix import var
>>> print(render_venv_shell(install=["-r", "requirements.txt"]).text(), end="")
pkgs.mkShell {
  venvDir = "./.venv";
  buildInputs = [ python python.pkgs.venvShellHook ];
  postVenvCreation = ''
    unset SOURCE_DATE_EPOCH
    pip install -r requirements.txt
  '';
  postShellHook = ''
    # pip builds wheels, whose zip format rejects the timestamps Nix sets
    unset SOURCE_DATE_EPOCH
  '';
}
"""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Iterable, Sequence

from pynix.model import Project
from pynix.nix import (
    BinOp,
    Entry,
    Expr,
    List,
    attrs,
    bind,
    call,
    inherit,
    lam,
    list_,
    op,
    s,
    select,
    var,
)
from pynix.nixpkgs.names import NameMap
from pynix.render.conditions import PYTHON_SYSTEMS, Scope
from pynix.render.dependencies import dependency_list
from pynix.render.editable import render_editable
from pynix.render.result import Rendered, merge_findings
from pynix.render.with_packages import environment_dependencies

__all__ = ["render_dev_shell", "render_venv_shell"]


def render_dev_shell(
    project: Project,
    *,
    root: Expr,
    pkgs: Expr | None = None,
    python: Expr | None = None,
    scope: Scope | None = None,
    names: NameMap | None = None,
    extras: Iterable[str] = (),
    groups: Iterable[str] = (),
    version: str | None = None,
    shell_hook: Expr | None = None,
    systems: Sequence[str] = PYTHON_SYSTEMS,
) -> Rendered:
    """``pkgs.mkShell`` with ``python`` holding ``project`` (editable, from ``root``) and the
    dependencies of the chosen ``extras`` and ``groups``.

    ``pkgs`` and ``python`` default to the variables of those names;
    ``shell_hook`` is an expression for ``shellHook``. Never raises:
    problems are findings.
    """
    pkgs_expr = pkgs if pkgs is not None else var("pkgs")
    interpreter = python if python is not None else var("python")
    where = scope if scope is not None else Scope(python=interpreter)
    ps = var("ps")
    editable = render_editable(
        project, root=root, ps=ps, scope=where, names=names, version=version, systems=systems
    )
    wanted = environment_dependencies(
        project,
        scope=where,
        names=names,
        extras=extras,
        groups=groups,
        systems=systems,
        include_project_dependencies=False,
    )
    selection: Expr = list_([editable.expr])
    if wanted.refs:
        more = dependency_list(wanted.refs, lambda attr: select(ps, attr), lib=where.lib)
        selection = _prepend(editable.expr, more)
    environment = call(select(interpreter, "withPackages"), lam("ps", selection))
    entries: list[Entry] = [bind("packages", list_([environment]))]
    if shell_hook == var("shellHook"):
        entries.append(inherit("shellHook"))
    elif shell_hook is not None:
        entries.append(bind("shellHook", shell_hook))
    expr = call(select(pkgs_expr, "mkShell"), attrs(entries))
    return Rendered(expr=expr, findings=merge_findings(editable.findings, wanted.findings))


def _prepend(item: Expr, items: Expr) -> Expr:
    """``[ item ] ++ items``, written as one list where ``items`` starts with one."""
    if isinstance(items, List):
        return List(items=(item, *items.items))
    if isinstance(items, BinOp) and items.op == "++" and isinstance(items.left, List):
        return dataclasses.replace(items, left=List(items=(item, *items.left.items)))
    return op("++", list_([item]), items)


def render_venv_shell(
    *,
    install: Sequence[str],
    pkgs: Expr | None = None,
    python: Expr | None = None,
    venv_dir: str = "./.venv",
    name: str | None = None,
    packages: Sequence[Expr] = (),
) -> Rendered:
    """The nixpkgs manual's impure venv shell: ``pip install INSTALL…`` into ``venv_dir`` once.

    ``install`` are pip's arguments (``["-r", "requirements.txt"]``,
    ``["-e", "."]``), shell-quoted here; ``packages`` are more build
    inputs (C libraries that pip's builds need).
    """
    pkgs_expr = pkgs if pkgs is not None else var("pkgs")
    interpreter = python if python is not None else var("python")
    entries: list[Entry] = []
    if name:
        entries.append(bind("name", name))
    entries.append(bind("venvDir", venv_dir))
    build_inputs = [interpreter, select(interpreter, "pkgs", "venvShellHook"), *packages]
    entries.append(bind("buildInputs", list_(build_inputs)))
    command = "pip install " + " ".join(shlex.quote(arg) for arg in install)
    entries.append(
        bind("postVenvCreation", s(f"unset SOURCE_DATE_EPOCH\n{command}\n", indented=True))
    )
    entries.append(
        bind(
            "postShellHook",
            s(
                "# pip builds wheels, whose zip format rejects the timestamps Nix sets\n"
                "unset SOURCE_DATE_EPOCH\n",
                indented=True,
            ),
        )
    )
    return Rendered(expr=call(select(pkgs_expr, "mkShell"), attrs(entries)))
