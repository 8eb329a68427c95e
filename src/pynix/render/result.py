"""What a renderer returns: a Nix syntax tree (or several files) and the findings made on the way.

Renderers never raise for a problem in the project and never print: what
the user should know travels with the tree as :class:`~pynix.model.Finding`
values, and the command-line layer decides what to show and which exit
status it means.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from pynix.model import Finding, Severity
from pynix.nix import Expr, render

__all__ = ["Rendered", "RenderedFiles", "merge_findings"]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Rendered:
    """One Nix expression and its findings."""

    expr: Expr
    findings: tuple[Finding, ...] = ()

    def text(self) -> str:
        """The expression as Nix source, ending with a newline."""
        return render(self.expr)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class RenderedFiles:
    """Files to write, by name relative to the output directory, and the findings of all of them.

    A file is a Nix tree (printed with :func:`pynix.nix.render`) or, for a
    script, finished text.
    """

    files: Mapping[str, Expr | str] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )
    findings: tuple[Finding, ...] = ()

    def texts(self) -> dict[str, str]:
        """Every file's content, in name order."""
        return {
            name: content if isinstance(content, str) else render(content)
            for name, content in sorted(self.files.items())
        }

    @property
    def has_errors(self) -> bool:
        """Whether a finding is an error (the files need the user's attention to evaluate)."""
        return any(f.severity is Severity.ERROR for f in self.findings)


def merge_findings(*groups: Iterable[Finding]) -> tuple[Finding, ...]:
    """All findings of ``groups``, each once, in first-seen order."""
    return tuple(dict.fromkeys(f for group in groups for f in group))
