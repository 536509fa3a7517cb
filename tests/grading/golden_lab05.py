"""Golden submissions for lab 05-ingress."""

from .golden import CHEATS, WRONG_YAML

LAB = "05-ingress"


def _ingress(
    name: str, host: str, paths: list[tuple[str, str]], *, tls: str = "", kind: str = "Prefix"
) -> str:
    lines = [
        "apiVersion: networking.k8s.io/v1",
        "kind: Ingress",
        "metadata:",
        f"  name: {name}",
        "spec:",
        "  ingressClassName: nginx",
    ]
    if tls:
        lines += ["  tls:", "  - hosts:", f"    - {host}", f"    secretName: {tls}"]
    lines += ["  rules:", f"  - host: {host}", "    http:", "      paths:"]
    for path, svc in paths:
        lines += [
            f"      - path: {path}",
            f"        pathType: {kind}",
            "        backend:",
            "          service:",
            f"            name: {svc}",
            "            port:",
            "              number: 80",
        ]
    return '"""\n' + "\n".join(lines) + '\n"""'


MY_NGINX = _ingress("my-nginx", "nginx.my.com", [("/", "nginx")])
ECO_PATHS = [("/v1", "eco-v1"), ("/v2", "eco-v2")]
ECO = _ingress("eco", "eco.my.com", ECO_PATHS)
ECO_TLS = _ingress("eco", "eco.my.com", ECO_PATHS, tls="eco-tls")


def students() -> dict:
    from k8slab.checks.lab05_ingress import nodeport_de_referencia, servicios_tienda

    nodeport = nodeport_de_referencia()
    correct = {
        "l5-ej1-respuesta": f"nodeport_http = {nodeport}\ncodigo_sin_ingress = 404",
        "l5-ej2-respuesta": f"ingress_nginx_yaml = {MY_NGINX}",
        "l5-ej3-respuesta": f"ingress_eco_yaml = {ECO}",
        "l5-ej4-respuesta": f"ingress_eco_tls_yaml = {ECO_TLS}",
        "l5-ej5-respuesta": f"servicios = {servicios_tienda()!r}",
    }
    partly = dict(correct)
    # ej1: the Service's port instead of its NodePort → only the 404 counts.
    partly["l5-ej1-respuesta"] = "nodeport_http = 80\ncodigo_sin_ingress = 404"
    # ej2: no ingressClassName → applies (forma), ignored by the controller (valores 0).
    partly["l5-ej2-respuesta"] = (
        f"ingress_nginx_yaml = {MY_NGINX.replace('  ingressClassName: nginx' + chr(10), '')}"
    )
    # ej3: Exact paths → /v1/estado is a 404 (forma only).
    partly["l5-ej3-respuesta"] = (
        f"ingress_eco_yaml = {_ingress('eco', 'eco.my.com', ECO_PATHS, kind='Exact')}"
    )
    # ej5: every request to the shop's web.
    partly["l5-ej5-respuesta"] = "servicios = ['web', 'web', 'web', 'web']"
    wrong = {
        "l5-ej1-respuesta": "nodeport_http = 1\ncodigo_sin_ingress = 200",
        "l5-ej2-respuesta": f"ingress_nginx_yaml = {WRONG_YAML}",
        "l5-ej3-respuesta": f"ingress_eco_yaml = {WRONG_YAML}",
        "l5-ej4-respuesta": f"ingress_eco_tls_yaml = {WRONG_YAML}",
        "l5-ej5-respuesta": "servicios = []",
    }
    students = {
        "correcto": (correct, 10),
        "parcial": (partly, 5),  # ej1 código 1 + ej2 forma 1 + ej3 forma 1 + ej4 2
        "blanco": ({}, 0),
    }
    for name in ("redefine", "fake"):
        answers = dict(wrong)
        answers["l5-ej1-respuesta"] = CHEATS[name] + answers["l5-ej1-respuesta"]
        students[f"trampa-{name}"] = (answers, 0)
    return students
