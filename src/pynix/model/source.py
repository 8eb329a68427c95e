"""Where a distribution comes from: an index, a URL, a git repository or a local path.

The same four kinds appear in project files (Poetry's ``{ git = ... }``,
uv's ``[tool.uv.sources]``, pip's ``-e ./pkg``) and in lock files (uv's
``source = { registry = ... }``, PEP 751's ``vcs``/``directory``/``archive``),
so projects and locks share them.
"""

from __future__ import annotations

import dataclasses

__all__ = ["GitSource", "PathSource", "RegistrySource", "Source", "UrlSource", "WorkspaceSource"]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class RegistrySource:
    """A package index (PEP 503/691 simple API) at ``url``; ``name`` is the index's label."""

    url: str
    name: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class UrlSource:
    """A direct URL to an archive (wheel, sdist or zip), optionally a subdirectory of it."""

    url: str
    subdirectory: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class GitSource:
    """A git repository; ``rev`` is what was asked for, ``commit`` the full resolved hash."""

    url: str
    rev: str | None = None
    tag: str | None = None
    branch: str | None = None
    commit: str | None = None
    subdirectory: str | None = None

    @property
    def requested(self) -> str | None:
        """The reference the user asked for, whichever key they used."""
        return self.rev or self.tag or self.branch


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class PathSource:
    """A local directory or archive, relative to the file that names it.

    ``editable`` installs the directory in place (``pip install -e``);
    ``virtual`` marks a project that is not built at all (uv's
    ``source = { virtual = "." }``), only its dependencies are.
    """

    path: str
    editable: bool = False
    virtual: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class WorkspaceSource:
    """A member of the same uv workspace (``{ workspace = true }``)."""

    editable: bool = True


Source = RegistrySource | UrlSource | GitSource | PathSource | WorkspaceSource
