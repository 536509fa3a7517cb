"""User-facing errors of the facade.

Hierarchy::

    ValueError
     ├── ApiError       what the API server / kubectl would print (``.message``, ``.causes``)
     └── ManifestError  YAML that cannot be parsed (line and column in ``.message``)

``ApiError.message`` is the exact text kubectl writes to stderr, so notebooks and grading checks
can show it verbatim.
"""

from __future__ import annotations


class ApiError(ValueError):
    """An error as the Kubernetes API server (or kubectl, client side) reports it.

    Attributes:
        message: the text kubectl prints, e.g. ``The Service "nginx" is invalid: ...``.
        causes: ``(field, type, detail)`` triples, as ``metav1.StatusCause`` carries them.
        reason: the ``metav1.StatusReason`` (``Invalid``, ``NotFound``, ``AlreadyExists``,
            ``BadRequest``, ``Conflict``, ...) or ``""`` for client-side errors.
        code: the HTTP status code (422, 404, ...) or 0 for client-side errors.
        hint: an optional k8slab explanation appended after kubectl's own text (English).
        hint_es: the same explanation in Spanish, for the course's notebooks.
    """

    def __init__(
        self,
        message: str,
        causes: list[tuple[str, str, str]] | None = None,
        *,
        reason: str = "",
        code: int = 0,
        hint: str = "",
        hint_es: str = "",
    ) -> None:
        self.message = message
        self.causes = list(causes or [])
        self.reason = reason
        self.code = code
        self.hint = hint
        self.hint_es = hint_es
        self.stdout = ""  # what kubectl printed on stdout before failing
        super().__init__(message if not hint else f"{message}\n{hint}")

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class ManifestError(ValueError):
    """A manifest that is not valid YAML (or not a Kubernetes object at all).

    ``.message`` reads like kubectl's own parse errors and names the line and column;
    ``.line`` and ``.column`` are 1-based (0 when unknown).
    """

    def __init__(self, message: str, *, line: int = 0, column: int = 0, source: str = "") -> None:
        self.message = message
        self.line = line
        self.column = column
        self.source = source
        super().__init__(message)

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message
