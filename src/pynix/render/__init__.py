"""Renderers: the model as Nix syntax trees, in nixpkgs' idiom. Pure: no files, no printing."""

__all__: list[str] = []
