"""The normalized model every loader produces and every renderer reads."""

from pynix.model.findings import Finding, Severity
from pynix.model.lock import (
    Artifact,
    ArtifactKind,
    LockedDependency,
    LockedPackage,
    LockFormat,
    LockSet,
)
from pynix.model.project import BuildSystem, Dependency, Index, Project, ProjectFormat
from pynix.model.source import (
    GitSource,
    PathSource,
    RegistrySource,
    Source,
    UrlSource,
    WorkspaceSource,
)

__all__ = [
    "Artifact",
    "ArtifactKind",
    "BuildSystem",
    "Dependency",
    "Finding",
    "GitSource",
    "Index",
    "LockFormat",
    "LockSet",
    "LockedDependency",
    "LockedPackage",
    "PathSource",
    "Project",
    "ProjectFormat",
    "RegistrySource",
    "Severity",
    "Source",
    "UrlSource",
    "WorkspaceSource",
]
