"""Field-level validation errors, rendered exactly as the API server renders them.

Mirrors kubernetes/kubernetes ``staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go``
(``Error.Error``, ``Error.ErrorBody``, ``ErrorList.ToAggregate``) and ``path.go``.

``<field>: <Type>[: <value>][: <detail>]`` where the value is omitted for Required, Forbidden,
TooLong and Internal errors; strings are Go-quoted (``%q``), numbers and booleans bare, and maps,
lists and structs JSON-encoded (apimachinery >= 1.34 renders composite values as JSON).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# field.ErrorType → canonical string (ErrorType.String) and StatusCause.Type (the Go constant).
ERROR_TYPES: dict[str, str] = {
    "FieldValueNotFound": "Not found",
    "FieldValueRequired": "Required value",
    "FieldValueDuplicate": "Duplicate value",
    "FieldValueInvalid": "Invalid value",
    "FieldValueNotSupported": "Unsupported value",
    "FieldValueForbidden": "Forbidden",
    "FieldValueTooLong": "Too long",
    "FieldValueTooMany": "Too many",
    "InternalError": "Internal error",
    "FieldValueTypeInvalid": "Invalid value",
}

_OMIT = object()
_NO_VALUE_TYPES = {
    "FieldValueRequired",
    "FieldValueForbidden",
    "FieldValueTooLong",
    "InternalError",
}


def go_quote(s: str) -> str:
    """Quote ``s`` as Go's ``strconv.Quote`` / ``%q`` does (printable runes kept as they are)."""
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\a":
            out.append("\\a")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\v":
            out.append("\\v")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


class GoStruct(dict):
    """A dict standing for a Go struct: ``format_value`` keeps its key order.

    Plain dicts stand for Go maps, whose keys ``encoding/json`` sorts; a struct's fields are
    written in declaration order instead (e.g. ``{"matchLabels":…}`` or the internal
    ``core.ServicePort`` in a duplicate-port error).
    """


def _go_json(value: Any) -> Any:
    if isinstance(value, GoStruct):
        return {k: _go_json(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {k: _go_json(value[k]) for k in sorted(value)}
    if isinstance(value, list | tuple):
        return [_go_json(v) for v in value]
    return value


def format_value(value: Any) -> str:
    """Render a bad value as ``ErrorBody`` does.

    Composite values go through ``encoding/json``: map keys sorted, and ``<``, ``>``, ``&``
    escaped as ``\\u003c``, ``\\u003e``, ``\\u0026`` (Go's HTML-safe default).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return go_quote(value)
    text = json.dumps(_go_json(value), separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class FieldError:
    """One ``field.Error``: a type, a field path, a bad value and a detail."""

    type: str
    field: str
    value: Any = _OMIT
    detail: str = ""

    def body(self) -> str:
        s = ERROR_TYPES[self.type]
        if self.type not in _NO_VALUE_TYPES and self.value is not _OMIT:
            s += ": " + format_value(self.value)
        if self.detail:
            s += ": " + self.detail
        return s

    def __str__(self) -> str:
        return f"{self.field}: {self.body()}"

    def cause(self) -> tuple[str, str, str]:
        """The ``metav1.StatusCause`` as ``(field, type, message)``; message is ``ErrorBody``."""
        return (self.field, self.type, self.body())


def invalid(path: str, value: Any, detail: str = "") -> FieldError:
    return FieldError("FieldValueInvalid", path, value, detail)


def required(path: str, detail: str = "") -> FieldError:
    return FieldError("FieldValueRequired", path, "", detail)


def duplicate(path: str, value: Any) -> FieldError:
    return FieldError("FieldValueDuplicate", path, value, "")


def not_supported(path: str, value: Any, valid: list[str]) -> FieldError:
    detail = ""
    if valid:
        detail = "supported values: " + ", ".join(go_quote(v) for v in valid)
    return FieldError("FieldValueNotSupported", path, value, detail)


def forbidden(path: str, detail: str) -> FieldError:
    return FieldError("FieldValueForbidden", path, "", detail)


def too_long(path: str, value: Any, max_length: int) -> FieldError:
    """``field.TooLong`` (apimachinery >= 1.32): the value is never shown; "byte" when 1."""
    unit = "byte" if max_length == 1 else "bytes"
    return FieldError("FieldValueTooLong", path, value, f"may not be more than {max_length} {unit}")


def too_many(path: str, actual: int, maximum: int) -> FieldError:
    """``field.TooMany``: "item" when the maximum is 1."""
    unit = "item" if maximum == 1 else "items"
    return FieldError("FieldValueTooMany", path, actual, f"must have at most {maximum} {unit}")


def not_found(path: str, value: Any) -> FieldError:
    return FieldError("FieldValueNotFound", path, value, "")


def dedupe(errors: list[FieldError]) -> list[FieldError]:
    """``ErrorList.ToAggregate``: identical messages are reported once, first occurrence kept."""
    seen: set[str] = set()
    out: list[FieldError] = []
    for err in errors:
        msg = str(err)
        if msg not in seen:
            seen.add(msg)
            out.append(err)
    return out


@dataclass
class Path:
    """``field.Path``: ``spec.ports[0].nodePort`` built up as validation descends."""

    parts: list[str] = field(default_factory=list)

    def child(self, name: str) -> Path:
        return Path([*self.parts, "." + name if self.parts else name])

    def index(self, i: int) -> Path:
        return Path([*self.parts, f"[{i}]"])

    def key(self, k: str) -> Path:
        return Path([*self.parts, f"[{k}]"])

    def __str__(self) -> str:
        return "".join(self.parts)


def root(name: str) -> Path:
    return Path([name])
