"""Golden submissions for lab 03-tipos-de-service."""

from .golden import CHEATS, WRONG_YAML

LAB = "03-tipos-de-service"

CATALOGO = (
    '"""\napiVersion: v1\nkind: Service\nmetadata:\n  name: catalogo\nspec:\n  type: NodePort\n'
    "  selector:\n    app: catalogo\n  ports:\n  - port: 80\n    targetPort: http\n"
    '    nodePort: 30080\n"""'
)
TIENDA = (
    '"""\napiVersion: v1\nkind: Service\nmetadata:\n  name: tienda\nspec:\n  type: LoadBalancer\n'
    '  selector:\n    app: tienda\n  ports:\n  - port: 80\n    targetPort: 5678\n"""'
)


def students() -> dict:
    from k8slab.checks.lab03_tipos import (
        cluster_de_referencia,
        error_de_la_errata,
        node_port,
        pod_que_responde_en_nodo2,
        rango_nodeport,
    )

    np = node_port(cluster_de_referencia())
    pod = pod_que_responde_en_nodo2()
    correct = {
        "l3-ej1-respuesta": f"catalogo_yaml = {CATALOGO}",
        "l3-ej2-respuesta": f"rango_nodeport = {rango_nodeport()!r}",
        "l3-ej3-respuesta": f"nodeport_nginx = {np}",
        "l3-ej4-respuesta": f"pod_nodo2 = {pod!r}",
        "l3-ej5-respuesta": f"error_errata = {error_de_la_errata()!r}",
        "l3-ej6-respuesta": f"tienda_lb_yaml = {TIENDA}",
    }
    partly = dict(correct)
    # A NodePort, but not the one asked for: forma 1/1, valores 0/2.
    partly["l3-ej1-respuesta"] = f"catalogo_yaml = {CATALOGO.replace('30080', '30081')}"
    # The Service's port, not the NodePort: 0/1.
    partly["l3-ej3-respuesta"] = "nodeport_nginx = 80"
    # The ClusterIP-from-outside error, not the typo's: 0/1.
    partly["l3-ej5-respuesta"] = "error_errata = 'Connection timed out'"
    # targetPort to the Service's port instead of the container's: forma 1/1, valores 0/2.
    partly["l3-ej6-respuesta"] = (
        f"tienda_lb_yaml = {TIENDA.replace('targetPort: 5678', 'targetPort: 80')}"
    )
    wrong = {
        "l3-ej1-respuesta": f"catalogo_yaml = {WRONG_YAML}",
        "l3-ej2-respuesta": "rango_nodeport = [0, 65535]",
        "l3-ej3-respuesta": "nodeport_nginx = 80",
        "l3-ej4-respuesta": "pod_nodo2 = 'nginx'",
        "l3-ej5-respuesta": "error_errata = 'ok'",
        "l3-ej6-respuesta": f"tienda_lb_yaml = {WRONG_YAML}",
    }
    students = {
        "correcto": (correct, 10),
        "parcial": (partly, 4),  # ej1 forma 1 + ej2 1 + ej4 1 + ej6 forma 1
        "blanco": ({}, 0),
    }
    for name in ("redefine", "eq"):
        answers = dict(wrong)
        answers["l3-ej1-respuesta"] = CHEATS[name] + answers["l3-ej1-respuesta"]
        if name == "eq":
            answers["l3-ej4-respuesta"] = CHEATS[name] + "pod_nodo2 = Siempre('x')"
            answers["l3-ej3-respuesta"] = (
                "class N(int):\n    def __eq__(s, o):\n        return True\nnodeport_nginx = N(0)"
            )
        students[f"trampa-{name}"] = (answers, 0)
    return students
