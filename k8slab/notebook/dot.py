"""A minimal DOT writer with the ``graphviz.Digraph`` surface k8slab uses.

The graph is built with the ``graphviz`` package (a pure-Python DOT builder) when it is
installed; without it, :class:`Digraph` here writes the very same text — same quoting
(``graphviz.quoting.quote``), same tab indentation, same sorted attribute lists — so the
rest of ``k8slab.notebook`` never needs to know which one it got. ``graphviz`` stays an
optional dependency (``pip install 'k8slab[notebook]'``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

# graphviz.quoting: an ID that needs no quotes, DOT's keywords, and HTML-like labels.
_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$")
_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}
_HTML = re.compile(r"<.*>$", re.DOTALL)
_UNESCAPED_QUOTE = re.compile(r'(?P<bs>(?:\\{2})*)\\?(?P<q>")')


def quote(identifier: str) -> str:
    """Quote ``identifier`` for DOT exactly as ``graphviz.quoting.quote`` does."""
    if _HTML.match(identifier):
        return identifier
    if not _ID.match(identifier) or identifier.lower() in _KEYWORDS:
        return '"' + _UNESCAPED_QUOTE.sub(r"\g<bs>\\\g<q>", identifier) + '"'
    return identifier


def _attr_list(label: str | None = None, attrs: Mapping[str, Any] | None = None) -> str:
    parts = [f"label={quote(label)}"] if label is not None else []
    for key, value in sorted((attrs or {}).items()):
        if value is not None:
            parts.append(f"{quote(key)}={quote(str(value))}")
    return f" [{' '.join(parts)}]" if parts else ""


class Digraph:
    """The subset of ``graphviz.Digraph`` k8slab uses: ``attr``, ``node``, ``edge``,
    ``subgraph`` (as a context manager) and ``source``."""

    def __init__(
        self, name: str | None = None, *, comment: str | None = None, _subgraph: bool = False
    ) -> None:
        self.name = name
        self.comment = comment
        self.body: list[str] = []
        self._subgraph = _subgraph

    def attr(self, kw: str | None = None, **attrs: Any) -> None:
        if kw is None:
            line = _attr_list(None, attrs)
            self.body.append(f"\t{line[2:-1]}\n" if line else "")
        else:
            self.body.append(f"\t{kw}{_attr_list(None, attrs)}\n")

    def node(self, name: str, label: str | None = None, **attrs: Any) -> None:
        self.body.append(f"\t{quote(name)}{_attr_list(label, attrs)}\n")

    def edge(self, tail_name: str, head_name: str, label: str | None = None, **attrs: Any) -> None:
        self.body.append(
            f"\t{_quote_edge(tail_name)} -> {_quote_edge(head_name)}{_attr_list(label, attrs)}\n"
        )

    @contextmanager
    def subgraph(self, name: str | None = None) -> Iterator[Digraph]:
        sub = Digraph(name, _subgraph=True)
        yield sub
        self.body += ["\t" + line for line in sub._lines()]

    def _lines(self) -> list[str]:
        lines: list[str] = []
        if self.comment is not None and not self._subgraph:
            lines.append(f"// {self.comment}\n")
        kind = "subgraph" if self._subgraph else "digraph"
        head = f"{kind} {quote(self.name)} " if self.name else f"{kind} "
        lines.append(head + "{\n")
        lines += self.body
        lines.append("}\n")
        return lines

    @property
    def source(self) -> str:
        return "".join(self._lines())


def _quote_edge(identifier: str) -> str:
    # graphviz.quoting.quote_edge reads "a:b" as node a, port b; k8slab ids never hold ":".
    node, _, rest = identifier.partition(":")
    parts = [quote(node)]
    if rest:
        port, _, compass = rest.partition(":")
        parts.append(quote(port))
        if compass:
            parts.append(compass)
    return ":".join(parts)


def new_digraph(name: str, *, comment: str | None = None, use_graphviz: bool | None = None):
    """A ``graphviz.Digraph`` when the package is installed (or ``use_graphviz=True``), else
    this module's :class:`Digraph`; both produce identical ``.source``."""
    if use_graphviz is not False:
        try:
            import graphviz
        except ImportError:
            if use_graphviz:
                raise
        else:
            return graphviz.Digraph(name, comment=comment)
    return Digraph(name, comment=comment)
