"""Golden submissions per lab: the answer cells each simulated student writes, and the exact
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
    # A cell that never ends (interrupted by the cell timeout).
    "loop": "while True:\n    pass\n",
}


def lab01() -> dict:
    from k8slab.checks.lab01_services import pod_que_responde

    pod = pod_que_responde()
    web = '"""\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: http\n"""'
    tienda = '"""\napiVersion: v1\nkind: Service\nmetadata:\n  name: tienda\nspec:\n  selector:\n    app: tienda\n  ports:\n  - port: 80\n    targetPort: 5678\n"""'
    api = '"""\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n  - port: 8080\n    targetPort: metrics\n"""'
    api_by_number = api.replace("targetPort: metrics", "targetPort: 9090")
    correct = {
        "l1-ej1-respuesta": f"servicio_web_yaml = {web}",
        "l1-ej2-respuesta": f"tienda_yaml = {tienda}",
        "l1-ej3-respuesta": f"respuesta_pod = {pod!r}",
        "l1-ej4-respuesta": "endpoints_listos = 2",
        "l1-ej5-respuesta": f"servicio_api_yaml = {api}",
    }
    partly = dict(correct)
    partly["l1-ej2-respuesta"] = f"tienda_yaml = {tienda.replace('app: tienda', 'app: tiend')}"
    partly["l1-ej4-respuesta"] = "endpoints_listos = 3"
    partly["l1-ej5-respuesta"] = f"servicio_api_yaml = {api_by_number}"
    wrong = {
        "l1-ej1-respuesta": f"servicio_web_yaml = {WRONG_YAML}",
        "l1-ej2-respuesta": f"tienda_yaml = {WRONG_YAML}",
        "l1-ej3-respuesta": "respuesta_pod = 'nginx'",
        "l1-ej4-respuesta": "endpoints_listos = 7",
        "l1-ej5-respuesta": f"servicio_api_yaml = {WRONG_YAML}",
    }
    students = {
        "correcto": (correct, 10),
        "parcial": (partly, 5),  # ej1 3 + ej3 1 + ej5 forma 1
        "blanco": ({}, 0),
    }
    for name, code in CHEATS.items():
        answers = dict(wrong)
        answers["l1-ej1-respuesta"] = code + answers["l1-ej1-respuesta"]
        if name == "eq":
            answers["l1-ej3-respuesta"] = code + "respuesta_pod = Siempre('x')"
            answers["l1-ej4-respuesta"] = (
                "class N(int):\n    def __eq__(s, o):\n        return True\nendpoints_listos = N(0)"
            )
        students[f"trampa-{name}"] = (answers, 0)
    return students


GOLDEN = {"01-services": lab01}
