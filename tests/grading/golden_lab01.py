"""Golden submissions for lab 01-services."""

from .golden import CHEATS, WRONG_YAML

LAB = "01-services"


def students() -> dict:
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
