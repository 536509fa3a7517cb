"""Golden submissions for lab 02-dns."""

from .golden import CHEATS, WRONG_YAML

LAB = "02-dns"

PAGOS = (
    '"""\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: pagos\n---\napiVersion: v1\n'
    "kind: Service\nmetadata:\n  name: cobros\n  namespace: pagos\nspec:\n  selector:\n"
    '    app: cobros\n  ports:\n  - port: 80\n    targetPort: http\n"""'
)
BD = (
    '"""\napiVersion: v1\nkind: Service\nmetadata:\n  name: bd\nspec:\n  clusterIP: None\n'
    '  selector:\n    app: bd\n  ports:\n  - name: sql\n    port: 5432\n"""'
)


def students() -> dict:
    from k8slab.checks.lab02_dns import (
        NOMBRE_COMPLETO_SIN_PUNTO,
        NOMBRE_CON_NAMESPACE,
        intentos,
        rcode_desde_nodo,
    )

    corto, completo = intentos(NOMBRE_CON_NAMESPACE), intentos(NOMBRE_COMPLETO_SIN_PUNTO)
    correct = {
        "l2-ej1-respuesta": 'fqdn_dns = "kube-dns.kube-system.svc.cluster.local"',
        "l2-ej2-respuesta": f"intentos_corto = {corto}\nintentos_completo = {completo}",
        "l2-ej3-respuesta": f"rcode_nodo = {rcode_desde_nodo()!r}",
        "l2-ej4-respuesta": f"pagos_yaml = {PAGOS}",
        "l2-ej5-respuesta": f"bd_yaml = {BD}",
    }
    partly = dict(correct)
    # A short name (works only thanks to the search list): ej1 0/1.
    partly["l2-ej1-respuesta"] = 'fqdn_dns = "kube-dns.kube-system"'
    # The full name without the final dot costs more than one query: ej2 1/2.
    partly["l2-ej2-respuesta"] = f"intentos_corto = {corto}\nintentos_completo = 1"
    # targetPort to a port nobody serves: forma 1/1, valores 0/2.
    partly["l2-ej4-respuesta"] = (
        f"pagos_yaml = {PAGOS.replace('targetPort: http', 'targetPort: 9090')}"
    )
    # Not headless: forma 1/1, valores 0/2.
    partly["l2-ej5-respuesta"] = f"bd_yaml = {BD.replace('  clusterIP: None' + chr(10), '')}"
    wrong = {
        "l2-ej1-respuesta": 'fqdn_dns = "kube-dns"',
        "l2-ej2-respuesta": "intentos_corto = 9\nintentos_completo = 9",
        "l2-ej3-respuesta": "rcode_nodo = 'NOERROR'",
        "l2-ej4-respuesta": f"pagos_yaml = {WRONG_YAML}",
        "l2-ej5-respuesta": f"bd_yaml = {WRONG_YAML}",
    }
    students = {
        "correcto": (correct, 10),
        "parcial": (partly, 4),  # ej2 corto 1 + ej3 1 + ej4 forma 1 + ej5 forma 1
        "blanco": ({}, 0),
    }
    for name in ("monkeypatch", "eq"):
        answers = dict(wrong)
        answers["l2-ej1-respuesta"] = CHEATS[name] + answers["l2-ej1-respuesta"]
        if name == "eq":
            answers["l2-ej1-respuesta"] = CHEATS[name] + "fqdn_dns = Siempre('x')"
            answers["l2-ej2-respuesta"] = (
                "class N(int):\n    def __eq__(s, o):\n        return True\n"
                "intentos_corto = N(0)\nintentos_completo = N(0)"
            )
        students[f"trampa-{name}"] = (answers, 0)
    return students
