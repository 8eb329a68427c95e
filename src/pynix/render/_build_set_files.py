"""``default.nix``, ``shell.nix`` and ``flake.nix`` around a build set (private).

The five targets of ``pynix generate`` (see :mod:`pynix.render.generate`),
for the pyproject.nix style:

* ``default.nix`` -- ``{ pkgs, python, pyproject-nix, pyproject-build-systems }``
  to an attribute set: ``pythonSet`` (pyproject.nix's scope, extended by
  pyproject-build-systems' ``overlays.wheel`` and ``build-set.nix``),
  ``default`` (``mkVirtualEnv`` of the project with its chosen extras, no
  dependency groups), ``env`` (with every planned group), ``wheel`` (the
  project's package built with ``pyprojectDistHook``, which installs the
  built wheel as the output) and ``docker`` (``dockerTools.buildLayeredImage``
  of ``default``). pyproject-nix and pyproject-build-systems have no channel
  to default to: classic users pass them (``import <checkout> { inherit lib; }``);
* ``shell.nix`` -- the dev shell: ``pythonSet`` with the local projects
  overridden to ``editableRoot = "${projectRoot}/<path>"`` (pyproject.nix's
  editable install: edits need no rebuild), ``mkVirtualEnv`` with every
  group, ``PYTHONPATH`` unset;
* ``flake.nix`` -- the inputs (nixpkgs, pyproject-nix and
  pyproject-build-systems following it) and, per planned system,
  ``packages.{default,env,wheel,docker}`` from ``default.nix`` and
  ``devShells.default`` from ``shell.nix``, with ``projectRoot =
  "$PYNIX_PROJECT_ROOT"`` set by the shell hook to the directory the shell
  starts in (a flake is evaluated from a copy in the store; ``pynix init``
  does the same).

:class:`Wiring` holds what these files need to know of the build set, with
names that say what each is; :func:`flake_nix` is the flake on its own, with
the parts a shared scaffold would take as parameters (the extra inputs, the
arguments every per-system import gets, the package names).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from pynix.model import Finding
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
from pynix.render._scope import free_variables
from pynix.render.generate import GenerateOptions
from pynix.render.script import relative_path

__all__ = ["BUILD_SYSTEMS_OVERLAY", "TARGETS", "Wiring", "flake_nix", "target_files"]

#: The packages ``default.nix`` gives and the flake exposes, in order.
TARGETS = ("default", "env", "wheel", "docker")
#: Which of pyproject-build-systems' overlays supplies build systems: prebuilt wheels.
BUILD_SYSTEMS_OVERLAY = "wheel"
_PYPROJECT_NIX_URL = "github:pyproject-nix/pyproject.nix"
_BUILD_SYSTEMS_URL = "github:pyproject-nix/build-system-pkgs"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Wiring:
    """What the target files need to know of the build set.

    ``application`` and ``development`` are the ``mkVirtualEnv`` specs
    without and with the dependency groups (expressions over ``pkgs``,
    ``python`` and ``lib``); ``wheel`` the package whose wheel is built (none
    for a virtual project); ``editable`` the local packages installed in
    place, with their directories relative to the project (``.`` for the
    project); ``project_file`` the file the dev shell expects in its
    starting directory.
    """

    source: str
    description: str
    systems: tuple[str, ...]
    name: str
    version: str | None
    application: Expr
    development: Expr
    wheel: str | None
    editable: tuple[tuple[str, str], ...]
    main_program: str | None
    project_file: str


def target_files(wiring: Wiring, options: GenerateOptions) -> tuple[dict[str, Expr], list[Finding]]:
    """``default.nix``, ``shell.nix`` and ``flake.nix`` of ``wiring``, and findings."""
    files = {
        "default.nix": _default_nix(wiring, options),
        "shell.nix": _shell_nix(wiring, options),
        "flake.nix": flake_nix(
            header=_header(wiring, _flake_usage(wiring)),
            description=wiring.description,
            systems=wiring.systems,
            nixpkgs_url=options.nixpkgs_url,
            extra_inputs={
                "pyproject-nix": _follows(_PYPROJECT_NIX_URL, nixpkgs=True),
                "pyproject-build-systems": _follows(
                    _BUILD_SYSTEMS_URL, nixpkgs=True, pyproject_nix=True
                ),
            },
            import_arguments=attrs(
                [
                    inherit("pkgs", "pyproject-nix", "pyproject-build-systems"),
                    bind("python", select(var("pkgs"), options.python)),
                ]
            ),
            packages=tuple(t for t in TARGETS if t != "wheel" or wiring.wheel is not None),
            shell_arguments=_flake_shell_arguments(wiring),
        ),
    }
    return files, []


def flake_nix(
    *,
    header: str,
    description: str,
    systems: Sequence[str],
    nixpkgs_url: str,
    extra_inputs: Mapping[str, Expr],
    import_arguments: Expr,
    packages: Sequence[str],
    shell_arguments: Sequence[Entry],
) -> Expr:
    """A flake over ``default.nix`` and ``shell.nix``.

    ``extra_inputs`` are inputs besides nixpkgs (name → their attribute
    set); ``import_arguments`` is what both files are imported with, an
    expression of ``pkgs`` and the inputs; ``packages`` the attributes of
    ``default.nix`` exposed per system; ``shell_arguments`` more arguments
    for ``shell.nix``.
    """
    inputs: list[Entry] = [bind(("nixpkgs", "url"), nixpkgs_url)]
    inputs.extend(bind(name, value) for name, value in extra_inputs.items())
    for_all = lam(
        "f",
        call(
            var("nixpkgs.lib.genAttrs"),
            var("systems"),
            lam("system", call(var("f"), select(var("nixpkgs.legacyPackages"), var("system")))),
        ),
    )
    imported = call(var("import"), Path(value="./default.nix"), call(var("arguments"), var("pkgs")))
    shell_input: Expr = call(var("arguments"), var("pkgs"))
    if shell_arguments:
        shell_input = op("//", shell_input, attrs(shell_arguments))
    outputs = let_(
        [
            bind("systems", list_(systems)),
            bind("forAllSystems", for_all),
            bind(
                "arguments",
                lam("pkgs", import_arguments),
                comment="What default.nix and shell.nix are called with, per system.",
            ),
        ],
        attrs(
            [
                bind(
                    "packages",
                    call(
                        var("forAllSystems"),
                        lam("pkgs", attrs([inherit(*packages, source=imported)])),
                    ),
                ),
                bind(
                    "devShells",
                    call(
                        var("forAllSystems"),
                        lam(
                            "pkgs",
                            attrs(
                                [
                                    bind(
                                        "default",
                                        call(var("import"), Path(value="./shell.nix"), shell_input),
                                    )
                                ]
                            ),
                        ),
                    ),
                ),
            ]
        ),
    )
    names = ["self", "nixpkgs", *extra_inputs]
    return comment(
        header,
        attrs(
            [
                bind("description", description),
                bind("inputs", attrs(inputs)),
                bind("outputs", lam(pattern(names), outputs)),
            ]
        ),
    )


def _follows(url: str, *, nixpkgs: bool = False, pyproject_nix: bool = False) -> Expr:
    entries = [bind("url", url)]
    if pyproject_nix:
        entries.append(bind(("inputs", "pyproject-nix", "follows"), "pyproject-nix"))
    if nixpkgs:
        entries.append(bind(("inputs", "nixpkgs", "follows"), "nixpkgs"))
    return attrs(entries)


def _flake_shell_arguments(wiring: Wiring) -> list[Entry]:
    if not wiring.editable:
        return []
    marker = wiring.project_file
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


def _header(wiring: Wiring, *lines: str) -> str:
    return "\n".join(
        [f"Generated by `pynix generate --style pyproject-nix`{wiring.source}.", *lines]
    )


def _flake_usage(wiring: Wiring) -> str:
    built = ", ".join(f".#{t}" for t in TARGETS[1:] if t != "wheel" or wiring.wheel is not None)
    return (
        f"`nix build` builds .#default (the application's environment; also {built});\n"
        "`nix develop` enters the dev shell."
    )


def _formals(
    options: GenerateOptions, *more: str | tuple[str, Expr]
) -> list[str | tuple[str, Expr]]:
    return [
        ("pkgs", call(var("import"), Path(value="<nixpkgs>"), attrs())),
        ("python", select(var("pkgs"), options.python)),
        "pyproject-nix",
        "pyproject-build-systems",
        *more,
    ]


def _default_nix(wiring: Wiring, options: GenerateOptions) -> Expr:
    build_set = call(var("import"), Path(value="./build-set.nix"), attrs([inherit("lib")]))
    overlays = list_(
        [select(var("pyproject-build-systems"), "overlays", BUILD_SYSTEMS_OVERLAY), build_set]
    )
    scope = call(
        var("pkgs.callPackage"),
        select(var("pyproject-nix"), "build", "packages"),
        attrs([inherit("python")]),
    )
    python_set = call(
        select(scope, "overrideScope"), call(var("lib.composeManyExtensions"), overlays)
    )
    application = var("application")
    entries: list[Entry] = [
        inherit("pythonSet"),
        bind("default", application),
        bind(
            "env",
            call(var("pythonSet.mkVirtualEnv"), f"{wiring.name}-dev-env", wiring.development),
        ),
    ]
    if wiring.wheel is not None:
        entries.append(
            bind(
                "wheel",
                call(
                    select(var("pythonSet"), wiring.wheel, "override"),
                    attrs({"pyprojectHook": var("pythonSet.pyprojectDistHook")}),
                ),
            )
        )
    program = wiring.main_program or "python"
    image: list[Entry] = [bind("name", wiring.name)]
    if wiring.version:
        image.append(bind("tag", wiring.version))
    image.append(bind("contents", list_([application])))
    image.append(bind(("config", "Cmd"), list_([s(application, f"/bin/{program}")])))
    entries.append(bind("docker", call(var("pkgs.dockerTools.buildLayeredImage"), attrs(image))))
    body = let_(
        [
            inherit("lib", source=var("pkgs")),
            bind(
                "pythonSet",
                python_set,
                comment="pyproject.nix's scope, with the build systems (as wheels) and the "
                "locked packages.",
            ),
            bind(
                "application",
                call(var("pythonSet.mkVirtualEnv"), f"{wiring.name}-env", wiring.application),
            ),
        ],
        attrs(entries),
    )
    usage = [
        "The targets, for flake.nix or `nix-build -A <name>`: default (the application's",
        "environment, no dependency groups), env (with the groups: point an IDE at it),",
    ]
    usage.append(
        "wheel (the project's wheel), docker (an image of the application)."
        if wiring.wheel is not None
        else "docker (an image of the application); no wheel: the project is not built."
    )
    usage.append("pyproject-nix and pyproject-build-systems are the outputs of the flakes")
    usage.append(f"{_PYPROJECT_NIX_URL} and {_BUILD_SYSTEMS_URL}")
    usage.append("(flake.nix passes them).")
    return comment(_header(wiring, *usage), lam(pattern(_formals(options)), body))


def _shell_nix(wiring: Wiring, options: GenerateOptions) -> Expr:
    imported = call(
        var("import"),
        Path(value="./default.nix"),
        attrs([inherit("pkgs", "python", "pyproject-nix", "pyproject-build-systems")]),
    )
    bindings: list[Entry] = [inherit("pythonSet", source=imported)]
    python_set: Expr = var("pythonSet")
    if wiring.editable:
        overrides = [
            bind(
                name,
                call(
                    select(var("prev"), name, "override"),
                    attrs({"editableRoot": _root(path)}),
                ),
            )
            for name, path in wiring.editable
        ]
        bindings.append(
            bind(
                "editable",
                lam("final", lam("prev", attrs(overrides))),
                comment="The local projects, installed in place from projectRoot.",
            )
        )
        python_set = call(var("pythonSet.overrideScope"), var("editable"))
    bindings.append(
        bind(
            "env",
            call(select(python_set, "mkVirtualEnv"), f"{wiring.name}-dev-env", wiring.development),
        )
    )
    if "lib" in free_variables(attrs(bindings)):
        bindings.insert(0, inherit("lib", source=var("pkgs")))
    hook = s(
        "# Nothing of nixpkgs' Python may reach the environment's interpreter.\nunset PYTHONPATH\n",
        indented=True,
    )
    shell = call(
        var("pkgs.mkShell"),
        attrs(
            [
                bind("packages", list_([var("env")])),
                bind("shellHook", op("+", hook, var("shellHook"))),
            ]
        ),
    )
    more: list[str | tuple[str, Expr]] = []
    if wiring.editable:
        more.append(("projectRoot", call(var("toString"), relative_path(options.project_dir))))
    more.append(("shellHook", s("")))
    lines = ["`nix-shell` enters the dev shell: the environment with every dependency group"]
    if wiring.editable:
        lines.append("and the local projects installed in place (edits need no rebuild).")
        lines.append(
            "projectRoot is the project's directory as a string; flake.nix passes "
            '"$PYNIX_PROJECT_ROOT".'
        )
    return comment(
        _header(wiring, *lines), lam(pattern(_formals(options, *more)), let_(bindings, shell))
    )


def _root(path: str) -> Expr:
    if path in ("", "."):
        return var("projectRoot")
    return s(var("projectRoot"), "/" + path.strip("/"))
