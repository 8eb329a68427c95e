"""The pyproject.nix style's pieces of ``default.nix``, ``shell.nix`` and ``flake.nix`` (private).

The files themselves are :mod:`pynix.render.scaffold`'s; this module fills
them for a build set:

* two more flake inputs, ``pyproject-nix`` and ``pyproject-build-systems``
  (following nixpkgs, and the latter pyproject-nix), which ``default.nix``
  and ``shell.nix`` take as arguments without defaults: classic users pass
  them (``import <checkout> { inherit lib; }``);
* the setup both files share: ``pythonSet``, pyproject.nix's scope
  ``pkgs.callPackage pyproject-nix.build.packages { inherit python; }``
  extended by pyproject-build-systems' ``overlays.wheel`` and
  ``build-set.nix``; ``default.nix`` gives it too;
* the targets: ``default`` (``mkVirtualEnv`` of the project with its chosen
  extras, no dependency groups: the application), ``env`` (with every planned
  group), ``wheel`` (the project's package built with ``pyprojectDistHook``,
  which installs the built wheel as the output; none for a virtual project)
  and ``docker`` (an image of the application);
* the dev shell: ``pythonSet`` with the local projects overridden to
  ``editableRoot = "${projectRoot}/<path>"`` (pyproject.nix's editable
  install: edits need no rebuild), ``mkVirtualEnv`` with every group,
  ``PYTHONPATH`` unset.

:class:`Wiring` holds what these pieces need to know of the build set, with
names that say what each is.
"""

from __future__ import annotations

import dataclasses

from pynix.nix import Entry, Expr, Path, attrs, bind, call, inherit, lam, list_, s, select, var
from pynix.render.generate import GenerateOptions
from pynix.render.scaffold import (
    Editable,
    FlakeInput,
    Scaffold,
    Targets,
    dev_shell,
    docker_image,
)

__all__ = ["Wiring", "build_set_scaffold"]

#: Which of pyproject-build-systems' overlays supplies build systems: prebuilt wheels.
_BUILD_SYSTEMS_OVERLAY = "wheel"
_INPUTS = (
    FlakeInput(name="pyproject-nix", url="github:pyproject-nix/pyproject.nix"),
    FlakeInput(
        name="pyproject-build-systems",
        url="github:pyproject-nix/build-system-pkgs",
        follows=("pyproject-nix", "nixpkgs"),
    ),
)
_UNSET_PYTHONPATH = (
    "# Nothing of nixpkgs' Python may reach the environment's interpreter.\nunset PYTHONPATH\n"
)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Wiring:
    """What the target files need to know of the build set.

    ``source`` is the lock's file name, if known; ``application`` and
    ``development`` are the ``mkVirtualEnv`` specs without and with the
    dependency groups (expressions over ``pkgs``, ``python`` and ``lib``);
    ``wheel`` the package whose wheel is built (none for a virtual project);
    ``editable`` the local packages installed in place, with their
    directories relative to the project (``.`` for the project);
    ``project_file`` the file the dev shell expects in its starting directory.
    """

    source: str | None
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


def build_set_scaffold(wiring: Wiring, options: GenerateOptions) -> Scaffold:
    """The build set's :class:`~pynix.render.scaffold.Scaffold`."""
    build_set = call(var("import"), Path(value="./build-set.nix"), attrs([inherit("lib")]))
    overlays = list_(
        [select(var("pyproject-build-systems"), "overlays", _BUILD_SYSTEMS_OVERLAY), build_set]
    )
    scope = call(
        var("pkgs.callPackage"),
        select(var("pyproject-nix"), "build", "packages"),
        attrs([inherit("python")]),
    )
    python_set = call(
        select(scope, "overrideScope"), call(var("lib.composeManyExtensions"), overlays)
    )
    setup = bind(
        "pythonSet",
        python_set,
        comment="pyproject.nix's scope, with the build systems (as wheels) and the locked "
        "packages.",
    )
    wheel: Expr | None = None
    if wiring.wheel is not None:
        wheel = call(
            select(var("pythonSet"), wiring.wheel, "override"),
            attrs({"pyprojectHook": var("pythonSet.pyprojectDistHook")}),
        )
    program = wiring.main_program or "python"
    application = call(var("pythonSet.mkVirtualEnv"), f"{wiring.name}-env", wiring.application)
    targets = Targets(
        about="the application's environment",
        default=var("application"),
        env=call(var("pythonSet.mkVirtualEnv"), f"{wiring.name}-dev-env", wiring.development),
        wheel=wheel,
        image=docker_image(
            name=wiring.name,
            tag=wiring.version or None,
            contents=var("application"),
            command=s(var("application"), f"/bin/{program}"),
        ),
        bindings=(bind("application", application),),
        exports=("pythonSet",),
    )
    usage = [
        "The targets, for flake.nix or `nix-build -A <name>`: default (the application's",
        "environment, no dependency groups), env (with the groups: point an IDE at it),",
        "wheel (the project's wheel), docker (an image of the application, Linux only)."
        if wiring.wheel is not None
        else "docker (an image of the application, Linux only); no wheel: the project is not"
        " built.",
    ]
    shell_usage = ["`nix-shell` enters the dev shell: the environment with every dependency group"]
    if wiring.editable:
        shell_usage.append("and the local projects installed in place (edits need no rebuild).")
    return Scaffold(
        command="pynix generate --style pyproject-nix",
        source=wiring.source,
        description=wiring.description,
        systems=wiring.systems,
        nixpkgs_url=options.nixpkgs_url,
        python=options.python,
        inputs=_INPUTS,
        setup=(setup,),
        default=targets,
        default_usage=tuple(usage),
        shell=dev_shell(var("env"), hook=_UNSET_PYTHONPATH),
        apps=(("default", wiring.main_program),) if wiring.main_program else (),
        shell_bindings=tuple(_shell_bindings(wiring)),
        shell_usage=tuple(shell_usage),
        editable=Editable(project_dir=options.project_dir, project_file=wiring.project_file)
        if wiring.editable
        else None,
    )


def _shell_bindings(wiring: Wiring) -> list[Entry]:
    python_set: Expr = var("pythonSet")
    bindings: list[Entry] = []
    if wiring.editable:
        overrides = [
            bind(name, call(select(var("prev"), name, "override"), attrs([_root(path)])))
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
    env = call(select(python_set, "mkVirtualEnv"), f"{wiring.name}-dev-env", wiring.development)
    bindings.append(bind("env", env))
    return bindings


def _root(path: str) -> Entry:
    """``editableRoot = "${projectRoot}/<path>"`` (the bare variable for the project itself)."""
    if path in ("", "."):
        return bind("editableRoot", var("projectRoot"))
    return bind("editableRoot", s(var("projectRoot"), "/" + path.strip("/")))
