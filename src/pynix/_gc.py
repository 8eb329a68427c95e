"""Pausing Python's cycle collector while pure code builds large acyclic values (private).

Reading a lock, planning it and rendering the plan allocate hundreds of
thousands of small objects (dicts, tuples, frozen dataclasses) that hold no
reference cycles and live on. Each allocation burst makes the collector walk
every live object again -- the lock and the plan included -- for nothing: on
a 2,000-package lock that is a fifth of the CPU time of reading it and a
third of planning it (``bench/locks.py``).
:func:`paused_gc` turns it off for the duration and restores the state the
caller had (so nesting is harmless); the objects are freed by reference
counting as usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cycle collector inside the ``with`` block, then restore it as it was.

    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
