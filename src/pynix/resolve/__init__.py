"""Lock creation and completion: the real ``uv`` resolves, pynix keeps what it writes.

* :func:`~pynix.resolve.uv.lock_project` -- ``uv lock`` for a
  ``pyproject.toml`` project, into its ``uv.lock``;
* :func:`~pynix.resolve.uv.compile_requirements` -- ``uv pip compile`` for a
  requirements file, a ``setup.cfg`` project or a PEP 723 script, into a
  PEP 751 ``pylock.toml``;
* :class:`~pynix.resolve.uv.LockOptions` and
  :class:`~pynix.resolve.uv.LockResult` -- what goes in, what comes out;
* :mod:`pynix.resolve.artifacts` -- the files of pins that a lock names only
  by hash (hashed requirements) or only by file name (poetry.lock and
  pdm.lock for private indexes), found through :mod:`pynix.index`.

>>> from pynix.resolve import LockOptions
>>> LockOptions(upgrade_packages=("urllib3>=2.2.2",)).upgrade_all
False
"""

from pynix.resolve.uv import (
    LockOptions,
    LockResult,
    compile_requirements,
    default_pylock_path,
    lock_project,
)

__all__ = [
    "LockOptions",
    "LockResult",
    "compile_requirements",
    "default_pylock_path",
    "lock_project",
]
