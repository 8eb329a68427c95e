"""PEP 518 ``[build-system]``: what must be installed to build a project, and which backend runs.

Spec: https://packaging.python.org/en/latest/specifications/pyproject-toml/#declaring-build-system-dependencies-the-build-system-table
(PEP 518 for ``requires``, PEP 517 for ``build-backend`` and ``backend-path``).

Traps:

* No ``[build-system]`` table at all means pip's legacy behaviour: setuptools
  (``setuptools>=40.8.0``) runs ``setup.py`` through
  ``setuptools.build_meta:__legacy__``. pynix says so explicitly
  (``declared=False``) instead of returning nothing, as pyproject.nix does.
* A table without ``requires`` is an error (PEP 518: tools must not guess),
  but a missing ``build-backend`` falls back to the legacy backend (PEP 517).
* ``requires`` entries are PEP 508 strings; a bad one is reported with its
  key path (``build-system.requires[1]``) and a caret.

>>> build = parse_build_system(
...     {"requires": ["hatchling>=1.25"], "build-backend": "hatchling.build"}
... )
>>> ([str(d) for d in build.requires], build.backend, build.declared)
(['hatchling>=1.25'], 'hatchling.build', True)
>>> parse_build_system(None).backend
'setuptools.build_meta:__legacy__'
"""

from __future__ import annotations

from collections.abc import Sequence

from pynix.errors import PynixError
from pynix.formats._toml_paths import (
    child,
    expect_str,
    expect_str_list,
    expect_table,
    invalid,
    item,
    optional,
)
from pynix.model import BuildSystem, Dependency

__all__ = ["LEGACY_BACKEND", "LEGACY_REQUIRES", "legacy_build_system", "parse_build_system"]

LEGACY_BACKEND = "setuptools.build_meta:__legacy__"
LEGACY_REQUIRES = ("setuptools>=40.8.0",)


def legacy_build_system(extra_requires: Sequence[Dependency] = ()) -> BuildSystem:
    """The build system pip assumes for a project without ``[build-system]``.

    ``extra_requires`` adds what the project asks for elsewhere, such as
    setup.cfg's ``setup_requires``.

    >>> [str(d) for d in legacy_build_system([Dependency.parse("setuptools-scm")]).requires]
    ['setuptools>=40.8.0', 'setuptools-scm']
    """
    return BuildSystem(
        requires=tuple(Dependency.parse(r) for r in LEGACY_REQUIRES) + tuple(extra_requires),
        backend=LEGACY_BACKEND,
        declared=False,
    )


def parse_build_system(table: object, *, path: str = "build-system") -> BuildSystem:
    """Read a ``[build-system]`` table (``None`` when the file has none).

    Raises :class:`~pynix.errors.InvalidProject` for wrong types and
    :class:`~pynix.errors.InvalidRequirement` for a bad ``requires`` entry,
    both located by key path.
    """
    if table is None:
        return legacy_build_system()
    build = expect_table(table, path)
    if "requires" not in build:
        raise invalid(
            child(path, "requires"),
            "missing; PEP 518 requires it when [build-system] is present",
        )
    requires_path = child(path, "requires")
    requires = tuple(
        _dependency(text, item(requires_path, i))
        for i, text in enumerate(expect_str_list(build["requires"], requires_path))
    )
    backend = optional(build, "build-backend", path, expect_str)
    backend_path = optional(build, "backend-path", path, expect_str_list) or ()
    return BuildSystem(
        requires=requires,
        backend=LEGACY_BACKEND if backend is None else backend,
        backend_path=backend_path,
        declared=True,
    )


def _dependency(text: str, path: str) -> Dependency:
    try:
        return Dependency.parse(text)
    except PynixError as error:
        raise error.at(key=path) from None
