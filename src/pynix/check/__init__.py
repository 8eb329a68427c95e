"""Validators: what ``pynix check`` tells a user before anything is built.

Pure functions from model values to :class:`~pynix.model.Finding` values; they
never read files and never raise for a problem in the user's project.

* :mod:`pynix.check.project` -- :func:`check_project`, everything below for
  one project, a nixpkgs snapshot and one or more targets;
* :mod:`pynix.check.dependencies` -- which dependencies a check covers
  (chosen extras and groups, build system) and whether their markers hold;
* :mod:`pynix.check.versions` -- nixpkgs' versions against the constraints,
  and :func:`version_constraints`, the data of pyproject.nix's
  ``validateVersionConstraints``;
* :mod:`pynix.check.python` -- ``requires-python`` and the target interpreter;
* :mod:`pynix.check.codes` -- the finding codes and their severities.
"""

from pynix.check.codes import SEVERITIES, Code
from pynix.check.project import check_project
from pynix.check.python import snapshot_target
from pynix.check.versions import version_constraints

__all__ = ["SEVERITIES", "Code", "check_project", "snapshot_target", "version_constraints"]
