"""The topology graph as a live widget: zoom and pan, click a pod or Service to see its YAML.

``lab.graph()`` stays a static SVG (what nbconvert, nbgrader feedback and every exported copy
show). Where a live widget manager exists, :func:`graph_widget` draws the same DOT source as a
widget::

    from k8slab.notebook.interactive import graph_widget
    graph_widget(lab)                       # same keywords as lab.graph(...)
    graph_widget(lab, service="nginx", trace=lab.curl(...))

Views, best first (``backend=`` picks one):

``"wasm"``
    ``graphviz-anywidget`` (PyPI): Graphviz compiled to WebAssembly inside the wheel's own
    JavaScript bundle (d3-graphviz + @hpcc-js/wasm), so the browser lays the graph out itself —
    no ``dot`` needed in the kernel and nothing fetched from a CDN. Its wheel gives zoom, pan and
    search but sends no click back to Python, so k8slab wraps the bundle's ``render`` with a
    delegated click listener that stores the clicked node's id in the ``selected`` trait.
``"svg"``
    ``anywidget`` alone: the SVG rendered in the kernel (``dot`` or ``graphviz-pure``, as for
    ``lab.graph()``) inside a small view of k8slab's own (buttons and mouse wheel to zoom, drag to
    pan, click to select).
``"html"``
    ipywidgets alone: the static SVG with a list to pick an object.

Every view has the same list ("Objeto") next to it; picking an object there, or clicking it in
the drawing, shows ``kubectl get KIND NAME -n NS -o yaml`` below. With ``NBGRADER_EXECUTION``
set, or without ipywidgets, :func:`graph_widget` shows the static graph (never an error).
"""

from __future__ import annotations

import functools
import html
import importlib
import os
import re
from typing import Any

from k8slab.errors import ApiError

# kind prefix of a graph node id (k8slab.notebook.graph: pod_id, service_id, ingress_id) → kubectl
KINDS = {"pod": "pod", "svc": "service", "ing": "ingress"}
_OBJECT_ID = re.compile(r'^\s*"?((?:pod|svc|ing)/[a-z0-9.-]+/[a-z0-9.-]+)"?\s*\[', re.M)
BACKENDS = ("wasm", "svg", "html")

# Wraps graphviz-anywidget's default export: a click on a node (an SVG <g class="node"> whose
# data-name, or <title> before jquery.graphviz.svg moves it, is the DOT node id) sets the
# "selected" trait, which the kernel observes.
_CLICK_HOOK = """
function k8slabSelectOnClick({ model, el }) {
  el.addEventListener("click", (event) => {
    const node = event.target && event.target.closest ? event.target.closest("g.node") : null;
    if (!node) return;
    // jquery.graphviz.svg moves each node's <title> into data-name
    const title = node.querySelector("title");
    const name = node.getAttribute("data-name") || (title ? title.textContent : "");
    if (!name) return;
    model.set("selected", name.trim());
    model.save_changes();
  });
}
var k8slab_default = {
  initialize: widget_default.initialize,
  render(ctx) {
    k8slabSelectOnClick(ctx);
    return widget_default.render(ctx);
  },
};
export { k8slab_default as default };
"""
_WASM_EXPORT = re.compile(r"export\s*\{\s*widget_default as default\s*\};?")

# k8slab's own view for a kernel-rendered SVG: zoom (buttons, wheel), pan (drag), click → selected.
_SVG_VIEW_ESM = """
function render({ model, el }) {
  const bar = document.createElement("div");
  bar.className = "k8slab-zoom-bar";
  const view = document.createElement("div");
  view.className = "k8slab-graph-canvas";
  view.style.cssText = "overflow:hidden;border:1px solid #ddd;position:relative;cursor:grab;" +
    "height:" + model.get("height") + "px";
  const inner = document.createElement("div");
  inner.style.transformOrigin = "0 0";
  inner.style.display = "inline-block";
  view.appendChild(inner);
  let s = 1, x = 0, y = 0;
  const apply = () => { inner.style.transform = `translate(${x}px,${y}px) scale(${s})`; };
  const zoom = (f, cx, cy) => { x = cx - (cx - x) * f; y = cy - (cy - y) * f; s *= f; apply(); };
  const fit = () => {
    s = 1; x = 0; y = 0; apply();
    const w = inner.scrollWidth || 1, h = inner.scrollHeight || 1;
    const vw = view.clientWidth || w, vh = view.clientHeight || h;
    s = Math.min(1, vw / w, vh / h); apply();
  };
  const button = (label, title, fn) => {
    const b = document.createElement("button");
    b.textContent = label; b.title = title; b.className = "k8slab-zoom";
    b.addEventListener("click", fn); bar.appendChild(b);
  };
  const centre = () => [view.clientWidth / 2, view.clientHeight / 2];
  button("+", "Acercar", () => zoom(1.25, ...centre()));
  button("\u2212", "Alejar", () => zoom(0.8, ...centre()));
  button("Ajustar", "Ver el grafo entero", fit);
  view.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = view.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  let drag = null, moved = 0;
  view.addEventListener("pointerdown", (e) => { drag = [e.clientX, e.clientY]; moved = 0; });
  view.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag[0], dy = e.clientY - drag[1];
    moved += Math.abs(dx) + Math.abs(dy); x += dx; y += dy; drag = [e.clientX, e.clientY]; apply();
  });
  window.addEventListener("pointerup", () => { drag = null; });
  view.addEventListener("click", (e) => {
    if (moved > 4) return;
    const node = e.target.closest ? e.target.closest("g.node") : null;
    const title = node ? node.querySelector("title") : null;
    if (!title) return;
    model.set("selected", title.textContent.trim());
    model.save_changes();
  });
  const draw = () => { inner.innerHTML = model.get("svg"); requestAnimationFrame(fit); };
  model.on("change:svg", draw);
  draw();
  el.append(bar, view);
}
export default { render };
"""


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def interactive_available() -> bool:
    """True when a live graph makes sense: ipywidgets importable, nbgrader not executing."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return False
    return _importable("ipywidgets")


def available_backends() -> list[str]:
    """The views this Python can build, best first (see the module docstring)."""
    if not interactive_available():
        return []
    found = ["html"]
    if _importable("anywidget"):
        found.insert(0, "svg")
        if _importable("graphviz_anywidget"):
            found.insert(0, "wasm")
    return found


def object_ids(dot_source: str) -> list[str]:
    """The graph's nodes that are objects (``pod/NS/NAME``, ``svc/NS/NAME``, ``ing/NS/NAME``)."""
    return sorted(set(_OBJECT_ID.findall(dot_source)))


@functools.cache
def _wasm_view_class() -> type:
    """graphviz-anywidget's widget with k8slab's click hook and a ``selected`` trait."""
    from pathlib import Path

    import graphviz_anywidget
    import traitlets

    base = graphviz_anywidget.GraphvizAnyWidget
    bundle_path = Path(graphviz_anywidget.__file__).parent / "static" / "widget.js"
    bundle = bundle_path.read_text(encoding="utf-8")
    if not _WASM_EXPORT.search(bundle):
        raise ImportError("graphviz-anywidget's bundle has an unexpected export")
    esm = _WASM_EXPORT.sub("", bundle, count=1) + _CLICK_HOOK

    class K8sLabWasmGraph(base):
        _esm = esm
        selected = traitlets.Unicode("").tag(sync=True)

    return K8sLabWasmGraph


@functools.cache
def _svg_view_class() -> type:
    import anywidget
    import traitlets

    class K8sLabSvgGraph(anywidget.AnyWidget):
        _esm = _SVG_VIEW_ESM
        _css = ".k8slab-zoom{margin:0 4px 4px 0}.k8slab-graph-canvas g.node{cursor:pointer}"
        svg = traitlets.Unicode("").tag(sync=True)
        height = traitlets.Int(420).tag(sync=True)
        selected = traitlets.Unicode("").tag(sync=True)

    return K8sLabSvgGraph


class GraphExplorer:
    """A live topology graph of ``lab`` with a YAML panel (see the module docstring).

    Attributes: ``lab``, ``graph_kw`` (the keywords of ``lab.graph``), ``backend`` (the view in
    use, None when static), ``widget`` (the ipywidgets box, None when static), ``view`` (the
    drawing widget), ``picker`` (the "Objeto" list), ``yaml`` (the panel), ``selected``.
    """

    def __init__(
        self,
        lab: Any = None,
        *,
        backend: str | None = None,
        height: int = 420,
        **graph_kw: Any,
    ) -> None:
        if lab is None:
            from k8slab.notebook.session import current

            lab = current()
        self.lab = lab
        self.graph_kw = graph_kw
        self.height = height
        self.selected: str | None = None
        self.yaml_text = ""
        self.graph = lab.graph(**graph_kw)
        backends = available_backends()
        if backend is not None and backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        if backend is not None:  # that view, or the simpler ones after it
            backends = [b for b in BACKENDS[BACKENDS.index(backend) :] if b in backends]
        self.backend: str | None = None
        self.widget: Any = None
        self.view: Any = None
        for b in backends:
            try:
                self.view = self._make_view(b)
            except ImportError:
                continue
            self.backend = b
            break
        if self.backend is not None:
            self.widget = self._build()

    # ---- what is drawn
    @property
    def source(self) -> str:
        return self.graph.source

    def objects(self) -> list[str]:
        return object_ids(self.source)

    def refresh(self, **graph_kw: Any) -> None:
        """Redraw from the cluster as it is now (``graph_kw`` replaces keywords given)."""
        self.graph_kw.update(graph_kw)
        self.graph = self.lab.graph(**self.graph_kw)
        if self.widget is None:
            return
        if self.backend == "wasm":
            self.view.dot_source = self.source
        elif self.backend == "svg":
            self.view.svg = self._svg()
        else:
            self.view.value = self._svg()
        self.picker.options = [("—", "")] + [(o, o) for o in self.objects()]
        if self.selected and self.selected in self.objects():
            self.select(self.selected)

    def _svg(self) -> str:
        bundle = self.graph._repr_mimebundle_()
        return bundle.get("image/svg+xml") or bundle.get("text/html", "")

    # ---- selecting an object
    def select(self, object_id: str) -> str:
        """Show the YAML of ``object_id`` (``pod/NS/NAME`` …); returns it (or a message)."""
        prefix, _, rest = object_id.partition("/")
        ns, _, name = rest.partition("/")
        kind = KINDS.get(prefix)
        if kind is None or not name:
            self.yaml_text = ""
            self.selected = None
            self._show_yaml(
                f"<i>{html.escape(object_id)}</i> no es un objeto de Kubernetes "
                "(es un nodo, un grupo o el cliente)."
            )
            return self.yaml_text
        self.selected = object_id
        try:
            self.yaml_text = self.lab.kubectl(f"get {kind} {name} -n {ns} -o yaml")
        except ApiError as err:
            self.yaml_text = str(err)
        self._show_yaml(
            f"<b><code>kubectl get {kind} {html.escape(name)} -n {html.escape(ns)} -o yaml"
            f'</code></b><pre class="k8slab-yaml" style="max-height:360px;overflow:auto">'
            f"{html.escape(self.yaml_text)}</pre>"
        )
        if self.widget is not None:
            if self.picker.value != object_id and object_id in self.objects():
                self.picker.value = object_id
            if self.view is not None and getattr(self.view, "selected", None) != object_id:
                if hasattr(self.view, "selected"):
                    self.view.selected = object_id
        return self.yaml_text

    def _show_yaml(self, text: str) -> None:
        if self.widget is not None:
            self.yaml.value = text

    # ---- the widget
    def _make_view(self, backend: str) -> Any:
        if backend == "wasm":
            view = _wasm_view_class()(dot_source=self.source)
        elif backend == "svg":
            view = _svg_view_class()(svg=self._svg(), height=self.height)
        else:
            import ipywidgets as w

            view = w.HTML(self._svg(), layout=w.Layout(overflow="auto"))
        if hasattr(view, "selected"):
            view.observe(self._on_view_selected, names="selected")
        return view

    def _build(self) -> Any:
        import ipywidgets as w

        self.picker = w.Dropdown(
            options=[("—", "")] + [(o, o) for o in self.objects()],
            value="",
            description="Objeto",
            layout=w.Layout(width="auto"),
        )
        self.picker.observe(self._on_picker, names="value")
        self.refresh_button = w.Button(description="Actualizar", icon="refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        hint = (
            "Rueda del ratón o botones para acercar/alejar, arrastra para moverte; "
            "pulsa un pod, un Service o un Ingress para ver su YAML."
            if self.backend != "html"
            else "Elige un objeto en la lista para ver su YAML."
        )
        self.yaml = w.HTML()
        self.yaml.add_class("k8slab-yaml-panel")
        box = w.VBox(
            [
                w.HBox([self.picker, self.refresh_button]),
                w.HTML(f"<small>{hint}</small>"),
                self.view,
                self.yaml,
            ]
        )
        box.add_class("k8slab-graph-explorer")
        return box

    def _on_view_selected(self, change: dict) -> None:
        if change["new"] and change["new"] != self.selected:
            self.select(change["new"])

    def _on_picker(self, change: dict) -> None:
        if change["new"] and change["new"] != self.selected:
            self.select(change["new"])

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if self.widget is None:
            return self.graph._repr_mimebundle_(include=include, exclude=exclude)
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        return f"<k8slab GraphExplorer ({self.backend or 'static'}): {self.graph!r}>"


def graph_widget(lab: Any = None, *, backend: str | None = None, **graph_kw: Any) -> GraphExplorer:
    """``lab.graph(...)`` as a live widget (zoom; click a pod or Service to see its YAML).

    Parameters:
        lab: the cluster (default: the notebook's current cluster).
        backend: ``"wasm"``, ``"svg"`` or ``"html"`` (default: the best available).
        graph_kw: as ``lab.graph`` (``namespace``, ``service``, ``trace``, ``show_system``).

    Without a widget library, or while nbgrader executes, it displays as ``lab.graph()``.
    """
    return GraphExplorer(lab, backend=backend, **graph_kw)


__all__ = [
    "BACKENDS",
    "GraphExplorer",
    "available_backends",
    "graph_widget",
    "interactive_available",
    "object_ids",
]
