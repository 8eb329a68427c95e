"""The files ``pynix init`` writes: ``flake.nix``, ``shell.nix``, ``default.nix``, ``package.nix``.

What a project gets depends on what it is:

========================  ==============================================================
project                   files
========================  ==============================================================
pyproject.toml/setup.cfg  ``package.nix`` (the package, :mod:`pynix.render.package`),
                          ``default.nix`` (``nix-build``: the package),
                          ``shell.nix`` (``nix-shell``: the project editable + groups),
                          ``flake.nix`` (style ``flake``)
requirements.txt          ``default.nix`` (the ``withPackages`` environment),
                          ``shell.nix`` (a shell with it), ``flake.nix``
PEP 723 script            ``default.nix`` (a runner: ``writeScriptBin``), ``shell.nix``,
                          ``flake.nix`` (an app), and, when asked, the script itself with
                          a ``nix-shell`` shebang
========================  ==============================================================

The classic files take ``{ pkgs ? import <nixpkgs> { }, python ? pkgs.python3 }``
so that ``nix-build``/``nix-shell`` work as they are and another nixpkgs or
interpreter can be passed in. ``flake.nix`` builds on them, for every system
of ``InitOptions.systems`` (the three files are :mod:`pynix.render.scaffold`'s,
``default.nix`` as :class:`~pynix.render.scaffold.OnePackage`)::

    packages.<system>.default   the package (default.nix)
    packages.<system>.env       python.withPackages with the package (and chosen extras)
    devShells.<system>.default  shell.nix
    apps.<system>.<script>      each script of the package (default: mainProgram)

The dev shell's editable install needs the *working tree*, which a flake
cannot name (it is evaluated from a copy in the store): ``shell.nix`` takes
``projectRoot`` (default ``toString ./.``, the real directory) and the
flake passes ``"$PYNIX_PROJECT_ROOT"``, which the flake's ``shellHook`` sets
to the directory the shell starts in, warning when that directory holds no
project file. ``--venv`` replaces the dev shell with the nixpkgs manual's
impure venv shell (:func:`pynix.render.shell.render_venv_shell`).
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Sequence
from typing import Literal

from pynix.model import Finding, Project, ProjectFormat
from pynix.nix import (
    Expr,
    Path,
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
from pynix.render.meta import main_program
from pynix.render.package import render_package
from pynix.render.result import RenderedFiles, merge_findings
from pynix.render.scaffold import Editable, OnePackage, Scaffold, scaffold_files
from pynix.render.script import relative_path, render_script, render_script_runner
from pynix.render.shell import render_dev_shell, render_venv_shell
from pynix.render.with_packages import render_with_packages
from pynix.standards.targets import DEFAULT_SYSTEMS

__all__ = ["InitOptions", "Style", "project_files"]

Style = Literal["flake", "classic"]
_NIXPKGS_BRANCH = "nixos-unstable"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class InitOptions:
    """What ``pynix init`` was asked for.

    ``groups`` ``None`` means every dependency group (in the dev shell);
    ``extras`` go into the dev shell and ``packages.env``. ``source_root`` is
    the directory, relative to the project, that the editable install puts
    on ``sys.path`` (``src`` for a src layout). ``project_dir`` is the
    project's directory relative to where the files go (``..`` for
    ``--out nix``), for ``src`` and the dev shell's root. ``script``/``script_text
    name a PEP 723 script beside the files and, with ``shebang``, ask for it
    to be rewritten with ``nix-shell`` lines. ``nixpkgs_revision`` pins
    nixpkgs (the flake input, the shebang's ``-I``).
    """

    style: Style = "flake"
    python: str = "python3"
    extras: tuple[str, ...] = ()
    groups: tuple[str, ...] | None = None
    version: str | None = None
    application: bool = False
    import_names: tuple[str, ...] | None = None
    source_root: str = "."
    venv: bool = False
    nixpkgs_revision: str | None = None
    systems: tuple[str, ...] = DEFAULT_SYSTEMS
    script: str | None = None
    script_text: str | None = None
    shebang: bool = False
    project_dir: str = "."


def project_files(
    project: Project, *, names: NameMap | None = None, options: InitOptions | None = None
) -> RenderedFiles:
    """Every file ``pynix init`` writes for ``project``, by name, with their findings."""
    chosen = options if options is not None else InitOptions()
    if project.format is ProjectFormat.SCRIPT:
        return _Files(project, names, chosen).script()
    if project.format is ProjectFormat.REQUIREMENTS_TXT:
        return _Files(project, names, chosen).environment()
    return _Files(project, names, chosen).package()


@dataclasses.dataclass
class _Files:
    project: Project
    names: NameMap | None
    options: InitOptions
    files: dict[str, Expr | str] = dataclasses.field(default_factory=dict)
    findings: list[Finding] = dataclasses.field(default_factory=list)

    @property
    def source(self) -> str:
        if self.project.source_file:
            return posixpath.basename(self.project.source_file.replace("\\", "/"))
        return "the project"

    def header(self, *lines: str) -> str:
        return "\n".join([f"Generated by `pynix init` from {self.source}.", *lines])

    def done(self, scaffold: Scaffold) -> RenderedFiles:
        self.files.update(scaffold_files(scaffold))
        if self.options.style == "classic":
            self.files.pop("flake.nix", None)
        return RenderedFiles(files=dict(self.files), findings=merge_findings(self.findings))

    def scaffold(
        self,
        *,
        default: OnePackage,
        default_usage: str,
        shell: Expr,
        shell_usage: tuple[str, ...],
        editable: Editable | None = None,
        apps: tuple[tuple[str, str], ...] = (),
    ) -> Scaffold:
        """The scaffold with what every kind of project shares."""
        name = self.project.name or "environment"
        revision = self.options.nixpkgs_revision or _NIXPKGS_BRANCH
        return Scaffold(
            command="pynix init",
            source=self.source,
            description=self.project.description or f"{name}, with nixpkgs' Python",
            systems=self.options.systems,
            nixpkgs_url=f"github:NixOS/nixpkgs/{revision}",
            python=self.options.python,
            default=default,
            default_usage=(default_usage,),
            shell=shell,
            shell_usage=shell_usage,
            editable=editable,
            apps=apps,
        )

    # ------------------------------------------------------------------ project kinds

    def package(self) -> RenderedFiles:
        package = render_package(
            self.project,
            names=self.names,
            version=self.options.version,
            application=self.options.application,
            import_names=self.options.import_names,
            src=call(var("lib.cleanSource"), relative_path(self.options.project_dir)),
            header=self.header(
                "The package, for `python.pkgs.callPackage ./package.nix { }` (see default.nix)."
            ),
        )
        self.findings.extend(package.findings)
        self.files["package.nix"] = package.expr
        env: Expr = list_([var("package")])
        extras = [select(var("package"), "optional-dependencies", e) for e in self.options.extras]
        if extras:
            env = op("++", env, *extras)
        default = OnePackage(
            value=call(var("python.pkgs.callPackage"), Path(value="./package.nix"), attrs()),
            usage="`nix build` builds .#default (and .#env); `nix develop` enters the dev shell.",
            more=(bind("env", call(var("python.withPackages"), lam("ps", env))),),
        )
        python = self.options.python
        if self.options.venv:
            extra = f"[{','.join(self.options.extras)}]" if self.options.extras else ""
            shell, shell_usage = self.venv_shell(["-e", f".{extra}"])
            editable = None
        else:
            shell, shell_usage = self.dev_shell()
            marker = self.source if self.project.source_file else "pyproject.toml"
            editable = Editable(project_dir=self.options.project_dir, project_file=marker)
        return self.done(
            self.scaffold(
                default=default,
                default_usage=f"`nix-build` builds the package with nixpkgs' {python}.",
                shell=shell,
                shell_usage=shell_usage,
                editable=editable,
                apps=self.apps(),
            )
        )

    def environment(self) -> RenderedFiles:
        env = render_with_packages(
            self.project,
            python=var("python"),
            names=self.names,
            extras=self.options.extras,
        )
        self.findings.extend(env.findings)
        if self.options.venv:
            shell, shell_usage = self.venv_shell(["-r", self.source])
        else:
            imported = call(
                var("import"), Path(value="./default.nix"), attrs([inherit("pkgs", "python")])
            )
            shell = call(var("pkgs.mkShell"), attrs({"packages": list_([imported])}))
            shell_usage = ("`nix-shell` enters a shell with the environment of default.nix.",)
        return self.done(
            self.scaffold(
                default=OnePackage(
                    value=env.expr,
                    usage="`nix build` builds the environment; `nix develop` enters a shell with"
                    " it.",
                    name="env",
                    more=(inherit("env"),),
                ),
                default_usage=(
                    f"`nix-build` builds nixpkgs' {self.options.python} with these requirements."
                ),
                shell=shell,
                shell_usage=shell_usage,
            )
        )

    def script(self) -> RenderedFiles:
        script = self.options.script or "script.py"
        runner = render_script_runner(
            self.project,
            script=posixpath.join(self.options.project_dir, script),
            names=self.names,
        )
        self.findings.extend(runner.findings)
        if self.options.venv:
            shell, shell_usage = self.venv_shell([str(d) for d in self.project.dependencies])
        else:
            env = render_with_packages(self.project, python=var("python"), names=self.names)
            shell = call(var("pkgs.mkShell"), attrs({"packages": list_([env.expr])}))
            shell_usage = (f"`nix-shell` enters a shell with the interpreter {script} needs.",)
        if self.options.shebang and self.options.script_text is not None:
            url = (
                f"https://github.com/NixOS/nixpkgs/archive/{self.options.nixpkgs_revision}.tar.gz"
                if self.options.nixpkgs_revision
                else None
            )
            rendered = render_script(
                self.options.script_text,
                self.project,
                python=self.options.python,
                names=self.names,
                nixpkgs_url=url,
            )
            self.files[script] = rendered.text
        return self.done(
            self.scaffold(
                default=OnePackage(
                    value=runner.expr,
                    usage="`nix run` runs the script; `nix develop` enters a shell with its"
                    " interpreter.",
                ),
                default_usage=f"`nix-build` builds a runner of {script} (result/bin/…).",
                shell=shell,
                shell_usage=shell_usage,
                apps=(("default", script.removesuffix(".py") or script),),
            )
        )

    # ------------------------------------------------------------------ pieces

    def dev_shell(self) -> tuple[Expr, tuple[str, ...]]:
        """The project editable from ``projectRoot``, with the dependencies of its groups."""
        groups = (
            self.options.groups
            if self.options.groups is not None
            else tuple(self.project.dependency_groups)
        )
        root = (
            s(var("projectRoot"))
            if self.options.source_root in ("", ".")
            else s(var("projectRoot"), "/" + self.options.source_root.strip("/"))
        )
        shell = render_dev_shell(
            self.project,
            root=root,
            names=self.names,
            extras=self.options.extras,
            groups=groups,
            version=self.options.version,
            shell_hook=var("shellHook"),
        )
        self.findings.extend(shell.findings)
        python = self.options.python
        usage = (
            f"`nix-shell` enters a shell with nixpkgs' {python}, the project installed in place",
            "(edits need no rebuild) and the dependencies of its groups.",
        )
        return shell.expr, usage

    def venv_shell(self, install: Sequence[str]) -> tuple[Expr, tuple[str, ...]]:
        name = self.project.canonical_name
        shell = render_venv_shell(install=install, name=f"{name}-venv" if name else None)
        usage = (
            "`nix-shell` creates ./.venv on first use and runs pip there (not reproducible:",
            "the nixpkgs manual's venvShellHook recipe, for pip inside Nix).",
        )
        return shell.expr, usage

    def apps(self) -> tuple[tuple[str, str], ...]:
        """Each script of the package, and ``default``: its main program."""
        apps = [(name, name) for name in sorted({*self.project.scripts, *self.project.gui_scripts})]
        main = main_program(self.project)
        if apps and main is not None:
            apps.append(("default", main))
        return tuple(apps)
