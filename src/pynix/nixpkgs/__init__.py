"""nixpkgs' Python package sets: snapshots of them, and PyPI names mapped into them.

* :mod:`pynix.nixpkgs.snapshot` -- the snapshot schema, parsing and
  serialization (pure);
* :mod:`pynix.nixpkgs.names` -- PyPI project name → nixpkgs attribute (pure);
* :mod:`pynix.nixpkgs.take` -- taking a snapshot with the real ``nix``, cached;
* :mod:`pynix.nixpkgs.files` -- reading a snapshot file.

This package's ``__init__`` imports nothing, so that importing the pure
modules does not pull in the ones that run ``nix``.
"""

__all__: list[str] = []
