"""The welcome notebook runs top to bottom under nbclient (a real Jupyter kernel)."""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

LABS = Path(__file__).resolve().parents[2] / "labs"


def _outputs(nb):
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            out.append(o.get("text", ""))
            assert o.get("output_type") != "error", o
    return out


def test_welcome_notebook_runs_and_shows_the_service():
    nb = nbformat.read(LABS / "00-bienvenida.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(LABS)}}
    ).execute()
    text = "\n".join(_outputs(nb))
    assert "error: Unexpected args: [service.yaml]" in text
    assert "deployment.apps/nginx created\nservice/nginx created" in text
    assert "deployment.apps/nginx unchanged\nservice/nginx unchanged" in text
    assert "Selector:                 app=nginx" in text
    lines = [line.split() for line in text.splitlines()]
    assert any(row[:2] == ["nginx", "ClusterIP"] for row in lines)


def test_welcome_notebook_is_deterministic():
    runs = []
    for _ in range(2):
        nb = nbformat.read(LABS / "00-bienvenida.ipynb", as_version=4)
        NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(LABS)}}
        ).execute()
        runs.append(_outputs(nb))
    assert runs[0] == runs[1]
