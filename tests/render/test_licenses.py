"""SPDX expressions and trove classifiers to nixpkgs licenses; the tables against the stand-in."""

from __future__ import annotations

import pytest

from pynix.render.licenses import (
    CLASSIFIER_LICENSES,
    DEPRECATED_SPDX,
    SPDX_LICENSES,
    Licenses,
    license_attrs,
)
from tests.render._standin import evaluate

OSI = "License :: OSI Approved :: "

# (id, license expression, attributes, finding codes)
EXPRESSIONS = [
    ("one", "MIT", ("mit",), []),
    ("case", "mit or apache-2.0", ("mit", "asl20"), []),
    ("or", "MIT OR Apache-2.0", ("mit", "asl20"), []),
    ("and", "MIT AND BSD-3-Clause", ("mit", "bsd3"), []),
    ("nested", "(MIT AND BSD-2-Clause) OR Apache-2.0", ("mit", "bsd2", "asl20"), []),
    ("repeated", "MIT OR (MIT AND ISC)", ("mit", "isc"), []),
    (
        "with",
        "GPL-2.0-or-later WITH Classpath-exception-2.0",
        ("gpl2Plus",),
        ["license-exception"],
    ),
    ("deprecated", "GPL-2.0", ("gpl2Only",), []),
    ("plus", "LGPL-2.1+", ("lgpl21Plus",), []),
    ("psf", "PSF-2.0", ("psfl",), []),
    ("ref", "MIT OR LicenseRef-Proprietary", ("mit",), ["license-unknown"]),
    ("unmapped", "Glide", (), ["license-unknown"]),
    ("not-spdx", "BSD", (), ["license-text"]),
    ("unbalanced", "MIT OR", (), ["license-text"]),
]


@pytest.mark.parametrize(
    ("expression", "attrs", "codes"), [e[1:] for e in EXPRESSIONS], ids=[e[0] for e in EXPRESSIONS]
)
def test_expressions(expression: str, attrs: tuple[str, ...], codes: list[str]) -> None:
    result = license_attrs(expression, ())
    assert result.attrs == attrs
    assert [f.code for f in result.findings] == codes


def test_messages() -> None:
    result = license_attrs("LicenseRef-Own OR GPL-2.0-only WITH Classpath-exception-2.0", ())
    assert result.attrs == ("gpl2Only",)
    assert [str(f) for f in result.findings] == [
        (
            "warning: project.license: license `LicenseRef-Own` has no nixpkgs attribute known"
            " to pynix; left out of meta (add it to meta.license by hand)"
        ),
        (
            "info: project.license: the exception `Classpath-exception-2.0` of `GPL-2.0-only`"
            " is not recorded in meta.license"
        ),
    ]
    text = license_attrs("BSD\nsee LICENSE", ["Topic :: Utilities"])
    assert [str(f) for f in text.findings] == [
        (
            "warning: project.license: `BSD` is not an SPDX license expression; read the"
            ' classifiers instead (write `license` as an SPDX expression such as "MIT" (PEP 639))'
        )
    ]


# (id, classifiers, attributes, finding codes)
CLASSIFIERS = [
    ("mit", [OSI + "MIT License"], ("mit",), []),
    ("two", [OSI + "MIT License", OSI + "Apache Software License"], ("mit", "asl20"), []),
    ("gpl-plus", [OSI + "GNU General Public License v3 or later (GPLv3+)"], ("gpl3Plus",), []),
    ("public-domain", ["License :: Public Domain"], ("publicDomain",), []),
    ("proprietary", ["License :: Other/Proprietary License"], ("unfree",), []),
    ("bsd", [OSI + "BSD License"], (), ["license-ambiguous"]),
    ("not-a-license", ["License :: OSI Approved", "Topic :: Utilities"], (), []),
    ("unknown", ["License :: Freeware"], (), ["license-unknown"]),
]


@pytest.mark.parametrize(
    ("classifiers", "attrs", "codes"), [c[1:] for c in CLASSIFIERS], ids=[c[0] for c in CLASSIFIERS]
)
def test_classifiers(classifiers: list[str], attrs: tuple[str, ...], codes: list[str]) -> None:
    result = license_attrs(None, classifiers)
    assert (result.attrs, [f.code for f in result.findings]) == (attrs, codes)


def test_expression_wins_over_classifiers() -> None:
    assert license_attrs("ISC", [OSI + "MIT License"]) == Licenses(attrs=("isc",))
    fallback = license_attrs("LicenseRef-X", [OSI + "MIT License"])
    assert fallback.attrs == ("mit",)
    assert [f.code for f in fallback.findings] == ["license-unknown"]


def test_deprecated_identifiers_lead_to_mapped_ones() -> None:
    assert set(DEPRECATED_SPDX.values()) <= set(SPDX_LICENSES)


@pytest.mark.nix
def test_tables_name_real_licenses() -> None:
    # Every attribute pynix writes exists in lib.licenses (the stand-in carries nixpkgs' names
    # and SPDX identifiers) and stands for the SPDX identifier it is mapped from.
    licenses = evaluate("(import standin { }).lib.licenses")
    for spdx, attr in SPDX_LICENSES.items():
        assert licenses[attr]["spdxId"] == ("Python-2.0" if spdx == "PSF-2.0" else spdx), spdx
    for classifier, target in CLASSIFIER_LICENSES.items():
        assert target is None or target in licenses, classifier
