"""Rendering in each renderer situation: system dot, pip Graphviz (graphviz-pure) only, neither.

The situations are made by pointing PATH at a directory holding only the executables a test
wants, and by emptying the pip scripts directories k8slab also searches.
"""

from __future__ import annotations

import os
import shutil
import stat

import pytest

from k8slab.notebook import render
from k8slab.notebook.graph import build_graph
from k8slab.notebook.render import Graph, RenderError, find_renderers, render_svg

SMALL = 'digraph k8slab {\n\t"pod/default/web" [label="web\\n10.244.1.3"]\n}\n'


def _pip_graphviz() -> str | None:
    """The real graphviz-pure executable (not a pyenv shim), if the wheel is installed."""
    for d in render.script_dirs():
        found = shutil.which("graphviz-pure", path=d)
        if found:
            return os.path.realpath(found)
    found = shutil.which("graphviz-pure")
    return os.path.realpath(found) if found else None


@pytest.fixture
def only(tmp_path, monkeypatch):
    """``only({"dot": path_or_script_text, …})``: PATH holds exactly these executables."""

    def make(executables: dict[str, str]) -> None:
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir(exist_ok=True)
        for name, what in executables.items():
            target = bin_dir / name
            if what.startswith("#!"):
                target.write_text(what)
                target.chmod(target.stat().st_mode | stat.S_IEXEC)
            else:
                target.symlink_to(what)
        monkeypatch.setenv("PATH", str(bin_dir))
        monkeypatch.setattr(render, "script_dirs", lambda: [])

    return make


def _assert_svg(svg: str) -> None:
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    assert "<title>pod/default/web</title>" in svg


# ------------------------------------------------------------------ system dot
def test_system_dot_is_preferred(lab):
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("system Graphviz (dot) not installed")
    assert find_renderers()[0].name == "dot"
    g = Graph(SMALL)
    _assert_svg(g.svg())
    assert g.renderer == "dot"
    big = render.graph(lab, show_system=True)
    assert "<svg" in big.svg() and "svc/default/nginx" in big.svg()


def test_system_dot_only(only):
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("system Graphviz (dot) not installed")
    only({"dot": dot})
    assert [r.name for r in find_renderers()] == ["dot"]
    svg, renderer = render_svg(SMALL)
    _assert_svg(svg)
    assert renderer.name == "dot"


# ------------------------------------------------------------- pip Graphviz only
def test_pip_graphviz_only_on_path(only):
    exe = _pip_graphviz()
    if exe is None:
        pytest.skip("graphviz-pure not installed")
    only({"graphviz-pure": exe})
    assert [r.name for r in find_renderers()] == ["graphviz-pure"]
    g = Graph(SMALL)
    _assert_svg(g.svg())
    assert g.renderer == "graphviz-pure"


def test_pip_graphviz_found_next_to_python_when_not_on_path(only, monkeypatch, tmp_path):
    """A kernel started without its virtualenv's bin on PATH still finds graphviz-pure."""
    exe = _pip_graphviz()
    if exe is None:
        pytest.skip("graphviz-pure not installed")
    only({})
    scripts = tmp_path / "venv-bin"
    scripts.mkdir()
    (scripts / "graphviz-pure").symlink_to(exe)
    monkeypatch.setattr(render, "script_dirs", lambda: [str(scripts)])
    assert [r.name for r in find_renderers()] == ["graphviz-pure"]
    _assert_svg(render_svg(SMALL)[0])


def test_failing_dot_falls_back_to_pip_graphviz(only):
    exe = _pip_graphviz()
    if exe is None:
        pytest.skip("graphviz-pure not installed")
    only({"dot": "#!/bin/sh\necho 'dot: broken' >&2\nexit 3\n", "graphviz-pure": exe})
    svg, renderer = render_svg(SMALL)
    _assert_svg(svg)
    assert renderer.name == "graphviz-pure"


# ------------------------------------------------------------------ neither
def test_no_renderer_gives_the_text_fallback(only, lab):
    only({})
    assert find_renderers() == []
    g = render.graph(lab)
    assert g._repr_svg_() is None
    html = g._repr_html_()
    assert "No se ha encontrado Graphviz" in html
    assert "apt-get install graphviz" in html and "pip install graphviz-pure" in html
    assert "&quot;svc/default/nginx&quot; -&gt; &quot;pod/default/nginx-" in html
    bundle = g._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/plain"] == g.source
    with pytest.raises(RenderError, match="no Graphviz renderer"):
        g.svg()


def test_every_renderer_failing_gives_the_text_fallback(only):
    only({"dot": "#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 1\n"})
    with pytest.raises(RenderError) as err:
        render_svg(SMALL)
    assert str(err.value) == "dot: exit 1: Error: syntax error in line 1"
    g = Graph(SMALL)
    assert set(g._repr_mimebundle_()) == {"text/html", "text/plain"}


def test_renderer_timeout(only):
    only({"dot": "#!/bin/sh\nexec /bin/sleep 5\n"})
    with pytest.raises(RenderError, match="timed out"):
        render_svg(SMALL, timeout=0.2)


# ------------------------------------------------------------ display objects
def test_graph_shows_as_static_svg_in_ipython(lab):
    if not find_renderers():
        pytest.skip("no Graphviz renderer installed")
    from IPython.core.interactiveshell import InteractiveShell

    g = render.graph(lab)
    data, _ = InteractiveShell.instance().display_formatter.format(g)
    # image/svg+xml alone (no text/html): what JupyterLab, VS Code, nbconvert and nbgrader keep.
    assert set(data) == {"image/svg+xml", "text/plain"}
    assert data["image/svg+xml"].startswith("<svg")
    assert data["text/plain"].startswith("<k8slab Graph: ")
    assert g._repr_html_() is None
    assert g.source == build_graph(lab).source


def test_graph_renders_once(lab, monkeypatch):
    if not find_renderers():
        pytest.skip("no Graphviz renderer installed")
    g = render.graph(lab)
    first = g.svg()
    monkeypatch.setattr(render, "find_renderers", lambda: [])
    assert g.svg() is first
    assert g._repr_mimebundle_()["image/svg+xml"] is first


def test_graph_save(lab, tmp_path):
    g = render.graph(lab)
    g.save(tmp_path / "g.dot")
    assert (tmp_path / "g.dot").read_text() == g.source
    if find_renderers():
        g.save(tmp_path / "g.svg")
        assert (tmp_path / "g.svg").read_text().startswith("<svg")


def test_nbconvert_html_keeps_the_svg(lab):
    nbconvert = pytest.importorskip("nbconvert")
    nbformat = pytest.importorskip("nbformat")
    if not find_renderers():
        pytest.skip("no Graphviz renderer installed")
    from IPython.core.interactiveshell import InteractiveShell

    data, _ = InteractiveShell.instance().display_formatter.format(render.graph(lab))
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("%k8slab graph")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
    nb.cells.append(cell)
    html, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    # nbconvert >= 7.17 embeds SVG outputs as data URIs; older versions inline them.
    import base64
    import re

    svgs = [base64.b64decode(m).decode() for m in
            re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)]
    inline = "<svg" in html and "svc/default/nginx" in html
    assert inline or any("svc/default/nginx" in s for s in svgs)
