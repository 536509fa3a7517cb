"""A small reader for the DOT k8slab writes, so tests can ask about nodes, edges and clusters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ID = r'(?:"(?:[^"\\]|\\.)*"|[^\s\[\]{}"]+)'
_ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)')
_NODE = re.compile(rf"^\t+({_ID})(?: \[(.*)\])?$")
_EDGE = re.compile(rf"^\t+({_ID}) -> ({_ID})(?: \[(.*)\])?$")
_SUB = re.compile(rf"^\t+subgraph ({_ID}) {{$")


def _unq(s: str) -> str:
    if s.startswith('"') and s.endswith('"'):
        return re.sub(r'\\"', '"', s[1:-1])
    return s


def _attrs(text: str | None) -> dict[str, str]:
    return {k: _unq(v) for k, v in _ATTR.findall(text or "")}


@dataclass
class Dot:
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    parents: dict[str, list[str]] = field(default_factory=dict)  # node id → cluster path
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    clusters: dict[str, dict[str, str]] = field(default_factory=dict)

    def edge(self, tail: str, head: str) -> dict[str, str]:
        found = [a for t, h, a in self.edges if (t, h) == (tail, head)]
        assert len(found) == 1, (tail, head, found)
        return found[0]

    def label(self, node: str) -> list[str]:
        return self.nodes[node]["label"].split("\\n")


def parse(source: str) -> Dot:
    dot = Dot()
    stack: list[str] = []
    for line in source.splitlines():
        if m := _SUB.match(line):
            stack.append(_unq(m.group(1)))
            dot.clusters[stack[-1]] = {}
        elif line.strip() == "}":
            if stack:
                stack.pop()
        elif m := _EDGE.match(line):
            dot.edges.append((_unq(m.group(1)), _unq(m.group(2)), _attrs(m.group(3))))
        elif (
            stack
            and "=" in line
            and not line.strip().startswith(('"', "["))
            and not (_NODE.match(line) and "[" in line)
        ):
            dot.clusters[stack[-1]].update(_attrs(line))
        elif (m := _NODE.match(line)) and m.group(1) not in ("node", "edge", "graph"):
            if "=" in m.group(1):
                continue
            dot.nodes[_unq(m.group(1))] = _attrs(m.group(2))
            dot.parents[_unq(m.group(1))] = list(stack)
    return dot
