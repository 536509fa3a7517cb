"""k8slab's DOT writer writes exactly what the graphviz package writes (graphviz.quoting)."""

from __future__ import annotations

import pytest

from k8slab.notebook.dot import Digraph, new_digraph, quote


def _sample(g):
    g.attr(rankdir="LR", fontname="Helvetica")
    g.attr("node", shape="box")
    with g.subgraph(name="cluster_node_node-1") as s:
        s.attr(label="node-1\\n172.18.0.3", style="rounded")
        s.node("pod/default/web", "web\\n10.244.1.3", color="#2e7d32", penwidth=None)
        with s.subgraph(name="cluster_inner") as t:
            t.node("graph")
    g.edge("svc/default/web", "pod/default/web", label='say "hi"', style="dashed")
    return g.source


def test_quote_matches_graphviz_rules():
    """Are IDs, keywords, HTML-like labels and embedded quotes quoted as graphviz does?"""
    assert quote("spam") == "spam"
    assert quote("node-1") == '"node-1"'
    assert quote("-4.2") == "-4.2"
    assert quote("graph") == '"graph"'
    assert quote("<<b>x</b>>") == "<<b>x</b>>"
    assert quote('a "b"') == '"a \\"b\\""'
    assert quote('\\"') == '"\\""'


def test_fallback_writer_output_is_literal_dot():
    """Does the fallback writer produce tab-indented DOT with sorted attributes?"""
    assert _sample(Digraph("k8slab")) == (
        "digraph k8slab {\n"
        "\tfontname=Helvetica rankdir=LR\n"
        "\tnode [shape=box]\n"
        '\tsubgraph "cluster_node_node-1" {\n'
        '\t\tlabel="node-1\\n172.18.0.3" style=rounded\n'
        '\t\t"pod/default/web" [label="web\\n10.244.1.3" color="#2e7d32"]\n'
        "\t\tsubgraph cluster_inner {\n"
        '\t\t\t"graph"\n'
        "\t\t}\n"
        "\t}\n"
        '\t"svc/default/web" -> "pod/default/web" [label="say \\"hi\\"" style=dashed]\n'
        "}\n"
    )


def test_fallback_writer_equals_graphviz_package():
    """Same calls → byte-identical source from graphviz.Digraph and k8slab's writer?"""
    pytest.importorskip("graphviz")
    assert _sample(new_digraph("k8slab", use_graphviz=True)) == _sample(
        new_digraph("k8slab", use_graphviz=False)
    )


def test_new_digraph_without_graphviz_package(monkeypatch):
    """Without the graphviz package installed, is k8slab's own writer used?"""
    import builtins

    real_import = builtins.__import__

    def no_graphviz(name, *args, **kw):
        if name == "graphviz":
            raise ImportError("No module named 'graphviz'")
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", no_graphviz)
    assert isinstance(new_digraph("k8slab"), Digraph)
    with pytest.raises(ImportError):
        new_digraph("k8slab", use_graphviz=True)
