"""API-server status errors and how kubectl prints them.

The API server answers a failed request with a ``metav1.Status`` (reason, code, message,
details); kubectl then formats it in ``checkErr`` (kubernetes/kubectl
``pkg/cmd/util/helpers.go``): an Invalid status becomes ``The <Kind> "<name>" is invalid: …``
(one cause inline, several as ``* cause`` lines), any other status
``Error from server (<Reason>): <message>``, and a client-side error ``error: <message>``.
``AddSourceToErr`` prefixes the server's message with ``error when creating "<file>": ``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from k8slab.api.field import FieldError, dedupe


@dataclass
class StatusError(Exception):
    """A non-success ``metav1.Status`` from the simulated API server."""

    reason: str  # metav1.StatusReason: Invalid, NotFound, AlreadyExists, BadRequest, Forbidden …
    code: int
    message: str
    kind: str = ""  # details.kind (no group)
    name: str = ""
    group: str = ""
    causes: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def invalid(qualified_kind: str, kind: str, name: str, errs: list[FieldError]) -> StatusError:
    """``errors.NewInvalid``: ``<Kind.group> "<name>" is invalid: <aggregate>``."""
    errs = dedupe(errs)
    if len(errs) == 1:
        agg = str(errs[0])
    else:
        agg = "[" + ", ".join(str(e) for e in errs) + "]"
    group = qualified_kind.split(".", 1)[1] if "." in qualified_kind else ""
    return StatusError(
        "Invalid", 422, f'{qualified_kind} "{name}" is invalid: {agg}', kind, name, group, errs
    )


def not_found(resource: str, name: str) -> StatusError:
    """``errors.NewNotFound``: ``<resource> "<name>" not found`` (resource is plural[.group])."""
    return StatusError("NotFound", 404, f'{resource} "{name}" not found', name=name)


def already_exists(resource: str, name: str) -> StatusError:
    return StatusError("AlreadyExists", 409, f'{resource} "{name}" already exists', name=name)


def bad_request(message: str) -> StatusError:
    return StatusError("BadRequest", 400, message)


def forbidden(resource: str, name: str, why: str) -> StatusError:
    return StatusError("Forbidden", 403, f'{resource} "{name}" is forbidden: {why}', name=name)


def with_source(err: StatusError, verb: str, source: str) -> StatusError:
    """``cmdutil.AddSourceToErr``: the message gains ``error when <verb> "<source>": ``."""
    if not source:
        return err
    return StatusError(
        err.reason,
        err.code,
        f'error when {verb} "{source}": {err.message}',
        err.kind,
        err.name,
        err.group,
        list(err.causes),
    )


def kubectl_text(err: StatusError) -> str:
    """What ``checkErr`` prints for one status error (without the trailing newline)."""
    if err.reason == "Invalid":
        s = f'The {err.kind} "{err.name}" is invalid'
        causes = dedupe(err.causes)
        if not causes:
            return s
        if len(causes) == 1:
            return f"{s}: {causes[0]}"
        return s + ": \n" + "\n".join(f"* {c}" for c in causes)
    return standard_message(err)


def standard_message(err: StatusError) -> str:
    """``StandardErrorMessage`` for a status: ``Error from server (<Reason>): <message>``."""
    if err.reason:
        return f"Error from server ({err.reason}): {err.message}"
    return f"Error from server: {err.message}"
