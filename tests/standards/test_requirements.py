"""PEP 508 requirement strings: the parts, the legacy forms, and caret errors."""

from __future__ import annotations

import pytest

from pynix.errors import InvalidRequirement
from pynix.standards.markers import from_packaging, to_string
from pynix.standards.requirements import parse_requirement

P = pytest.param
PIP_URL = (
    "https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686"
)
EXPECTED_OPERATOR = "expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in"

# text -> (name, extras, specifier, url, marker), the PEP's examples first
PARTS = [
    P("A", ("A", [], "", None, None), id="pep-single-letter"),
    P("A.B-C_D", ("A.B-C_D", [], "", None, None), id="pep-separators"),
    P("name<=1", ("name", [], "<=1", None, None), id="pep-specifier"),
    P("name>=3,<2", ("name", [], "<2,>=3", None, None), id="pep-two-clauses"),
    P("name@http://foo.com", ("name", [], "", "http://foo.com", None), id="pep-url"),
    P(
        "name [fred,bar] @ http://foo.com ; python_version=='2.7'",
        ("name", ["bar", "fred"], "", "http://foo.com", 'python_version == "2.7"'),
        id="pep-url-extras-marker",
    ),
    P(
        "name[quux, strange];python_version<'2.7' and platform_version=='2'",
        (
            "name",
            ["quux", "strange"],
            "",
            None,
            'python_version < "2.7" and platform_version == "2"',
        ),
        id="pep-extras-marker",
    ),
    P(
        "name; os_name=='a' and os_name=='b' or os_name=='c'",
        ("name", [], "", None, 'os_name == "a" and os_name == "b" or os_name == "c"'),
        id="pep-and-or",
    ),
    P(
        "requests (>=2.8.1, ==2.8.*)",
        ("requests", [], "==2.8.*,>=2.8.1", None, None),
        id="legacy-parens",
    ),
    P(f"pip @ {PIP_URL}", ("pip", [], "", PIP_URL, None), id="url-with-hash"),
    P(
        'Foo[Bar_Baz] ~= 1.4.2 ; extra == "Test_X"',
        ("Foo", ["Bar_Baz"], "~=1.4.2", None, 'extra == "test-x"'),
        id="extra-normalized-in-marker",
    ),
    P(
        r"foo; platform_version == '\d'",
        ("foo", [], "", None, 'platform_version == "\\d"'),
        id="escape",
    ),
]

# text -> (message, caret span)
ERRORS = [
    P("", "expected package name at the start of dependency specifier", (0, 1), id="empty"),
    P(
        "foo >= 1 bar",
        "expected comma (within version specifier), semicolon (after version specifier) or end",
        (4, 10),
        id="junk",
    ),
    P("foo[bar", "expected matching ']' for '[', after extras", (3, 8), id="unclosed-extras"),
    P("foo; os_name", EXPECTED_OPERATOR, (12, 13), id="marker"),
    P(
        "foo (>=1.0",
        "expected matching ')' for '(', after version specifier",
        (4, 11),
        id="unclosed-parens",
    ),
    P('foo; os_name == "\\N{x}"', "invalid quoted string", (16, 23), id="bad-escape"),
    P("foo @ ", "expected URL after @", (6, 7), id="empty-url"),
]


@pytest.mark.parametrize(("text", "parts"), PARTS)
def test_parts(text: str, parts: tuple[str, list[str], str, str | None, str | None]) -> None:
    requirement = parse_requirement(text)
    marker = None if requirement.marker is None else str(requirement.marker)
    found = (requirement.name, sorted(requirement.extras), str(requirement.specifier))
    assert (*found, requirement.url, marker) == parts
    assert parse_requirement(str(requirement)) == requirement


@pytest.mark.parametrize(("text", "message", "span"), ERRORS)
def test_errors(text: str, message: str, span: tuple[int, int] | None) -> None:
    with pytest.raises(InvalidRequirement) as caught:
        parse_requirement(text)
    assert (caught.value.message, caught.value.span, caught.value.text) == (message, span, text)


def test_error_message_with_location() -> None:
    with pytest.raises(InvalidRequirement) as caught:
        parse_requirement("foo >= 1 bar")
    error = caught.value.at(file="requirements.txt", line=3)
    head = (
        "requirements.txt:3: expected comma (within version specifier), semicolon "
        "(after version specifier) or end: foo >= 1 bar"
    )
    assert str(error) == f"{head}\n{' ' * (len(head) - 8)}^^^^^^"


def test_packaging_prints_marker_strings_unescaped() -> None:
    # str(Requirement) writes a marker string as it is, so a backslash that was
    # escaped in the text changes meaning when printed; markers.to_string escapes it.
    requirement = parse_requirement(r"foo; platform_version == 'a\\b'")
    assert requirement.marker is not None
    assert str(requirement) == r'foo; platform_version == "a\b"'
    assert to_string(from_packaging(requirement.marker)) == r'platform_version == "a\\b"'
    reparsed = parse_requirement(str(requirement)).marker
    assert reparsed is not None
    assert to_string(from_packaging(reparsed)) == r'platform_version == "a\U00000008"'
