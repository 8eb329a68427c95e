"""The pip options a requirements file may carry, and how pip reads them (private).

A requirements line is ``<requirement> <options>`` or just ``<options>``: pip
cuts the line at the first space-separated word that starts with ``-``, splits
the rest with :func:`shlex.split` and hands it to an ``optparse`` parser that
knows only the options listed in :data:`OPTIONS`. This module reproduces that
reading without optparse: long options as ``--name=value`` or ``--name value``
(and, like optparse, any unambiguous prefix of a long name), short options as
``-r file`` or ``-rfile``.

Values are checked the way pip checks them: ``--hash`` must be
``<algorithm>:<hex digest>`` with one of pip's strong algorithms,
``--config-settings`` must be ``KEY=VALUE``, ``--no-binary``/``--only-binary``
must not start with ``-``.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import shlex

from packaging.utils import canonicalize_name

from pynix.errors import InvalidRequirementsFile

__all__ = [
    "OPTIONS",
    "Option",
    "OptionSpec",
    "Scope",
    "parse_options",
    "split_line",
    "update_format_control",
]


class Scope(enum.Enum):
    """What an option applies to."""

    GLOBAL = "global"  # the whole installation (indexes, binaries, ...)
    INCLUDE = "include"  # reads another file (-r / -c)
    EDITABLE = "editable"  # the line's requirement is the option's value (-e)
    LINE = "line"  # the requirement on the same line (--hash, ...)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class OptionSpec:
    long: str
    short: str | None = None
    takes_value: bool = True
    scope: Scope = Scope.GLOBAL


OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(long="--index-url", short="-i"),
    OptionSpec(long="--extra-index-url"),
    OptionSpec(long="--no-index", takes_value=False),
    OptionSpec(long="--find-links", short="-f"),
    OptionSpec(long="--pre", takes_value=False),
    OptionSpec(long="--trusted-host"),
    OptionSpec(long="--prefer-binary", takes_value=False),
    OptionSpec(long="--only-binary"),
    OptionSpec(long="--no-binary"),
    OptionSpec(long="--require-hashes", takes_value=False),
    OptionSpec(long="--no-require-hashes", takes_value=False),
    OptionSpec(long="--use-feature"),
    OptionSpec(long="--requirement", short="-r", scope=Scope.INCLUDE),
    OptionSpec(long="--constraint", short="-c", scope=Scope.INCLUDE),
    OptionSpec(long="--editable", short="-e", scope=Scope.EDITABLE),
    OptionSpec(long="--hash", scope=Scope.LINE),
    OptionSpec(long="--config-settings", short="-C", scope=Scope.LINE),
    OptionSpec(long="--global-option", scope=Scope.LINE),
)
_BY_LONG = {spec.long: spec for spec in OPTIONS}
_BY_SHORT = {spec.short: spec for spec in OPTIONS if spec.short}

# pip's STRONG_HASHES, with the length of each hex digest.
_HASH_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
_HEX = re.compile(r"[0-9a-fA-F]+")


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Option:
    """One option of a line: its spec, its checked value, and the words as written.

    ``value`` is normalized where pip's meaning allows (``--hash`` is
    ``algo:lowercase-hex``); ``written`` are the shell words it came from
    (``("-i", "https://...")`` or ``("--hash=sha256:...",)``).
    """

    spec: OptionSpec
    value: str | None
    written: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.spec.long


def split_line(line: str) -> tuple[str, str]:
    """Cut a logical line into its requirement part and its options part, as pip does.

    pip splits on single spaces and starts the options at the first word
    beginning with ``-``; markers stay in the requirement part untouched by
    shell quoting.

    >>> split_line('foo==1.0 ; python_version < "3.12" --hash=sha256:ab')
    ('foo==1.0 ; python_version < "3.12"', '--hash=sha256:ab')
    >>> split_line("-r base.txt")
    ('', '-r base.txt')
    """
    words = line.split(" ")
    for index, word in enumerate(words):
        if word.startswith("-"):
            return " ".join(words[:index]).strip(), " ".join(words[index:])
    return line.strip(), ""


def parse_options(text: str) -> tuple[Option, ...]:
    """Parse the options part of a line.

    Raises :class:`~pynix.errors.InvalidRequirementsFile` (without a location;
    the caller adds file and line) for unknown or ambiguous options, missing or
    unexpected values, malformed values, and stray words.

    >>> [(o.name, o.value) for o in parse_options("-i https://x.org/simple --pre")]
    [('--index-url', 'https://x.org/simple'), ('--pre', None)]
    """
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise InvalidRequirementsFile(f"cannot split the options ({exc})", text=text) from None
    options: list[Option] = []
    index = 0
    while index < len(words):
        word = words[index]
        written: tuple[str, ...]
        index += 1
        if word.startswith("--") and len(word) > 2:
            name, equals, attached = word.partition("=")
            spec = _long_option(name)
            if not spec.takes_value:
                if equals:
                    raise InvalidRequirementsFile(f"option '{spec.long}' takes no value")
                options.append(Option(spec=spec, value=None, written=(word,)))
                continue
            if equals:
                value, written = attached, (word,)
            else:
                value, written, index = _next_value(spec, words, index, word)
        elif word.startswith("-") and len(word) > 1 and word != "--":
            spec = _short_option(word[:2])
            if len(word) > 2:
                value, written = word[2:], (word,)
            else:
                value, written, index = _next_value(spec, words, index, word)
        else:
            raise InvalidRequirementsFile(f"unexpected '{word}' among the options")
        options.append(Option(spec=spec, value=_check_value(spec, value), written=written))
    return tuple(options)


def _long_option(name: str) -> OptionSpec:
    spec = _BY_LONG.get(name)
    if spec is not None:
        return spec
    # optparse accepts any unambiguous prefix of a long option, and so does pip.
    matches = sorted(long for long in _BY_LONG if long.startswith(name))
    if len(matches) == 1:
        return _BY_LONG[matches[0]]
    if matches:
        raise InvalidRequirementsFile(f"ambiguous option '{name}' ({', '.join(matches)})")
    raise InvalidRequirementsFile(f"unknown option '{name}'")


def _short_option(name: str) -> OptionSpec:
    spec = _BY_SHORT.get(name)
    if spec is None:
        raise InvalidRequirementsFile(f"unknown option '{name}'")
    return spec


def _next_value(
    spec: OptionSpec, words: list[str], index: int, word: str
) -> tuple[str, tuple[str, ...], int]:
    if index >= len(words):
        raise InvalidRequirementsFile(f"option '{spec.long}' needs a value")
    return words[index], (word, words[index]), index + 1


def _check_value(spec: OptionSpec, value: str) -> str:
    if spec.long == "--hash":
        return _check_hash(value)
    if spec.long == "--config-settings" and "=" not in value:
        raise InvalidRequirementsFile(
            f"'--config-settings {value}' is not of the form KEY=VALUE",
        )
    if spec.long in ("--no-binary", "--only-binary") and value.startswith("-"):
        raise InvalidRequirementsFile(f"option '{spec.long}' needs a value")
    if not value:
        raise InvalidRequirementsFile(f"option '{spec.long}' has an empty value")
    return value


def _check_hash(value: str) -> str:
    algorithm, colon, digest = value.partition(":")
    algorithm = algorithm.lower()
    expected = _HASH_LENGTHS.get(algorithm)
    if expected is None or not colon:
        raise InvalidRequirementsFile(
            f"malformed hash '{value}': expected sha256, sha384 or sha512, a colon and a hex digest"
        )
    if len(digest) != expected or not _HEX.fullmatch(digest):
        raise InvalidRequirementsFile(
            f"malformed hash '{value}': a {algorithm} digest is {expected} hex digits"
        )
    return f"{algorithm}:{digest.lower()}"


def update_format_control(value: str, target: set[str], other: set[str]) -> None:
    """Apply one ``--no-binary``/``--only-binary`` value the way pip's FormatControl does.

    ``target`` is the set the option adds to, ``other`` the opposite set. The
    value is a comma-separated list of names, ``:all:`` (every package:
    clears both sets first) or ``:none:`` (empties ``target``). Naming a
    package in one set removes it from the other.

    >>> no_binary, only_binary = set(), {"numpy"}
    >>> update_format_control("numpy,:none:,lxml", no_binary, only_binary)
    >>> sorted(no_binary), sorted(only_binary)
    (['lxml'], [])
    """
    names = value.split(",")
    while ":all:" in names:
        other.clear()
        target.clear()
        target.add(":all:")
        del names[: names.index(":all:") + 1]
        if ":none:" not in names:
            return
    for name in names:
        if name == ":none:":
            target.clear()
            continue
        if not name:
            continue
        normalized = canonicalize_name(name)
        other.discard(normalized)
        target.add(normalized)
