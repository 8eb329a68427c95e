"""pynix: turn Python projects and their locks into reproducible Nix."""

__version__ = "0.1.0"
