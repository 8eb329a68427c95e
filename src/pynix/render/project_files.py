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
of ``InitOptions.systems``::

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
    Entry,
    Expr,
    Let,
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
from pynix.nixpkgs.names import NameMap
from pynix.render._scope import free_variables
from pynix.render.meta import main_program
from pynix.render.package import render_package
from pynix.render.result import RenderedFiles, merge_findings
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

    def done(self) -> RenderedFiles:
        if self.options.style == "classic":
            self.files.pop("flake.nix", None)
        return RenderedFiles(files=dict(self.files), findings=merge_findings(self.findings))

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
        self.files["default.nix"] = comment(
            self.header(f"`nix-build` builds the package with nixpkgs' {self.options.python}."),
            self.classic(
                call(var("python.pkgs.callPackage"), Path(value="./package.nix"), attrs())
            ),
        )
        self.files["shell.nix"] = self.package_shell()
        self.files["flake.nix"] = self.flake(
            packages=self.flake_packages_of_package(),
            apps=self.flake_apps(),
        )
        return self.done()

    def environment(self) -> RenderedFiles:
        env = render_with_packages(
            self.project,
            python=var("python"),
            names=self.names,
            extras=self.options.extras,
        )
        self.findings.extend(env.findings)
        self.files["default.nix"] = comment(
            self.header(
                f"`nix-build` builds nixpkgs' {self.options.python} with these requirements."
            ),
            self.classic(self.with_lib(env.expr)),
        )
        if self.options.venv:
            shell = self.venv_shell(["-r", self.source])
        else:
            shell = comment(
                self.header("`nix-shell` enters a shell with the environment of default.nix."),
                self.classic(
                    call(
                        var("pkgs.mkShell"),
                        attrs({"packages": list_([self.import_default()])}),
                    )
                ),
            )
        self.files["shell.nix"] = shell
        packages = let_(
            [bind("env", self.import_default())],
            attrs([bind("default", var("env")), inherit("env")]),
        )
        self.files["flake.nix"] = self.flake(packages=packages, apps=None)
        return self.done()

    def script(self) -> RenderedFiles:
        script = self.options.script or "script.py"
        runner = render_script_runner(
            self.project,
            script=posixpath.join(self.options.project_dir, script),
            names=self.names,
        )
        self.findings.extend(runner.findings)
        self.files["default.nix"] = comment(
            self.header(f"`nix-build` builds a runner of {script} (result/bin/…)."),
            self.classic(runner.expr),
        )
        if self.options.venv:
            shell = self.venv_shell([str(d) for d in self.project.dependencies])
        else:
            env = render_with_packages(self.project, python=var("python"), names=self.names)
            shell = comment(
                self.header(f"`nix-shell` enters a shell with the interpreter {script} needs."),
                self.classic(
                    self.with_lib(call(var("pkgs.mkShell"), attrs({"packages": list_([env.expr])})))
                ),
            )
        self.files["shell.nix"] = shell
        name = script.removesuffix(".py") or script
        apps = attrs(
            [
                bind(
                    "default",
                    _app(select(var("self.packages"), _system(), "default"), name),
                )
            ]
        )
        packages = attrs([bind("default", self.import_default())])
        self.files["flake.nix"] = self.flake(packages=packages, apps=apps)
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
        return self.done()

    # ------------------------------------------------------------------ pieces

    def classic(self, body: Expr) -> Expr:
        """``{ pkgs ? import <nixpkgs> { }, python ? pkgs.python3 }: body``."""
        formals: list[str | tuple[str, Expr]] = [
            ("pkgs", call(var("import"), Path(value="<nixpkgs>"), attrs())),
            ("python", select(var("pkgs"), self.options.python)),
        ]
        return lam(pattern(formals), body)

    def with_lib(self, body: Expr) -> Expr:
        """``body`` under ``let inherit (pkgs) lib stdenv; in`` for the names it uses."""
        used = [n for n in ("lib", "stdenv") if n in free_variables(body)]
        if not used:
            return body
        return let_([inherit(*used, source=var("pkgs"))], body)

    def import_default(self) -> Expr:
        return call(var("import"), Path(value="./default.nix"), attrs([inherit("pkgs", "python")]))

    def package_shell(self) -> Expr:
        if self.options.venv:
            extras = f"[{','.join(self.options.extras)}]" if self.options.extras else ""
            return self.venv_shell(["-e", f".{extras}"])
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
        formals: list[str | tuple[str, Expr]] = [
            ("pkgs", call(var("import"), Path(value="<nixpkgs>"), attrs())),
            ("python", select(var("pkgs"), self.options.python)),
            ("projectRoot", call(var("toString"), relative_path(self.options.project_dir))),
            ("shellHook", s("")),
        ]
        return comment(
            self.header(
                f"`nix-shell` enters a shell with nixpkgs' {self.options.python}, the project"
                " installed in place",
                "(edits need no rebuild) and the dependencies of its groups.",
                "projectRoot is the project's directory as a string; flake.nix passes"
                ' "$PYNIX_PROJECT_ROOT".',
            ),
            lam(pattern(formals), self.with_lib(shell.expr)),
        )

    def venv_shell(self, install: Sequence[str]) -> Expr:
        name = self.project.canonical_name
        shell = render_venv_shell(install=install, name=f"{name}-venv" if name else None)
        return comment(
            self.header(
                "`nix-shell` creates ./.venv on first use and runs pip there (not reproducible:",
                "the nixpkgs manual's venvShellHook recipe, for pip inside Nix).",
            ),
            self.classic(shell.expr),
        )

    def flake_packages_of_package(self) -> Expr:
        package = var("package")
        extras: list[Expr] = [
            select(package, "optional-dependencies", extra) for extra in self.options.extras
        ]
        env_list: Expr = list_([package])
        if extras:
            env_list = op("++", env_list, *extras)
        return let_(
            [
                bind("package", self.import_default()),
            ],
            attrs(
                [
                    bind("default", package),
                    bind(
                        "env",
                        call(var("python.withPackages"), lam("ps", env_list)),
                    ),
                ]
            ),
        )

    def flake_apps(self) -> Expr | None:
        scripts = sorted({*self.project.scripts, *self.project.gui_scripts})
        if not scripts:
            return None
        package = var("package")
        entries: list[Entry] = [bind(name, _app(package, name)) for name in scripts]
        main = main_program(self.project)
        if main is not None:
            entries.append(bind("default", _app(package, main)))
        return let_(
            [bind("package", select(var("self.packages"), _system(), "default"))],
            attrs(entries),
        )

    def flake(self, *, packages: Expr, apps: Expr | None) -> Expr:
        revision = self.options.nixpkgs_revision or _NIXPKGS_BRANCH
        name = self.project.name or "environment"
        description = self.project.description or f"{name}, with nixpkgs' Python"
        python = bind("python", select(var("pkgs"), self.options.python))
        if isinstance(packages, Let):
            per_system = lam("pkgs", let_([python, *packages.entries], packages.body))
        else:
            per_system = lam("pkgs", let_([python], packages))
        outputs: list[Entry] = [
            bind("packages", call(var("forAllSystems"), per_system)),
            bind("devShells", call(var("forAllSystems"), lam("pkgs", self.flake_shell()))),
        ]
        if apps is not None:
            outputs.append(bind("apps", call(var("forAllSystems"), lam("pkgs", apps))))
        for_all = lam(
            "f",
            call(
                var("nixpkgs.lib.genAttrs"),
                var("systems"),
                lam("system", call(var("f"), select(var("nixpkgs.legacyPackages"), var("system")))),
            ),
        )
        body = let_(
            [bind("systems", list_(self.options.systems)), bind("forAllSystems", for_all)],
            attrs(outputs),
        )
        return comment(
            self.header(self.flake_usage()),
            attrs(
                [
                    bind("description", description),
                    bind(("inputs", "nixpkgs", "url"), f"github:NixOS/nixpkgs/{revision}"),
                    bind("outputs", lam(pattern(["self", "nixpkgs"]), body)),
                ]
            ),
        )

    def flake_usage(self) -> str:
        if self.project.format is ProjectFormat.SCRIPT:
            return "`nix run` runs the script; `nix develop` enters a shell with its interpreter."
        if self.project.format is ProjectFormat.REQUIREMENTS_TXT:
            return "`nix build` builds the environment; `nix develop` enters a shell with it."
        return "`nix build` builds .#default (and .#env); `nix develop` enters the dev shell."

    def flake_shell(self) -> Expr:
        arguments: list[Entry] = [inherit("pkgs")]
        if self.project.format not in (ProjectFormat.SCRIPT, ProjectFormat.REQUIREMENTS_TXT) and (
            not self.options.venv
        ):
            marker = self.source if self.project.source_file else "pyproject.toml"
            hook = (
                'export PYNIX_PROJECT_ROOT="$PWD"\n'
                f'if [ ! -e "$PYNIX_PROJECT_ROOT/{marker}" ]; then\n'
                f"  echo \"pynix: no {marker} here; run nix develop in the project's directory"
                ' for the editable install" >&2\n'
                "fi\n"
            )
            arguments.append(
                bind(
                    "projectRoot",
                    "$PYNIX_PROJECT_ROOT",
                    comment="A flake is evaluated from a copy in the store: the editable install"
                    " reads\nthe directory the shell starts in.",
                )
            )
            arguments.append(bind("shellHook", s(hook, indented=True)))
        return attrs(
            [bind("default", call(var("import"), Path(value="./shell.nix"), attrs(arguments)))]
        )


def _system() -> Expr:
    return var("pkgs.stdenv.hostPlatform.system")


def _app(package: Expr, name: str) -> Expr:
    return attrs(
        [
            bind("type", "app"),
            bind("program", call(var("pkgs.lib.getExe'"), package, name)),
        ]
    )
