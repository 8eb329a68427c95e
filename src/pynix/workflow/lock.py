"""The ``pynix lock`` pipeline: uv locks, pynix reads the planned artifacts, then generates.

1. **Lock** with the real uv: ``uv lock`` for a ``pyproject.toml`` project
   (``uv.lock``), ``uv pip compile --universal --generate-hashes`` for a
   requirements file, a ``setup.cfg`` project or a PEP 723 script
   (``pylock.toml`` / ``pylock.<name>.toml``; see :mod:`pynix.resolve`).
2. **Plan** the new lock (:mod:`pynix.plan`) for the project's targets.
3. **Enrich** what the plan chose, through the index client: the build
   systems of the sdists some target builds, the native libraries of the
   wheels some target installs (:func:`pynix.enrich.enrich_lock`); the
   facts go into the cache under each artifact's sha256, so the next run
   (and ``pynix generate``, ``pynix explain``) reads none of them again.
4. **Generate** the Nix files as ``pynix generate`` does, replacing only
   files pynix generated, and only those whose content changes.

All or nothing: when a step after uv fails (an index that cannot be
reached, a file whose hash is not the lock's, a damaged archive, a file in
the way) or the plan has an error, the lock file is put back byte for byte
as it was (or removed, if there was none) and no Nix file is written. With
``write_nix=False`` (``--no-generate``) an error of the plan is reported
and the new lock kept: the plan only chose what to read.

Indexes and credentials: uv gets the indexes on its command line and reads
credentials from the URLs, ``UV_INDEX_<NAME>_USERNAME``/``_PASSWORD`` and
netrc itself; the index client gets the same indexes (and the project's)
and finds the same credentials (:mod:`pynix.index.credentials`). Neither
writes them anywhere: uv redacts URLs in the lock, and every URL pynix
writes is redacted.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pynix.enrich import Enriched
from pynix.load import find_project_file, load_project
from pynix.model import Finding, ProjectFormat
from pynix.plan import Plan
from pynix.render.result import merge_findings
from pynix.resolve import LockOptions, LockResult, compile_requirements, lock_project
from pynix.workflow._access import IndexAccess, client_indexes
from pynix.workflow._inputs import Inputs, read_facts, read_inputs, replan
from pynix.workflow.generate import Generated, GenerateRequest, render
from pynix.write import write_files

__all__ = ["LockRequest", "Locked", "lock"]

_COMPILED = (ProjectFormat.REQUIREMENTS_TXT, ProjectFormat.SETUP_CFG, ProjectFormat.SCRIPT)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class LockRequest:
    """What ``pynix lock`` does: uv's options, then what to generate.

    ``options`` go to uv (indexes, upgrades, interpreter, ...). ``generate``
    says what to plan and write (its ``settings`` also choose the targets
    whose artifacts are enriched); ``write_nix=False`` stops after the
    enrichment. The Nix files always replace files pynix generated (when
    they change), and other files only with ``generate.force``.
    """

    options: LockOptions = dataclasses.field(default_factory=LockOptions)
    generate: GenerateRequest = dataclasses.field(default_factory=GenerateRequest)
    write_nix: bool = True


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Locked:
    """What :func:`lock` did.

    ``result`` is uv's run (the lock file, whether it changed, uv's report);
    ``plan`` the plan of the new lock; ``enriched`` the facts read for it
    (``None`` when the plan's errors stopped the run before); ``generated``
    the Nix files (``None`` with ``write_nix=False`` or after an error of the
    plan). ``restored`` says the lock was put back because of the plan's errors.
    """

    result: LockResult
    inputs: Inputs
    plan: Plan
    enriched: Enriched | None
    generated: Generated | None
    restored: bool = False

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The plan's, enrichment's and the renderer's findings, each once."""
        if self.generated is not None:
            return self.generated.findings
        return merge_findings(self.plan.findings, self.enriched.findings if self.enriched else ())


def lock(
    path: Path | str, request: LockRequest | None = None, *, access: IndexAccess | None = None
) -> Locked:
    """Lock the project at ``path`` with uv, enrich what the plan chose, and generate.

    ``access`` is the index client's cache, credential environment and
    progress callback (uv's environment is ``request.options.env``).
    Raises what :mod:`pynix.resolve` raises for uv (missing, failing),
    :class:`~pynix.errors.DownloadFailed`, :class:`~pynix.errors.HashMismatch`
    and :class:`~pynix.errors.InvalidArchive` from enrichment, and
    :class:`~pynix.errors.OutputExists`; after any of them the lock is as
    it was before.
    """
    request = request or LockRequest()
    access = access or IndexAccess()
    project_file = find_project_file(path)
    project = load_project(project_file)
    options = request.options
    if project.format in _COMPILED:
        result = compile_requirements(project, project_file, options)
    else:
        result = lock_project(project_file, options)
    wanted = dataclasses.replace(request.generate, replace_generated=True)
    indexes = (*options.indexes, *project.indexes)
    try:
        inputs = read_inputs(
            project_file,
            lock_file=result.path,
            settings=wanted.settings,
            allow_unhashed=wanted.allow_unhashed,
            indexes=indexes,
            access=access,
        )
        planned = replan(inputs, inputs.lock)
        if planned.errors and request.write_nix:
            _restore(result)
            return Locked(
                result=result,
                inputs=inputs,
                plan=planned,
                enriched=None,
                generated=None,
                restored=True,
            )
        with access.client(client_indexes(indexes)) as client:
            enriched = read_facts(planned, client)
        generated = None
        if request.write_nix and not planned.errors:
            generated = render(inputs, planned, enriched, wanted)
    except BaseException:
        _restore(result)
        raise
    return Locked(
        result=result, inputs=inputs, plan=planned, enriched=enriched, generated=generated
    )


def _restore(result: LockResult) -> None:
    """Put the lock file back as it was before uv ran."""
    if not result.changed:
        return
    if result.previous is None:
        result.path.unlink(missing_ok=True)
    else:
        write_files({result.path: result.previous}, force=True)
