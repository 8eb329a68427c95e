"""Properties: any JSON in gives JSON out or a PynixError, and shapes read back as they were."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pynix.errors import PynixError
from pynix.interop import JSON, call, names
from pynix.interop._registry import lookup

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-3, 400)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values: st.SearchStrategy[JSON] = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)

# Values near the shapes the functions expect, so that the checks past the first are reached.
versions = st.from_regex(
    r"\A(v?[0-9]{1,3}!)?[0-9]{1,3}(\.[0-9*]{1,3}){0,3}((a|b|rc|c|alpha)[0-9]{0,2})?(\.(post|dev)[0-9]{0,2})?(\+[a-zA-Z0-9.]{1,5})?\Z"
)
tags = st.from_regex(r"\A[a-zA-Z]{0,7}[0-9]{0,3}[a-z_0-9]{0,6}\Z")
file_names = st.builds(
    lambda name, version, rest, ext: f"{name}-{version}{rest}{ext}",
    st.sampled_from(["foo", "Foo_Bar", "a.b", "x-y", ""]),
    versions,
    st.sampled_from(
        [
            "",
            "-1",
            "-py3-none-any",
            "-cp312-cp312-manylinux_2_17_x86_64",
            "-py3.8",
            "-py3.8-linux-x86_64",
        ]
    ),
    st.sampled_from([".whl", ".tar.gz", ".zip", ".egg", ""]),
)
markers = st.lists(
    st.sampled_from(
        [
            "python_version",
            "os_name",
            "extra",
            "'3.8'",
            '"posix"',
            "==",
            ">=",
            "~=",
            "in",
            "not in",
            "and",
            "or",
            "(",
            ")",
            "platform_release",
            "'5.10'",
            "'a b'",
            "extras",
            "===",
        ]
    ),
    max_size=9,
).map(" ".join)
targets = st.fixed_dictionaries(
    {
        "system": st.sampled_from(
            ["x86_64-linux", "aarch64-darwin", "x86_64-windows", "riscv64-linux", "x-y"]
        )
    },
    optional={
        "version": st.sampled_from(["3.12", "3.13.1", "2.7", "3", "3.x"]),
        "implementation": st.sampled_from(["cpython", "pypy", "jython"]),
        "implementationVersion": st.sampled_from(["7.3", "7"]),
        "freeThreaded": st.booleans(),
        "libc": st.sampled_from(["glibc", "musl", "libSystem", "msvcrt"]),
        "libcVersion": st.sampled_from(["2.17", "1.2", "2.x"]),
        "darwinSdkVersion": st.sampled_from(["11.0", "10.9", "x"]),
        "packages": json_values,
    },
)
version_shapes = st.fixed_dictionaries(
    {},
    optional={
        "str": versions | scalars,
        "release": st.lists(st.integers(-1, 20) | st.just("*") | scalars, max_size=4),
        "epoch": st.integers(-1, 3) | scalars,
        "pre": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"type": st.sampled_from(["a", "b", "rc", "x"]), "value": st.integers(-1, 5)}
            ),
        ),
        "post": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"type": st.sampled_from(["post", "dev"]), "value": st.integers(0, 5)}
            ),
        ),
        "dev": st.none() | json_values,
        "local": st.none() | st.text(max_size=5),
    },
)
wheel_shapes = st.fixed_dictionaries(
    {},
    optional={
        "filename": file_names,
        "distribution": st.text(max_size=5),
        "version": versions,
        "buildTag": st.none() | st.text(max_size=3),
        "languageTags": st.lists(
            st.fixed_dictionaries(
                {"implementation": tags, "version": st.none() | st.text("0123456789", max_size=3)}
            ),
            max_size=2,
        ),
        "abiTags": st.lists(tags, max_size=2),
        "platformTags": st.lists(tags, max_size=2),
        "languageTag": st.fixed_dictionaries({"implementation": tags, "version": versions}),
    },
)
arguments: st.SearchStrategy[JSON] = st.one_of(
    json_values,
    versions,
    tags,
    file_names,
    markers,
    targets,
    version_shapes,
    wheel_shapes,
    st.lists(wheel_shapes, max_size=3),
)


def is_json(value: object) -> bool:
    if value is None or isinstance(value, bool | int | str):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(is_json(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json(v) for k, v in value.items())
    return False


@given(st.data(), st.sampled_from(names()))
def test_any_arguments_give_json_or_a_pynix_error(data: st.DataObject, name: str) -> None:
    count = len(lookup(name).params)
    args: list[Any] = data.draw(st.lists(arguments, min_size=count, max_size=count))
    if data.draw(st.booleans()):
        # pyproject.nix's platform, libc and python positions take the same object.
        target = data.draw(targets)
        args = [target if p.target else a for p, a in zip(lookup(name).params, args, strict=True)]
    try:
        result = call(name, *args)
    except PynixError:
        return
    assert is_json(result)


@given(st.sampled_from(names()), st.lists(json_values, max_size=5))
def test_any_argument_count_gives_json_or_a_pynix_error(name: str, args: list[JSON]) -> None:
    try:
        result = call(name, *args)
    except PynixError:
        return
    assert is_json(result)


@given(versions)
def test_a_version_rebuilt_from_its_fields_is_the_same_version(text: str) -> None:
    try:
        shape = call("pep440.parseVersion", text)
    except PynixError:
        return
    assert isinstance(shape, dict)
    fields: JSON = {key: value for key, value in shape.items() if key != "str"}
    assert call("pep440.compareVersions", shape, fields) == 0
    assert call("pep440.comparators.===", shape, {"str": text}) is True


@given(file_names)
def test_a_wheel_rebuilt_from_its_fields_is_the_same_wheel(text: str) -> None:
    try:
        shape = call("pypa.parseWheelFileName", text)
    except PynixError:
        return
    assert isinstance(shape, dict)
    fields: JSON = {key: value for key, value in shape.items() if key != "filename"}
    assert call("pypa.matchWheelFileName", text) is not None
    target: JSON = {"system": "x86_64-linux", "version": "3.12"}
    assert call("pypa.isWheelFileCompatible", target, target, target, fields) == call(
        "pypa.isWheelFileCompatible", target, target, target, shape
    )
