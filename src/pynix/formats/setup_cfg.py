"""setuptools' declarative ``setup.cfg``: ``[metadata]``, ``[options]``, extras and entry points.

Spec: https://setuptools.pypa.io/en/latest/userguide/declarative_config.html

Read with :mod:`configparser` (as setuptools does), without interpolation,
with option names kept as written; ``install-requires`` is accepted for
``install_requires`` as setuptools (with a warning) does.

Traps:

* ``attr:`` and ``file:`` values are computed by setuptools at build time
  (``version = attr: pkg.__version__``); pynix does not import or read
  anything, it lists the field in :attr:`~pynix.model.Project.dynamic`.
* A requirement list on several lines splits at line ends; on one line it
  splits at ``;``, so ``install_requires = foo; python_version<"3.8"`` is
  two entries, the second a marker: an error, as in setuptools.
* configparser reports no line numbers for values; they are computed from
  the text so that errors can say ``setup.cfg:12``.
* ``setup_requires`` is what the legacy setuptools build needs besides
  setuptools itself; it goes into the (undeclared) build system.

>>> project = parse_setup_cfg('''
... [metadata]
... name = spam
... version = attr: spam.__version__
... [options]
... install_requires =
...     requests>=2.31
...     tomli; python_version < "3.11"
... ''')
>>> (project.name, project.dynamic, [str(d) for d in project.dependencies])
('spam', ('version',), ['requests>=2.31', 'tomli; python_version < "3.11"'])
"""

from __future__ import annotations

import configparser
import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Final, TypeVar

from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import InvalidProject, Location, PynixError, UnknownFormat
from pynix.formats._markers import parse_marker
from pynix.formats.build_system import legacy_build_system
from pynix.model import Dependency, Project, ProjectFormat
from pynix.model.project import frozen_mapping
from pynix.standards.names import is_valid_name
from pynix.standards.versions import parse_specifiers, parse_version

__all__ = ["parse_setup_cfg"]

T = TypeVar("T")
E = TypeVar("E", bound=PynixError)

_SECTION = re.compile(r"\[(?P<header>.+)\]")
_OPTION = re.compile(r"(?P<option>.*?)\s*(?P<vi>[=:])\s*(?P<value>.*)$")
_DIRECTIVE = re.compile(r"^\s*(attr|file):")
# setup.cfg key -> the PEP 621 field name a computed (attr:/file:) value makes dynamic.
_DYNAMIC_NAMES: Final = {
    "version": "version",
    "description": "description",
    "long_description": "readme",
    "classifiers": "classifiers",
    "keywords": "keywords",
    "install_requires": "dependencies",
    "extras_require": "optional-dependencies",
    "entry_points": "entry-points",
}


@dataclasses.dataclass(frozen=True, slots=True)
class _Lines:
    """Where each option's value lines are: ``(section, key) -> [(line number, text), ...]``."""

    values: Mapping[tuple[str, str], list[tuple[int, str]]]

    def first(self, section: str, key: str) -> int | None:
        lines = self.values.get((section, key))
        return lines[0][0] if lines else None

    def of_item(self, section: str, key: str, text: str) -> int | None:
        for number, line in self.values.get((section, key), []):
            if text in line:
                return number
        return self.first(section, key)


def parse_setup_cfg(text: str) -> Project:
    """Build a :class:`~pynix.model.Project` from the text of a ``setup.cfg``.

    Raises :class:`~pynix.errors.UnknownFormat` when there is neither a
    ``[metadata]`` nor an ``[options]`` section (a file that only configures
    tools), :class:`~pynix.errors.InvalidProject` for a malformed file, and
    ``Invalid*`` errors of requirement and specifier strings, all with the
    line number.
    """
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    try:
        parser.read_string(text)
    except configparser.Error as error:
        raise _syntax_error(error) from None
    if not (parser.has_section("metadata") or parser.has_section("options")):
        raise UnknownFormat("not a project: no [metadata] or [options] section")
    reader = _Reader(parser, _Lines(_value_lines(text)))
    return reader.project()


class _Reader:
    """Reads one parsed file, keeping the line index at hand for errors."""

    def __init__(self, parser: configparser.ConfigParser, lines: _Lines) -> None:
        self.lines = lines
        self.sections = {
            name: {_key(k): (k, v) for k, v in parser.items(name)} for name in parser.sections()
        }
        self.dynamic: list[str] = []

    def project(self) -> Project:
        name = self.value("metadata", "name")
        if name is not None and not is_valid_name(name):
            raise self.error("metadata", "name", f"{name!r} is not a valid project name")
        version = self.value("metadata", "version")
        if version is not None:
            self.check(parse_version, "metadata", "version", version)
        urls = {"Homepage": self.value("metadata", "url") or self.value("metadata", "home_page")}
        urls["Download"] = self.value("metadata", "download_url")
        urls.update(self.mapping("metadata", "project_urls"))
        requires = self.requirements("options", "install_requires")
        python = self.value("options", "python_requires")
        self.value("metadata", "long_description")  # not modelled; a file: value makes it dynamic
        entry_points = self.entry_points()
        return Project(
            format=ProjectFormat.SETUP_CFG,
            name=name,
            version=version,
            description=self.value("metadata", "description"),
            license=self.value("metadata", "license"),
            license_files=self.items("metadata", "license_files", ",")
            + self.items("metadata", "license_file", ","),
            classifiers=self.items("metadata", "classifiers", ","),
            keywords=self.items("metadata", "keywords", ","),
            authors=self.authors(),
            urls=frozen_mapping({k: v for k, v in urls.items() if v}),
            requires_python=None
            if python is None
            else self.check(parse_specifiers, "options", "python_requires", python),
            dependencies=requires,
            optional_dependencies=frozen_mapping(self.extras()),
            build_system=legacy_build_system(self.requirements("options", "setup_requires")),
            scripts=frozen_mapping(entry_points.pop("console_scripts", {})),
            gui_scripts=frozen_mapping(entry_points.pop("gui_scripts", {})),
            entry_points=frozen_mapping({k: frozen_mapping(v) for k, v in entry_points.items()}),
            dynamic=tuple(dict.fromkeys(self.dynamic)),
            raw={s: dict(values.values()) for s, values in self.sections.items()},
        )

    def authors(self) -> tuple[str, ...]:
        author = self.value("metadata", "author")
        email = self.value("metadata", "author_email")
        if author and email:
            return (f"{author} <{email}>",)
        return (author,) if author else (email,) if email else ()

    # -- values --------------------------------------------------------------------------------

    def raw(self, section: str, key: str) -> tuple[str, str] | None:
        return self.sections.get(section, {}).get(key)

    def value(self, section: str, key: str) -> str | None:
        """A single value; ``None`` when absent, or computed (``attr:``/``file:``)."""
        found = self.raw(section, key)
        if found is None:
            return None
        value = found[1].strip()
        if _DIRECTIVE.match(value):
            self.dynamic.append(_DYNAMIC_NAMES.get(key, key))
            return None
        return value

    def items(self, section: str, key: str, separator: str) -> tuple[str, ...]:
        """A list value: one item per line, or split at ``separator`` on a single line."""
        value = self.value(section, key)
        if value is None:
            return ()
        chunks = value.splitlines() if "\n" in value else value.split(separator)
        return tuple(c.strip() for c in chunks if c.strip() and not c.strip().startswith("#"))

    def mapping(self, section: str, key: str) -> dict[str, str]:
        """A dangling dict value: ``name = value`` per line."""
        result: dict[str, str] = {}
        for line in self.items(section, key, ","):
            label, equals, url = line.partition("=")
            if not equals:
                raise self.error(section, key, f"expected 'name = value', got {line!r}", line)
            result[label.strip()] = url.strip()
        return result

    def requirements(self, section: str, key: str) -> tuple[Dependency, ...]:
        dependencies: list[Dependency] = []
        for entry in self.items(section, key, ";"):
            try:
                dependencies.append(Dependency.parse(entry))
            except PynixError as error:
                try:
                    parse_marker(entry)
                except PynixError:
                    raise self.locate(error, section, key, entry) from None
                raise self.error(
                    section,
                    key,
                    f"{entry!r} is a marker, not a requirement",
                    entry,
                    hint="on one line ';' separates requirements: put each on its own line",
                ) from None
        return tuple(dependencies)

    def extras(self) -> dict[NormalizedName, tuple[Dependency, ...]]:
        extras: dict[NormalizedName, tuple[Dependency, ...]] = {}
        for key, (written, _) in self.sections.get("options.extras_require", {}).items():
            if not is_valid_name(written):
                raise self.error("options.extras_require", key, f"{written!r} is not a valid extra")
            extras[canonicalize_name(written)] = self.requirements("options.extras_require", key)
        return extras

    def entry_points(self) -> dict[str, dict[str, str]]:
        if self.value("options", "entry_points") is not None:
            raise self.error(
                "options", "entry_points", "expected 'file:' or [options.entry_points]"
            )
        groups: dict[str, dict[str, str]] = {}
        for key, (group, _) in self.sections.get("options.entry_points", {}).items():
            groups[group] = self.mapping("options.entry_points", key)
        return groups

    # -- errors --------------------------------------------------------------------------------

    def check(self, parse: Callable[[str], T], section: str, key: str, text: str) -> T:
        try:
            return parse(text)
        except PynixError as error:
            raise self.locate(error, section, key, text) from None

    def locate(self, error: E, section: str, key: str, text: str) -> E:
        written = self.raw(section, key)
        return error.at(
            line=self.lines.of_item(section, written[0] if written else key, text),
            key=f"{section}.{written[0] if written else key}",
        )

    def error(
        self, section: str, key: str, message: str, text: str = "", *, hint: str | None = None
    ) -> InvalidProject:
        return self.locate(InvalidProject(message, hint=hint), section, key, text)


def _key(option: str) -> str:
    return option.strip().lower().replace("-", "_")


def _value_lines(text: str) -> dict[tuple[str, str], list[tuple[int, str]]]:
    """Line numbers of every option's value lines, found the way configparser reads them."""
    found: dict[tuple[str, str], list[tuple[int, str]]] = {}
    section: str | None = None
    current: list[tuple[int, str]] | None = None
    indent = 0
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.strip()
        if not value or value.startswith(("#", ";")):
            continue
        level = len(line) - len(line.lstrip())
        if current is not None and level > indent:
            current.append((number, value))
            continue
        indent = level
        header = _SECTION.match(value)
        if header:
            section, current = header.group("header"), None
            continue
        option = _OPTION.match(value)
        if section is not None and option:
            current = found.setdefault((section, option.group("option").rstrip()), [])
            current.append((number, option.group("value")))
    return found


def _syntax_error(error: configparser.Error) -> InvalidProject:
    line = getattr(error, "lineno", None)
    if isinstance(error, configparser.MissingSectionHeaderError):
        message = "expected a [section] header before the first option"
    elif isinstance(error, configparser.DuplicateSectionError):
        message = f"section [{error.section}] appears twice"
    elif isinstance(error, configparser.DuplicateOptionError):
        message = f"option {error.option!r} appears twice in [{error.section}]"
    elif isinstance(error, configparser.ParsingError):
        line = error.errors[0][0] if error.errors else None
        message = "expected 'key = value' or a [section] header"
    else:
        message = str(error).splitlines()[0]
    return InvalidProject(message, location=Location(line=line))
