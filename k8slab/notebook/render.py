"""Turning a DOT graph into a picture that every notebook front end shows.

Renderers are tried in this order:

1. the system Graphviz ``dot`` on ``PATH`` (``apt-get install graphviz``; Binder's apt.txt);
2. a pip-installed Graphviz: the ``graphviz-pure`` wheel (a Rust port of Graphviz with
   ``dot``'s flags) installs one executable, ``graphviz-pure`` — *not* ``dot``, so it never
   shadows a system Graphviz. It is looked up on ``PATH`` and next to the running Python
   (a kernel started without its virtualenv's ``bin`` on ``PATH`` still finds it);
3. no renderer: a readable text fallback — an HTML ``<pre>`` with the DOT source and a note
   in Spanish on how to get pictures.

Each renderer runs as a subprocess with a timeout. A :class:`Graph` shows as a static
``image/svg+xml`` output, which JupyterLab, VS Code, ``nbconvert --to html`` and nbgrader's
feedback all keep, so an exported notebook still shows its graphs.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from typing import Any

# Seconds a renderer may take; a lab-sized graph takes well under one.
RENDER_TIMEOUT = 30

NO_RENDERER_NOTE = (
    "No se ha encontrado Graphviz para dibujar este grafo, así que se muestra su código DOT. "
    "Para ver el dibujo instala el programa <code>dot</code> (<code>apt-get install "
    "graphviz</code>; en Binder, añade <code>graphviz</code> a <code>apt.txt</code>) o el "
    "paquete de Python <code>graphviz-pure</code> (<code>pip install graphviz-pure</code>), "
    "y vuelve a ejecutar la celda."
)


class RenderError(RuntimeError):
    """No renderer could turn the DOT source into SVG (``.reason`` says why)."""


@dataclass(frozen=True)
class Renderer:
    """One way to run Graphviz: ``name`` (``dot`` or ``graphviz-pure``) and its executable."""

    name: str
    executable: str

    def argv(self) -> list[str]:
        return [self.executable, "-Tsvg"]


def script_dirs() -> list[str]:
    """Where pip puts console scripts for the running Python (searched after ``PATH``)."""
    dirs = [sysconfig.get_path("scripts"), os.path.dirname(sys.executable)]
    return [d for n, d in enumerate(dirs) if d and d not in dirs[:n]]


def find_renderers() -> list[Renderer]:
    """The renderers available now, in the order they are tried."""
    found: list[Renderer] = []
    dot = shutil.which("dot")
    if dot:
        found.append(Renderer("dot", dot))
    pure = shutil.which("graphviz-pure")
    if pure is None:
        for d in script_dirs():
            pure = shutil.which("graphviz-pure", path=d)
            if pure:
                break
    if pure:
        found.append(Renderer("graphviz-pure", pure))
    return found


def render_svg(source: str, *, timeout: float = RENDER_TIMEOUT) -> tuple[str, Renderer]:
    """Render DOT ``source`` to SVG with the first renderer that succeeds.

    Returns the ``<svg …>`` element (XML prolog removed) and the renderer used; raises
    :class:`RenderError` when there is no renderer or every one failed.
    """
    failures = []
    for renderer in find_renderers():
        try:
            done = subprocess.run(
                renderer.argv(),
                input=source.encode("utf-8"),
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            failures.append(f"{renderer.name}: {err}")
            continue
        out = done.stdout.decode("utf-8", "replace")
        start = out.find("<svg")
        if done.returncode != 0 or start < 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            failures.append(
                f"{renderer.name}: exit {done.returncode}: " + (detail[-1] if detail else "no SVG")
            )
            continue
        return out[start:], renderer
    raise RenderError("; ".join(failures) or "no Graphviz renderer (dot, graphviz-pure) found")


class Graph:
    """A topology graph as a notebook output: a static SVG, or its DOT text as a fallback.

    Attributes:
        source: the DOT text.
        renderer: the renderer that drew the SVG (``"dot"``, ``"graphviz-pure"``), or None
            before the first render or when none was available.
    """

    cluster: Any = None  # set by graph(): where the picture came from
    graph_kw: dict | None = None

    def interactive(self):
        """The same picture as a live widget (zoom, click an object to see its YAML)."""
        from k8slab.notebook.interactive import graph_widget

        if self.cluster is None:
            raise ValueError("this Graph was not built from a cluster (use lab.graph(...))")
        return graph_widget(self.cluster, **(self.graph_kw or {}))

    def __init__(self, source: Any) -> None:
        self.source: str = source if isinstance(source, str) else source.source
        self.renderer: str | None = None
        self._svg: str | None = None
        self._error: str | None = None

    def svg(self) -> str:
        """The SVG picture (rendered once, then cached); raises :class:`RenderError`."""
        if self._svg is None:
            self._svg, renderer = render_svg(self.source)
            self.renderer = renderer.name
        return self._svg

    def _try_svg(self) -> str | None:
        if self._svg is None and self._error is None:
            try:
                self.svg()
            except RenderError as err:
                self._error = str(err)
        return self._svg

    def fallback_html(self) -> str:
        """The text fallback: a Spanish note and the DOT source in a ``<pre>``."""
        return (
            '<div class="k8slab-graph-fallback">'
            f"<p>{NO_RENDERER_NOTE}</p>"
            f'<pre style="white-space: pre; font-size: 85%">{html.escape(self.source)}</pre>'
            "</div>"
        )

    def _repr_svg_(self) -> str | None:
        return self._try_svg()

    def _repr_html_(self) -> str | None:
        # With an SVG, image/svg+xml is the output; text/html is only the fallback.
        return None if self._try_svg() is not None else self.fallback_html()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        svg = self._try_svg()
        if svg is not None:
            return {"image/svg+xml": svg, "text/plain": repr(self)}
        return {"text/html": self.fallback_html(), "text/plain": self.source}

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))

    def __repr__(self) -> str:
        nodes = len(re.findall(r"^\s*\"?[^\s\"]+\"? \[label=", self.source, flags=re.M))
        edges = self.source.count(" -> ")
        return f"<k8slab Graph: {nodes} nodes, {edges} edges>"

    def save(self, path: str | os.PathLike) -> None:
        """Write the SVG (``.svg``) or the DOT source (any other suffix) to ``path``."""
        text = self.svg() if str(path).endswith(".svg") else self.source
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def graph(cluster: Any, **kw: Any) -> Graph:
    """``lab.graph(...)``: the topology of ``cluster`` as a notebook display object.

    Parameters: as :func:`k8slab.notebook.graph.build_graph` (``namespace``, ``service``,
    ``trace``, ``show_system``, ``max_pods``).
    """
    from k8slab.notebook.graph import build_graph

    g = Graph(build_graph(cluster, **kw).source)
    g.cluster, g.graph_kw = cluster, dict(kw)
    return g
