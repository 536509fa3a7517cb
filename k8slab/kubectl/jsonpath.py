"""``-o jsonpath=…`` and ``-o custom-columns=…`` (the subset courses use).

Source: k8s.io/client-go ``util/jsonpath`` (templates ``{.spec.ports[0].nodePort}``,
``{.items[*].metadata.name}``, ``{range .items[*]}…{end}``, ``{"\\n"}``; several results of one
expression are joined by spaces) and kubectl ``pkg/cmd/get/customcolumn.go``.
"""

from __future__ import annotations

import json
import re

from k8slab.errors import ApiError

_TOKEN = re.compile(r"\{([^{}]*)\}")


def _path_parts(expr: str) -> list:
    expr = expr.strip()
    if expr.startswith("$"):
        expr = expr[1:]
    parts: list = []
    for m in re.finditer(r"\.([^.\[\]]+)|\[(\?\(.*?\)|[^\]]*)\]", expr):
        if m.group(1) is not None:
            parts.append(m.group(1))
        else:
            idx = m.group(2)
            if idx.startswith("?(") and idx.endswith(")"):
                parts.append(_Filter.parse(idx[2:-1]))
            elif idx in ("*", ""):
                parts.append("*")
            elif idx.lstrip("-").isdigit():
                parts.append(int(idx))
            else:
                parts.append(idx.strip("'\""))
    return parts


class _Filter:
    """``[?(@.name=="https")]``: keep list items whose sub-path compares true (client-go
    jsonpath ``evalFilter``; operators ==, !=, <, >, <=, >=, or bare existence)."""

    _OPS = ("==", "!=", "<=", ">=", "<", ">")

    def __init__(self, path: str, op: str | None, value) -> None:
        self.path, self.op, self.value = path, op, value

    @classmethod
    def parse(cls, text: str) -> _Filter:
        for op in cls._OPS:
            if op in text:
                left, right = (t.strip() for t in text.split(op, 1))
                return cls(left[1:] if left.startswith("@") else left, op, _literal(right))
        t = text.strip()
        return cls(t[1:] if t.startswith("@") else t, None, None)

    def keep(self, item) -> bool:
        found = evaluate(self.path, item) if self.path else [item]
        if self.op is None:
            return bool(found)
        for v in found:
            try:
                if {
                    "==": v == self.value,
                    "!=": v != self.value,
                    "<": v < self.value,
                    ">": v > self.value,
                    "<=": v <= self.value,
                    ">=": v >= self.value,
                }[self.op]:
                    return True
            except TypeError:
                continue
        return False


def _literal(text: str):
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def evaluate(expr: str, data) -> list:
    results = [data]
    for part in _path_parts(expr):
        nxt = []
        for r in results:
            if isinstance(part, _Filter):
                items = (
                    r if isinstance(r, list) else list(r.values()) if isinstance(r, dict) else []
                )
                nxt.extend(i for i in items if part.keep(i))
            elif part == "*":
                if isinstance(r, list):
                    nxt.extend(r)
                elif isinstance(r, dict):
                    nxt.extend(r.values())
            elif isinstance(part, int):
                if isinstance(r, list) and -len(r) <= part < len(r):
                    nxt.append(r[part])
            elif isinstance(r, dict) and part in r:
                nxt.append(r[part])
        results = nxt
    return results


def _fmt(v) -> str:
    if isinstance(v, dict | list):
        return json.dumps(v, separators=(",", ":"))
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return ""
    return str(v)


def render_template(template: str, data) -> str:
    out = []
    pos = 0
    tokens = list(_TOKEN.finditer(template))
    i = 0

    def render_range(start_i: int, items: list) -> tuple[str, int]:
        # find matching end
        depth = 0
        j = start_i
        while j < len(tokens):
            t = tokens[j].group(1).strip()
            if t.startswith("range "):
                depth += 1
            elif t == "end":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        body_start = tokens[start_i].end()
        body_end = tokens[j].start() if j < len(tokens) else len(template)
        body = template[body_start:body_end]
        return "".join(render_template(body, item) for item in items), j

    while i < len(tokens):
        m = tokens[i]
        out.append(template[pos : m.start()])
        inner = m.group(1).strip()
        if inner.startswith("range "):
            items = evaluate(inner[len("range ") :], data)
            text, j = render_range(i, items)
            out.append(text)
            pos = tokens[j].end() if j < len(tokens) else len(template)
            i = j + 1
            continue
        if inner.startswith('"') and inner.endswith('"'):
            out.append(json.loads(inner))
        elif inner.startswith(".") or inner.startswith("$") or inner.startswith("["):
            vals = evaluate(inner, data)
            out.append(" ".join(_fmt(v) for v in vals))
        else:
            out.append(inner)
        pos = m.end()
        i += 1
    out.append(template[pos:])
    return "".join(out)


def render_jsonpath_or_columns(fmt: str, objects: list[dict], *, single: bool) -> str:
    if fmt.startswith("jsonpath"):
        _, _, template = fmt.partition("=")
        if not template:
            raise ApiError("error: template format specified but no template given")
        template = template.strip("'")
        data = (
            objects[0]
            if single and objects
            else {
                "apiVersion": "v1",
                "items": objects,
                "kind": "List",
                "metadata": {"resourceVersion": ""},
            }
        )
        return render_template(template, data)
    _, _, spec = fmt.partition("=")
    if not spec:
        raise ApiError("error: custom-columns format specified but no custom columns given")
    cols = []
    for part in spec.split(","):
        if ":" not in part:
            raise ApiError(
                f"error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )
        h, p = part.split(":", 1)
        cols.append((h, p))
    rows = [[h for h, _ in cols]]
    for o in objects:
        row = []
        for _, p in cols:
            vals = evaluate(p if p.startswith((".", "[")) else "." + p, o)
            row.append(",".join(_fmt(v) for v in vals) if vals else "<none>")
        rows.append(row)
    return render_rows(rows)


def render_rows(rows: list[list[str]]) -> str:
    """Cells through kubectl's get tab writer (minwidth 6, tabwidth 4, padding 3)."""
    from k8slab.kubectl.tabwriter import TabWriter

    tw = TabWriter(6, 4, 3, remember_widths=True)
    for r in rows:
        tw.write("\t".join(r) + "\n")
    tw.flush()
    return tw.getvalue()
