"""Golden submissions for lab 04-kube-proxy."""

from .golden import CHEATS

LAB = "04-kube-proxy"

WEB_NODEPORT = (
    '"""\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n'
    "  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: http\n"
    '    nodePort: 30080\n"""'
)


def students() -> dict:
    from k8slab.checks.lab04_kube_proxy import cadenas_primera_peticion, nodos_nodeport

    svc, sep = cadenas_primera_peticion()
    dnat, nodo_pod = nodos_nodeport()
    correct = {
        "l4-ej1-respuesta": (
            'comando_kube_proxy = "kubectl get pods -n kube-system -o wide"\npods_kube_proxy = 3'
        ),
        "l4-ej2-respuesta": f"cadena_servicio = {svc!r}\ncadena_endpoint = {sep!r}",
        "l4-ej3-respuesta": "probabilidades = [0.25, 0.333, 0.5]",
        "l4-ej4-respuesta": f"web_nodeport_yaml = {WEB_NODEPORT}",
        "l4-ej5-respuesta": f"nodo_dnat = {dnat!r}\nnodo_pod = {nodo_pod!r}",
    }
    partly = dict(correct)
    # ej1: no -o wide (no NODE column) → the command loses its point, the count keeps it.
    partly["l4-ej1-respuesta"] = (
        'comando_kube_proxy = "kubectl get pods -n kube-system"\npods_kube_proxy = 3'
    )
    # ej2: the right shape, a KUBE-SEP chain of another Service → forma only.
    partly["l4-ej2-respuesta"] = (
        f"cadena_servicio = {svc!r}\ncadena_endpoint = 'KUBE-SEP-V2PECCYPB6X2GSCW'"
    )
    # ej3: 1/4 on every rule → forma only.
    partly["l4-ej3-respuesta"] = "probabilidades = [0.25, 0.25, 0.25]"
    # ej4: a NodePort without the fixed port → forma only.
    partly["l4-ej4-respuesta"] = (
        f"web_nodeport_yaml = {WEB_NODEPORT.replace(chr(10) + '    nodePort: 30080', '')}"
    )
    wrong = {
        "l4-ej1-respuesta": 'comando_kube_proxy = "kubectl get pods"\npods_kube_proxy = 2',
        "l4-ej2-respuesta": "cadena_servicio = 'KUBE-SERVICES'\ncadena_endpoint = 'DNAT'",
        "l4-ej3-respuesta": "probabilidades = [1, 1, 1, 1]",
        "l4-ej4-respuesta": "web_nodeport_yaml = 'kind: Service'",
        "l4-ej5-respuesta": "nodo_dnat = 'node-9'\nnodo_pod = 'node-9'",
    }
    students = {
        "correcto": (correct, 10),
        "parcial": (partly, 5),  # ej1 pods 1 + ej2 forma 1 + ej3 forma 1 + ej4 forma 1 + ej5 1
        "blanco": ({}, 0),
    }
    for name in ("monkeypatch", "eq"):
        answers = dict(wrong)
        answers["l4-ej1-respuesta"] = CHEATS[name] + answers["l4-ej1-respuesta"]
        if name == "eq":
            answers["l4-ej2-respuesta"] = (
                CHEATS[name]
                + "cadena_servicio = Siempre('KUBE-SVC-X')\ncadena_endpoint = Siempre('KUBE-SEP-X')"
            )
            answers["l4-ej1-respuesta"] = (
                CHEATS[name] + "comando_kube_proxy = Siempre('kubectl')\n"
                "class N(int):\n    def __eq__(s, o):\n        return True\n"
                "pods_kube_proxy = N(0)"
            )
        students[f"trampa-{name}"] = (answers, 0)
    return students
