"""Wheel, sdist and egg file names (PEP 427, PEP 625, setuptools eggs).

A wheel's file name says everything an installer needs to decide whether it
runs on a target: ``{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl``,
where each of the last three parts may be a dotted *compressed tag set*
(``py2.py3``). ``packaging`` parses the name; this module keeps what
``packaging`` drops -- the name and version as written, the tags in file order
-- and reports a bad name with a caret under the bad part.

Traps:

* A PEP 440 version never contains ``-``, so a wheel has exactly four or five
  dashes and an sdist splits on its *last* dash: ``python-dateutil-2.9.0.post0.tar.gz``
  is ``python-dateutil`` at ``2.9.0.post0``. A legacy ``foo-1.0-1.tar.gz``
  (post-release spelled with a dash) is ambiguous; pass ``name=`` to decide.
* ``packaging`` only accepts ``.tar.gz`` and ``.zip`` sdists; pip and uv also
  read the legacy ``.tar.bz2``, ``.tbz``, ``.tgz``, ``.tar.xz``, ``.txz``,
  ``.tar.lz``, ``.tlz``, ``.tar.lzma``, ``.tar.zst`` and plain ``.tar``, and so
  does pynix. pyproject.nix's ``pypa.isSdistFileName`` accepts only
  ``.tar.gz`` and ``.zip``, and takes the name to end at the *first* dash.
* pyproject.nix's ``isWheelFileName`` is a regular expression that admits
  invalid versions and names; pynix validates both as ``packaging`` does.
* Eggs predate PEP 440: their version is kept as written, unparsed.

>>> wheel = parse_wheel_filename("Werkzeug-1.0.0-py2.py3-none-any.whl")
>>> (wheel.name, str(wheel.version), wheel.python_tags)
('werkzeug', '1.0.0', ('py2', 'py3'))
>>> parse_sdist_filename("python-dateutil-2.9.0.post0.tar.gz").name
'python-dateutil'
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from packaging.tags import Tag
from packaging.utils import BuildTag, NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from pynix.errors import InvalidFileName

__all__ = [
    "SDIST_EXTENSIONS",
    "EggFileName",
    "SdistFileName",
    "WheelFileName",
    "is_egg_filename",
    "is_sdist_filename",
    "is_wheel_filename",
    "parse_egg_filename",
    "parse_sdist_filename",
    "parse_wheel_filename",
]

# Longest first, so that ".tar.gz" wins over ".tar" ... and ".gz" never matches alone.
SDIST_EXTENSIONS: Final = (
    ".tar.lzma",
    ".tar.bz2",
    ".tar.zst",
    ".tar.gz",
    ".tar.lz",
    ".tar.xz",
    ".zip",
    ".tar",
    ".tbz",
    ".tgz",
    ".tlz",
    ".txz",
)

# PEP 427: the escaped project name in a wheel (packaging's rule, `__` excluded separately).
_WHEEL_NAME: Final = re.compile(r"[\w.]+", re.UNICODE)
_VALID_NAME: Final = re.compile(r"[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9]", re.IGNORECASE)
_BUILD_TAG: Final = re.compile(r"(\d+)(.*)", re.ASCII)
_EGG_PYTHON: Final = re.compile(r"([a-z]+)(\d+(?:\.\d+)*)")
_IMPLEMENTATIONS: Final = {
    "py": "python",
    "cp": "cpython",
    "pp": "pypy",
    "ip": "ironpython",
    "jy": "jython",
}


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class WheelFileName:
    """A parsed wheel file name.

    ``distribution`` and ``version_text`` are the name and version as written
    in the file name (pyproject.nix's ``distribution`` and ``version``);
    ``name`` and ``version`` are their normalized forms. ``build_tag`` is the
    optional build part as written (``"1"``). ``python_tags``, ``abi_tags``
    and ``platform_tags`` are the dotted parts of the tag triple in file
    order; ``tags`` is the expanded set of lower-cased ``packaging`` tags.
    """

    filename: str
    distribution: str
    name: NormalizedName
    version: Version
    version_text: str
    build_tag: str | None
    python_tags: tuple[str, ...]
    abi_tags: tuple[str, ...]
    platform_tags: tuple[str, ...]
    tags: frozenset[Tag]

    @property
    def build(self) -> BuildTag:
        """The build tag as ``packaging`` compares it: ``()`` or ``(number, rest)``.

        >>> parse_wheel_filename("foo-1.0-12b-py3-none-any.whl").build
        (12, 'b')
        """
        if self.build_tag is None:
            return ()
        rest = self.build_tag.lstrip("0123456789")
        return (int(self.build_tag[: len(self.build_tag) - len(rest)]), rest)

    def __str__(self) -> str:
        return self.filename


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class SdistFileName:
    """A parsed source distribution file name (``{name}-{version}{extension}``)."""

    filename: str
    distribution: str
    name: NormalizedName
    version: Version
    version_text: str
    extension: str

    def __str__(self) -> str:
        return self.filename


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class EggFileName:
    """A parsed egg file name: ``{name}-{version}-py{X.Y}[-{platform}].egg``.

    ``implementation`` is the long name of the language prefix (``py`` is
    ``"python"``); ``python_version`` is the dotted version after it
    (``"3.5"``); ``platform`` is setuptools' build platform
    (``linux-x86_64``, ``macosx-10.9-x86_64``, ``win32``) or ``None`` for a
    pure egg. ``version`` is kept as written.

    pyproject.nix's ``eggs.parseEggFileName`` returns
    ``languageTag = {implementation, version}`` with the platform left inside
    ``version`` (``"2.7-linux-x86_64"``); here the two are apart.
    """

    filename: str
    distribution: str
    name: NormalizedName
    version: str
    implementation: str
    python_version: str
    platform: str | None

    def __str__(self) -> str:
        return self.filename


def parse_wheel_filename(text: str) -> WheelFileName:
    """Parse a wheel file name (PEP 427); raises :class:`~pynix.errors.InvalidFileName`.

    >>> wheel = parse_wheel_filename(
    ...     "cryptography-41.0.1-cp37-abi3-manylinux_2_17_aarch64.manylinux2014_aarch64.whl"
    ... )
    >>> wheel.abi_tags, wheel.platform_tags
    (('abi3',), ('manylinux_2_17_aarch64', 'manylinux2014_aarch64'))
    >>> parse_wheel_filename("foo-1.0-py3-none.whl")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidFileName: a wheel file name has 5 or 6 parts separated by '-', ...
    """
    if not text.endswith(".whl"):
        raise InvalidFileName(
            "a wheel file name must end in '.whl'", text=text, span=_suffix_span(text)
        )
    stem = text[: -len(".whl")]
    parts = stem.split("-")
    if len(parts) not in (5, 6):
        raise InvalidFileName(
            f"a wheel file name has 5 or 6 parts separated by '-', not {len(parts)}",
            text=text,
            span=(0, len(stem)),
        )
    spans = _part_spans(parts)
    name_part, version_part = parts[0], parts[1]
    if "__" in name_part or _WHEEL_NAME.fullmatch(name_part) is None:
        raise InvalidFileName("invalid project name in wheel file name", text=text, span=spans[0])
    version = _version(version_part, text=text, span=spans[1], kind="wheel")
    build_tag: str | None = None
    if len(parts) == 6:
        build_tag = parts[2]
        if _BUILD_TAG.fullmatch(build_tag) is None:
            raise InvalidFileName(
                "a wheel build tag must start with a digit", text=text, span=spans[2]
            )
    tag_parts = parts[-3:]
    tag_spans = spans[-3:]
    split_tags = tuple(tuple(part.split(".")) for part in tag_parts)
    for span, pieces in zip(tag_spans, split_tags, strict=True):
        if "" in pieces:
            raise InvalidFileName("empty tag in wheel file name", text=text, span=span)
    for piece, span in zip(
        split_tags[0], _part_spans(split_tags[0], tag_spans[0][0], "."), strict=True
    ):
        if not piece.isidentifier():
            raise InvalidFileName("invalid Python tag in wheel file name", text=text, span=span)
    # The checks above are packaging's (tests hold the two parsers equal); expanding the
    # compressed sets here instead of calling it again halves the time per name.
    tags = frozenset(
        Tag(python, abi, platform)
        for python in split_tags[0]
        for abi in split_tags[1]
        for platform in split_tags[2]
    )
    return WheelFileName(
        filename=text,
        distribution=name_part,
        name=canonicalize_name(name_part),
        version=version,
        version_text=version_part,
        build_tag=build_tag,
        python_tags=split_tags[0],
        abi_tags=split_tags[1],
        platform_tags=split_tags[2],
        tags=tags,
    )


def parse_sdist_filename(
    text: str, *, name: str | None = None, legacy: bool = True
) -> SdistFileName:
    """Parse a source distribution file name; raises :class:`~pynix.errors.InvalidFileName`.

    The name ends at the last ``-``. When the project ``name`` is known (from
    the index page the file was listed on), it is matched instead, which also
    reads legacy names whose version contains a dash. With ``legacy=False``
    only the PEP 625 extensions ``.tar.gz`` and ``.zip`` are accepted (the
    set pyproject.nix's ``isSdistFileName`` knows).

    >>> sdist = parse_sdist_filename("PyYAML-6.0.1.tar.gz")
    >>> (sdist.distribution, sdist.name, str(sdist.version), sdist.extension)
    ('PyYAML', 'pyyaml', '6.0.1', '.tar.gz')
    >>> str(parse_sdist_filename("foo-1.0-1.tar.gz", name="foo").version)
    '1.0.post1'
    """
    extension = next((e for e in SDIST_EXTENSIONS if text.lower().endswith(e)), None)
    if extension is None or (not legacy and extension not in (".tar.gz", ".zip")):
        span = _suffix_span(text) if extension is None else (len(text) - len(extension), len(text))
        raise InvalidFileName(
            "an sdist file name must end in '.tar.gz' or '.zip'", text=text, span=span
        )
    stem = text[: -len(extension)]
    if name is not None:
        split = _split_known_name(stem, name)
        if split is None:
            raise InvalidFileName(
                f"sdist file name does not start with '{name}-'", text=text, span=(0, len(stem))
            )
        name_part, version_part = split
    else:
        name_part, dash, version_part = stem.rpartition("-")
        if not dash:
            raise InvalidFileName(
                "an sdist file name needs a '-' between name and version",
                text=text,
                span=(0, len(stem)),
            )
    version_start = len(name_part) + 1
    if _VALID_NAME.fullmatch(name_part) is None:
        raise InvalidFileName(
            "invalid project name in sdist file name", text=text, span=(0, len(name_part))
        )
    version = _version(
        version_part,
        text=text,
        span=(version_start, version_start + len(version_part)),
        kind="sdist",
    )
    return SdistFileName(
        filename=text,
        distribution=name_part,
        name=canonicalize_name(name_part),
        version=version,
        version_text=version_part,
        extension=extension,
    )


def parse_egg_filename(text: str) -> EggFileName:
    """Parse a setuptools egg file name; raises :class:`~pynix.errors.InvalidFileName`.

    >>> egg = parse_egg_filename("python_editor-1.0.4-py3.5.egg")
    >>> (egg.name, egg.version, egg.implementation, egg.python_version, egg.platform)
    ('python-editor', '1.0.4', 'python', '3.5', None)
    >>> parse_egg_filename("psycopg2-2.8.6-py3.8-linux-x86_64.egg").platform
    'linux-x86_64'
    """
    if not text.endswith(".egg"):
        raise InvalidFileName(
            "an egg file name must end in '.egg'", text=text, span=_suffix_span(text)
        )
    stem = text[: -len(".egg")]
    parts = stem.split("-", 3)
    if len(parts) < 3:
        raise InvalidFileName(
            "an egg file name must be NAME-VERSION-pyX.Y[-PLATFORM].egg",
            text=text,
            span=(0, len(stem)),
        )
    spans = _part_spans(parts)
    name_part, version_part, python_part = parts[:3]
    if _VALID_NAME.fullmatch(name_part) is None:
        raise InvalidFileName("invalid project name in egg file name", text=text, span=spans[0])
    if not version_part:
        raise InvalidFileName("empty version in egg file name", text=text, span=spans[1])
    python = _EGG_PYTHON.fullmatch(python_part)
    if python is None:
        raise InvalidFileName(
            "expected a Python version such as 'py3.8' in egg file name", text=text, span=spans[2]
        )
    platform = parts[3] if len(parts) == 4 else None
    if platform == "":
        raise InvalidFileName("empty platform in egg file name", text=text, span=spans[3])
    return EggFileName(
        filename=text,
        distribution=name_part,
        name=canonicalize_name(name_part),
        version=version_part,
        implementation=_IMPLEMENTATIONS.get(python.group(1), python.group(1)),
        python_version=python.group(2),
        platform=platform,
    )


def is_wheel_filename(text: str) -> bool:
    """True when ``text`` parses as a wheel file name.

    >>> is_wheel_filename("pip-24.0-py3-none-any.whl"), is_wheel_filename("pip-24.0.tar.gz")
    (True, False)
    """
    try:
        parse_wheel_filename(text)
    except InvalidFileName:
        return False
    return True


def is_sdist_filename(text: str, *, legacy: bool = True) -> bool:
    """True when ``text`` parses as a source distribution file name (see ``legacy`` above).

    >>> is_sdist_filename("debugpy-1.6.7.tar.bz2"), is_sdist_filename("pip-24.0-py3-none-any.whl")
    (True, False)
    >>> is_sdist_filename("debugpy-1.6.7.tar.bz2", legacy=False)
    False
    """
    try:
        parse_sdist_filename(text, legacy=legacy)
    except InvalidFileName:
        return False
    return True


def is_egg_filename(text: str) -> bool:
    """True when ``text`` parses as an egg file name.

    >>> is_egg_filename("python_editor-1.0.4-py3.5.egg"), is_egg_filename("foo-1.0.tar.gz")
    (True, False)
    """
    try:
        parse_egg_filename(text)
    except InvalidFileName:
        return False
    return True


def _version(part: str, *, text: str, span: tuple[int, int], kind: str) -> Version:
    try:
        return Version(part)
    except InvalidVersion:
        raise InvalidFileName(
            f"invalid version in {kind} file name", text=text, span=span
        ) from None


def _part_spans(
    parts: tuple[str, ...] | list[str], start: int = 0, separator: str = "-"
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for part in parts:
        spans.append((start, start + len(part)))
        start += len(part) + len(separator)
    return spans


def _suffix_span(text: str) -> tuple[int, int]:
    dot = text.rfind(".")
    return (dot, len(text)) if dot >= 0 else (len(text), len(text))


def _split_known_name(stem: str, name: str) -> tuple[str, str] | None:
    # The name is matched after normalization, as pip and uv do: "Foo_Bar-1.0" is "foo-bar".
    wanted = canonicalize_name(name)
    for index, char in enumerate(stem):
        if char == "-" and canonicalize_name(stem[:index]) == wanted:
            return stem[:index], stem[index + 1 :]
    return None
