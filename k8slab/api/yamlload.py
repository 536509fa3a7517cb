"""Manifest loading as ``kubectl apply -f`` does it: split, YAML→JSON, first client-side checks.

The pipeline follows kubectl's own, step by step, so that the same files fail with the same text:

1. **Bytes → text** — cli-runtime ``pkg/resource/visitor.go`` ``FileVisitor.Visit`` reads files
   through ``unicode.BOMOverride(unicode.UTF8.NewDecoder())``: a UTF-8 or UTF-16 BOM is honoured
   and *invalid UTF-8 bytes become U+FFFD* instead of failing (golang.org/x/text's UTF-8 decoder
   replaces ill-formed bytes). A Latin-1 ``café`` therefore loads as ``caf\\ufffd``.
2. **JSON or YAML** — apimachinery ``pkg/util/yaml/decoder.go`` ``YAMLOrJSONDecoder`` sniffs the
   first non-space character: ``{`` means a stream of JSON values, anything else YAML.
3. **Split** — ``YAMLReader.Read``: a line starting with ``---`` ends a document when the rest of
   the line is blank or a comment; anything else after ``---`` fails with
   ``invalid Yaml document separator: <rest>``. Lines are re-terminated with ``\\n`` (CRLF is
   normalised). Separator lines are *not* part of the chunk, so every YAML error line number
   kubectl prints is relative to the start of its document, not of the file.
4. **YAML → JSON** — sigs.k8s.io/yaml ``Unmarshal`` (``yaml.go``) parses each chunk with go-yaml
   **v2** (YAML 1.1 scalars: ``yes``/``on``/``y`` are booleans, ``0o17``/``017`` octal …), then
   ``convertToJSONableObject`` turns non-string keys into strings and ``json.Marshal`` writes JSON
   (keys sorted, ``NaN`` rejected). Duplicate keys are silently resolved, last one wins
   (``YAMLToJSON`` doc comment; observed in kubernetes/kubernetes#89303 and #99286 — no error
   even with kubectl ≥ 1.25, because kubectl sends the server JSON built from a map).
   go-yaml v2 limits alias expansion (``decode.go`` ``allowedAliasRatio``: more than 100
   aliased decodes, more than 1000 decodes and a ratio above the allowed one) and fails with
   ``document contains excessive aliasing`` — the billion-laughs defence.
5. **Empty documents** (nothing but blanks/comments, or ``null``) are skipped
   (``StreamVisitor.Visit``).
6. **Client-side kind check** — kubectl ≥ 1.25 validates with ``--validate=strict`` through
   ``NewParamVerifyingSchema``, which first runs ``getObjectKind`` (kubectl
   ``pkg/validation/schema.go``): the document must be a mapping with string ``apiVersion`` and
   ``kind``. Failures read ``error validating "<file>": error validating data: kind not set; if
   you choose to ignore these errors, turn validation off with --validate=false`` (several causes
   as ``[apiVersion not set, kind not set]``; observed in kubectl#217, kubernetes#109129,
   gdcc/dataverse-kubernetes#56).
7. **Lists** — a top-level object whose ``kind`` ends in ``List`` and that has ``items`` is
   flattened into its items (cli-runtime ``FlattenListVisitor``).

The YAML syntax itself is read by libyaml (PyYAML's C parser when available, else the pure-Python
port): go-yaml is a Go port of libyaml, so both produce the same problem strings
(``mapping values are not allowed in this context``, ``did not find expected key``,
``found character that cannot start any token`` …) and the same marks. The line kubectl shows is
go-yaml v2's ``parser.fail`` arithmetic (``yaml.go``): the 0-based problem line, plus one only for
*scanner* errors — so parser errors such as ``did not find expected key`` name the line *before*
the offending one. That quirk is reproduced; :attr:`ManifestError.line` and ``.column`` carry the
real, 1-based position in the file.

Errors raise :class:`k8slab.errors.ManifestError` whose ``.message`` is kubectl's stderr line
(``error: error parsing deployment.yaml: error converting YAML to JSON: yaml: line 5: mapping
values are not allowed in this context``). When a multi-document stream fails part-way, kubectl
still applies the documents read before the failure and prints the error after their output
(cli-runtime visitor stops at the failing document; observed in
CloudNativeGame/fake-time-injector#9); :func:`load_documents_until_error` gives the API server
exactly that split.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import struct
from dataclasses import dataclass
from decimal import Decimal

import yaml

from k8slab.errors import ManifestError

try:  # libyaml: fast, and its messages are the ones go-yaml ported
    from yaml._yaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _PyReader
    from yaml.scanner import Scanner as _PyScanner

    class _Parser(_PyReader, _PyScanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _PyReader.__init__(self, stream)
            _PyScanner.__init__(self)
            _PyParser.__init__(self)


__all__ = [
    "Document",
    "STOP_VALIDATE_MESSAGE",
    "load_documents",
    "load_documents_until_error",
]

#: cli-runtime ``pkg/resource/visitor.go`` ``stopValidateMessage``.
STOP_VALIDATE_MESSAGE = (
    "if you choose to ignore these errors, turn validation off with --validate=false"
)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_BINARY = "tag:yaml.org,2002:binary"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_RESOLVABLE = {"", _STR, _BOOL, _INT, _FLOAT, _TIMESTAMP}

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class Document:
    """One object of a manifest stream, as kubectl would send it to the API server.

    Attributes:
        obj: the object as JSON data (dict/list/str/int/float/bool/None only), after go-yaml v2
            scalar resolution and sigs.k8s.io/yaml's key conversion.
        index: 0-based position among the objects returned for the stream (after ``List``
            expansion; empty documents are not counted).
        line: 1-based file line where the object starts (its first key; for a ``List`` item,
            the item's line).
        filename: the source name kubectl prints (``deployment.yaml``, ``STDIN``, a URL).
    """

    obj: dict
    index: int
    line: int
    filename: str


class _YamlError(Exception):
    """A go-yaml/sigs.k8s.io/yaml failure: ``text`` as Go prints it, position in the chunk."""

    def __init__(self, text: str, line0: int = -1, column0: int = -1) -> None:
        super().__init__(text)
        self.text = text
        self.line0 = line0
        self.column0 = column0


# --------------------------------------------------------------------------- text


def _decode_source(source: str | bytes) -> str:
    """Bytes → text as kubectl's BOM-overriding UTF-8 decoder does (never fails)."""
    if isinstance(source, str):
        return source[1:] if source.startswith("\ufeff") else source
    if source.startswith(b"\xef\xbb\xbf"):
        return source[3:].decode("utf-8", errors="replace")
    if source.startswith(b"\xff\xfe"):
        return source[2:].decode("utf-16-le", errors="replace")
    if source.startswith(b"\xfe\xff"):
        return source[2:].decode("utf-16-be", errors="replace")
    return source.decode("utf-8", errors="replace")


def _go_is_space(ch: str) -> bool:
    return ch.isspace() or ch in "\x85\xa0"


@dataclass
class _Chunk:
    text: str
    first_line: int  # 1-based file line of the chunk's first line
    error: str = ""  # non-empty: the separator error that ends the stream here


def _split_yaml(text: str) -> list[_Chunk]:
    """``YAMLReader.Read`` over the whole stream (apimachinery ``pkg/util/yaml/decoder.go``)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    chunks: list[_Chunk] = []
    buf: list[str] = []
    start = 1
    for number, raw in enumerate(lines, start=1):
        line = raw[:-1] if raw.endswith("\r") else raw  # bufio.Reader.ReadLine drops \r\n
        if line.startswith("---"):
            rest = line[3:].strip()
            if rest and not rest.startswith("#"):
                if buf:
                    chunks.append(_Chunk("".join(buf), start))
                chunks.append(_Chunk("", number, f"invalid Yaml document separator: {rest}"))
                return chunks
            if buf:
                chunks.append(_Chunk("".join(buf), start))
                buf = []
            start = number + 1
            continue
        if not buf:
            start = number
        buf.append(line + "\n")
    if buf:
        chunks.append(_Chunk("".join(buf), start))
    return chunks


# --------------------------------------------------------------------------- events → nodes

# A node is a small list: [kind, value, tag, plain, line0, column0, anchor_name]
#   kind "s": value str;  "m": list of (key, value) nodes;  "q": list of nodes;
#   kind "a": value is the target node (an alias occurrence; anchor_name is its name).
_S, _M, _Q, _A = "s", "m", "q", "a"


def _compose_first_document(chunk: str):
    """Events of the chunk's first document → node tree (go-yaml v2 ``parser`` semantics).

    Like go-yaml, only the first document of the chunk is read, anchors may be redefined (the
    latest wins, registered before a collection's children so self-references are seen) and an
    alias to an unknown anchor fails with ``unknown anchor 'x' referenced``.
    """
    parser = _Parser(chunk)
    root = _compose_root(parser)
    if root is not None:
        try:
            parser.get_event()  # go-yaml's parser.document expects DOCUMENT_END: scan to it
        except yaml.MarkedYAMLError as err:
            raise _from_libyaml(err) from None
        except yaml.reader.ReaderError as err:
            raise _YamlError(err.reason) from None
    return root


def _compose_root(parser):
    """The root node of the next document (None for an empty stream)."""
    anchors: dict[str, list] = {}
    stack: list[list] = []  # open collections
    pending: list[list | None] = []  # per open mapping: the key waiting for its value
    root = None
    try:
        parser.get_event()  # StreamStart
        if isinstance(parser.get_event(), yaml.StreamEndEvent):
            return None
        while True:
            event = parser.get_event()
            mark = event.start_mark
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node = stack.pop()
                pending.pop()
                if not stack:
                    return node
                continue
            if isinstance(event, yaml.AliasEvent):
                target = anchors.get(event.anchor)
                if target is None:
                    raise _YamlError(
                        f"unknown anchor '{event.anchor}' referenced", mark.line, mark.column
                    )
                node = [_A, target, "", False, mark.line, mark.column, event.anchor]
            elif isinstance(event, yaml.ScalarEvent):
                plain = bool(event.implicit[0])
                node = [_S, event.value, event.tag or "", plain, mark.line, mark.column, None]
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                kind = _M if isinstance(event, yaml.MappingStartEvent) else _Q
                node = [kind, [], event.tag or "", False, mark.line, mark.column, None]
            else:  # DocumentEnd: only reachable for an empty document
                return root
            if getattr(event, "anchor", None) is not None and node[0] != _A:
                anchors[event.anchor] = node
            if stack:
                parent = stack[-1]
                if parent[0] == _Q:
                    parent[1].append(node)
                elif pending[-1] is None:
                    pending[-1] = node
                else:
                    parent[1].append((pending[-1], node))
                    pending[-1] = None
            elif root is None:
                root = node
            if node[0] in (_M, _Q):
                stack.append(node)
                pending.append(None)
            elif not stack:
                return node
    except yaml.MarkedYAMLError as err:
        raise _from_libyaml(err) from None
    except yaml.reader.ReaderError as err:
        # go-yaml's reader errors carry no mark, so parser.fail prints no line.
        raise _YamlError(err.reason) from None


_GO_YAML_V2_PROBLEMS = {
    "found a tab character that violates indentation": (
        "found a tab character that violate indentation"
    ),
}


def _from_libyaml(err: yaml.MarkedYAMLError) -> _YamlError:
    """go-yaml v2 ``(*parser).fail``: the line it prints and the problem string."""
    problem = err.problem or "unknown problem parsing YAML content"
    # libyaml 0.2.5 fixed a grammar slip that go-yaml v2 (ported earlier) still prints, as
    # kubectl users see it (wangduanduan/wangduanduan.github.io#193, go-yaml v2 scannerc.go).
    problem = _GO_YAML_V2_PROBLEMS.get(problem, problem)
    is_scanner = isinstance(err, yaml.scanner.ScannerError)
    pm, cm = err.problem_mark, err.context_mark
    line = 0
    if pm is not None and pm.line != 0:
        line = pm.line + 1 if is_scanner else pm.line
    elif cm is not None and cm.line != 0:
        line = cm.line
    where = f"line {line}: " if line else ""
    mark = pm or cm
    return _YamlError(f"{where}{problem}", mark.line if mark else -1, mark.column if mark else -1)


# --------------------------------------------------------------------------- nodes → values

_FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_BOOL_TRUE = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_BOOL_FALSE = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_NULLS = {"", "~", "null", "Null", "NULL"}
_SPECIAL_FLOATS = {
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
}  # fmt: skip


class _Null:
    """go-yaml's nil, kept distinct from a missing value while converting keys."""


_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}


def _go_parse_int(s: str) -> int | None:
    """``strconv.ParseInt(s, 0, 64)``, else ``ParseUint(s, 0, 64)`` (go-yaml v2 ``resolve``)."""
    negative = s.startswith("-")
    body = s[1:] if s[:1] in "+-" else s
    low = body[:2].lower()
    if low in ("0x", "0o", "0b"):
        base, digits = {"0x": 16, "0o": 8, "0b": 2}[low], body[2:]
    elif len(body) > 1 and body[0] == "0":
        base, digits = 8, body[1:]
    else:
        base, digits = 10, body
    if not digits or any(c not in _DIGITS[base] for c in digits):
        return None
    value = int(digits, base) * (-1 if negative else 1)
    if _INT64_MIN <= value <= _INT64_MAX:
        return value
    if not s.startswith(("-", "+")) and value <= 2**64 - 1:
        return value  # ParseUint: a uint64 (becomes a float64 in kubectl's JSON round trip)
    return None


def _resolve(tag: str, value: str, plain: bool):
    """go-yaml v2 ``resolve`` + ``scalar`` for a node decoded into ``interface{}``."""
    if tag == "" and not plain:
        return value  # quoted or block scalars are strings (go-yaml v2 decoder.scalar)
    if tag not in _RESOLVABLE:
        return value  # unknown tag: go-yaml keeps the text
    if tag in (_STR, _BINARY):
        return value
    rtag, out = _STR, value
    hint = value[:1]
    if value in _NULLS and hint in ("", "~", "n", "N"):
        rtag, out = _NULL, None
    elif value in _BOOL_TRUE:
        rtag, out = _BOOL, True
    elif value in _BOOL_FALSE:
        rtag, out = _BOOL, False
    elif value in _SPECIAL_FLOATS:
        rtag, out = _FLOAT, _SPECIAL_FLOATS[value]
    elif hint == ".":
        if _FLOAT_RE.match(value):
            rtag, out = _FLOAT, float(value)
    elif hint and (hint.isdigit() or hint in "+-"):
        plain_text = value.replace("_", "")
        as_int = _go_parse_int(plain_text)
        if as_int is not None:
            rtag, out = _INT, as_int
        elif _FLOAT_RE.match(plain_text):
            rtag, out = _FLOAT, float(plain_text)
    if tag in ("", rtag):
        return out
    if tag == _FLOAT and rtag == _INT:
        return float(out)
    if tag == _TIMESTAMP and rtag == _STR:
        return value  # kept as text when decoded into interface{} (go-yaml v2 decode.go)
    raise _YamlError(f"cannot decode {_short_tag(rtag)} `{value}` as a {_short_tag(tag)}")


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _allowed_alias_ratio(decode_count: int) -> float:
    """go-yaml v2 ``decode.go`` ``allowedAliasRatio`` (CVE-2019-11253 fix)."""
    low, high = 400_000, 4_000_000
    if decode_count <= low:
        return 0.99
    if decode_count >= high:
        return 0.10
    return 0.99 - 0.89 * ((decode_count - low) / (high - low))


class _Decoder:
    """go-yaml v2 ``decoder`` into ``interface{}``, counting decodes to stop alias bombs."""

    def __init__(self) -> None:
        self.decode_count = 0
        self.alias_count = 0
        self.alias_depth = 0
        self.active_aliases: set[int] = set()

    def count(self) -> None:
        self.decode_count += 1
        if self.alias_depth:
            self.alias_count += 1
        if (
            self.alias_count > 100
            and self.decode_count > 1000
            and self.alias_count / self.decode_count > _allowed_alias_ratio(self.decode_count)
        ):
            raise _YamlError("document contains excessive aliasing")

    def value(self, node: list):
        self.count()
        kind = node[0]
        if kind == _A:
            if id(node) in self.active_aliases:
                raise _YamlError(f"anchor '{node[6]}' value contains itself")
            self.active_aliases.add(id(node))
            self.alias_depth += 1
            try:
                return self.value(node[1])
            finally:
                self.alias_depth -= 1
                self.active_aliases.discard(id(node))
        if kind == _S:
            out = _resolve(node[2], node[1], node[3])
            if node[2] == _BINARY:
                try:
                    out = base64.b64decode(node[1], validate=False).decode("utf-8", "replace")
                except (binascii.Error, ValueError):
                    raise _YamlError("!!binary value contains invalid base64 data") from None
            return _Null if out is None else out
        if kind == _Q:
            return [self.value(child) for child in node[1]]
        mapping: dict = {}
        self.mapping_into(node, mapping)
        return mapping

    def mapping_into(self, node: list, out: dict) -> None:
        for key_node, value_node in node[1]:
            if _is_merge(key_node):
                self.merge(value_node, out)
                continue
            key = self.value(key_node)
            if isinstance(key, (dict, list)):
                raise _YamlError(f"invalid map key: {_go_sharp_v(key)}")
            out[_HashableKey(key)] = self.value(value_node)

    def merge(self, node: list, out: dict) -> None:
        """go-yaml v2 ``decoder.merge``: a map, an alias to one, or a sequence of those."""
        target = node[1] if node[0] == _A else node
        if target[0] == _M:
            out.update(self.value(node))
            return
        if target[0] == _Q and node[0] != _A:
            # Step backwards as earlier maps take precedence.
            for item in reversed(target[1]):
                inner = item[1] if item[0] == _A else item
                if inner[0] != _M:
                    raise _YamlError("map merge requires map or sequence of maps as the value")
                out.update(self.value(item))
            return
        raise _YamlError("map merge requires map or sequence of maps as the value")


def _is_merge(node: list) -> bool:
    return node[0] == _S and node[1] == "<<" and (node[3] or node[2] == _MERGE)


class _HashableKey:
    """A decoded map key (any scalar, including floats and nil) kept with its Go type."""

    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def __hash__(self) -> int:
        return hash((type(self.value).__name__, repr(self.value)))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _HashableKey)
            and type(self.value) is type(other.value)
            and repr(self.value) == repr(other.value)
        )


def _go_sharp_v(value) -> str:
    """Go's ``%#v`` of a go-yaml v2 value held in an ``interface{}`` (for error texts)."""
    if value is _Null or value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_format_g(value, 64)
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(_go_sharp_v(v) for v in value) + "}"
    if isinstance(value, dict):
        items = sorted(((_go_sharp_v(k.value), _go_sharp_v(v)) for k, v in value.items()))
        return "map[interface {}]interface {}{" + ", ".join(f"{k}:{v}" for k, v in items) + "}"
    return repr(value)


def _go_format_g(value: float, bits: int) -> str:
    """``strconv.FormatFloat(value, 'g', -1, bits)`` (shortest digits; %e when exp < -4 or ≥ 6)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    if bits == 32:
        target = struct.unpack("f", struct.pack("f", value))[0]
        text = f"{target:.8e}"
        for precision in range(0, 9):
            candidate = f"{target:.{precision}e}"
            if struct.unpack("f", struct.pack("f", float(candidate)))[0] == target:
                text = candidate
                break
    else:
        text = f"{Decimal(repr(value)):e}"
    mantissa, exp = text.split("e")
    exponent = int(exp)
    digits = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    sign = "-" if value < 0 else ""
    if exponent < -4 or exponent >= 6:
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mant}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    if exponent >= 0:
        whole = digits[: exponent + 1].ljust(exponent + 1, "0")
        frac = digits[exponent + 1 :]
    else:
        whole, frac = "0", "0" * (-exponent - 1) + digits
    return sign + whole + ("." + frac if frac else "")


# --------------------------------------------------------------------------- YAML → JSON


def _go_json_float(value: float) -> str:
    """``encoding/json`` float64 formatting (ES6-like: ``f`` unless < 1e-6 or ≥ 1e21)."""
    if value == 0:
        return "0"
    absolute = abs(value)
    if 1e-6 <= absolute < 1e21:
        text = format(Decimal(repr(value)), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    text = repr(value)
    mantissa, _, exp = text.partition("e")
    return f"{mantissa}e{int(exp):+d}" if exp else text


def _json_number(value):
    """What kubectl's unstructured JSON round trip makes of a number (int64 if it can)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if _INT64_MIN <= value <= _INT64_MAX else float(value)
    text = _go_json_float(value)
    if re.fullmatch(r"-?\d+", text):
        as_int = int(text)
        if _INT64_MIN <= as_int <= _INT64_MAX:
            return as_int
    return value


def _to_json(value):
    """sigs.k8s.io/yaml ``convertToJSONableObject`` + ``json.Marshal`` + kubectl's decode."""
    if value is _Null:
        return None
    if isinstance(value, dict):
        out: dict = {}
        for hkey, item in value.items():
            key = hkey.value
            if isinstance(key, str):
                skey = key
            elif isinstance(key, bool):
                skey = "true" if key else "false"
            elif isinstance(key, int):
                skey = str(key)
            elif isinstance(key, float):
                skey = {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(
                    _go_format_g(key, 32), _go_format_g(key, 32)
                )
            else:
                raise _YamlError(
                    "unsupported map key of type: %!s(<nil>), key: <nil>, value: "
                    + _go_plus_sharp_v(item)
                )
            out[skey] = _to_json(item)
        return out
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise _YamlError(f"json: unsupported value: {_go_format_g(value, 64)}")
        return _json_number(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _json_number(value)
    return value


def _normalize_json(value):
    """Numbers of a JSON stream as kubectl's unstructured decoding keeps them."""
    if isinstance(value, dict):
        return {k: _normalize_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalize_json(v) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _json_number(value)
    return value


def _go_plus_sharp_v(value) -> str:
    if value is _Null:
        return "<nil>"
    return _go_sharp_v(value)


# --------------------------------------------------------------------------- JSON streams


def _go_quote_char(ch: str) -> str:
    """encoding/json ``quoteChar``."""
    if ch == "'":
        return "'\\''"
    if ch == '"':
        return "'\"'"
    quoted = json.dumps(ch)[1:-1]
    return f"'{quoted}'"


def _json_error(doc: str, err: json.JSONDecodeError) -> str:
    """encoding/json's scanner message for a Python JSON error, as apimachinery wraps it."""
    pos = err.pos
    if pos >= len(doc.rstrip()):
        return "unexpected EOF"
    ch = doc[pos]
    msg = err.msg
    if msg.startswith("Expecting property name"):
        context = "looking for beginning of object key string"
    elif msg.startswith("Expecting ':'"):
        context = "after object key"
    elif msg.startswith("Expecting ','"):
        context = (
            "after array element" if _innermost_open(doc, pos) == "[" else
            "after object key:value pair"
        )  # fmt: skip
    elif msg.startswith("Invalid control character"):
        context = "in string literal"
    else:
        context = "looking for beginning of value"
    # apimachinery YAMLOrJSONDecoder: line = newlines before the line holding the offset.
    offset = pos + 1
    start = doc.rfind("\n", 0, offset) + 1
    line = doc.count("\n", 0, start)
    return f"json: line {line}: invalid character {_go_quote_char(ch)} {context}"


def _innermost_open(doc: str, pos: int) -> str:
    stack: list[str] = []
    in_string = escaped = False
    for ch in doc[:pos]:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            stack.append(ch)
        elif ch in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def _json_values(text: str, filename: str):
    """Values of a JSON stream (``json.Decoder`` semantics), with file lines."""
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        while pos < len(text) and _go_is_space(text[pos]):
            pos += 1
        if pos >= len(text):
            return
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            rest = text[pos:]
            local = json.JSONDecodeError(err.msg, rest, err.pos - pos)
            line = text.count("\n", 0, err.pos) + 1
            column = err.pos - text.rfind("\n", 0, err.pos)
            raise ManifestError(
                f"error: error parsing {filename}: {_json_error(rest, local)}",
                line=line,
                column=column,
                source=filename,
            ) from None
        yield value, text.count("\n", 0, pos) + 1
        pos = end


# --------------------------------------------------------------------------- validation


def _object_kind_errors(obj) -> list[str]:
    """kubectl ``pkg/validation/schema.go`` ``getObjectKind``."""
    if not isinstance(obj, dict):
        return ["invalid object to validate"]
    errors: list[str] = []
    api_version = obj.get("apiVersion")
    if api_version is None:
        errors.append("apiVersion not set")
    elif not isinstance(api_version, str):
        errors.append("apiVersion isn't string type")
    elif api_version.count("/") > 1:
        # apimachinery schema.ParseGroupVersion
        errors.append(f"unexpected GroupVersion string: {api_version}")
    kind = obj.get("kind")
    if kind is None:
        errors.append("kind not set")
    elif not isinstance(kind, str):
        errors.append("kind isn't string type")
    return errors


def _aggregate(errors: list[str]) -> str:
    """apimachinery ``utilerrors.NewAggregate(...).Error()``."""
    return errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"


def _validation_error(filename: str, errors: list[str], line: int) -> ManifestError:
    return ManifestError(
        f'error: error validating "{filename}": error validating data: '
        f"{_aggregate(errors)}; {STOP_VALIDATE_MESSAGE}",
        line=line,
        column=1 if line else 0,
        source=filename,
    )


def _is_list(obj: dict) -> bool:
    kind = obj.get("kind")
    return isinstance(kind, str) and kind.endswith("List") and isinstance(obj.get("items"), list)


# --------------------------------------------------------------------------- public API


def load_documents_until_error(
    source: str | bytes, filename: str = "STDIN"
) -> tuple[list[Document], ManifestError | None]:
    """The objects kubectl reads from ``source`` before the first failure, and that failure.

    kubectl applies what it read before a broken document and then prints the error, so the
    API server should apply ``documents`` first and report ``error`` (if any) after their output.

    Parameters:
        source: manifest text or raw file bytes.
        filename: the name kubectl prints (``svc.yaml``, ``STDIN``, a URL).
    """
    documents: list[Document] = []
    try:
        for obj, line in _raw_objects(source, filename):
            errors = _object_kind_errors(obj)
            if errors:
                raise _validation_error(filename, errors, line)
            if _is_list(obj):
                for item in obj["items"]:
                    item_errors = _object_kind_errors(item)
                    if item_errors:
                        raise _validation_error(filename, item_errors, line)
                    documents.append(Document(item, len(documents), line, filename))
                continue
            documents.append(Document(obj, len(documents), line, filename))
    except ManifestError as err:
        return documents, err
    return documents, None


def load_documents(source: str | bytes, filename: str = "STDIN") -> list[Document]:
    """Every object of a manifest stream, or :class:`ManifestError` with kubectl's text.

    Parameters:
        source: manifest text (one or more ``---``-separated YAML documents, or a JSON stream)
            or raw file bytes (BOMs honoured, invalid UTF-8 replaced by U+FFFD as kubectl does).
        filename: the name kubectl prints in its messages (default ``STDIN``).

    Raises:
        ManifestError: ``.message`` is kubectl's stderr line, e.g. ``error: error parsing
            svc.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not
            allowed in this context``; ``.line``/``.column`` are the real 1-based position in
            the file.
    """
    documents, error = load_documents_until_error(source, filename)
    if error is not None:
        raise error
    return documents


def _raw_objects(source: str | bytes, filename: str):
    """(JSON value, 1-based line) for each non-empty document, raising ManifestError."""
    text = _decode_source(source)
    first = next((ch for ch in text if not _go_is_space(ch)), "")
    if first == "{":
        for value, line in _json_values(text, filename):
            if value is None:
                continue
            yield _normalize_json(value), line
        return
    for chunk in _split_yaml(text):
        if chunk.error:
            raise ManifestError(
                f"error: error parsing {filename}: {chunk.error}",
                line=chunk.first_line,
                column=1,
                source=filename,
            )
        try:
            root = _compose_first_document(chunk.text)
            if root is None:
                continue
            value = _to_json(_Decoder().value(root))
        except _YamlError as err:
            line = chunk.first_line + err.line0 if err.line0 >= 0 else 0
            raise ManifestError(
                f"error: error parsing {filename}: error converting YAML to JSON: "
                + (
                    err.text
                    if err.text.startswith(("json:", "unsupported"))
                    else "yaml: " + err.text
                ),
                line=line,
                column=err.column0 + 1 if err.column0 >= 0 else 0,
                source=filename,
            ) from None
        except RecursionError:
            raise ManifestError(
                f"error: error parsing {filename}: error converting YAML to JSON: "
                "k8slab: document nested too deeply",
                line=chunk.first_line,
                source=filename,
            ) from None
        if value is None:
            continue
        yield value, chunk.first_line + root[4]
