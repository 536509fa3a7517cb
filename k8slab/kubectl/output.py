"""``kubectl get -o json|yaml|name``: objects printed as kubectl prints them.

- ``-o json``: cli-runtime ``pkg/printers/json.go`` ``JSONPrinter.PrintObj`` marshals the
  unstructured object with Go's ``encoding/json`` (map keys sorted; ``<``, ``>``, ``&``,
  U+2028 and U+2029 escaped as ``\\u003c`` …) and re-indents it with four spaces.
- ``-o yaml``: ``YAMLPrinter`` uses ``sigs.k8s.io/yaml`` (JSON, then go-yaml v2): keys in
  go-yaml's "natural" order, two-space indent, sequences not indented under their key, a
  string quoted only when it would read back as something else (``"80"``, ``"true"``, ``""``,
  timestamps such as ``"2024-01-01T00:00:00Z"``), single quotes when it merely starts with an
  indicator (``'*'``), ``|`` blocks for text with newlines (the
  ``kubectl.kubernetes.io/last-applied-configuration`` annotation), and long lines folded at
  spaces past column 80, as go-yaml's emitter does (``yaml.v2`` ``emitterc.go``).
- Several objects (``kubectl get pods -o yaml``) are wrapped in a ``List`` (kubectl
  ``pkg/cmd/get/get.go`` ``printGeneric``).
- ``-o name``: cli-runtime ``pkg/printers/name.go``: ``kind[.group]/name``.
"""

from __future__ import annotations

import json
import re

from k8slab.api.kinds import BY_KIND

# ---------------------------------------------------------------------------------------------
# List wrapping and -o name
# ---------------------------------------------------------------------------------------------


def as_list(objects: list[dict]) -> dict:
    """The ``v1 List`` kubectl prints for zero or several objects (``printGeneric``)."""
    return {
        "apiVersion": "v1",
        "items": list(objects),
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    }


def resource_name(obj: dict) -> str:
    """``kind[.group]/name`` as ``-o name`` and ``kubectl apply`` print it."""
    kind = obj.get("kind", "")
    info = BY_KIND.get(kind)
    prefix = info.name_prefix if info else kind.lower()
    return f"{prefix}/{(obj.get('metadata') or {}).get('name', '')}"


def to_name(objects: list[dict]) -> str:
    """``-o name``: one ``kind[.group]/name`` line per object (``""`` for none)."""
    return "".join(resource_name(o) + "\n" for o in objects)


def render_output(output: str, objects: list[dict], *, single_item: bool) -> str:
    """Print ``objects`` for ``-o json|yaml|name``.

    ``single_item`` is kubectl's "single item implied" (one resource asked for by name, e.g.
    ``kubectl get svc nginx -o yaml``): the object is printed alone; otherwise (a listing,
    even with one result) the objects are wrapped in a ``List``.
    """
    if output == "name":
        return to_name(objects)
    doc = objects[0] if single_item and len(objects) == 1 else as_list(objects)
    if output == "json":
        return to_json(doc)
    if output == "yaml":
        return to_yaml(doc)
    raise ValueError(f"unsupported output format {output!r}")


# ---------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------

_GO_HTML_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _plain_numbers(value: object) -> object:
    """Go prints a float64 without a fractional part as an integer (``1``, not ``1.0``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    if isinstance(value, dict):
        return {k: _plain_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_numbers(v) for v in value]
    return value


def to_json(obj: dict) -> str:
    """``-o json`` for one document (an object or a ``List``), ending with a newline."""
    text = json.dumps(
        _plain_numbers(obj),
        indent=4,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ": "),
    )
    # These characters only ever appear inside JSON strings, so a textual swap is safe.
    for ch, esc in _GO_HTML_ESCAPES.items():
        text = text.replace(ch, esc)
    return text + "\n"


# ---------------------------------------------------------------------------------------------
# YAML (go-yaml v2 emitter semantics)
# ---------------------------------------------------------------------------------------------

_BEST_WIDTH = 80
_BEST_INDENT = 2


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _yaml_key_less(a: str, b: str) -> bool:
    """go-yaml v2 ``sorter.go`` ``keyList.Less`` for string keys.

    Letters sort after non-letters, digit runs compare by numeric value, otherwise by code
    point; a prefix sorts first.
    """
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        al, bl = _is_letter(a[i]), _is_letter(b[i])
        if al and bl:
            return a[i] < b[i]
        if al or bl:
            return bl
        an = bn = 0
        if a[i] == "0" or b[i] == "0":
            j = i - 1
            while j >= 0 and a[j].isdigit():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdigit():
            an = an * 10 + int(a[ai])
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdigit():
            bn = bn * 10 + int(b[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return a[i] < b[i]
    return len(a) < len(b)


def _sorted_keys(keys: list[str]) -> list[str]:
    import functools

    def cmp(x: str, y: str) -> int:
        if _yaml_key_less(x, y):
            return -1
        if _yaml_key_less(y, x):
            return 1
        return 0

    return sorted(keys, key=functools.cmp_to_key(cmp))


# go-yaml v2 resolve.go: what an unquoted scalar would read back as.
_RESOLVE_MAP = {
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    "", "~", "null", "Null", "NULL",
    ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
    "-.inf", "-.Inf", "-.INF",
}  # fmt: skip
_YAML_STYLE_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_GO_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$")
_TIMESTAMP = re.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2}))"
    r"|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?))?$"
)
_BASE60_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_GO_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.?[0-9]*)([eE][-+]?[0-9]+)?$")


def _resolves_to_non_string(s: str) -> bool:
    """go-yaml v2 ``resolve("", s)`` returns a tag other than ``!!str`` (or a base-60 float)."""
    if _BASE60_FLOAT.match(s):
        return True
    if s == "":
        return True
    first = s[0]
    if first not in "+-0123456789yYnNtTfFoO~.":
        return False
    if s in _RESOLVE_MAP:
        return True
    if first == ".":
        return bool(_GO_FLOAT.match(s))
    if first in "+-0123456789":
        if _TIMESTAMP.match(s):
            return True
        plain = s.replace("_", "")
        if _GO_INT.match(plain) or _YAML_STYLE_FLOAT.match(plain):
            return True
        if re.match(r"^-?0b[01]+$", plain):
            return True
    return False


def _is_printable(ch: str) -> bool:
    c = ord(ch)
    return (
        c == 0x0A
        or 0x20 <= c <= 0x7E
        or 0xA0 <= c <= 0xD7FF
        or (0xE000 <= c <= 0xFFFD and c != 0xFEFF)
    )


_BREAKS = "\r\n\x85\u2028\u2029"


class _ScalarAnalysis:
    """go-yaml v2 ``yaml_emitter_analyze_scalar``: which styles the emitter may use."""

    def __init__(self, value: str) -> None:
        self.multiline = False
        self.block_plain_allowed = True
        self.single_quoted_allowed = True
        self.block_allowed = True
        if value == "":
            self.block_allowed = False
            return
        block_indicators = value.startswith("---") or value.startswith("...")
        leading_space = leading_break = trailing_space = trailing_break = False
        break_space = space_break = special = line_breaks = False
        previous_space = previous_break = False
        preceded_by_ws = True
        n = len(value)
        for i, ch in enumerate(value):
            followed_by_ws = i + 1 >= n or value[i + 1] in " \t" + _BREAKS
            if i == 0:
                if ch in "#,[]{}&*!|>'\"%@`":
                    block_indicators = True
                elif ch in "?:" and followed_by_ws:
                    block_indicators = True
                elif ch == "-" and followed_by_ws:
                    block_indicators = True
            elif ch == ":" and followed_by_ws:
                block_indicators = True
            elif ch == "#" and preceded_by_ws:
                block_indicators = True
            if not _is_printable(ch):
                special = True
            if ch == " ":
                if i == 0:
                    leading_space = True
                if i + 1 == n:
                    trailing_space = True
                if previous_break:
                    break_space = True
                previous_space, previous_break = True, False
            elif ch in _BREAKS:
                line_breaks = True
                if i == 0:
                    leading_break = True
                if i + 1 == n:
                    trailing_break = True
                if previous_space:
                    space_break = True
                previous_space, previous_break = False, True
            else:
                previous_space = previous_break = False
            preceded_by_ws = ch in " \t" + _BREAKS
        self.multiline = line_breaks
        if leading_space or leading_break or trailing_space or trailing_break:
            self.block_plain_allowed = False
        if trailing_space:
            self.block_allowed = False
        if break_space:
            self.block_plain_allowed = False
            self.single_quoted_allowed = False
        if space_break or special:
            self.block_plain_allowed = False
            self.single_quoted_allowed = False
            self.block_allowed = False
        if line_breaks:
            self.block_plain_allowed = False
        if block_indicators:
            self.block_plain_allowed = False


class _Emitter:
    """A tiny block-style YAML writer following go-yaml v2's ``emitterc.go`` choices."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.column = 0

    def put(self, text: str) -> None:
        self.out.append(text)
        nl = text.rfind("\n")
        self.column = len(text) - nl - 1 if nl >= 0 else self.column + len(text)

    def newline_indent(self, indent: int) -> None:
        self.put("\n" + " " * indent)

    # -- scalars ---------------------------------------------------------------------------

    def scalar(self, value: object, indent: int, *, key: bool = False) -> None:
        """Write a scalar after a ``": "``/``"- "`` (or as a key); ``indent`` is the indent of
        continuation lines (the enclosing node's indent + 2)."""
        if value is None:
            self.put("null")
        elif value is True:
            self.put("true")
        elif value is False:
            self.put("false")
        elif isinstance(value, int):
            self.put(str(value))
        elif isinstance(value, float):
            if value != value:
                self.put(".nan")
            elif value in (float("inf"), float("-inf")):
                self.put(".inf" if value > 0 else "-.inf")
            elif value.is_integer() and abs(value) < 1e21:
                self.put(str(int(value)))
            else:
                self.put(repr(value))
        else:
            self.string(str(value), indent, key=key)

    def string(self, s: str, indent: int, *, key: bool) -> None:
        can_plain = not _resolves_to_non_string(s)
        if "\n" in s:
            style = "literal"
        elif can_plain:
            style = "plain"
        else:
            style = "double"
        a = _ScalarAnalysis(s)
        if style == "plain":
            if not a.block_plain_allowed or (s == "" and key):
                style = "single"
        if style == "single" and not a.single_quoted_allowed:
            style = "double"
        if style == "literal" and (not a.block_allowed or key):
            style = "double"
        allow_breaks = not key
        if style == "plain":
            self._plain(s, indent, allow_breaks)
        elif style == "single":
            self._single(s, indent, allow_breaks)
        elif style == "double":
            self._double(s, indent, allow_breaks)
        else:
            self._literal(s, indent)

    def _plain(self, s: str, indent: int, allow_breaks: bool) -> None:
        spaces = False
        for i, ch in enumerate(s):
            if ch == " ":
                nxt = s[i + 1] if i + 1 < len(s) else ""
                if allow_breaks and not spaces and self.column > _BEST_WIDTH and nxt != " ":
                    self.newline_indent(indent)
                else:
                    self.put(ch)
                spaces = True
            else:
                self.put(ch)
                spaces = False

    def _single(self, s: str, indent: int, allow_breaks: bool) -> None:
        self.put("'")
        spaces = False
        for i, ch in enumerate(s):
            if ch == " ":
                nxt = s[i + 1] if i + 1 < len(s) else ""
                if (
                    allow_breaks
                    and not spaces
                    and self.column > _BEST_WIDTH
                    and 0 < i < len(s) - 1
                    and nxt != " "
                ):
                    self.newline_indent(indent)
                else:
                    self.put(ch)
                spaces = True
            else:
                self.put("''" if ch == "'" else ch)
                spaces = False
        self.put("'")

    _DQ_ESCAPES = {
        "\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f",
        "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_",
        "\u2028": "L", "\u2029": "P",
    }  # fmt: skip

    def _double(self, s: str, indent: int, allow_breaks: bool) -> None:
        self.put('"')
        spaces = False
        for i, ch in enumerate(s):
            if not _is_printable(ch) or ch == "\ufeff" or ch in _BREAKS or ch in '"\\':
                esc = self._DQ_ESCAPES.get(ch)
                if esc is None:
                    c = ord(ch)
                    if c <= 0xFF:
                        esc = f"x{c:02X}"
                    elif c <= 0xFFFF:
                        esc = f"u{c:04X}"
                    else:
                        esc = f"U{c:08X}"
                self.put("\\" + esc)
                spaces = False
            elif ch == " ":
                if allow_breaks and not spaces and self.column > _BEST_WIDTH and 0 < i < len(s) - 1:
                    self.newline_indent(indent)
                    if s[i + 1] == " ":
                        self.put("\\")
                else:
                    self.put(ch)
                spaces = True
            else:
                self.put(ch)
                spaces = False
        self.put('"')

    def _literal(self, s: str, indent: int) -> None:
        hints = "|"
        if s[0] == " " or s[0] in _BREAKS:
            hints += str(_BEST_INDENT)
        if s[-1] not in _BREAKS:
            hints += "-"
        elif len(s) == 1 or s[-2] in _BREAKS:
            hints += "+"
        self.put(hints + "\n")
        at_line_start = True
        i = 0
        while i < len(s):
            ch = s[i]
            if ch in _BREAKS:
                self.put("\n")
                at_line_start = True
            else:
                if at_line_start:
                    self.put(" " * indent)
                    at_line_start = False
                self.put(ch)
            i += 1
        if not at_line_start:
            self.put("\n")
        # The block ends with the text's own last line break; the caller adds no newline.

    # -- collections ---------------------------------------------------------------------------

    def mapping(self, m: dict, indent: int, *, first_inline: bool = False) -> None:
        """Block mapping at ``indent``; with ``first_inline`` the first key follows ``"- "``."""
        for n, k in enumerate(_sorted_keys(list(m))):
            if n > 0 or not first_inline:
                self.put(" " * indent)
            self.scalar(k, indent + _BEST_INDENT, key=True)
            self.put(":")
            self.value(m[k], indent, in_mapping=True)

    def sequence(self, seq: list, indent: int, *, first_inline: bool = False) -> None:
        for n, item in enumerate(seq):
            if n > 0 or not first_inline:
                self.put(" " * indent)
            self.put("-")
            if isinstance(item, dict) and item:
                self.put(" ")
                self.mapping(item, indent + _BEST_INDENT, first_inline=True)
            elif isinstance(item, list) and item:
                self.put(" ")
                self.sequence(item, indent + _BEST_INDENT, first_inline=True)
            else:
                self._leaf(item, indent + _BEST_INDENT)

    def value(self, v: object, indent: int, *, in_mapping: bool) -> None:
        """The value after ``key:``; nested mappings indent by 2, sequences do not."""
        if isinstance(v, dict) and v:
            self.put("\n")
            self.mapping(v, indent + _BEST_INDENT)
        elif isinstance(v, list) and v:
            self.put("\n")
            self.sequence(v, indent)
        else:
            self._leaf(v, indent + _BEST_INDENT)

    def _leaf(self, v: object, indent: int) -> None:
        self.put(" ")
        if isinstance(v, dict):
            self.put("{}\n")
        elif isinstance(v, list):
            self.put("[]\n")
        else:
            self.scalar(v, indent)
            if not self.out[-1].endswith("\n"):
                self.put("\n")


def to_yaml(obj: dict) -> str:
    """``-o yaml`` for one document (an object or a ``List``), ending with a newline."""
    e = _Emitter()
    data = _plain_numbers(obj)
    if isinstance(data, dict) and data:
        e.mapping(data, 0)
    else:
        e.put("{}\n" if isinstance(data, dict) else json.dumps(data) + "\n")
    return "".join(e.out)
