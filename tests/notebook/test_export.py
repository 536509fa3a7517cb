"""An executed notebook exported to HTML (nbconvert) still shows its graphs and explorers.

The notebook runs in a real kernel (nbclient), as ``jupyter nbconvert --execute --to html``
and nbgrader's feedback do; the HTML must carry the static SVG of ``lab.graph()`` and, while
nbgrader executes (``NBGRADER_EXECUTION`` set), the explorers' static HTML.
"""

from __future__ import annotations

import base64
import html
import re

import pytest

from k8slab.notebook import find_renderers

from .conftest import LABS

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
nbconvert = pytest.importorskip("nbconvert")

SETUP = """\
from k8slab import Cluster
lab = Cluster()
print(lab.kubectl("apply -f deployment.yaml -f service.yaml"))"""


def _run(cells: list[str]):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(LABS)}}
    ).execute()
    for cell in nb.cells:
        for out in cell.outputs:
            assert out.get("output_type") != "error", out
    return nb


def _export(nb) -> str:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    return body


def _svgs(body: str) -> list[str]:
    """Every SVG picture in an exported page: inline ``<svg>`` elements, or (nbconvert 7.17+)
    ``<img src="data:image/svg+xml;base64,…">``, decoded."""
    found = re.findall(r"<svg\b.*?</svg>", body, flags=re.S)
    for data in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=\s]+)"', body):
        found.append(base64.b64decode(data).decode("utf-8"))
    return [html.unescape(s) for s in found]


def test_graph_svg_survives_html_export():
    """Is lab.graph()'s SVG, with the Service and its pods, inside the exported HTML?"""
    if not find_renderers():
        pytest.skip("no Graphviz renderer (dot or graphviz-pure): lab.graph() shows its DOT text")
    nb = _run([SETUP, "lab.graph()"])
    out = nb.cells[1].outputs[0]
    assert "image/svg+xml" in out["data"]
    svgs = [s for s in _svgs(_export(nb)) if "<title>k8slab</title>" in s]
    assert len(svgs) == 1
    text = svgs[0]
    assert "<title>svc/default/nginx</title>" in text
    assert len(re.findall(r"<title>pod/default/nginx-[a-z0-9]+-[a-z0-9]{5}</title>", text)) == 3


def test_trace_graph_survives_html_export():
    """Does the highlighted path of a request (numbered red steps) reach the HTML too?"""
    if not find_renderers():
        pytest.skip("no Graphviz renderer (dot or graphviz-pure)")
    nb = _run(
        [
            SETUP,
            'ip = lab.api.get("Service", "default", "nginx")["spec"]["clusterIP"]\n'
            'r = lab.curl(f"http://{ip}", from_="node/node-1")\n'
            "lab.graph(trace=r)",
        ]
    )
    svgs = [s for s in _svgs(_export(nb)) if "<title>k8slab</title>" in s]
    assert len(svgs) == 1 and "#d32f2f" in svgs[0].lower()


def test_text_fallback_is_exported_without_a_renderer(monkeypatch, tmp_path):
    """With no renderer on PATH in the kernel, does the HTML carry the DOT text and the note?"""
    monkeypatch.setenv("PATH", str(tmp_path))  # the kernel finds neither dot nor graphviz-pure
    nb = _run(
        [
            SETUP,
            "import k8slab.notebook.render as r\nr.script_dirs = lambda: []\nlab.graph()",
        ]
    )
    body = html.unescape(_export(nb))
    assert "No se ha encontrado Graphviz" in body
    assert "digraph k8slab" in body


def test_explorers_export_their_static_html_under_nbgrader(monkeypatch):
    """While nbgrader executes, do explorers export as static HTML (chart, rules, graph)?"""
    pytest.importorskip("ipywidgets")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    nb = _run(
        [
            SETUP,
            "from k8slab.notebook.widgets import ServiceExplorer, IptablesExplorer\n"
            "ex = ServiceExplorer(lab, 'nginx')\n"
            "ex.send(12)\n"
            "ex",
            "IptablesExplorer(lab, service='default/nginx')",
            "from k8slab.notebook.interactive import graph_widget\ngraph_widget(lab)",
        ]
    )
    for cell in nb.cells[1:]:
        data = cell.outputs[-1]["data"]
        assert "application/vnd.jupyter.widget-view+json" not in data
    body = html.unescape(_export(nb))
    assert "Explorador de Services" in body and "(total: 12)" in body
    assert 'class="k8slab-bar"' in body
    assert "Explorador de iptables" in body and "KUBE-SVC-" in body and "33,3 %" in body
