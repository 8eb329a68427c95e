"""Project licenses as nixpkgs' ``lib.licenses`` attributes: SPDX expressions and trove classifiers.

PEP 639 puts an SPDX license expression in ``project.license``
(``"MIT OR Apache-2.0"``); older projects say it with trove classifiers
(``License :: OSI Approved :: MIT License``). nixpkgs names licenses by
attribute (``lib.licenses.mit``, ``lib.licenses.asl20``), each carrying its
``spdxId``. The tables below are data: SPDX identifier → attribute for the
licenses Python projects use, checked against nixpkgs' ``lib/licenses``.

How an expression is mapped (:func:`license_attrs`):

* ``MIT OR Apache-2.0`` and ``MIT AND BSD-3-Clause`` both become a list
  (``[ lib.licenses.mit lib.licenses.asl20 ]``): ``meta.license`` as a list is
  the form every nixpkgs release reads; the ``lib.licenses.OR``/``AND``
  operators of 2026's nixpkgs are not used, so the file evaluates everywhere.
* ``GPL-2.0-or-later WITH Classpath-exception-2.0`` becomes the license
  itself, with an info finding: an exception only adds permissions, and
  nixpkgs' list form cannot carry it.
* Deprecated identifiers are read as SPDX defines them (``GPL-2.0`` is
  ``GPL-2.0-only``, ``GPL-2.0+`` is ``GPL-2.0-or-later``); ``PSF-2.0`` is
  nixpkgs' ``psfl`` (recorded there as ``Python-2.0``).
* An identifier with no nixpkgs attribute here (``LicenseRef-…``, rare
  licenses) is left out with a warning (``license-unknown``); text that is not
  an SPDX expression (a PEP 621 ``license = { text = "BSD" }``) gives
  ``license-text`` and the classifiers are used instead.

Classifiers that do not say which license (``BSD License``, ``GNU General
Public License (GPL)``) give a warning (``license-ambiguous``);
``Apache Software License`` is read as Apache-2.0, the only version still
in use. Classifiers that are not a license (``OSI Approved`` alone,
``DFSG approved``) are ignored.

>>> license_attrs("MIT OR apache-2.0", ()).attrs
('mit', 'asl20')
>>> license_attrs(None, ["License :: OSI Approved :: BSD License"]).findings[0].code
'license-ambiguous'
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

from pynix.errors import Location
from pynix.model import Finding, Severity

__all__ = [
    "CLASSIFIER_LICENSES",
    "DEPRECATED_SPDX",
    "SPDX_LICENSES",
    "Licenses",
    "license_attrs",
]

SPDX_LICENSES: Mapping[str, str] = MappingProxyType(
    {
        "0BSD": "bsd0",
        "AFL-2.1": "afl21",
        "AFL-3.0": "afl3",
        "AGPL-3.0-only": "agpl3Only",
        "AGPL-3.0-or-later": "agpl3Plus",
        "Apache-1.1": "asl11",
        "Apache-2.0": "asl20",
        "Artistic-1.0": "artistic1",
        "Artistic-2.0": "artistic2",
        "BSD-1-Clause": "bsd1",
        "BSD-2-Clause": "bsd2",
        "BSD-2-Clause-Patent": "bsd2Patent",
        "BSD-3-Clause": "bsd3",
        "BSD-3-Clause-Clear": "bsd3Clear",
        "BSD-4-Clause": "bsdOriginal",
        "BSL-1.0": "boost",
        "BUSL-1.1": "bsl11",
        "CC-BY-4.0": "cc-by-40",
        "CC-BY-SA-4.0": "cc-by-sa-40",
        "CC0-1.0": "cc0",
        "CDDL-1.0": "cddl",
        "CECILL-2.1": "cecill21",
        "ECL-2.0": "ecl20",
        "Elastic-2.0": "elastic20",
        "EPL-1.0": "epl10",
        "EPL-2.0": "epl20",
        "EUPL-1.1": "eupl11",
        "EUPL-1.2": "eupl12",
        "GPL-1.0-or-later": "gpl1Plus",
        "GPL-2.0-only": "gpl2Only",
        "GPL-2.0-or-later": "gpl2Plus",
        "GPL-3.0-only": "gpl3Only",
        "GPL-3.0-or-later": "gpl3Plus",
        "HPND": "hpnd",
        "ISC": "isc",
        "LGPL-2.0-only": "lgpl2Only",
        "LGPL-2.0-or-later": "lgpl2Plus",
        "LGPL-2.1-only": "lgpl21Only",
        "LGPL-2.1-or-later": "lgpl21Plus",
        "LGPL-3.0-only": "lgpl3Only",
        "LGPL-3.0-or-later": "lgpl3Plus",
        "MIT": "mit",
        "MIT-0": "mit0",
        "MIT-CMU": "mit-cmu",
        "MPL-1.0": "mpl10",
        "MPL-1.1": "mpl11",
        "MPL-2.0": "mpl20",
        "MS-PL": "mspl",
        "NCSA": "ncsa",
        "OFL-1.1": "ofl",
        "OpenSSL": "openssl",
        "OSL-3.0": "osl3",
        "PostgreSQL": "postgresql",
        "PSF-2.0": "psfl",
        "Python-2.0": "psfl",
        "Sleepycat": "sleepycat",
        "SSPL-1.0": "sspl",
        "Unicode-DFS-2016": "unicode-dfs-2016",
        "Unlicense": "unlicense",
        "UPL-1.0": "upl",
        "W3C": "w3c",
        "WTFPL": "wtfpl",
        "X11": "x11",
        "Zlib": "zlib",
        "ZPL-2.0": "zpl20",
        "ZPL-2.1": "zpl21",
    }
)
"""SPDX identifier → nixpkgs ``lib.licenses`` attribute."""

DEPRECATED_SPDX: Mapping[str, str] = MappingProxyType(
    {
        "AGPL-3.0": "AGPL-3.0-only",
        "AGPL-3.0+": "AGPL-3.0-or-later",
        "GPL-1.0+": "GPL-1.0-or-later",
        "GPL-2.0": "GPL-2.0-only",
        "GPL-2.0+": "GPL-2.0-or-later",
        "GPL-3.0": "GPL-3.0-only",
        "GPL-3.0+": "GPL-3.0-or-later",
        "LGPL-2.0": "LGPL-2.0-only",
        "LGPL-2.0+": "LGPL-2.0-or-later",
        "LGPL-2.1": "LGPL-2.1-only",
        "LGPL-2.1+": "LGPL-2.1-or-later",
        "LGPL-3.0": "LGPL-3.0-only",
        "LGPL-3.0+": "LGPL-3.0-or-later",
    }
)
"""Deprecated SPDX identifiers (and the ``+`` form) → the identifier SPDX replaced them with."""

_OSI = "License :: OSI Approved :: "
CLASSIFIER_LICENSES: Mapping[str, str | None] = MappingProxyType(
    {
        "License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "cc0",
        "License :: Other/Proprietary License": "unfree",
        "License :: Public Domain": "publicDomain",
        _OSI + "Academic Free License (AFL)": None,
        _OSI + "Apache Software License": "asl20",
        _OSI + "Artistic License": None,
        _OSI + "BSD License": None,
        _OSI + "Boost Software License 1.0 (BSL-1.0)": "boost",
        _OSI + "CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)": "cecill21",
        _OSI + "CMU License (MIT-CMU)": "mit-cmu",
        _OSI + "Common Development and Distribution License 1.0 (CDDL-1.0)": "cddl",
        _OSI + "Eclipse Public License 1.0 (EPL-1.0)": "epl10",
        _OSI + "Eclipse Public License 2.0 (EPL-2.0)": "epl20",
        _OSI + "Educational Community License, Version 2.0 (ECL-2.0)": "ecl20",
        _OSI + "European Union Public Licence 1.1 (EUPL 1.1)": "eupl11",
        _OSI + "European Union Public Licence 1.2 (EUPL 1.2)": "eupl12",
        _OSI + "GNU Affero General Public License v3": "agpl3Only",
        _OSI + "GNU Affero General Public License v3 or later (AGPLv3+)": "agpl3Plus",
        _OSI + "GNU General Public License (GPL)": None,
        _OSI + "GNU General Public License v2 (GPLv2)": "gpl2Only",
        _OSI + "GNU General Public License v2 or later (GPLv2+)": "gpl2Plus",
        _OSI + "GNU General Public License v3 (GPLv3)": "gpl3Only",
        _OSI + "GNU General Public License v3 or later (GPLv3+)": "gpl3Plus",
        _OSI + "GNU Lesser General Public License v2 (LGPLv2)": "lgpl2Only",
        _OSI + "GNU Lesser General Public License v2 or later (LGPLv2+)": "lgpl2Plus",
        _OSI + "GNU Lesser General Public License v3 (LGPLv3)": "lgpl3Only",
        _OSI + "GNU Lesser General Public License v3 or later (LGPLv3+)": "lgpl3Plus",
        _OSI + "GNU Library or Lesser General Public License (LGPL)": None,
        _OSI + "Historical Permission Notice and Disclaimer (HPND)": "hpnd",
        _OSI + "ISC License (ISCL)": "isc",
        _OSI + "MIT License": "mit",
        _OSI + "MIT No Attribution License (MIT-0)": "mit0",
        _OSI + "Mozilla Public License 1.0 (MPL)": "mpl10",
        _OSI + "Mozilla Public License 1.1 (MPL 1.1)": "mpl11",
        _OSI + "Mozilla Public License 2.0 (MPL 2.0)": "mpl20",
        _OSI + "Open Software License 3.0 (OSL-3.0)": "osl3",
        _OSI + "PostgreSQL License": "postgresql",
        _OSI + "Python Software Foundation License": "psfl",
        _OSI + "SIL Open Font License 1.1 (OFL-1.1)": "ofl",
        _OSI + "Sleepycat License": "sleepycat",
        _OSI + "The Unlicense (Unlicense)": "unlicense",
        _OSI + "Universal Permissive License (UPL)": "upl",
        _OSI + "University of Illinois/NCSA Open Source License": "ncsa",
        _OSI + "W3C License": "w3c",
        _OSI + "Zero-Clause BSD (0BSD)": "bsd0",
        _OSI + "Zope Public License": None,
        _OSI + "zlib/libpng License": "zlib",
    }
)
"""Trove license classifier → nixpkgs attribute; ``None`` where the classifier names no version."""

# Classifiers that say something about a license without naming one.
_NOT_A_LICENSE = frozenset(
    {"License :: OSI Approved", "License :: DFSG approved", "License :: Freely Distributable"}
)
_UPPER = {key.upper(): key for key in (*SPDX_LICENSES, *DEPRECATED_SPDX)}
_TOKEN = re.compile(r"\(|\)|[^\s()]+")


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Licenses:
    """``lib.licenses`` attributes, in the order the project names them, and findings."""

    attrs: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()


def license_attrs(license: str | None, classifiers: Iterable[str]) -> Licenses:  # noqa: A002
    """The nixpkgs licenses of a project from its ``license`` (SPDX) or its classifiers.

    The SPDX expression wins when it maps to at least one license; the
    classifiers are read otherwise. Never raises: problems are findings.
    """
    findings: list[Finding] = []
    if license:
        attrs = _expression(license, findings)
        if attrs:
            return Licenses(attrs=attrs, findings=tuple(findings))
    attrs = _classifiers(classifiers, findings)
    return Licenses(attrs=attrs, findings=tuple(findings))


def _expression(text: str, findings: list[Finding]) -> tuple[str, ...]:
    try:
        canonical = canonicalize_license_expression(text)
    except InvalidLicenseExpression:
        findings.append(
            _finding(
                Severity.WARNING,
                "license-text",
                f"`{_short(text)}` is not an SPDX license expression; read the classifiers instead",
                'write `license` as an SPDX expression such as "MIT" (PEP 639)',
            )
        )
        return ()
    attrs: list[str] = []
    tokens = _TOKEN.findall(canonical)
    for index, token in enumerate(tokens):
        if token in ("(", ")", "AND", "OR", "WITH") or (index and tokens[index - 1] == "WITH"):
            continue
        spdx = _UPPER.get(token.upper())
        spdx = DEPRECATED_SPDX.get(spdx, spdx) if spdx else None
        attr = SPDX_LICENSES.get(spdx) if spdx else None
        if attr is None:
            findings.append(
                _finding(
                    Severity.WARNING,
                    "license-unknown",
                    f"license `{token}` has no nixpkgs attribute known to pynix; left out of meta",
                    "add it to meta.license by hand",
                )
            )
        elif attr not in attrs:
            attrs.append(attr)
    for index, word in enumerate(tokens):
        if word == "WITH" and index + 1 < len(tokens):
            findings.append(
                _finding(
                    Severity.INFO,
                    "license-exception",
                    f"the exception `{tokens[index + 1]}` of `{tokens[index - 1]}` is not recorded"
                    " in meta.license",
                    None,
                )
            )
    return tuple(attrs)


def _classifiers(classifiers: Iterable[str], findings: list[Finding]) -> tuple[str, ...]:
    attrs: list[str] = []
    for classifier in classifiers:
        if not classifier.startswith("License ::") or classifier in _NOT_A_LICENSE:
            continue
        if classifier not in CLASSIFIER_LICENSES:
            findings.append(
                _finding(
                    Severity.WARNING,
                    "license-unknown",
                    f"classifier `{classifier}` has no nixpkgs license known to pynix",
                    "set `license` to an SPDX expression (PEP 639)",
                    key="project.classifiers",
                )
            )
            continue
        attr = CLASSIFIER_LICENSES[classifier]
        if attr is None:
            findings.append(
                _finding(
                    Severity.WARNING,
                    "license-ambiguous",
                    f"classifier `{classifier}` does not say which license; left out of meta",
                    "set `license` to an SPDX expression (PEP 639)",
                    key="project.classifiers",
                )
            )
        elif attr not in attrs:
            attrs.append(attr)
    return tuple(attrs)


def _finding(
    severity: Severity, code: str, message: str, hint: str | None, key: str = "project.license"
) -> Finding:
    return Finding(
        severity=severity,
        code=code,
        message=message,
        subject="license",
        location=Location(key=key),
        hint=hint,
    )


def _short(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 60 else line[:57] + "..."
