"""Label selectors: ``metav1.LabelSelector`` matching and the ``-l`` selector syntax.

Sources: k8s.io/apimachinery ``pkg/apis/meta/v1/helpers.go`` (LabelSelectorAsSelector) and
``pkg/labels/selector.go`` (Parse: ``=``, ``==``, ``!=``, ``in``, ``notin``, ``exists``, ``!key``).
"""

from __future__ import annotations

import re


def matches_label_selector(selector: dict | None, labels: dict | None) -> bool:
    """A LabelSelector (matchLabels + matchExpressions); an empty selector matches everything."""
    labels = labels or {}
    if not selector:
        return True
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def matches_map_selector(selector: dict | None, labels: dict | None) -> bool:
    """A Service-style ``map[string]string`` selector (all pairs must match)."""
    labels = labels or {}
    return all(labels.get(k) == v for k, v in (selector or {}).items())


class SelectorParseError(ValueError):
    pass


_REQ = re.compile(
    r"^\s*(?P<neg>!)?\s*(?P<key>[A-Za-z0-9._/-]+)\s*"
    r"(?:(?P<op>==|=|!=)\s*(?P<val>[A-Za-z0-9._-]*)"
    r"|\s+(?P<setop>in|notin)\s*\((?P<vals>[^)]*)\))?\s*$"
)


def _split_requirements(s: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def parse_selector(s: str):
    """Parse ``kubectl -l`` syntax into a predicate over a labels dict."""
    reqs = []
    if not s.strip():
        return lambda labels: True
    for part in _split_requirements(s):
        m = _REQ.match(part)
        if not m:
            raise SelectorParseError(f"unable to parse requirement: {part.strip()!r}")
        key, neg = m["key"], bool(m["neg"])
        if m["op"]:
            if neg:
                raise SelectorParseError(f"unable to parse requirement: {part.strip()!r}")
            reqs.append((key, "!=" if m["op"] == "!=" else "=", {m["val"]}))
        elif m["setop"]:
            vals = {v.strip() for v in m["vals"].split(",") if v.strip()}
            reqs.append((key, m["setop"], vals))
        else:
            reqs.append((key, "!" if neg else "exists", set()))

    def pred(labels: dict | None) -> bool:
        labels = labels or {}
        for key, op, vals in reqs:
            if op == "=" and labels.get(key) not in vals:
                return False
            if op == "!=" and labels.get(key) in vals:
                return False
            if op == "in" and labels.get(key) not in vals:
                return False
            if op == "notin" and key in labels and labels[key] in vals:
                return False
            if op == "exists" and key not in labels:
                return False
            if op == "!" and key in labels:
                return False
        return True

    return pred
