"""pip's requirements file format (``requirements.txt``), parsed without touching the disk.

Spec: pip's "Requirements File Format" reference
(https://pip.pypa.io/en/stable/reference/requirements-file-format/), and
pip's own reader where the reference is silent. Each logical line is a
requirement with per-line options (``foo==1.0 --hash=sha256:...``), an
editable (``-e ./pkg``), or only options: global ones (``--index-url``,
``--pre``, ...) and includes (``-r other.txt``, ``-c constraints.txt``).
Included files are read through a reader the caller passes in, so this
module stays pure.

Traps, and what pynix does about them:

* Comments start at a ``#`` at the start of a line or after whitespace, so
  ``https://host/x.tar.gz#egg=x`` keeps its fragment.
* A line ending in ``\\`` continues on the next one, but a comment line does
  not continue, and a comment line *ends* a continuation. Errors name the
  first physical line of a joined line.
* ``${NAME}`` is replaced by the environment variable ``NAME`` (upper-case
  letters, digits and ``_`` only; ``$NAME`` and ``%NAME%`` are left alone);
  an unset or empty variable stays as written, as in pip. The environment is
  passed in, never read from the running process.
* Options after a requirement that are not per-line options (``foo --pre``)
  are ignored by pip; pynix ignores them too but keeps them in ``flags``.
  Per-line options on a line without a requirement are an error (pip warns
  and drops them): the usual cause is a missing ``\\`` on the line before.
* ``-r`` inside a constraints file includes *requirements* (pip's rule); a
  constraint may not be editable, unnamed, or have extras.
* A line holding several options is applied option by option (pip reads only
  the first include of such a line and drops the rest).
* Global options merge across includes as in pip: lists extend
  (``--extra-index-url``, ``--find-links``, ``--trusted-host``), scalars are
  overridden by the later file (``--index-url``), flags stay set.
* Whether ``./pkg`` is a directory or an archive, and a line's distribution
  name, are read from the text alone (pip asks the file system): see
  ``_pip_targets``. A line whose name is unknown (``-e .``) has no
  ``dependency`` until :meth:`RequirementLine.with_name`.
* ``--global-option`` (removed in pip 26) and ``#egg=name[extra]`` (refused
  by pip 26 outside ``-e``) are still accepted, as older pips accept them.
* The file must already be decoded text (pip honours a PEP 263 coding
  comment when it decodes; the caller does that).

>>> parsed = parse_requirements_txt("--index-url https://pypi.example/simple\\nrequests>=2.31\\n")
>>> [str(line.dependency) for line in parsed.requirements], parsed.options.index_url
(['requests>=2.31'], 'https://pypi.example/simple')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from packaging.markers import Marker
from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import (
    IncludeCycle,
    InvalidRequirementsFile,
    PynixError,
    Unsupported,
)
from pynix.formats._pip_lines import LogicalLine, expand_variables, logical_lines, strip_comment
from pynix.formats._pip_options import (
    Option,
    Scope,
    parse_options,
    split_line,
    update_format_control,
)
from pynix.formats._pip_targets import Target, parse_target, rebase_path
from pynix.model import Dependency, Index, PathSource, Project, ProjectFormat, Source
from pynix.standards.names import is_valid_name

__all__ = [
    "Reader",
    "RequirementLine",
    "RequirementsFile",
    "RequirementsOptions",
    "parse_requirements_txt",
    "requirements_to_project",
]

Reader = Callable[[str, str], tuple[str, str]]
"""``read(including_file, reference) -> (resolved_name, text)`` for ``-r``/``-c`` includes."""

MAX_INCLUDE_DEPTH = 64


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class RequirementLine:
    """One requirement of a requirements file, with its per-line options and its place.

    ``dependency`` is ``None`` when the line does not name the distribution
    (``-e .``, ``./pkg``, an sdist URL without ``#egg=``): its name is only
    known after building it; :meth:`with_name` supplies it. ``extras``,
    ``marker`` and ``source`` are the same as the dependency's and are there
    for such lines too. ``source`` is ``None`` for a requirement served by an
    index.

    ``hashes`` are ``algo:hexdigest`` (lower case, in order, without
    duplicates); ``config_settings`` are ``(key, value)`` pairs in order;
    ``flags`` are every option word after the requirement as written (after
    joining continuations); ``text`` is the requirement part as written (the
    ``-e`` value for an editable); ``raw_lines`` the physical lines it came
    from. ``line`` is the first physical line's number in ``file``.
    """

    dependency: Dependency | None
    text: str
    file: str
    line: int
    source: Source | None = None
    extras: tuple[NormalizedName, ...] = ()
    marker: Marker | None = None
    editable: bool = False
    hashes: tuple[str, ...] = ()
    config_settings: tuple[tuple[str, str], ...] = ()
    global_options: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    raw_lines: tuple[str, ...] = ()

    @property
    def location(self) -> str:
        """``file:line``, for messages."""
        return f"{self.file}:{self.line}"

    def with_name(self, name: str) -> Dependency:
        """The dependency of this line once the distribution's name is known.

        Raises :class:`~pynix.errors.InvalidRequirementsFile` for a name that
        is not a valid distribution name.

        >>> line = parse_requirements_txt("-e ./tools[cli]").requirements[0]
        >>> line.dependency is None, str(line.with_name("Our_Tools"))
        (True, 'our-tools[cli]')
        """
        if self.dependency is not None:
            return self.dependency
        if not is_valid_name(name):
            raise InvalidRequirementsFile(f"'{name}' is not a valid distribution name").at(
                file=self.file, line=self.line
            )
        return Dependency(
            name=canonicalize_name(name),
            extras=self.extras,
            marker=self.marker,
            source=self.source,
            text=self.text,
        )


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class RequirementsOptions:
    """The global options of a requirements file and everything it includes, merged.

    ``only_binary`` and ``no_binary`` are pip's format control after every
    line: sorted normalized names, or ``":all:"``. ``no_require_hashes``
    (pip 26) stops a ``--hash`` from turning ``require_hashes`` on.
    """

    index_url: str | None = None
    extra_index_urls: tuple[str, ...] = ()
    no_index: bool = False
    find_links: tuple[str, ...] = ()
    pre: bool = False
    trusted_hosts: tuple[str, ...] = ()
    prefer_binary: bool = False
    only_binary: tuple[str, ...] = ()
    no_binary: tuple[str, ...] = ()
    require_hashes: bool = False
    no_require_hashes: bool = False
    use_features: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class RequirementsFile:
    """A parsed requirements file with its includes.

    ``requirements`` and ``constraints`` are in pip's order (an include's
    lines where the include is); ``files`` is every file read, the top file
    first, each once.
    """

    requirements: tuple[RequirementLine, ...]
    constraints: tuple[RequirementLine, ...]
    options: RequirementsOptions
    files: tuple[str, ...]

    @property
    def source_file(self) -> str:
        """The name of the top file."""
        return self.files[0]


def parse_requirements_txt(
    text: str,
    *,
    name: str = "requirements.txt",
    read: Reader | None = None,
    environ: Mapping[str, str] | None = None,
) -> RequirementsFile:
    """Parse a requirements file, following ``-r``/``-c`` includes through ``read``.

    ``name`` is the file's name for messages and for ``read``; ``read``
    resolves an include relative to the file that names it and returns its
    name and text (it may raise a :class:`~pynix.errors.PynixError`);
    ``environ`` supplies ``${VAR}`` values (none are expanded without it).

    Raises :class:`~pynix.errors.InvalidRequirementsFile` (unknown option,
    bad value, include without a reader), :class:`~pynix.errors.IncludeCycle`,
    :class:`~pynix.errors.InvalidRequirement` / ``InvalidMarker`` with a
    caret, and :class:`~pynix.errors.Unsupported` (non-git VCS URLs), each
    located at ``file:line``.

    >>> parse_requirements_txt("flask\\n-r dev.txt\\n")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidRequirementsFile: requirements.txt:2: cannot read '-r dev.txt': ...
    """
    parser = _Parser(read=read, environ=environ or {})
    parser.parse_file(name, text, constraint=False, chain=(name,))
    return RequirementsFile(
        requirements=tuple(parser.requirements),
        constraints=tuple(parser.constraints),
        options=parser.options.freeze(),
        files=tuple(parser.files),
    )


@dataclasses.dataclass(kw_only=True, slots=True)
class _OptionsBuilder:
    index_url: str | None = None
    extra_index_urls: list[str] = dataclasses.field(default_factory=list)
    no_index: bool = False
    find_links: list[str] = dataclasses.field(default_factory=list)
    pre: bool = False
    trusted_hosts: list[str] = dataclasses.field(default_factory=list)
    prefer_binary: bool = False
    only_binary: set[str] = dataclasses.field(default_factory=set)
    no_binary: set[str] = dataclasses.field(default_factory=set)
    require_hashes: bool = False
    no_require_hashes: bool = False
    use_features: list[str] = dataclasses.field(default_factory=list)

    def apply(self, option: Option) -> None:
        """Merge one global option the way pip does: flags set, lists extend, scalars override."""
        value = option.value or ""
        if option.name in _FLAGS:
            setattr(self, _FLAGS[option.name], True)
        elif option.name in _LISTS:
            _append_new(getattr(self, _LISTS[option.name]), value)
        elif option.name == "--index-url":
            self.index_url = value
        elif option.name == "--only-binary":
            update_format_control(value, self.only_binary, self.no_binary)
        elif option.name == "--no-binary":
            update_format_control(value, self.no_binary, self.only_binary)
        else:  # pragma: no cover - every GLOBAL option is handled above
            raise AssertionError(option.name)

    def freeze(self) -> RequirementsOptions:
        return RequirementsOptions(
            index_url=self.index_url,
            extra_index_urls=tuple(self.extra_index_urls),
            no_index=self.no_index,
            find_links=tuple(self.find_links),
            pre=self.pre,
            trusted_hosts=tuple(self.trusted_hosts),
            prefer_binary=self.prefer_binary,
            only_binary=tuple(sorted(self.only_binary)),
            no_binary=tuple(sorted(self.no_binary)),
            require_hashes=self.require_hashes,
            no_require_hashes=self.no_require_hashes,
            use_features=tuple(self.use_features),
        )


_FLAGS = {
    "--no-index": "no_index",
    "--pre": "pre",
    "--prefer-binary": "prefer_binary",
    "--require-hashes": "require_hashes",
    "--no-require-hashes": "no_require_hashes",
}
_LISTS = {
    "--extra-index-url": "extra_index_urls",
    "--find-links": "find_links",
    "--trusted-host": "trusted_hosts",
    "--use-feature": "use_features",
}


def _append_new(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


@dataclasses.dataclass(kw_only=True, slots=True)
class _Parser:
    read: Reader | None
    environ: Mapping[str, str]
    requirements: list[RequirementLine] = dataclasses.field(default_factory=list)
    constraints: list[RequirementLine] = dataclasses.field(default_factory=list)
    options: _OptionsBuilder = dataclasses.field(default_factory=_OptionsBuilder)
    files: list[str] = dataclasses.field(default_factory=list)

    def parse_file(self, name: str, text: str, *, constraint: bool, chain: tuple[str, ...]) -> None:
        if name not in self.files:
            self.files.append(name)
        for logical in logical_lines(text):
            line = expand_variables(strip_comment(logical.text), self.environ)
            if not line:
                continue
            try:
                self._parse_line(line, logical, name, constraint=constraint, chain=chain)
            except PynixError as err:
                raise err.at(file=name, line=logical.number) from None

    def _parse_line(
        self,
        line: str,
        logical: LogicalLine,
        name: str,
        *,
        constraint: bool,
        chain: tuple[str, ...],
    ) -> None:
        requirement, options_text = split_line(line)
        options = parse_options(options_text)
        editables = [o for o in options if o.spec.scope is Scope.EDITABLE]
        if not requirement and len(editables) > 1:
            raise InvalidRequirementsFile("one '-e' per line")
        if requirement or editables:
            value = requirement or editables[0].value or ""
            entry = _requirement_line(
                value, options, editable=not requirement, name=name, logical=logical
            )
            if constraint:
                _check_constraint(entry)
                self.constraints.append(entry)
            else:
                self.requirements.append(entry)
            return
        for option in options:
            if option.spec.scope is Scope.LINE:
                raise InvalidRequirementsFile(
                    f"'{option.name}' belongs to a requirement, and this line has none",
                    hint="did the line before forget its trailing '\\'?",
                )
            if option.spec.scope is Scope.INCLUDE:
                self._include(option, name, chain=chain)
            else:
                self.options.apply(option)

    def _include(self, option: Option, including: str, *, chain: tuple[str, ...]) -> None:
        reference = option.value or ""
        written = " ".join(option.written)
        if self.read is None:
            raise InvalidRequirementsFile(f"cannot read '{written}': no reader for included files")
        resolved, text = self.read(including, reference)
        if resolved in chain:
            raise IncludeCycle(f"include cycle: {' -> '.join((*chain, resolved))}")
        if len(chain) >= MAX_INCLUDE_DEPTH:
            raise InvalidRequirementsFile(
                f"'{written}' nests includes more than {MAX_INCLUDE_DEPTH} files deep"
            )
        # pip: a -r inside a constraints file includes requirements, not constraints.
        constraint = option.name == "--constraint"
        self.parse_file(resolved, text, constraint=constraint, chain=(*chain, resolved))


def _requirement_line(
    text: str, options: tuple[Option, ...], *, editable: bool, name: str, logical: LogicalLine
) -> RequirementLine:
    target: Target = parse_target(text, editable=editable)
    hashes: list[str] = []
    settings: list[tuple[str, str]] = []
    global_options: list[str] = []
    for option in options:
        value = option.value or ""
        if option.name == "--hash":
            _append_new(hashes, value)
        elif option.name == "--config-settings":
            key, _equals, setting = value.partition("=")
            settings.append((key, setting))
        elif option.name == "--global-option":
            global_options.append(value)
    dependency = None
    if target.name is not None:
        dependency = Dependency(
            name=target.name,
            extras=target.extras,
            specifier=target.specifier,
            marker=target.marker,
            url=target.url,
            source=target.source,
            text=text,
        )
    return RequirementLine(
        dependency=dependency,
        text=text,
        file=name,
        line=logical.number,
        source=target.source,
        extras=target.extras,
        marker=target.marker,
        editable=editable,
        hashes=tuple(hashes),
        config_settings=tuple(settings),
        global_options=tuple(global_options),
        flags=tuple(word for option in options for word in option.written),
        raw_lines=logical.raw,
    )


def _check_constraint(entry: RequirementLine) -> None:
    if entry.editable:
        raise InvalidRequirementsFile("a constraint cannot be editable")
    if entry.dependency is None:
        raise InvalidRequirementsFile(f"a constraint must name its distribution: '{entry.text}'")
    if entry.extras:
        raise InvalidRequirementsFile(f"a constraint cannot have extras: '{entry.text}'")


def requirements_to_project(
    parsed: RequirementsFile, *, name_of: Callable[[RequirementLine], str] | None = None
) -> Project:
    """The :class:`~pynix.model.Project` a requirements file stands for.

    Dependencies keep their sources; relative paths from included files in
    other directories are rewritten relative to the top file. ``--index-url``
    becomes the default :class:`~pynix.model.Index`, each
    ``--extra-index-url`` another one (``--no-index`` and ``--find-links``
    stay in ``parsed.options``). ``name_of`` names the distribution of a line
    that does not (``-e .``); a loader answers it by reading the project's
    metadata. Without it such a line raises :class:`~pynix.errors.Unsupported`.

    >>> project = requirements_to_project(parse_requirements_txt("-i https://x.org/simple\\nattrs"))
    >>> [d.name for d in project.dependencies], project.indexes[0].default
    (['attrs'], True)
    """
    top = parsed.source_file
    indexes: list[Index] = []
    if parsed.options.index_url is not None:
        indexes.append(Index(url=parsed.options.index_url, default=True))
    indexes.extend(Index(url=url) for url in parsed.options.extra_index_urls)
    return Project(
        format=ProjectFormat.REQUIREMENTS_TXT,
        dependencies=tuple(_dependency(line, top, name_of) for line in parsed.requirements),
        constraints=tuple(_dependency(line, top, name_of) for line in parsed.constraints),
        indexes=tuple(indexes),
        source_file=top,
    )


def _dependency(
    line: RequirementLine, top: str, name_of: Callable[[RequirementLine], str] | None
) -> Dependency:
    dependency = line.dependency
    if dependency is None:
        if name_of is None:
            raise Unsupported(
                f"cannot tell which distribution '{line.text}' is without building it"
            ).at(file=line.file, line=line.line)
        dependency = line.with_name(name_of(line))
    source = dependency.source
    if isinstance(source, PathSource) and line.file != top:
        path = rebase_path(source.path, line.file, top)
        dependency = dataclasses.replace(dependency, source=dataclasses.replace(source, path=path))
    return dependency
