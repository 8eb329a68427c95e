"""PEP 508 environment markers: a tree you can walk, target environments, evaluation.

A marker is the part of a dependency after ``;`` that says where it applies
(``python_version < "3.11" and sys_platform == "linux"``). The specification is
PyPA's "Dependency specifiers" (originally PEP 508), with PEP 685's normalized
``extra`` names; ``packaging`` 26.3 parses it and decides the comparison rules
pynix follows. This module adds what ``packaging`` lacks: a public tree
(:class:`Compare`, :class:`And`, :class:`Or`), environments built from a
:class:`~pynix.standards.targets.Target` instead of the running host,
evaluation with a *set* of extras, and partial evaluation (:func:`simplify`).

Traps:

* ``packaging``'s ``Marker.evaluate`` fills every variable missing from the
  environment with the *running host's* value. :func:`evaluate` refuses an
  environment that lacks a variable the marker uses.
* Only ``python_version``, ``python_full_version``, ``implementation_version``
  and ``platform_release`` compare as PEP 440 versions, and only when the
  operator and right-hand side form a valid specifier (``"3.10" > "3.9"``
  as versions, where strings would say the opposite). When the left side is
  then not a valid version, the comparison is false -- even for ``!=`` (this is
  ``packaging``'s rule; pynix follows it).
* Every other variable is a string: ``<`` and ``>`` are always false, ``<=``
  and ``>=`` mean ``==``, and ``~=`` / ``===`` are undefined (an error).
* ``in`` and ``not in`` are *substring* tests: ``"linux" in sys_platform``
  is true for ``linux2``, and ``os_name in "posix nt"`` for both systems.
* The quoted string may be on the left: ``"3.8" < python_version``.
* ``extra`` names compare after PEP 503 normalization (``Foo_Bar`` is
  ``foo-bar``). Given a *set* of extras, each comparison asks about the set:
  ``extra == "a"`` is true when ``a`` is selected, so
  ``extra == "a" and extra == "b"`` holds for ``{a, b}``. With no extras,
  ``extra`` has no value: ``extra == "x"`` is false and ``extra != "x"`` true
  (``packaging`` uses the empty string instead, which makes
  ``extra in "x y"`` true; pynix does not).
* ``platform_release`` and ``platform_version`` describe the running kernel
  (``6.8.0-45-generic``), which no build can know ahead: target environments
  set them to ``""``. (pyproject.nix's ``mkEnviron`` now guesses Linux
  headers and the macOS SDK version instead; a guess is not a fact.)

Where pynix and ``packaging`` differ, on purpose:

* no host fallback (above), and ``extra`` comes from ``extras=``, never the
  environment;
* no extras is "no value", not the empty string (above);
* a comparison of two strings (``"a" == "b"``) or two variables, and a
  set-valued ``extras``/``dependency_groups`` used other than as
  ``"name" in extras``, are refused when parsed -- ``packaging`` parses them
  and then fails or compares a variable's *name* when evaluating;
* :func:`evaluate` decides ``extras`` and ``dependency_groups`` (PEP 751 lock
  files) not at all: :class:`~pynix.errors.Unsupported`;
* :func:`to_string` escapes backslashes and control characters and can print
  a string holding both quote characters; ``str(Marker)`` cannot.

>>> marker = parse_marker("python_version >= '3.9' and (os_name == 'nt' or extra == 'Test')")
>>> to_string(marker)
'python_version >= "3.9" and (os_name == "nt" or extra == "test")'
>>> sorted(variables(marker))
['extra', 'os_name', 'python_version']
>>> from pynix.standards.targets import Target
>>> env = environment(Target.parse("x86_64-linux", "3.12"))
>>> evaluate(marker, env), evaluate(marker, env, extras={"test"})
(False, True)
>>> to_string(simplify(marker, {"python_version": "3.12"}))  # no extras: the rest is left
'os_name == "nt"'
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from typing import Final, Literal, TypeAlias, cast, get_args

from packaging._parser import Value as _PackagingValue
from packaging._parser import Variable as _PackagingVariable
from packaging._tokenizer import ParserSyntaxError
from packaging.markers import InvalidMarker as _PackagingInvalidMarker
from packaging.markers import Marker
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from pynix.errors import InvalidArgument, InvalidMarker, Unsupported
from pynix.standards._markers_compare import (
    STRING_OPERATORS,
    compare_values,
    undefined_on_strings,
)
from pynix.standards._markers_syntax import parse_quietly, syntax_error
from pynix.standards.targets import Target

__all__ = [
    "ENVIRONMENT_VARIABLES",
    "And",
    "Compare",
    "MarkerNode",
    "Operator",
    "Or",
    "Value",
    "Variable",
    "environment",
    "evaluate",
    "from_packaging",
    "parse_marker",
    "simplify",
    "to_string",
    "variables",
]

Operator = Literal["<", "<=", "==", "!=", ">=", ">", "~=", "===", "in", "not in"]
_OPERATORS: Final = frozenset(get_args(Operator))

#: The variables a target environment defines (PEP 508's table, in its order).
ENVIRONMENT_VARIABLES: Final = (
    "os_name",
    "sys_platform",
    "platform_machine",
    "platform_python_implementation",
    "platform_release",
    "platform_system",
    "platform_version",
    "python_version",
    "python_full_version",
    "implementation_name",
    "implementation_version",
)
# PEP 751 lock files add two set-valued variables, usable only as `"name" in extras`.
_SET_VARIABLES: Final = frozenset({"extras", "dependency_groups"})
_VARIABLES: Final = frozenset(ENVIRONMENT_VARIABLES) | {"extra"} | _SET_VARIABLES
# Negated tests ask "does no selected extra match"; the others "does some selected extra".
_NEGATED: Final = frozenset({"!=", "not in"})
_MEMBERSHIP: Final = frozenset({"in", "not in"})


# Nodes are positional (``Compare(Variable("os_name"), "==", Value("nt"))``)
# rather than keyword-only like model types: a tree reads better that way.
@dataclasses.dataclass(frozen=True, slots=True)
class Variable:
    """A marker variable by its canonical name (``os.name`` is ``os_name``).

    Raises :class:`~pynix.errors.InvalidMarker` for a name PEP 508 does not define.
    """

    name: str

    def __post_init__(self) -> None:
        if self.name not in _VARIABLES:
            raise InvalidMarker(f"unknown marker variable {self.name!r}")


@dataclasses.dataclass(frozen=True, slots=True)
class Value:
    """A quoted string in a marker, without its quotes."""

    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class Compare:
    """One comparison: exactly one side is a :class:`Variable`, the other a :class:`Value`.

    An ``extra`` literal is stored normalized (``Foo_Bar`` becomes ``foo-bar``),
    as is the name in ``"name" in extras``. Raises
    :class:`~pynix.errors.InvalidMarker` for two variables, two strings, or a
    set-valued variable (``extras``) anywhere but right of ``in``/``not in``.

    >>> Compare(Value("Foo_Bar"), "==", Variable("extra"))
    Compare(lhs=Value(text='foo-bar'), op='==', rhs=Variable(name='extra'))
    """

    lhs: Variable | Value
    op: Operator
    rhs: Variable | Value
    #: The name of the variable side (derived; evaluation reads it often).
    variable: str = dataclasses.field(init=False, repr=False, compare=False)
    #: The text of the quoted-string side.
    literal: str = dataclasses.field(init=False, repr=False, compare=False)
    #: True when the quoted string is on the left (``"3.8" < python_version``).
    reversed: bool = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.op not in _OPERATORS:
            raise InvalidMarker(f"unknown marker operator {self.op!r}")
        lhs, rhs = self.lhs, self.rhs
        if isinstance(lhs, Variable) and isinstance(rhs, Variable):
            raise InvalidMarker("compares two marker variables; one side must be a quoted string")
        if isinstance(lhs, Value) and isinstance(rhs, Value):
            raise InvalidMarker("compares two quoted strings; one side must be a marker variable")
        variable, value = (lhs, rhs) if isinstance(lhs, Variable) else (rhs, lhs)
        name = cast(Variable, variable).name
        text = cast(Value, value).text
        if name in _SET_VARIABLES and (isinstance(lhs, Variable) or self.op not in _MEMBERSHIP):
            raise InvalidMarker(f'{name} is a set; only "name" in {name} is defined')
        if name == "extra" or name in _SET_VARIABLES:
            text = canonicalize_name(text)
            object.__setattr__(self, "rhs" if isinstance(lhs, Variable) else "lhs", Value(text))
        object.__setattr__(self, "variable", name)
        object.__setattr__(self, "literal", text)
        object.__setattr__(self, "reversed", isinstance(lhs, Value))


@dataclasses.dataclass(frozen=True, slots=True)
class And:
    """Two or more markers that must all hold; no item is itself an :class:`And`.

    Raises :class:`~pynix.errors.InvalidArgument` for fewer than two items or a
    nested :class:`And` (flatten it), so that equal markers have equal trees.
    """

    items: tuple[MarkerNode, ...]

    def __post_init__(self) -> None:
        _check_items(self, And)


@dataclasses.dataclass(frozen=True, slots=True)
class Or:
    """Two or more markers of which one must hold; no item is itself an :class:`Or`."""

    items: tuple[MarkerNode, ...]

    def __post_init__(self) -> None:
        _check_items(self, Or)


MarkerNode: TypeAlias = Compare | And | Or


def _check_items(node: And | Or, kind: type[And | Or]) -> None:
    items = tuple(node.items)
    object.__setattr__(node, "items", items)
    if len(items) < 2:
        raise InvalidArgument(f"{kind.__name__} needs at least two items, got {len(items)}")
    if any(isinstance(item, kind) for item in items):
        raise InvalidArgument(f"{kind.__name__} nested directly in {kind.__name__}; flatten it")


def _all_of(items: list[MarkerNode]) -> MarkerNode:
    """``And`` of ``items``, flattened; a single item stands alone."""
    if len(items) == 1:
        return items[0]
    flat: list[MarkerNode] = []
    for item in items:
        flat.extend(item.items if isinstance(item, And) else (item,))
    return And(tuple(flat))


def _any_of(items: list[MarkerNode]) -> MarkerNode:
    """``Or`` of ``items``, flattened; a single item stands alone."""
    if len(items) == 1:
        return items[0]
    flat: list[MarkerNode] = []
    for item in items:
        flat.extend(item.items if isinstance(item, Or) else (item,))
    return Or(tuple(flat))


def parse_marker(text: str) -> MarkerNode:
    """Parse a PEP 508 marker (the part after ``;``) into a tree.

    Raises :class:`~pynix.errors.InvalidMarker` with a caret under the bad span.
    Results are cached: the tree is immutable.

    >>> parse_marker('os_name == "nt" or python_version < "3.9"')  # doctest: +NORMALIZE_WHITESPACE
    Or(items=(Compare(lhs=Variable(name='os_name'), op='==', rhs=Value(text='nt')),
              Compare(lhs=Variable(name='python_version'), op='<', rhs=Value(text='3.9'))))
    >>> parse_marker('os_name = "nt"')
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidMarker: expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, \
in, not in: os_name = "nt"
                                         ^
    """
    return _parse(text)


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> MarkerNode:
    try:
        marker = parse_quietly(Marker, text)
    except _PackagingInvalidMarker as exc:
        if isinstance(exc.__cause__, ParserSyntaxError):
            message, span = syntax_error(exc.__cause__)
            raise InvalidMarker(message, text=text, span=span) from None
        raise InvalidMarker(str(exc).splitlines()[0], text=text) from None  # pragma: no cover
    try:
        return from_packaging(marker)
    except InvalidMarker as exc:
        raise InvalidMarker(exc.message, text=text) from None


def from_packaging(marker: Marker) -> MarkerNode:
    """The tree of a :class:`packaging.markers.Marker` (for example ``Requirement.marker``).

    Raises :class:`~pynix.errors.InvalidMarker` for what ``packaging`` parses
    but cannot evaluate: a comparison of two strings or two variables.

    >>> from packaging.requirements import Requirement
    >>> to_string(from_packaging(Requirement("foo; (os_name=='nt')").marker))
    'os_name == "nt"'
    """
    # The one reach into packaging's private tree (see DESIGN.md, "Traps"): a list
    # of (lhs, op, rhs) tuples, nested lists for parentheses and "and"/"or" strings.
    return _convert(marker._markers)


def _convert(items: Iterable[object]) -> MarkerNode:
    # "and" binds tighter than "or": split at each "or", join each run with "and".
    groups: list[list[MarkerNode]] = [[]]
    for item in items:
        if isinstance(item, tuple):
            groups[-1].append(_convert_comparison(item))
        elif isinstance(item, list):
            groups[-1].append(_convert(item))
        elif item == "or":
            groups.append([])
        elif item != "and":
            raise TypeError(f"unexpected item in a packaging marker tree: {item!r}")
    if not all(groups):
        raise InvalidMarker("empty marker expression")
    return _any_of([_all_of(group) for group in groups])


def _convert_comparison(item: tuple[object, ...]) -> Compare:
    lhs, op, rhs = item
    return Compare(_convert_side(lhs), cast(Operator, str(op)), _convert_side(rhs))


def _convert_side(side: object) -> Variable | Value:
    if isinstance(side, _PackagingVariable):
        return Variable(side.value)
    if isinstance(side, _PackagingValue):
        return Value(side.value)
    raise TypeError(f"unexpected operand in a packaging marker tree: {side!r}")


def to_string(node: MarkerNode) -> str:
    """Normalized PEP 508 text of a tree: canonical variable names, double quotes
    where possible, single spaces and only the parentheses ``and``/``or`` need.

    ``parse_marker(to_string(node)) == node`` for every tree.

    >>> to_string(parse_marker("(os.name=='nt' or sys_platform=='cygwin') and extra=='Test_X'"))
    '(os_name == "nt" or sys_platform == "cygwin") and extra == "test-x"'
    >>> to_string(Compare(Variable("platform_version"), "in", Value("it's \\"quoted\\"")))
    'platform_version in "it\\'s \\\\x22quoted\\\\x22"'
    """
    if isinstance(node, Compare):
        return f"{_operand(node.lhs)} {node.op} {_operand(node.rhs)}"
    if isinstance(node, And):
        return " and ".join(
            f"({to_string(item)})" if isinstance(item, Or) else to_string(item)
            for item in node.items
        )
    return " or ".join(to_string(item) for item in node.items)


def _operand(side: Variable | Value) -> str:
    if isinstance(side, Variable):
        return side.name
    return _quote(side.text)


def _quote(text: str) -> str:
    # The tokenizer takes everything up to the closing quote, then ast.literal_eval
    # reads it as Python: backslashes are escapes, and a string holding both
    # quote characters needs one of them escaped (as \x22; \" would end the token).
    plain = "\\" not in text and text.isprintable()
    if plain and '"' not in text:
        return f'"{text}"'
    if plain and "'" not in text:
        return f"'{text}'"
    escaped = []
    for char in text:
        if char == "\\":
            escaped.append("\\\\")
        elif char == '"':
            escaped.append("\\x22")
        elif char.isprintable():
            escaped.append(char)
        else:
            escaped.append(f"\\U{ord(char):08x}")
    return '"' + "".join(escaped) + '"'


def variables(node: MarkerNode) -> frozenset[str]:
    """The names of the variables a marker reads.

    >>> sorted(variables(parse_marker("os_name == 'nt' and (extra == 'a' or os_name == 'posix')")))
    ['extra', 'os_name']
    """
    if isinstance(node, Compare):
        return frozenset((node.variable,))
    return frozenset().union(*(variables(item) for item in node.items))


_KERNELS: Final = {
    # kernel: (os_name, sys_platform, platform_system)
    "linux": ("posix", "linux", "Linux"),
    "darwin": ("posix", "darwin", "Darwin"),
    "windows": ("nt", "win32", "Windows"),
}


def environment(target: Target) -> dict[str, str]:
    """The marker environment of ``target``: all eleven PEP 508 variables, sorted by name.

    Built from data only. ``platform_release`` and ``platform_version`` are
    ``""``: they describe the kernel a program runs on, unknown at build time.
    Raises :class:`~pynix.errors.InvalidArgument` for a PyPy interpreter
    without ``implementation_version`` (PyPy's own version, such as ``7.3.17``)
    or a version that is not valid PEP 440.

    >>> env = environment(Target.parse("aarch64-darwin", "3.11.4"))
    >>> env["platform_machine"], env["sys_platform"], env["python_full_version"]
    ('arm64', 'darwin', '3.11.4')
    """
    interpreter, platform = target.interpreter, target.platform
    os_name, sys_platform, system = _KERNELS[platform.kernel]
    full_version = interpreter.python_full_version
    if interpreter.implementation == "pypy":
        if interpreter.implementation_version is None:
            raise InvalidArgument(
                f"{interpreter} has no implementation_version",
                hint="give PyPy's own version, such as implementation_version='7.3.17'",
            )
        names = ("pypy", "PyPy")
        implementation_version = interpreter.implementation_version
    else:
        names = ("cpython", "CPython")
        implementation_version = interpreter.implementation_version or full_version
    for key, version in (
        ("python_full_version", full_version),
        ("implementation_version", implementation_version),
    ):
        if not _is_version(version):
            raise InvalidArgument(f"{key} {version!r} of {interpreter} is not a PEP 440 version")
    return {
        "implementation_name": names[0],
        "implementation_version": implementation_version,
        "os_name": os_name,
        "platform_machine": platform.machine,
        "platform_python_implementation": names[1],
        "platform_release": "",
        "platform_system": system,
        "platform_version": "",
        "python_full_version": full_version,
        "python_version": interpreter.python_version,
        "sys_platform": sys_platform,
    }


def _is_version(text: str) -> bool:
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True


def evaluate(
    marker: MarkerNode | Marker | str,
    env: Mapping[str, str],
    extras: str | Iterable[str] | None = None,
) -> bool:
    """Whether ``marker`` holds in ``env`` with ``extras`` selected.

    ``env`` must define every variable the marker reads (see
    :func:`environment`); ``extras`` is one extra, a collection of extras, or
    ``None`` for none -- never part of ``env``. Every comparison is decided,
    so an undefined one fails whatever the others say.

    Raises :class:`~pynix.errors.InvalidArgument` for a variable missing from
    ``env`` (or an ``extra`` key in it), :class:`~pynix.errors.InvalidMarker`
    for an undefined comparison (``os_name ~= "nt"``) or unparsable text, and
    :class:`~pynix.errors.Unsupported` for the lock-file variables ``extras``
    and ``dependency_groups``.

    >>> env = {"python_version": "3.10", "sys_platform": "linux"}
    >>> evaluate('python_version > "3.9"', env)  # as versions, not as strings
    True
    >>> evaluate('"linux" in sys_platform and extra == "Foo_Bar"', env, extras=["foo-bar"])
    True
    >>> evaluate('os_name == "nt"', env)
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidArgument: the environment has no value for os_name: os_name == "nt"
      hint: build the environment with pynix.standards.markers.environment(target)
    """
    node = _as_node(marker)
    if "extra" in env:
        raise InvalidArgument("pass extras as extras=..., not as an 'extra' key of the environment")
    return _evaluate(node, env, _selected(extras))


def _as_node(marker: MarkerNode | Marker | str) -> MarkerNode:
    if isinstance(marker, str):
        return parse_marker(marker)
    if isinstance(marker, Marker):
        return from_packaging(marker)
    return marker


def _selected(extras: str | Iterable[str] | None) -> frozenset[str]:
    if extras is None:
        return frozenset()
    if isinstance(extras, str):
        return _one_extra(extras)
    return frozenset(canonicalize_name(extra) for extra in extras)


@functools.lru_cache(maxsize=1024)
def _one_extra(extra: str) -> frozenset[str]:
    return frozenset((canonicalize_name(extra),))


def _evaluate(node: MarkerNode, env: Mapping[str, str], extras: frozenset[str]) -> bool:
    if isinstance(node, Compare):
        return _decide(node, env, extras)
    results = [_evaluate(item, env, extras) for item in node.items]
    return all(results) if isinstance(node, And) else any(results)


def _decide(node: Compare, env: Mapping[str, str], extras: frozenset[str]) -> bool:
    variable = node.variable
    try:
        if variable == "extra":
            return _decide_extra(node, extras)
        if variable in _SET_VARIABLES:
            raise Unsupported(
                f"{variable} is a lock-file variable (PEP 751); pynix does not evaluate it",
                text=to_string(node),
            )
        value = env.get(variable)
        if value is None:
            raise InvalidArgument(
                f"the environment has no value for {variable}",
                text=to_string(node),
                hint="build the environment with pynix.standards.markers.environment(target)",
            )
        if node.reversed:
            return compare_values(variable, node.literal, node.op, value)
        return compare_values(variable, value, node.op, node.literal)
    except InvalidMarker as exc:
        raise InvalidMarker(exc.message, text=to_string(node)) from None


def _decide_extra(node: Compare, extras: frozenset[str]) -> bool:
    # One comparison per selected extra: some must hold, or for != and
    # "not in" all must (so that with one extra this is packaging's answer).
    literal, op = node.literal, node.op
    if not extras and op not in STRING_OPERATORS:
        raise InvalidMarker(undefined_on_strings(op, "extra"))
    if node.reversed:
        hits = [compare_values("extra", literal, op, extra) for extra in extras]
    else:
        hits = [compare_values("extra", extra, op, literal) for extra in extras]
    return all(hits) if op in _NEGATED else any(hits)


def simplify(
    marker: MarkerNode | Marker | str,
    known: Mapping[str, str],
    extras: str | Iterable[str] | None = None,
) -> MarkerNode | bool:
    """Decide every comparison whose variable is in ``known``; keep the rest.

    Comparisons on ``extra`` are decided with ``extras`` (``None`` means no
    extras). ``and``/``or`` absorb what is decided: ``True or x`` is ``True``,
    ``True and x`` is ``x``. The result is ``True``, ``False`` or the smaller
    tree, which a renderer can turn into a condition on the target. Raises as
    :func:`evaluate` does for the comparisons it decides.

    >>> marker = parse_marker(
    ...     "sys_platform == 'win32' or (python_version < '3.11' and platform_machine == 'x86_64')"
    ... )
    >>> to_string(simplify(marker, {"python_version": "3.10"}))
    'sys_platform == "win32" or platform_machine == "x86_64"'
    >>> simplify(marker, {"python_version": "3.12", "sys_platform": "linux"})
    False
    >>> simplify("extra == 'docs'", {}, extras=["docs", "test"])
    True
    """
    node = _as_node(marker)
    if "extra" in known:
        raise InvalidArgument("pass extras as extras=..., not as an 'extra' key of the environment")
    return _fold(node, known, _selected(extras))


def _fold(node: MarkerNode, known: Mapping[str, str], extras: frozenset[str]) -> MarkerNode | bool:
    if isinstance(node, Compare):
        if node.variable == "extra" or node.variable in known:
            return _decide(node, known, extras)
        return node
    # Fold every item before absorbing, so an undefined comparison fails
    # whatever its neighbours decide (as in evaluate()).
    folded = [_fold(item, known, extras) for item in node.items]
    absorbing = isinstance(node, Or)  # True decides an "or", False an "and"
    if any(item is absorbing for item in folded):
        return absorbing
    rest = [item for item in folded if not isinstance(item, bool)]
    if not rest:
        return not absorbing
    if len(rest) == len(node.items) and all(a is b for a, b in zip(rest, node.items, strict=True)):
        return node
    return _any_of(rest) if absorbing else _all_of(rest)
