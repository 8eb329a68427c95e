"""Completing locks with what only an index knows (I/O, through :mod:`pynix.index`).

* :mod:`pynix.resolve.artifacts` -- the files of pins that a lock names only
  by hash (hashed requirements) or only by file name (poetry.lock and
  pdm.lock for private indexes).
"""
