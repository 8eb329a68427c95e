"""``pep508.*``: dependency strings, marker trees, environments and marker evaluation.

Shapes (pyproject.nix's):

* ``parseString "foo[bar]>=1.0; os_name == 'posix'"`` is ``{"name", "extras",
  "conditions", "url", "markers"}``: the name and extras normalized (PEP 503),
  extras in written order, conditions as ``pep440.parseVersionConds`` gives
  them, ``url`` or ``null``, ``markers`` a tree or ``null``.
* ``parseMarkers`` gives the marker tree described in
  :mod:`pynix.interop._marker_tree` (``boolOp``/``compare`` nodes, typed
  values, ``a or b or c`` nested as ``a or (b or c)``).
* ``mkEnviron PYTHON`` is ``{variable: typed value}`` for the eleven PEP 508
  variables of a target object, typed as in a tree (``python_version`` is a
  ``version``, ``platform_release`` a ``platform_release``, the rest
  ``string``); ``setEnviron ENVIRON UPDATES`` replaces some of them (``extra``
  too: a name or a list of names) from plain strings.
* ``evalMarkers ENVIRON MARKERS`` is a bool. The markers are a tree, or (pynix
  only) the marker text; the environment's ``extra``, if any, is the set of
  selected extras.

The parsing is :mod:`pynix.standards.markers` and ``packaging``'s and the
evaluation :func:`pynix.standards.markers.evaluate`'s, so PEP 508 decides:
``in`` is a substring test, versions compare as PEP 440 says, extras are
normalized (PEP 685). ``docs/interop.md`` lists where pyproject.nix answers
differently.

>>> from pynix.interop import call
>>> target = {"system": "x86_64-linux", "version": "3.12.4"}
>>> environ = call("pep508.mkEnviron", target)
>>> call("pep508.evalMarkers", environ, call("pep508.parseMarkers", "python_version >= '3.8'"))
True
"""

from __future__ import annotations

from collections.abc import Mapping

from packaging.requirements import Requirement

from pynix.errors import InvalidMarker, PynixError
from pynix.interop._marker_tree import (
    marker_text_to_json,
    markers_to_json,
    tree_from_json,
    typed_value,
)
from pynix.interop._registry import Param, function
from pynix.interop._shapes import (
    JSON,
    Where,
    read_list,
    read_object,
    read_str,
    version_text_from_json,
)
from pynix.interop.pep440 import specifiers_to_json
from pynix.interop.targets import target_param
from pynix.standards.markers import (
    ENVIRONMENT_VARIABLES,
    environment,
    evaluate,
    from_packaging,
    parse_marker,
    variables,
)
from pynix.standards.names import canonicalize_name
from pynix.standards.requirements import parse_requirement
from pynix.standards.targets import Target

__all__ = ["environ_from_json", "environ_to_json", "requirement_to_json"]

_ENVIRON_KEYS = (*sorted(ENVIRONMENT_VARIABLES), "extra")


def requirement_to_json(text: str) -> dict[str, JSON]:
    """pyproject.nix's ``parseString`` shape of a PEP 508 dependency string.

    Raises :class:`~pynix.errors.InvalidRequirement` with a caret under the
    bad part, :class:`~pynix.errors.InvalidMarker` for a marker PEP 508 cannot
    evaluate (two strings compared).

    >>> requirement_to_json("Foo_Bar[Fast, all] >= 1.0")["extras"]
    ['fast', 'all']
    """
    requirement = parse_requirement(text)
    markers: JSON = None
    if requirement.marker is not None:
        try:
            from_packaging(requirement.marker)
        except InvalidMarker as error:
            raise InvalidMarker(error.message, text=text) from None
        markers = markers_to_json(requirement.marker)
    return {
        "conditions": specifiers_to_json(requirement.specifier, Where()),
        "extras": [canonicalize_name(extra) for extra in _written_extras(text, requirement)],
        "markers": markers,
        "name": canonicalize_name(requirement.name),
        "url": requirement.url,
    }


def _written_extras(text: str, requirement: Requirement) -> list[str]:
    # Requirement.extras is a set; pyproject.nix keeps the written order. packaging has
    # checked the text: the extras are the first bracketed list, right after the name.
    if not requirement.extras:
        return []
    written = text[text.index("[") + 1 : text.index("]")]
    return [part.strip() for part in written.split(",") if part.strip()]


def environ_to_json(env: Mapping[str, str]) -> dict[str, JSON]:
    """pyproject.nix's environment shape of a marker environment (``{variable: text}``)."""
    return {name: typed_value(name, text) for name, text in sorted(env.items())}


def environ_from_json(value: JSON, where: Where) -> tuple[dict[str, str], list[str] | None]:
    """Read an environment shape back: the variables as text, and the selected extras.

    A ``version`` value gives its ``str`` (or its rebuilt text); ``extra``
    is a name or a list of names (``None`` when the key is missing).
    """
    fields = read_object(value, where, "an environment (pep508.mkEnviron's object)", _ENVIRON_KEYS)
    env: dict[str, str] = {}
    extras: list[str] | None = None
    for name, node in fields.items():
        at = where / name
        typed = read_object(node, at, 'a typed value such as {"type": "string", "value": ...}')
        kind = read_str(typed.get("type"), at / "type", "a value type")
        content = typed.get("value")
        if name == "extra":
            extras = _extras(content, at / "value")
        elif kind == "version" or (kind == "platform_release" and not isinstance(content, str)):
            env[name] = version_text_from_json(content, at / "value")
        elif kind in ("string", "platform_release"):
            env[name] = read_str(content, at / "value")
        else:
            raise (at / "type").error('"string", "version" or "platform_release"', kind)
    return env, extras


def _extras(value: JSON, where: Where) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = read_list(value, where, "an extra name or a list of them")
    return [read_str(item, where / i, "an extra name") for i, item in enumerate(items)]


def _marker_text(value: JSON, where: Where) -> JSON:
    text = read_str(value, where, "a marker string")
    try:
        parse_marker(text)  # pynix's errors and checks; the tree keeps the text's grouping
    except PynixError as error:
        raise where.locate(error) from None
    return marker_text_to_json(text)


def _requirement_text(value: JSON, where: Where) -> JSON:
    text = read_str(value, where, "a dependency string")
    try:
        return requirement_to_json(text)
    except PynixError as error:
        raise where.locate(error) from None


def _environ(value: JSON, where: Where) -> dict[str, JSON]:
    environ_from_json(value, where)  # checks the shape
    return dict(read_object(value, where, "an environment"))


def _updates(value: JSON, where: Where) -> dict[str, JSON]:
    fields = read_object(value, where, "an object of {variable: string}", _ENVIRON_KEYS)
    updates: dict[str, JSON] = {}
    for name, text in fields.items():
        if name == "extra":
            # Kept as given, a name or a list of names, as pyproject.nix keeps it.
            extras: list[JSON] = list(_extras(text, where / name))
            updates[name] = {"type": "extra", "value": text if isinstance(text, str) else extras}
        else:
            updates[name] = typed_value(name, read_str(text, where / name))
    return updates


def _markers(value: JSON, where: Where) -> JSON:
    if isinstance(value, str):
        try:
            parse_marker(value)
        except PynixError as error:
            raise where.locate(error) from None
    else:
        tree_from_json(value, where)  # checks the shape; read again with the environment
    return value


@function("pep508.parseMarkers", Param(name="input", convert=_marker_text))
def parse_markers(tree: JSON) -> JSON:
    return tree


@function("pep508.parseString", Param(name="input", convert=_requirement_text))
def parse_string(shape: JSON) -> JSON:
    return shape


@function("pep508.mkEnviron", target_param("python"))
def mk_environ(target: Target) -> JSON:
    interpreter = target.interpreter
    if interpreter.implementation == "pypy" and interpreter.implementation_version is None:
        # PEP 508's implementation_version is PyPy's own version, which no default can guess.
        raise Where(argument=1).fail(
            "a PyPy target needs 'implementationVersion' (PyPy's own version, such as '7.3.17')"
        )
    try:
        env = environment(target)
    except PynixError as error:
        raise Where(argument=1).locate(error) from None
    return environ_to_json(env)


@function(
    "pep508.setEnviron",
    Param(name="environ", convert=_environ),
    Param(name="updates", convert=_updates),
)
def set_environ(environ: dict[str, JSON], updates: dict[str, JSON]) -> JSON:
    return {**environ, **updates}


@function(
    "pep508.evalMarkers",
    Param(name="environ", convert=environ_from_json),
    Param(name="value", convert=_markers),
)
def eval_markers(environ: tuple[dict[str, str], list[str] | None], markers: JSON) -> JSON:
    env, extras = environ
    return markers_hold(markers, env, extras, Where(argument=2))


def markers_hold(
    markers: JSON, env: dict[str, str], extras: list[str] | None, where: Where
) -> bool:
    """Evaluate markers given as PEP 508 text or as pyproject.nix's tree, located at ``where``.

    The environment (argument 1 of the calling function) must hold every
    variable the markers read: pynix never falls back to the running host.
    """
    try:
        marker = (
            parse_marker(markers)
            if isinstance(markers, str)
            else tree_from_json(markers, where, env)
        )
    except PynixError as error:
        raise where.locate(error) from None
    missing = sorted(variables(marker) - env.keys() - {"extra", "extras", "dependency_groups"})
    if missing:
        raise Where(argument=1).fail(
            f"the environment has no value for {', '.join(missing)}",
            hint="make it with pep508.mkEnviron",
        )
    try:
        return evaluate(marker, env, extras)
    except PynixError as error:
        raise where.locate(error) from None
