"""``flake.nix`` over ``default.nix`` and ``shell.nix``, for :mod:`pynix.render.scaffold` (private).

For every system of the flake, both files are called with the same
``arguments`` (``pkgs``, ``python`` and the inputs), so that the
interpreter is chosen in one place::

    {
      description = "…";
      inputs.nixpkgs.url = "…";  # with FlakeInputs: inputs = { nixpkgs.url = …; <input> = …; }
      outputs =
        { self, nixpkgs, <inputs> }:
        let
          systems = [ … ];
          forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.…);
          arguments = pkgs: { inherit pkgs <inputs>; python = pkgs.python3; };
        in
        {
          packages = forAllSystems (pkgs: <packages>);
          devShells = forAllSystems (pkgs: { default = import ./shell.nix (arguments pkgs // …); });
          apps = forAllSystems (pkgs: { <name> = { type = "app"; program = …; }; });
        };
    }

A flake is evaluated from a copy in the store, so the dev shell's editable
install cannot name the working tree: with :class:`Editable`, the flake
passes ``projectRoot = "$PYNIX_PROJECT_ROOT"`` and a ``shellHook`` that sets
it to the directory the shell starts in, warning when that directory holds
no project file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pynix.nix import (
    Entry,
    Expr,
    Path,
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

__all__ = ["ARGUMENTS", "Editable", "FlakeInput", "flake_nix"]

#: What ``default.nix`` and ``shell.nix`` are called with in a per-system function of ``pkgs``.
ARGUMENTS = call(var("arguments"), var("pkgs"))


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class FlakeInput:
    """One more flake input, and how ``default.nix``/``shell.nix`` receive it.

    ``name`` is the input's name and a formal argument of both files;
    ``follows`` the flake's inputs it uses in place of its own
    (``inputs.<name>.inputs.<f>.follows = "<f>"``); ``argument`` what the
    flake passes for it (default: the input itself); ``default`` its default
    for ``nix-build``/``nix-shell`` users (default: none, they pass it).
    """

    name: str
    url: str
    follows: tuple[str, ...] = ("nixpkgs",)
    argument: Expr | None = None
    default: Expr | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Editable:
    """The dev shell installs a project in place, from ``projectRoot``.

    ``project_dir`` is ``projectRoot``'s default, relative to the files;
    ``project_file`` what the flake's shell hook expects to find in the
    directory the shell starts in.
    """

    project_dir: str = "."
    project_file: str = "pyproject.toml"


def flake_nix(
    *,
    header: str,
    description: str,
    systems: Sequence[str],
    nixpkgs_url: str,
    python: str,
    inputs: Sequence[FlakeInput],
    packages: Expr,
    editable: Editable | None,
    apps: Sequence[tuple[str, str]],
) -> Expr:
    """The flake: ``packages`` per system (an expression of ``pkgs`` and ``arguments``).

    ``apps`` are (name, program) pairs, programs of ``packages.default``.
    """
    shell_arguments: Expr = ARGUMENTS
    if editable is not None:
        shell_arguments = op("//", ARGUMENTS, attrs(_editable_arguments(editable)))
    shell = call(var("import"), Path(value="./shell.nix"), shell_arguments)
    outputs: list[Entry] = [
        bind("packages", _for_all_systems(packages)),
        bind("devShells", _for_all_systems(attrs([bind("default", shell)]))),
    ]
    if apps:
        outputs.append(bind("apps", _for_all_systems(_apps(apps))))
    for_all = lam(
        "f",
        call(
            var("nixpkgs.lib.genAttrs"),
            var("systems"),
            lam("system", call(var("f"), select(var("nixpkgs.legacyPackages"), var("system")))),
        ),
    )
    passed: list[Entry] = [
        inherit("pkgs", *(i.name for i in inputs if i.argument is None)),
        bind("python", select(var("pkgs"), python)),
    ]
    passed.extend(bind(i.name, i.argument) for i in inputs if i.argument is not None)
    body = let_(
        [
            bind("systems", list_(systems)),
            bind("forAllSystems", for_all),
            bind(
                "arguments",
                lam("pkgs", attrs(passed)),
                comment="What default.nix and shell.nix are called with, per system.",
            ),
        ],
        attrs(outputs),
    )
    names = ["self", "nixpkgs", *(i.name for i in inputs)]
    flake = attrs(
        [
            bind("description", description),
            *_flake_inputs(nixpkgs_url, inputs),
            bind("outputs", lam(pattern(names), body)),
        ]
    )
    return comment(header, flake)


def _for_all_systems(per_system: Expr) -> Expr:
    return call(var("forAllSystems"), lam("pkgs", per_system))


def _flake_inputs(nixpkgs_url: str, inputs: Sequence[FlakeInput]) -> list[Entry]:
    """``inputs.nixpkgs.url = …`` alone, or ``inputs = { … }`` with the others."""
    if not inputs:
        return [bind(("inputs", "nixpkgs", "url"), nixpkgs_url)]
    entries: list[Entry] = [bind(("nixpkgs", "url"), nixpkgs_url)]
    for flake_input in inputs:
        follows = [bind(("inputs", f, "follows"), f) for f in flake_input.follows]
        if follows:
            entries.append(bind(flake_input.name, attrs([bind("url", flake_input.url), *follows])))
        else:
            entries.append(bind((flake_input.name, "url"), flake_input.url))
    return [bind("inputs", attrs(entries))]


def _editable_arguments(editable: Editable) -> list[Entry]:
    marker = editable.project_file
    hook = (
        'export PYNIX_PROJECT_ROOT="$PWD"\n'
        f'if [ ! -e "$PYNIX_PROJECT_ROOT/{marker}" ]; then\n'
        f"  echo \"pynix: no {marker} here; run nix develop in the project's directory"
        ' for the editable install" >&2\n'
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


def _apps(apps: Sequence[tuple[str, str]]) -> Expr:
    """Programs of ``packages.default``; the package is bound once where several read it."""
    package = select(var("self.packages"), var("pkgs.stdenv.hostPlatform.system"), "default")
    shared = len(apps) > 1
    entries = [
        bind(
            name,
            {
                "type": "app",
                "program": call(
                    var("pkgs.lib.getExe'"), var("package") if shared else package, program
                ),
            },
        )
        for name, program in apps
    ]
    return let_([bind("package", package)], attrs(entries)) if shared else attrs(entries)
