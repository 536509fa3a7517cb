"""The extension in a real Jupyter kernel (nbclient): the seed's write-file-then-apply flow,
an error shown as kubectl's text (a stderr stream, not an error output), and the graph as a
static SVG output."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from k8slab.notebook.render import find_renderers

from .conftest import COURSE_DEPLOYMENT, COURSE_SERVICE


def test_magics_in_a_real_kernel(tmp_path):
    cells = [
        "%load_ext k8slab.notebook",
        "%%writefile deployment.yaml\n" + COURSE_DEPLOYMENT,
        "%%writefile service.yaml\n" + COURSE_SERVICE,
        "%kubectl apply -f deployment.yaml -f service.yaml",
        "%kubectl get foo",
        "%k8slab graph",
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [c.outputs for c in nb.cells]
    assert not [o for out in outputs for o in out if o.output_type == "error"]
    assert outputs[3] == [
        nbformat.v4.new_output(
            "stream", name="stdout", text="deployment.apps/nginx created\nservice/nginx created\n"
        )
    ]
    assert outputs[4][0].name == "stderr"
    assert outputs[4][0].text == 'error: the server doesn\'t have a resource type "foo"\n'
    data = outputs[5][0].data
    if find_renderers():
        assert set(data) == {"image/svg+xml", "text/plain"}
        assert "svc/default/nginx" in data["image/svg+xml"]
    else:
        assert "No se ha encontrado Graphviz" in data["text/html"]
