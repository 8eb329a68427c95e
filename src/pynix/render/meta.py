"""``meta`` for a nixpkgs package: description, homepage, changelog, license, mainProgram.

The counterpart of pyproject.nix's ``renderers.meta``, from the project's
PEP 621 metadata:

* ``description`` -- ``project.description``, verbatim.
* ``homepage`` -- the first of ``project.urls`` whose label, normalized as
  PEP 753 says (lower case, punctuation and spaces removed), is
  ``homepage``, then ``source``, ``sourcecode``, ``repository``,
  ``documentation`` (a home page first, then the code, then the docs).
* ``changelog`` -- the first label among ``changelog``, ``changes``,
  ``releasenotes``, ``history``, ``whatsnew``.
* ``license`` -- see :mod:`pynix.render.licenses`: one license is written
  alone, several as a list.
* ``mainProgram`` -- the only script of ``project.scripts`` and
  ``project.gui-scripts``, or else the one named like the project; none
  when that does not decide it (``lib.getExe`` then needs it set by hand).

>>> from pynix.model import Project, ProjectFormat
>>> from pynix.nix import render
>>> project = Project(
...     format=ProjectFormat.PEP621,
...     name="demo",
...     description="A demo",
...     license="MIT",
...     urls={"Source": "https://example.org/src", "Home-page": "https://example.org"},
...     scripts={"demo": "demo.cli:main", "demo-admin": "demo.admin:main"},
... )
>>> print(render(render_meta(project).expr), end="")
{
  description = "A demo";
  homepage = "https://example.org";
  license = lib.licenses.mit;
  mainProgram = "demo";
}
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from packaging.utils import canonicalize_name

from pynix.model import Project
from pynix.nix import Entry, Expr, attrs, bind, list_, select, var
from pynix.render.licenses import license_attrs
from pynix.render.result import Rendered

__all__ = ["CHANGELOG_LABELS", "HOMEPAGE_LABELS", "main_program", "project_url", "render_meta"]

HOMEPAGE_LABELS = ("homepage", "source", "sourcecode", "repository", "documentation")
CHANGELOG_LABELS = ("changelog", "changes", "releasenotes", "history", "whatsnew")

_DROP = str.maketrans("", "", string.punctuation + string.whitespace)


def project_url(urls: Mapping[str, str], labels: tuple[str, ...]) -> str | None:
    """The URL of the first of ``labels`` present in ``urls`` (labels normalized as in PEP 753)."""
    by_label: dict[str, str] = {}
    for label, url in urls.items():
        by_label.setdefault(label.lower().translate(_DROP), url)
    for label in labels:
        if label in by_label:
            return by_label[label]
    return None


def main_program(project: Project) -> str | None:
    """The script ``lib.getExe`` should run: the only one, or the one named like the project."""
    scripts = sorted({*project.scripts, *project.gui_scripts})
    if len(scripts) == 1:
        return scripts[0]
    own = project.canonical_name
    named = [s for s in scripts if own is not None and canonicalize_name(s) == own]
    return named[0] if len(named) == 1 else None


def render_meta(project: Project, *, lib: Expr | None = None) -> Rendered:
    """The ``meta`` attribute set of ``project``; ``lib`` is how to reach nixpkgs' ``lib``."""
    lib_expr = lib if lib is not None else var("lib")
    entries: list[Entry] = []
    if project.description:
        entries.append(bind("description", project.description))
    homepage = project_url(project.urls, HOMEPAGE_LABELS)
    if homepage:
        entries.append(bind("homepage", homepage))
    changelog = project_url(project.urls, CHANGELOG_LABELS)
    if changelog:
        entries.append(bind("changelog", changelog))
    licenses = license_attrs(project.license, project.classifiers)
    if licenses.attrs:
        refs = [select(lib_expr, "licenses", attr) for attr in licenses.attrs]
        entries.append(bind("license", refs[0] if len(refs) == 1 else list_(refs)))
    program = main_program(project)
    if program:
        entries.append(bind("mainProgram", program))
    return Rendered(expr=attrs(entries), findings=licenses.findings)
