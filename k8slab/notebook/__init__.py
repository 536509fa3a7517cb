"""k8slab's notebook front end: IPython magics, the topology graph and its rendering.

In a notebook::

    %load_ext k8slab              # or: %load_ext k8slab.notebook
    %kubectl get pods -o wide
    %k8slab graph

From Python: ``current()`` is the cluster the magics use, ``set_current(lab)`` replaces it,
``build_graph(lab, …)`` gives the DOT graph and ``Graph`` shows it as SVG (see
``k8slab.notebook.render.graph``, which the facade exposes as ``lab.graph(...)``).
Nothing here holds cluster logic: it parses, calls the facade and displays.
"""

from typing import Any

from k8slab.notebook.graph import build_graph
from k8slab.notebook.render import Graph, RenderError, find_renderers, render_svg
from k8slab.notebook.session import STATE_FILE, current, set_current


# IPython is imported only when the extension is loaded, so ``lab.graph()`` and the graph
# builder work in a plain Python process (a grading script) without IPython installed.
def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext k8slab.notebook``: see ``k8slab.notebook.magics``."""
    from k8slab.notebook import magics

    magics.load_ipython_extension(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    from k8slab.notebook import magics

    magics.unload_ipython_extension(ipython)


def __getattr__(name: str) -> Any:
    if name == "K8sLabMagics":
        from k8slab.notebook.magics import K8sLabMagics

        return K8sLabMagics
    raise AttributeError(name)


__all__ = [
    "STATE_FILE",
    "Graph",
    "K8sLabMagics",
    "RenderError",
    "build_graph",
    "current",
    "find_renderers",
    "load_ipython_extension",
    "render_svg",
    "set_current",
    "unload_ipython_extension",
]
