"""setup.nix's five targets for a locked project: ``flake.nix``, ``default.nix``, ``shell.nix``.

``pynix generate`` writes a package set (in one of two styles) and, around
it, the same scaffolding whatever the style. For every system of the plan
the flake exposes setup.nix's targets (``develop``, ``build``, ``env``,
``bdist_wheel``, ``bdist_docker``)::

    devShells.<system>.default  the project installed in place (editable), with every
                                locked package of the plan (all groups)
    packages.<system>.default   the project's package (the environment when the
                                project is not built: a virtual project, a
                                requirements file)
    packages.<system>.env       python.withPackages of every locked package: an
                                interpreter to point an IDE at
    packages.<system>.wheel     the project's wheel (nixpkgs' Python packages have a
                                ``dist`` output holding it)
    packages.<system>.docker    dockerTools.buildLayeredImage with the application and
                                its run-time closure, no dev groups (Linux only:
                                an image holds Linux programs)

``default.nix`` exposes the same four packages for ``nix-build -A <name>``
and ``shell.nix`` the dev shell for ``nix-shell``; both take ``pkgs`` and
``python`` (the interpreter, default ``pkgs.<python>``), and the flake calls
them. The flake evaluates from a copy in the store, so the dev shell's
editable install reads ``projectRoot``: the flake passes
``"$PYNIX_PROJECT_ROOT"``, set by its ``shellHook`` to the directory the
shell starts in (as ``pynix init`` does).

How a style plugs in (:class:`Targets`): it gives the pieces as Nix
expressions that may read ``pkgs``, ``python``, ``lib``, ``stdenv``, the
formals of its :class:`FlakeInput` values and the names its ``setup``
bindings define (``lockedPython`` for the overlay; a pyproject.nix
``pythonSet`` for the build-set style); ``dev_python`` may read
``projectRoot`` as well. The overlay style fills it as::

    setup = [ lockedPython = python.override { self = lockedPython;
                packageOverrides = import ./python-packages.nix { inherit pkgs; }; } ]
    package = lockedPython.pkgs.<project>       wheel = package.dist
    env = lockedPython.withPackages (ps: [ … every locked package … ])
    runtime = lockedPython.withPackages (ps: [ ps.<project> ])
    dev_python = lockedPython.withPackages (ps: [ (ps.mkPythonEditablePackage { … }) … ])

A pyproject.nix style adds ``FlakeInput(name="pyproject-nix", …)`` and
gives ``pythonSet.mkVirtualEnv …`` for ``env``, ``runtime`` and
``dev_python``.

:func:`planned_guard` is the check every style puts before its package set:
an interpreter or system the plan did not cover is refused with a message
naming what was planned, rather than failing later on a missing file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from pynix.nix import (
    Entry,
    Expr,
    Path,
    Var,
    attrs,
    bind,
    call,
    comment,
    inherit,
    lam,
    let_,
    list_,
    op,
    pattern,
    s,
    select,
    var,
)
from pynix.render.script import relative_path
from pynix.standards.targets import Target

__all__ = ["FlakeInput", "Targets", "planned_guard", "target_files"]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class FlakeInput:
    """One more flake input, and how ``default.nix``/``shell.nix`` receive it.

    ``name`` is the input's name and the formal argument of both files;
    ``argument`` is what the flake passes for it (``pyproject-nix.lib``);
    ``default`` its default for ``nix-build``/``nix-shell`` users (a pinned
    ``fetchTarball``). ``follows_nixpkgs`` makes the input use the flake's nixpkgs.
    """

    name: str
    url: str
    argument: Expr
    default: Expr
    follows_nixpkgs: bool = True


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Targets:
    """The style-specific pieces of the targets (see the module docstring).

    ``source`` names the lock in the headers; ``systems`` are the flake's
    (Nix systems only); ``package`` ``None`` makes the environment the
    default package; ``wheel`` ``None`` leaves ``packages.wheel`` out, with
    ``wheel_missing`` saying why in ``default.nix``; ``runtime`` is the
    docker image's content; ``editable`` says whether the dev shell installs
    a project in place (it then takes ``projectRoot``, defaulting to
    ``project_dir`` relative to the files, and checks ``project_file``).
    """

    source: str
    description: str
    systems: tuple[str, ...]
    setup: tuple[Entry, ...]
    env: Expr
    runtime: Expr
    dev_python: Expr
    package: Expr | None = None
    wheel: Expr | None = None
    wheel_missing: str | None = None
    python: str = "python3"
    nixpkgs_url: str = "github:NixOS/nixpkgs/nixos-unstable"
    inputs: tuple[FlakeInput, ...] = ()
    editable: bool = True
    project_dir: str = "."
    project_file: str = "pyproject.toml"
    main_program: str | None = None
    image_name: str = "environment"
    image_tag: str | None = None
    notes: tuple[str, ...] = ()


def planned_guard(
    targets: Iterable[Target], *, python_version: Expr, system: Expr, lib: Expr | None = None
) -> tuple[Entry, Expr]:
    """A ``planned`` binding (system -> Python versions) and the condition for ``assert``.

    The condition is ``lib.assertMsg (builtins.elem <python_version>
    (planned.${<system>} or [ ])) "<message>"``: true on a planned target,
    an evaluation error naming the planned targets elsewhere.

    >>> from pynix.nix import render_line
    >>> planned, holds = planned_guard(
    ...     [Target.parse("x86_64-linux", "3.12")],
    ...     python_version=var("python.pythonVersion"),
    ...     system=var("stdenv.hostPlatform.system"),
    ... )
    >>> render_line(planned.value)
    '{ x86_64-linux = [ "3.12" ]; }'
    >>> render_line(holds)[:50]
    'lib.assertMsg (builtins.elem python.pythonVersion '
    """
    lib_expr = lib if lib is not None else var("lib")
    grouped: dict[str, list[str]] = {}
    for target in targets:
        versions = grouped.setdefault(target.platform.system, [])
        if target.interpreter.python_version not in versions:
            versions.append(target.interpreter.python_version)
    planned = attrs([bind(system_name, versions) for system_name, versions in grouped.items()])
    by_versions: dict[tuple[str, ...], list[str]] = {}
    for system_name, versions in grouped.items():
        by_versions.setdefault(tuple(versions), []).append(system_name)
    described = "; ".join(
        f"Python {', '.join(versions)} on {', '.join(systems)}"
        for versions, systems in by_versions.items()
    )
    holds = call(
        var("builtins.elem"),
        python_version,
        select(var("planned"), system, default=list_()),
    )
    message = s(
        f"pynix: the lock was planned for {described}; not for Python ",
        python_version,
        " on ",
        system,
        " (generate again with --python X.Y and --system to plan for it)",
    )
    return bind("planned", planned), call(select(lib_expr, "assertMsg"), holds, message)


def target_files(targets: Targets) -> dict[str, Expr]:
    """``flake.nix``, ``default.nix`` and ``shell.nix`` for ``targets``.

    >>> from pynix.nix import render
    >>> files = target_files(
    ...     Targets(
    ...         source="uv.lock",
    ...         description="demo",
    ...         systems=("x86_64-linux",),
    ...         setup=(),
    ...         env=var("python"),
    ...         runtime=var("python"),
    ...         dev_python=var("python"),
    ...         editable=False,
    ...     )
    ... )
    >>> print(render(files["shell.nix"]), end="")
    # Generated by `pynix generate` from uv.lock.
    # `nix-shell` enters a shell with the locked packages.
    { pkgs ? import <nixpkgs> { }, python ? pkgs.python3, shellHook ? "" }:
    pkgs.mkShell {
      packages = [ python ];
      inherit shellHook;
    }
    """
    return {
        "default.nix": _default_nix(targets),
        "shell.nix": _shell_nix(targets),
        "flake.nix": _flake_nix(targets),
    }


# -- default.nix and shell.nix --------------------------------------------------------------


def _header(targets: Targets, *lines: str) -> str:
    return "\n".join([f"Generated by `pynix generate` from {targets.source}.", *lines])


def _formals(targets: Targets, *more: tuple[str, Expr]) -> list[str | tuple[str, Expr]]:
    formals: list[str | tuple[str, Expr]] = [
        ("pkgs", call(var("import"), Path(value="<nixpkgs>"), attrs())),
        ("python", select(var("pkgs"), targets.python)),
    ]
    formals.extend((i.name, i.default) for i in targets.inputs)
    formals.extend(more)
    return formals


def _with_setup(targets: Targets, entries: list[Entry], body: Expr) -> Expr:
    """``let inherit (pkgs) lib stdenv; <setup> <entries> in body``, with only the names used."""
    inner = let_([*targets.setup, *entries], body) if targets.setup or entries else body
    used = _variables(inner)
    helpers = [n for n in ("lib", "stdenv") if n in used]
    all_entries: list[Entry] = []
    if helpers:
        all_entries.append(inherit(*helpers, source=var("pkgs")))
    all_entries.extend(targets.setup)
    all_entries.extend(entries)
    return let_(all_entries, body) if all_entries else body


def _variables(expr: Expr) -> set[str]:
    """Every variable name ``expr`` reads, bound there or not (a cheap over-approximation).

    The environments list thousands of packages: walking them with their
    scopes (:func:`pynix.render._scope.free_variables`) costs more than
    writing them, and only ``lib`` and ``stdenv`` are asked about, which the
    pieces never bind.
    """
    found: set[str] = set()
    stack: list[object] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Var):
            found.add(node.name)
        elif isinstance(node, tuple):
            stack.extend(node)
        elif not isinstance(node, str | int | float | bool) and node is not None:
            stack.extend(getattr(node, slot) for slot in getattr(type(node), "__slots__", ()))
    return found


def _docker(targets: Targets) -> Expr:
    config: list[Entry] = []
    if targets.main_program is not None:
        config.append(bind("Cmd", [f"/bin/{targets.main_program}"]))
    entries: list[Entry] = [bind("name", targets.image_name)]
    if targets.image_tag is not None:
        entries.append(bind("tag", targets.image_tag))
    entries.append(bind("contents", list_([var("runtime")])))
    if config:
        entries.append(bind("config", attrs(config)))
    return call(var("pkgs.dockerTools.buildLayeredImage"), attrs(entries))


def _default_nix(targets: Targets) -> Expr:
    entries: list[Entry] = []
    if targets.package is not None:
        entries.append(bind("package", targets.package))
    entries.append(bind("env", targets.env))
    entries.append(bind("runtime", targets.runtime))
    outputs: list[Entry] = [
        bind("default", var("package") if targets.package is not None else var("env")),
        inherit("env"),
    ]
    if targets.wheel is not None:
        outputs.append(bind("wheel", targets.wheel))
    docker = call(
        var("lib.optionalAttrs"),
        var("stdenv.hostPlatform.isLinux"),
        attrs([bind("docker", _docker(targets))]),
    )
    body = op("//", attrs(outputs), docker)
    lines = [
        f"`nix-build -A default` builds the project with nixpkgs' {targets.python} and the locked",
        "packages; -A env an interpreter with every locked package (for an IDE), -A wheel the",
        "project's wheel, -A docker an image of the application (Linux only).",
    ]
    if targets.wheel is None and targets.wheel_missing:
        lines.append(f"No wheel: {targets.wheel_missing}.")
    lines.extend(targets.notes)
    function = lam(pattern(_formals(targets)), _with_setup(targets, entries, body))
    return comment(_header(targets, *lines), function)


def _shell_nix(targets: Targets) -> Expr:
    more: list[tuple[str, Expr]] = []
    if targets.editable:
        more.append(("projectRoot", call(var("toString"), relative_path(targets.project_dir))))
    more.append(("shellHook", s("")))
    shell = call(
        var("pkgs.mkShell"),
        attrs([bind("packages", list_([targets.dev_python])), inherit("shellHook")]),
    )
    lines = [
        "`nix-shell` enters a shell with the locked packages"
        + (" and the project installed in place" if targets.editable else "")
        + ".",
    ]
    if targets.editable:
        lines.append(
            "projectRoot is the project's directory as a string;"
            ' flake.nix passes "$PYNIX_PROJECT_ROOT".'
        )
    function = lam(pattern(_formals(targets, *more)), _with_setup(targets, [], shell))
    return comment(_header(targets, *lines), function)


# -- flake.nix ------------------------------------------------------------------------------


def _import(file: str, targets: Targets, extra: Iterable[Entry] = ()) -> Expr:
    arguments: list[Entry] = [
        inherit("pkgs"),
        bind("python", select(var("pkgs"), targets.python)),
    ]
    arguments.extend(bind(i.name, i.argument) for i in targets.inputs)
    arguments.extend(extra)
    return call(var("import"), Path(value=f"./{file}"), attrs(arguments))


def _flake_inputs(targets: Targets) -> list[Entry]:
    entries: list[Entry] = [bind(("inputs", "nixpkgs", "url"), targets.nixpkgs_url)]
    for flake_input in targets.inputs:
        entries.append(bind(("inputs", flake_input.name, "url"), flake_input.url))
        if flake_input.follows_nixpkgs:
            entries.append(
                bind(("inputs", flake_input.name, "inputs", "nixpkgs", "follows"), "nixpkgs")
            )
    return entries


def _shell_arguments(targets: Targets) -> list[Entry]:
    if not targets.editable:
        return []
    hook = (
        'export PYNIX_PROJECT_ROOT="$PWD"\n'
        f'if [ ! -e "$PYNIX_PROJECT_ROOT/{targets.project_file}" ]; then\n'
        f"  echo \"pynix: no {targets.project_file} here; run nix develop in the project's"
        ' directory for the editable install" >&2\n'
        "fi\n"
    )
    return [
        bind(
            "projectRoot",
            "$PYNIX_PROJECT_ROOT",
            comment="A flake is evaluated from a copy in the store: the editable install reads\n"
            "the directory the shell starts in.",
        ),
        bind("shellHook", s(hook, indented=True)),
    ]


def _flake_nix(targets: Targets) -> Expr:
    outputs: list[Entry] = [
        bind("packages", call(var("forAllSystems"), lam("pkgs", _import("default.nix", targets)))),
        bind(
            "devShells",
            call(
                var("forAllSystems"),
                lam(
                    "pkgs",
                    attrs(
                        [bind("default", _import("shell.nix", targets, _shell_arguments(targets)))]
                    ),
                ),
            ),
        ),
    ]
    if targets.main_program is not None:
        package = select(var("self.packages"), var("pkgs.stdenv.hostPlatform.system"), "default")
        app = attrs(
            [
                bind("type", "app"),
                bind("program", call(var("pkgs.lib.getExe'"), package, targets.main_program)),
            ]
        )
        outputs.append(
            bind("apps", call(var("forAllSystems"), lam("pkgs", attrs([bind("default", app)]))))
        )
    for_all = lam(
        "f",
        call(
            var("nixpkgs.lib.genAttrs"),
            var("systems"),
            lam("system", call(var("f"), select(var("nixpkgs.legacyPackages"), var("system")))),
        ),
    )
    body = let_(
        [bind("systems", list_(targets.systems)), bind("forAllSystems", for_all)],
        attrs(outputs),
    )
    names = ["self", "nixpkgs", *(i.name for i in targets.inputs)]
    flake = attrs(
        [
            bind("description", targets.description),
            *_flake_inputs(targets),
            bind("outputs", lam(pattern(names), body)),
        ]
    )
    usage = (
        "`nix build` builds .#default (and .#env, .#wheel, .#docker); `nix develop` enters the"
        " dev shell."
    )
    return comment(_header(targets, usage), flake)
