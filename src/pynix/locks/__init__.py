"""Lock files in, :class:`~pynix.model.LockSet` out; and ``pylock.toml`` back out.

One module per format, each a pure function from the file's text to the
model (no file I/O; the caller reads the file and adds its name to errors
with ``err.at(file=...)``):

* :func:`~pynix.locks.uv_lock.read_uv_lock` -- ``uv.lock`` version 1;
* :func:`~pynix.locks.poetry_lock.read_poetry_lock` -- ``poetry.lock`` 1.1, 2.0, 2.1;
* :func:`~pynix.locks.pdm_lock.read_pdm_lock` -- ``pdm.lock`` 3.x and 4.x;
* :func:`~pynix.locks.pylock.read_pylock` and
  :func:`~pynix.locks.pylock.write_pylock` -- PEP 751 ``pylock.toml``;
* :func:`~pynix.locks.requirements_lock.read_requirements_lock` -- hashed
  ``requirements*.txt`` (pip-compile, ``uv export``, ``uv pip compile``).

:func:`read_lock` picks the reader from the file name.

>>> read_lock("version = 1\\n", filename="uv.lock").format
<LockFormat.UV: 'uv.lock'>
>>> read_lock("", filename="Pipfile.lock")
Traceback (most recent call last):
...
pynix.errors.UnknownFormat: not a lock file pynix reads: 'Pipfile.lock'
  hint: expected uv.lock, poetry.lock, pdm.lock, pylock.toml, pylock.<name>.toml or \
requirements*.txt
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from pynix.errors import UnknownFormat
from pynix.locks.pdm_lock import read_pdm_lock
from pynix.locks.poetry_lock import read_poetry_lock
from pynix.locks.pylock import read_pylock, write_pylock
from pynix.locks.requirements_lock import read_requirements_lock
from pynix.locks.uv_lock import read_uv_lock
from pynix.model.lock import LockSet

__all__ = [
    "read_lock",
    "read_pdm_lock",
    "read_poetry_lock",
    "read_pylock",
    "read_requirements_lock",
    "read_uv_lock",
    "write_pylock",
]

_READERS: dict[str, Callable[[str], LockSet]] = {
    "uv.lock": read_uv_lock,
    "poetry.lock": read_poetry_lock,
    "pdm.lock": read_pdm_lock,
    "pylock.toml": read_pylock,
}
# PEP 751: ``pylock.toml`` or ``pylock.<name>.toml``, the name without dots.
_NAMED_PYLOCK = re.compile(r"^pylock\.[^.]+\.toml$")
_REQUIREMENTS = re.compile(r"^requirements.*\.txt$")


def read_lock(text: str, *, filename: str, allow_unhashed: bool = False) -> LockSet:
    """Read lock file ``text``, choosing the format by ``filename``'s last component.

    The result's ``source_file`` is ``filename``. ``allow_unhashed`` lets a
    requirements file have lines without ``--hash`` (the other formats keep
    a file without a hash as such; the plan decides). Raises
    :class:`~pynix.errors.UnknownFormat` for a name no reader claims, and
    whatever the reader raises (:class:`~pynix.errors.InvalidLock`,
    :class:`~pynix.errors.Unsupported`) for bad content.
    """
    base = filename.replace("\\", "/").rpartition("/")[2]
    if _REQUIREMENTS.match(base):
        lock = read_requirements_lock(text, name=filename, allow_unhashed=allow_unhashed)
        return dataclasses.replace(lock, source_file=filename)
    reader = _READERS.get(base) or (read_pylock if _NAMED_PYLOCK.match(base) else None)
    if reader is None:
        raise UnknownFormat(
            f"not a lock file pynix reads: {base!r}",
            hint="expected uv.lock, poetry.lock, pdm.lock, pylock.toml, pylock.<name>.toml "
            "or requirements*.txt",
        )
    return dataclasses.replace(reader(text), source_file=filename)
