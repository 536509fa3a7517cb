"""Strict decoding of a request body, as the API server does it with ``fieldValidation=Strict``.

kubectl ≥ 1.25 sends every create/update with ``fieldValidation=Strict``. The API server decodes
the JSON body into the Go type of the kind with sigs.k8s.io/json ``UnmarshalStrict``
(case-sensitive field names, unknown and duplicate fields collected as *strict* errors), called
from apimachinery ``pkg/runtime/serializer/json/json.go`` ``Serializer.unmarshal``. This module
replays that decoding over the object's structural schema (``schemas.json``, extracted from the
Kubernetes OpenAPI by ``tools/extract_schemas.py``) and returns the same error texts:

* **Unknown fields** are collected, in the order the decoder meets them — kubectl marshals the
  object from a Go map, so keys arrive *sorted* — deduplicated, at most 100
  (``kubernetes_patch.go`` ``saveStrictError``). Each reads ``unknown field "<path>"`` with the
  full path and list indices, e.g. ``unknown field "spec.template.spec.containers[0].imagePullPolice"``
  (observed: kubernetes/website#52675, GoogleCloudPlatform/container-engine-accelerators#265,
  dotnet/dotnet-docker#5214). Field names are matched case-sensitively (``CaseSensitive``), so
  ``Spec`` is unknown.
* **Type errors** are Go ``encoding/json`` ``UnmarshalTypeError`` texts: ``json: cannot unmarshal
  <value> into Go struct field <Struct>.<json path without indices> of type <Go type>``, e.g.
  ``json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32``
  (observed: SigNoz/charts#635, velero-io/velero#3788). ``<value>`` is ``string``, ``bool``,
  ``object``, ``array``, ``number`` or — for integer and float targets — ``number <literal>``;
  ``<Struct>`` is the Go struct that holds the innermost matched field (map keys and list indices
  are not part of the path). The decoder keeps going after such an error but reports only the
  first one, and a decoding error wins over every strict error (``UnmarshalStrict`` returns
  it alone).
* **Custom unmarshalers** stop decoding at once: ``IntOrString`` (``targetPort``, ``maxSurge`` …)
  rejects non-integral numbers, booleans, objects and arrays with the ``int32`` type error;
  ``resource.Quantity`` fails with ``quantities must match the regular expression
  '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`` (or the numeric/suffix errors of
  apimachinery ``pkg/api/resource/quantity.go``); ``metav1.Time`` with Go's ``time.Parse`` text;
  ``[]byte`` fields (``Secret.data``) with ``illegal base64 data at input byte N``.

How the API server should use it (the create pipeline of ``shared/notes`` §1, step 2)::

    errors = strict_decode(obj, kind)            # after kind lookup, before defaulting
    if errors:
        raise ApiError(bad_request_message(kind.kind, kind.version, errors, filename),
                       reason="BadRequest", code=400)

which gives kubectl's ``Error from server (BadRequest): error when creating "svc.yaml": Service
in version "v1" cannot be handled as a Service: strict decoding error: unknown field
"spec.selctor"`` (apiserver ``pkg/endpoints/handlers/rest.go`` ``transformDecodeError``;
apimachinery ``pkg/runtime/error.go`` ``strictDecodingError``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources

from k8slab.api.kinds import Kind

__all__ = [
    "DecodeResult",
    "MAX_REQUEST_BODY_BYTES",
    "bad_request_message",
    "decode",
    "decode_error_message",
    "schema_source",
    "strict_decode",
]

#: apiserver ``DefaultMaxRequestSizeBytes`` (3 MiB): larger bodies get ``413`` with
#: ``Request entity too large: limit is 3145728`` (observed: kubernetes/kubernetes#105863).
MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024

_STRICT_LIMIT = 100  # sigs.k8s.io/json saveStrictError
_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}

QUANTITY_FORMAT_ERROR = (
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
)
QUANTITY_NUMERIC_ERROR = "unable to parse numeric part of quantity"
QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix"

# Go named string types the OpenAPI schema flattens to "string" (k8s.io/api types.go), keyed by
# (definition short name, property). Only what shows in "of type ..." for the served kinds.
_GO_NAMED_TYPES: dict[tuple[str, str], str] = {
    ("ServicePort", "protocol"): "v1.Protocol",
    ("ContainerPort", "protocol"): "v1.Protocol",
    ("EndpointPort", "protocol"): "v1.Protocol",
    ("ServiceSpec", "type"): "v1.ServiceType",
    ("ServiceSpec", "sessionAffinity"): "v1.ServiceAffinity",
    ("ServiceSpec", "externalTrafficPolicy"): "v1.ServiceExternalTrafficPolicy",
    ("ServiceSpec", "internalTrafficPolicy"): "v1.ServiceInternalTrafficPolicy",
    ("ServiceSpec", "ipFamilyPolicy"): "v1.IPFamilyPolicy",
    ("ServiceSpec", "ipFamilies"): "[]v1.IPFamily",
    ("Container", "imagePullPolicy"): "v1.PullPolicy",
    ("Container", "terminationMessagePolicy"): "v1.TerminationMessagePolicy",
    ("PodSpec", "restartPolicy"): "v1.RestartPolicy",
    ("PodSpec", "dnsPolicy"): "v1.DNSPolicy",
    ("PodSpec", "preemptionPolicy"): "v1.PreemptionPolicy",
    ("ResourceRequirements", "limits"): "v1.ResourceList",
    ("ResourceRequirements", "requests"): "v1.ResourceList",
    ("Secret", "type"): "v1.SecretType",
    ("HTTPGetAction", "scheme"): "v1.URIScheme",
    ("NamespaceSpec", "finalizers"): "[]v1.FinalizerName",
    ("Toleration", "operator"): "v1.TolerationOperator",
    ("Toleration", "effect"): "v1.TaintEffect",
    ("NodeSelectorRequirement", "operator"): "v1.NodeSelectorOperator",
    ("HTTPIngressPath", "pathType"): "v1.PathType",
    ("DeploymentStrategy", "type"): "v1.DeploymentStrategyType",
    ("DaemonSetUpdateStrategy", "type"): "v1.DaemonSetUpdateStrategyType",
    ("LabelSelectorRequirement", "operator"): "v1.LabelSelectorOperator",
    ("ObjectMeta", "uid"): "types.UID",
    ("OwnerReference", "uid"): "types.UID",
}


@cache
def _schemas() -> dict:
    text = resources.files("k8slab.api").joinpath("schemas.json").read_text(encoding="utf-8")
    return json.loads(text)


def schema_source() -> dict:
    """Where ``schemas.json`` came from: package, package version and Kubernetes version."""
    return dict(_schemas()["source"])


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class DecodeResult:
    """What strict decoding found.

    Attributes:
        error: the decoding error that stops everything (a type error or a custom unmarshaler's
            error), or None. When set, ``unknown_fields`` is not reported by the API server.
        unknown_fields: the strict errors (``unknown field "spec.x"``), in decoding order.
    """

    error: str | None = None
    unknown_fields: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None and not self.unknown_fields

    @property
    def errors(self) -> list[str]:
        """``[error]`` when decoding failed, else the strict errors (possibly empty)."""
        return [self.error] if self.error is not None else list(self.unknown_fields)


class _Fatal(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class _State:
    saved: str | None = None
    strict: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def save(self, message: str) -> None:
        if self.saved is None:
            self.saved = message

    def unknown(self, path: str) -> None:
        message = f'unknown field "{path}"'
        if len(self.strict) >= _STRICT_LIMIT or message in self.seen:
            return
        self.seen.add(message)
        self.strict.append(message)


@dataclass(frozen=True)
class _Ctx:
    """The decoder's ``errorContext`` (struct + json field stack) and the strict-error path."""

    struct: str = ""
    fields: tuple[str, ...] = ()
    path: str = ""

    def type_error(self, value: str, go_type: str) -> str:
        if self.struct or self.fields:
            return (
                f"json: cannot unmarshal {value} into Go struct field "
                f"{self.struct}.{'.'.join(self.fields)} of type {go_type}"
            )
        return f"json: cannot unmarshal {value} into Go value of type {go_type}"


# --------------------------------------------------------------------------- helpers


def _go_json_number(value: int | float) -> str:
    """The number literal kubectl's JSON carries (``encoding/json`` float formatting)."""
    if isinstance(value, int):
        return str(value)
    absolute = abs(value)
    if value == int(value) and absolute < 1e21:
        return str(int(value))
    if 1e-6 <= absolute < 1e21:
        text = format(Decimal(repr(value)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    mantissa, _, exp = repr(value).partition("e")
    return f"{mantissa}e{int(exp):+d}" if exp else repr(value)


def _json_kind(value) -> str:
    """encoding/json's name for a JSON value in ``UnmarshalTypeError.Value``."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "number"


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _go_pkg_type(ref: str) -> str:
    """``io.k8s.api.core.v1.ServicePort`` → ``v1.ServicePort`` (Go ``reflect.Type.String``)."""
    parts = ref.split(".")
    return f"{parts[-2]}.{parts[-1]}"


def _resolve(schema: dict) -> tuple[str | None, dict]:
    ref = schema.get("$ref")
    if ref is None:
        return None, schema
    return ref, _schemas()["definitions"][ref]


def _go_type(schema: dict, named: str | None = None) -> str:
    """Go type name of a field's schema, as ``reflect.Type.String()`` prints it."""
    if named:
        return named
    ref, target = _resolve(schema)
    if ref is not None:
        return _go_pkg_type(ref)
    kind = target.get("type")
    if kind == "array":
        return "[]" + _go_type(target.get("items", {}))
    if kind == "object":
        extra = target.get("additionalProperties")
        if isinstance(extra, dict):
            return "map[string]" + _go_type(extra)
        return "map[string]interface {}"
    if kind == "integer":
        return "int64" if target.get("format") == "int64" else "int32"
    if kind == "number":
        return "float64"
    if kind == "boolean":
        return "bool"
    if kind == "string":
        return "[]uint8" if target.get("format") == "byte" else "string"
    return "interface {}"


# --------------------------------------------------------------------------- custom unmarshalers


def _check_int_or_string(value, ctx: _Ctx) -> None:
    """apimachinery ``intstr.IntOrString.UnmarshalJSON`` (strings, or numbers into int32)."""
    if value is None or isinstance(value, str):
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        literal = _go_json_number(value)
        low, high = _INT_RANGES["int32"]
        if re.fullmatch(r"-?\d+", literal) and low <= int(literal) <= high:
            return
        raise _Fatal(ctx.type_error(f"number {literal}", "int32"))
    raise _Fatal(ctx.type_error(_json_kind(value), "int32"))


_QUANTITY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T"}
_QUANTITY_SUFFIXES |= {"P", "E"}


def parse_quantity_error(text: str) -> str | None:
    """The error of apimachinery ``resource.ParseQuantity`` for ``text``, or None if it parses."""
    if not text:
        return QUANTITY_FORMAT_ERROR
    if text == "0":
        return None
    pos, end = 0, len(text)
    if text[0] in "+-":
        pos += 1
    while pos < end and text[pos] == "0":
        pos += 1
    if pos >= end:
        return None
    while pos < end and text[pos].isdigit():
        pos += 1
    if pos >= end:
        return None
    if text[pos] == ".":
        pos += 1
        while pos < end and text[pos].isdigit():
            pos += 1
        if pos >= end:
            return None
    suffix_start = pos
    while pos < end and text[pos] in "eEinumkKMGTP":
        pos += 1
    if pos < end:
        if text[pos] in "+-":
            pos += 1
        while pos < end and text[pos].isdigit():
            pos += 1
        if pos < end:
            return QUANTITY_FORMAT_ERROR
    suffix = text[suffix_start:]
    if suffix in _QUANTITY_SUFFIXES or re.fullmatch(r"[eE][+-]?\d+", suffix):
        return None
    return QUANTITY_SUFFIX_ERROR


def _check_quantity(value) -> None:
    """apimachinery ``resource.Quantity.UnmarshalJSON``: the JSON text, unquoted and trimmed."""
    if value is None:
        return
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float)):
        text = _go_json_number(value)
    else:
        text = json.dumps(value, separators=(",", ":"), sort_keys=True)
    error = parse_quantity_error(text)
    if error:
        raise _Fatal(error)


_RFC3339 = ("2006", "-", "01", "-", "02", "T", "15", ":", "04", ":", "05", "Z07:00")


def _time_error(text: str) -> str | None:
    """Go ``time.Parse(time.RFC3339, text)`` error text (common cases), or None."""
    layout = "2006-01-02T15:04:05Z07:00"
    rest = text
    for element in _RFC3339:
        if element == "Z07:00":
            if rest.startswith("Z"):
                rest = rest[1:]
            elif re.match(r"[+-]\d\d:\d\d", rest):
                rest = rest[6:]
            else:
                return f'parsing time "{text}" as "{layout}": cannot parse "{rest}" as "Z07:00"'
            continue
        if element.isdigit():
            width = len(element)
            if element == "05":
                match = re.match(r"\d\d(\.\d+)?", rest)
                ok = match is not None
                consumed = match.end() if match else 0
            else:
                ok = len(rest) >= width and rest[:width].isdigit()
                consumed = width
            if not ok:
                return f'parsing time "{text}" as "{layout}": cannot parse "{rest}" as "{element}"'
            rest = rest[consumed:]
        else:
            if not rest.startswith(element):
                return f'parsing time "{text}" as "{layout}": cannot parse "{rest}" as "{element}"'
            rest = rest[len(element) :]
    if rest:
        return f'parsing time "{text}": extra text: "{rest}"'
    return None


def _check_time(value, ctx: _Ctx) -> None:
    """apimachinery ``metav1.Time.UnmarshalJSON``: null, or an RFC 3339 string."""
    if value is None:
        return
    if not isinstance(value, str):
        raise _Fatal(ctx.type_error(_json_kind(value), "string"))
    error = _time_error(value)
    if error:
        raise _Fatal(error)


_B64 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def base64_error(text: str) -> str | None:
    """Go ``base64.StdEncoding.Decode`` error (``illegal base64 data at input byte N``)."""
    si, n = 0, len(text)
    while si < n:
        j = 0
        while j < 4:
            if si == n:
                if j == 0:
                    return None
                return f"illegal base64 data at input byte {si - j}"
            ch = text[si]
            si += 1
            if ch in "\r\n":
                continue
            if ch in _B64:
                j += 1
                continue
            if ch != "=":
                return f"illegal base64 data at input byte {si - 1}"
            if j in (0, 1):
                return f"illegal base64 data at input byte {si - 1}"
            if j == 2:
                while si < n and text[si] in "\r\n":
                    si += 1
                if si == n:
                    return f"illegal base64 data at input byte {n}"
                if text[si] != "=":
                    return f"illegal base64 data at input byte {si - 1}"
                si += 1
            while si < n and text[si] in "\r\n":
                si += 1
            if si < n:
                return f"illegal base64 data at input byte {si}"
            return None
    return None


# --------------------------------------------------------------------------- the walk


def _walk(value, schema: dict, ctx: _Ctx, state: _State, named: str | None = None) -> None:
    """Decode ``value`` into the Go type described by ``schema`` (encoding/json semantics)."""
    ref, target = _resolve(schema)
    short = _short(ref) if ref else ""
    if short == "IntOrString":
        _check_int_or_string(value, ctx)
        return
    if short == "Quantity":
        _check_quantity(value)
        return
    if short in ("Time", "MicroTime"):
        _check_time(value, ctx)
        return
    if value is None:
        return  # null is a no-op for values and clears pointers, maps and slices
    kind = target.get("type")
    go_type = _go_type(schema, named)
    if kind == "object":
        props = target.get("properties")
        extra = target.get("additionalProperties")
        if props is None and not isinstance(extra, dict):
            return  # free-form (RawExtension, FieldsV1): anything goes
        if not isinstance(value, dict):
            state.save(ctx.type_error(_json_kind(value), go_type))
            return
        if props is None:  # map[string]T
            # Map values keep the struct context; the strict path gains ".key" (unverified
            # upstream: no served kind has a map of structs a student would write).
            for key in sorted(value):
                path = f"{ctx.path}.{key}" if ctx.path else key
                _walk(value[key], extra, _Ctx(ctx.struct, ctx.fields, path), state)
            return
        struct = short or ctx.struct
        for key in sorted(value):
            path = f"{ctx.path}.{key}" if ctx.path else key
            prop = props.get(key)
            if prop is None:
                state.unknown(path)
                continue
            child = _Ctx(struct, (*ctx.fields, key), path)
            _walk(value[key], prop, child, state, _GO_NAMED_TYPES.get((struct, key)))
        return
    if kind == "array":
        if not isinstance(value, list):
            state.save(ctx.type_error(_json_kind(value), go_type))
            return
        items = target.get("items", {})
        elem_named = named[2:] if named and named.startswith("[]") else None
        for index, item in enumerate(value):
            _walk(item, items, _Ctx(ctx.struct, ctx.fields, f"{ctx.path}[{index}]"), state,
                  elem_named)  # fmt: skip
        return
    if kind == "string":
        if target.get("format") == "byte":
            if isinstance(value, str):
                error = base64_error(value)
                if error:
                    state.save(error)
            elif not isinstance(value, list):
                state.save(ctx.type_error(_json_kind(value), go_type))
            return
        if not isinstance(value, str):
            state.save(ctx.type_error(_json_kind(value), go_type))
        return
    if kind in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            state.save(ctx.type_error(_json_kind(value), go_type))
            return
        literal = _go_json_number(value)
        if kind == "integer":
            low, high = _INT_RANGES.get(go_type, _INT_RANGES["int64"])
            if not re.fullmatch(r"-?\d+", literal) or not low <= int(literal) <= high:
                state.save(ctx.type_error(f"number {literal}", go_type))
        return
    if kind == "boolean":
        if not isinstance(value, bool):
            state.save(ctx.type_error(_json_kind(value), go_type))
        return
    # no type: accept anything


def _root_schema(kind: Kind | str, api_version: str | None) -> tuple[str, dict] | None:
    data = _schemas()
    if isinstance(kind, Kind):
        key = f"{kind.group}/{kind.version}/{kind.kind}"
    else:
        group, _, version = (api_version or "").rpartition("/")
        if api_version is None:
            matches = [k for k in data["kinds"] if k.endswith("/" + kind)]
            key = matches[0] if matches else ""
        else:
            key = f"{group}/{version}/{kind}"
    name = data["kinds"].get(key)
    if name is None:
        return None
    return name, data["definitions"][name]


# --------------------------------------------------------------------------- public API


def decode(obj: dict, kind: Kind | str, api_version: str | None = None) -> DecodeResult:
    """Strictly decode ``obj`` into ``kind``'s Go type; see the module doc for the rules.

    Parameters:
        obj: the object as kubectl sends it (JSON data, e.g. ``Document.obj``).
        kind: a served :class:`~k8slab.api.kinds.Kind`, or a kind name (then ``api_version``,
            or the first served version, picks the schema).
        api_version: ``group/version`` when ``kind`` is a string.

    Kinds without a bundled schema decode without errors.
    """
    root = _root_schema(kind, api_version)
    if root is None:
        return DecodeResult()
    name, _schema = root
    state = _State()
    try:
        _walk(obj, {"$ref": name}, _Ctx(), state)
    except _Fatal as fatal:
        return DecodeResult(error=fatal.message)
    if state.saved is not None:
        return DecodeResult(error=state.saved)
    return DecodeResult(unknown_fields=tuple(state.strict))


def strict_decode(obj: dict, kind: Kind | str, api_version: str | None = None) -> list[str]:
    """The API server's strict-decoding errors for ``obj``: ``[]`` when it decodes cleanly.

    Either a single decoding error (``json: cannot unmarshal string into Go struct field
    ServicePort.spec.ports.port of type int32``, a quantity or base64 error …) or the list of
    ``unknown field "<path>"`` strict errors. Pass the result to :func:`decode_error_message`
    or :func:`bad_request_message`.
    """
    return decode(obj, kind, api_version).errors


def decode_error_message(kind: str, version: str, errors: list[str]) -> str:
    """The API server's ``Status.message`` for a body it cannot decode (400 BadRequest).

    apiserver ``transformDecodeError``: ``<Kind> in version "<version>" cannot be handled as a
    <Kind>: <error>``, where strict errors are joined as ``strict decoding error: <e1>, <e2>``
    (apimachinery ``runtime.NewStrictDecodingError``). ``version`` is the bare version of the
    request (``v1`` for ``apps/v1`` too).
    """
    if not errors:
        raise ValueError("decode_error_message needs at least one error")
    if errors[0].startswith(("unknown field ", "duplicate field ")):
        body = "strict decoding error: " + ", ".join(errors)
    else:
        body = errors[0]
    return f'{kind} in version "{version}" cannot be handled as a {kind}: {body}'


def bad_request_message(
    kind: str, version: str, errors: list[str], filename: str, verb: str = "creating"
) -> str:
    """kubectl's stderr line for that BadRequest during ``apply``/``create``.

    ``Error from server (BadRequest): error when creating "svc.yaml": Service in version "v1"
    cannot be handled as a Service: strict decoding error: unknown field "spec.selctor"``
    (kubectl ``cmd/util/helpers.go`` ``StandardErrorMessage``; cli-runtime wraps the file name).
    """
    message = decode_error_message(kind, version, errors)
    return f'Error from server (BadRequest): error when {verb} "{filename}": {message}'
