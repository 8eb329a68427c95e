"""What ``pynix generate`` asks of a lock renderer, whichever style it writes.

``pynix generate`` turns a :class:`~pynix.plan.Plan` into Nix files in one of
two styles, each its own renderer with the same signature::

    render_files(plan, project, *, names, options) -> RenderedFiles

* ``overlay`` (:mod:`pynix.render.overlay`): ``python-packages.nix``, a
  ``packageOverrides`` overlay on nixpkgs' Python set that reuses nixpkgs'
  recipes where it can (the setup.nix / mach-nix way);
* ``pyproject-nix`` (:mod:`pynix.render.build_set`): an overlay for
  pyproject.nix's build scope, one ``stdenv.mkDerivation`` per pin, and a
  ``mkVirtualEnv`` (the uv2nix way, rendered ahead of evaluation).

Both write ``flake.nix``, ``shell.nix`` and ``default.nix`` exposing, for every
planned system: ``devShells.default`` (the project editable, all groups),
``packages.default`` (the application or library), ``packages.env`` (an
environment to point an IDE at), ``packages.wheel`` (the project's wheel) and
``packages.docker`` (``dockerTools.buildLayeredImage`` with the application,
no dev groups; Linux only). :mod:`pynix.render.scaffold` writes those three
files for both.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

__all__ = ["GenerateOptions", "Style"]

Style = Literal["overlay", "pyproject-nix"]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class GenerateOptions:
    """Choices the plan does not hold, from the command line.

    ``python`` is the nixpkgs interpreter attribute the files default to (the
    generated Nix refuses, with a clear message, an interpreter whose
    ``major.minor`` the plan did not cover). ``project_dir`` is the project's
    directory relative to the output directory (``..`` for ``--out nix``), for
    ``src`` and the dev shell's editable root; ``source_root`` is the
    directory, relative to the project, that an editable install puts on
    ``sys.path`` (``src`` for a src layout). ``version`` replaces a dynamic
    project version. ``nixpkgs_url`` is the flake input (a pinned revision or
    a branch). ``docker_name`` names the image (default: the project's name).
    """

    style: Style = "overlay"
    python: str = "python3"
    project_dir: str = "."
    source_root: str = "."
    version: str | None = None
    application: bool = False
    import_names: tuple[str, ...] | None = None
    nixpkgs_url: str = "github:NixOS/nixpkgs/nixos-unstable"
    docker_name: str | None = None
