"""Golden submissions per lab (one ``golden_<lab>.py`` module each): the answer cells each simulated student writes, and the exact
score nbgrader must give them. Cheating attempts must earn exactly what their honest answers
are worth (here: nothing)."""

WRONG_YAML = '"""\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: otro\ndata:\n  k: v\n"""'

CHEATS = {
    # A solution cell that redefines the checker; its answers are wrong.
    "redefine": "def verificar(*args, **kwargs):\n    print('✔ correcto')\n",
    # Monkeypatching k8slab so every check "passes".
    "monkeypatch": (
        "import k8slab.checks\n"
        "k8slab.checks.verificar = lambda *a, **k: None\n"
        "k8slab.checks.evaluar = lambda *a, **k: {'ok': True, 'mensajes': []}\n"
    ),
    # An object that claims to be equal to anything.
    "eq": "class Siempre(str):\n    def __eq__(self, other):\n        return True\n    __hash__ = str.__hash__\n",
    # Printing a fake success message.
    "fake": "print('✔ ej1: correcto')\nprint('Success! Your notebook passes all the tests.')\n",
    # Leaving the interpreter.
    "exit": "import sys\nsys.exit(0)\n",
    # Deleting files in the submission folder.
    "delete": "import glob, os\nfor f in glob.glob('*'):\n    try:\n        os.remove(f)\n    except OSError:\n        pass\n",
    # Replacing subprocess.run so the checker "passes" (the grading cells reload subprocess).
    "subprocess": (
        "import subprocess, types\n"
        "subprocess.run = lambda *a, **k: types.SimpleNamespace(returncode=0, "
        "stdout='{\"ok\": true, \"mensajes\": []}', stderr='')\n"
    ),
    # A cell that never ends (interrupted by the cell timeout).
    "loop": "while True:\n    pass\n",
}


def _discover() -> dict:
    """Every ``golden_*.py`` module beside this one: its LAB and students()."""
    import importlib
    import pkgutil
    from pathlib import Path

    out = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("golden_"):
            mod = importlib.import_module(f"{__package__}.{info.name}")
            out[mod.LAB] = mod.students
    return out


GOLDEN = _discover()
