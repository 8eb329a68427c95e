"""Renderers: the model as Nix syntax trees, in nixpkgs' idiom. Pure: no files, no printing.

One module per output kind, each the counterpart of a pyproject.nix renderer
or a recipe of the nixpkgs manual:

* :mod:`~pynix.render.conditions` -- PEP 508 markers as Nix conditions;
* :mod:`~pynix.render.dependencies` -- dependency lists, names mapped to nixpkgs;
* :mod:`~pynix.render.with_packages` -- ``python.withPackages (ps: [ … ])``;
* :mod:`~pynix.render.package` -- ``package.nix`` (``buildPythonPackage``);
* :mod:`~pynix.render.meta`, :mod:`~pynix.render.licenses` -- ``meta``;
* :mod:`~pynix.render.editable` -- ``mkPythonEditablePackage``;
* :mod:`~pynix.render.shell` -- the dev shell and the venv shell;
* :mod:`~pynix.render.script` -- PEP 723 scripts: shebang, runner;
* :mod:`~pynix.render.scaffold` -- ``flake.nix``, ``default.nix``, ``shell.nix`` around
  any of them;
* :mod:`~pynix.render.project_files` -- the files of ``pynix init``.

Every renderer returns its tree with :class:`~pynix.model.Finding` values
(:class:`Rendered`); none raises for a problem in the project.
"""

from pynix.render.conditions import (
    PACKAGE_SCOPE,
    PYTHON_SYSTEMS,
    Compiled,
    Condition,
    Scope,
    compile_marker,
    conjoin,
    disjoin,
    negate,
)
from pynix.render.dependencies import PackageRef, Resolved, dependency_list, resolve
from pynix.render.editable import render_editable
from pynix.render.licenses import Licenses, license_attrs
from pynix.render.meta import main_program, project_url, render_meta
from pynix.render.package import render_package
from pynix.render.project_files import InitOptions, Style, project_files
from pynix.render.result import Rendered, RenderedFiles
from pynix.render.script import (
    RenderedScript,
    nixpkgs_tarball,
    render_script,
    render_script_runner,
    shebang_quote,
)
from pynix.render.shell import render_dev_shell, render_venv_shell
from pynix.render.with_packages import environment_dependencies, render_with_packages
from pynix.standards.names import import_name

__all__ = [
    "PACKAGE_SCOPE",
    "PYTHON_SYSTEMS",
    "Compiled",
    "Condition",
    "InitOptions",
    "Licenses",
    "PackageRef",
    "Rendered",
    "RenderedFiles",
    "RenderedScript",
    "Resolved",
    "Scope",
    "Style",
    "compile_marker",
    "conjoin",
    "dependency_list",
    "disjoin",
    "environment_dependencies",
    "import_name",
    "license_attrs",
    "main_program",
    "negate",
    "nixpkgs_tarball",
    "project_files",
    "project_url",
    "render_dev_shell",
    "render_editable",
    "render_meta",
    "render_package",
    "render_script",
    "render_script_runner",
    "render_venv_shell",
    "render_with_packages",
    "resolve",
    "shebang_quote",
]
