"""Checks for lab 05-ingress (the ingress-nginx controller, host and path rules, TLS, classes)."""

from __future__ import annotations

import base64

from k8slab import ApiError, Cluster, ManifestError
from k8slab.checks.common import es_texto, ok, unico
from k8slab.checks.lab01_services import NGINX
from k8slab.checks.registry import Fallo, Paso, ejecutar

LAB = "05-ingress"

SEMILLA = 2026  # the seed of the cluster the routing questions are about

# The controller: the last ingress-nginx release (baremetal = a NodePort Service).
DEPLOY_URL = (
    "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.15.1/"
    "deploy/static/provider/baremetal/deploy.yaml"
)
# The URL the course's slides use (2020): its RBAC v1beta1 objects no longer exist.
URL_CURSO = (
    "https://raw.githubusercontent.com/kubernetes/ingress-nginx/nginx-0.30.0/"
    "deploy/static/mandatory.yaml"
)
CONTROLADOR_NS = "ingress-nginx"
CONTROLADOR_SVC = "ingress-nginx-controller"

# A self-signed certificate for nginx.my.com and eco.my.com (EC P-256, valid 2025-2125), made
# once for the course with the ``cryptography`` package. The lab folder ships the same text as
# my-com.crt / my-com.key (a test checks they agree).
CERT_PEM = """\
-----BEGIN CERTIFICATE-----
MIIBmTCCAT+gAwIBAgIUawNIaYcP4URqgNas9pZLAuMdAh4wCgYIKoZIzj0EAwIw
MDEXMBUGA1UECgwOazhzbGFiIChjdXJzbykxFTATBgNVBAMMDG5naW54Lm15LmNv
bTAgFw0yNTAxMDEwMDAwMDBaGA8yMTI1MDEwMTAwMDAwMFowMDEXMBUGA1UECgwO
azhzbGFiIChjdXJzbykxFTATBgNVBAMMDG5naW54Lm15LmNvbTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABISf9KhWGz7fCJVj0/eNKUtt/TRaRjxiEILtIgyfRtUy
tGoN8ScxUaRmTkNMslWKWdM9UWgsopJRpyhmyoOLj5+jNTAzMCMGA1UdEQQcMBqC
DG5naW54Lm15LmNvbYIKZWNvLm15LmNvbTAMBgNVHRMBAf8EAjAAMAoGCCqGSM49
BAMCA0gAMEUCIEWcn7/j9042BQbMW/m1CDrra+QZt35hw7pBKV/OBlLzAiEAnNp5
ryCdF2rWpFgpI91UoZRC/s8a9DVcFyg76ky6wWI=
-----END CERTIFICATE-----
"""

KEY_PEM = """\
-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIFaX/Wc5WyWlD9hOQ0zrFEUtUsQxOnkhDlP1Rplmr6xcoAoGCCqGSM49
AwEHoUQDQgAEhJ/0qFYbPt8IlWPT940pS239NFpGPGIQgu0iDJ9G1TK0ag3xJzFR
pGZOQ0yyVYpZ0z1RaCyiklGnKGbKg4uPnw==
-----END EC PRIVATE KEY-----
"""


def _echo(nombre: str, texto: str) -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {nombre}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: {nombre}
  template:
    metadata:
      labels:
        app: {nombre}
    spec:
      containers:
      - name: {nombre}
        image: hashicorp/http-echo
        args: ["-text={texto}"]
        ports:
        - containerPort: 5678
---
apiVersion: v1
kind: Service
metadata:
  name: {nombre}
spec:
  selector:
    app: {nombre}
  ports:
  - port: 80
    targetPort: 5678
"""


# Examples: a second "nginx" for the module's /v1 and /v2 example.
OTRO_NGINX = _echo("otro-nginx", "Soy otro-nginx")

# Exercises 3 and 4: two versions of an echo application.
ECO = _echo("eco-v1", "Soy la v1") + "---\n" + _echo("eco-v2", "Soy la v2")

# Exercise 5: a shop with three Services and one Ingress.
TIENDA = (
    _echo("web", "Soy web")
    + "---\n"
    + _echo("api", "Soy api")
    + "---\n"
    + _echo("api-v2", "Soy api-v2")
)
TIENDA_INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: tienda
spec:
  ingressClassName: nginx
  rules:
  - host: tienda.my.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              number: 80
      - path: /api/v2
        pathType: Exact
        backend:
          service:
            name: api-v2
            port:
              number: 80
"""
# The requests of exercise 5: (Host header, path).
PETICIONES_TIENDA = [
    ("tienda.my.com", "/api/v2"),
    ("tienda.my.com", "/api/v2/"),
    ("tienda.my.com", "/apiv2"),
    ("otra.my.com", "/api"),
]


def secreto_tls(nombre: str, namespace: str = "default") -> str:
    """A ``kubernetes.io/tls`` Secret manifest holding the course's certificate."""
    crt = base64.b64encode(CERT_PEM.encode()).decode()
    key = base64.b64encode(KEY_PEM.encode()).decode()
    return (
        f"apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: {nombre}\n"
        f"  namespace: {namespace}\ndata:\n  tls.crt: {crt}\n  tls.key: {key}\n"
    )


# ------------------------------------------------------------------------------ helpers
def con_controlador(seed: int = 0) -> Cluster:
    """A fresh cluster with the course's nginx and the ingress-nginx controller."""
    lab = Cluster(seed=seed)
    lab.apply(NGINX)
    lab.kubectl(f"apply -f {DEPLOY_URL}")
    return lab


def nodeports(lab: Cluster) -> dict[str, int]:
    """The controller Service's NodePorts by port name (``http``, ``https``)."""
    svc = lab.api.get("Service", CONTROLADOR_NS, CONTROLADOR_SVC)
    return {p["name"]: p["nodePort"] for p in svc["spec"]["ports"]}


def peticion(lab: Cluster, host: str | None, path: str = "/", *, https: bool = False):
    """curl from node-1 to 127.0.0.1:<NodePort> of the controller, with a Host header."""
    np = nodeports(lab)["https" if https else "http"]
    esquema = "https" if https else "http"
    headers = {"Host": host} if host else None
    return lab.curl(
        f"{esquema}://127.0.0.1:{np}{path}", headers=headers, from_="node/node-1", insecure=https
    )


def decision(lab: Cluster, host: str | None, path: str, scheme: str = "http"):
    """ingress-nginx's decision for one request (``k8slab.ingress.route``)."""
    from k8slab.ingress import controller_config_from_pod, route
    from k8slab.notebook.widgets import controller_pods

    pod = controller_pods(lab)[0]
    cfg = controller_config_from_pod(pod, reader=lab.api)
    return route(lab.api, controller=cfg, host=host, path=path, scheme=scheme)


def servicio_que_responde(lab: Cluster, host: str, path: str) -> str:
    """The Service a request reaches through the controller, or its status code as text."""
    d = decision(lab, host, path)
    if d.outcome == "backend" and d.backend is not None:
        return d.backend.service
    return str(d.status)


def nodeport_de_referencia() -> int:
    return nodeports(con_controlador(SEMILLA))["http"]


def codigo_sin_ingress() -> int:
    return peticion(con_controlador(SEMILLA), "nginx.my.com").status


def servicios_tienda() -> list[str]:
    lab = con_controlador(SEMILLA)
    lab.apply(TIENDA)
    lab.apply(TIENDA_INGRESS)
    return [servicio_que_responde(lab, h, p) for h, p in PETICIONES_TIENDA]


def aplicar_ingress(lab: Cluster, yaml_text: str, nombre: str) -> list[str]:
    """Apply the student's YAML; errors show kubectl's text and k8slab's Spanish hint."""
    es_texto(yaml_text, nombre)
    try:
        return lab.apply(yaml_text)
    except ManifestError as err:
        linea = f" (línea {err.line})" if err.line else ""
        raise Fallo(f"{nombre} no es YAML válido{linea}. kubectl dice:\n{err.message}") from None
    except ApiError as err:
        pista = f"\n{err.hint_es}" if getattr(err, "hint_es", "") else ""
        raise Fallo(f"Kubernetes rechaza {nombre}. kubectl dice:\n{err.message}{pista}") from None


def _ingress(lab: Cluster, yaml_text: str, nombre_var: str, nombre: str) -> dict:
    ing = unico(lab, "Ingress", aplicar_ingress(lab, yaml_text, nombre_var), nombre_var)
    if ing["metadata"]["name"] != nombre:
        raise Fallo(
            f"El Ingress debe llamarse {nombre} (metadata.name), no {ing['metadata']['name']!r}."
        )
    return ing


def _clase(c) -> None:
    spec = c["ing"]["spec"]
    anotaciones = c["ing"]["metadata"].get("annotations") or {}
    clase = spec.get("ingressClassName") or anotaciones.get("kubernetes.io/ingress.class")
    if clase is None:
        raise Fallo(
            "El Ingress no dice qué controlador debe atenderlo, y ingress-nginx ignora los "
            "Ingress sin clase. Añade spec.ingressClassName: nginx (kubectl get ingressclass)."
        )
    if clase != "nginx":
        raise Fallo(
            f"spec.ingressClassName es {clase!r}, pero la IngressClass del controlador se llama "
            "nginx (kubectl get ingressclass)."
        )


def _hosts(ing: dict) -> list[str | None]:
    return [r.get("host") for r in ing["spec"].get("rules") or []]


def _pod(r) -> str:
    return (r.pod or "").split("/", 1)[-1]


# ------------------------------------------------------------------------------ exercise 1
def ej1_nodeport(respuesta):
    if type(respuesta) is not int:
        return {"ok": False, "mensajes": ["nodeport_http debe ser un número entero."]}
    if not 30000 <= respuesta <= 32767:
        return {
            "ok": False,
            "mensajes": [
                f"{respuesta} no es un NodePort: los NodePorts van del 30000 al 32767. Mira la "
                "columna PORT(S) de kubectl get services -n ingress-nginx (el número tras «80:»)."
            ],
        }
    if respuesta != nodeport_de_referencia():
        return {
            "ok": False,
            "mensajes": [
                "Ese no es el NodePort http del controlador. Crea el clúster de la pregunta "
                f"(Cluster(seed={SEMILLA}), el nginx del curso y después el deploy.yaml) y mira "
                "kubectl get services -n ingress-nginx: en «80:NNNNN/TCP», NNNNN es el NodePort."
            ],
        }
    return ok()


def ej1_codigo(respuesta):
    if type(respuesta) is not int:
        return {"ok": False, "mensajes": ["codigo_sin_ingress debe ser un número entero."]}
    if respuesta != codigo_sin_ingress():
        return {
            "ok": False,
            "mensajes": [
                "No es ese código. Si ninguna regla de ningún Ingress coincide con la petición, "
                "responde el backend por defecto del controlador. Prueba %curl --from node/node-1 "
                '-H "Host: nginx.my.com" http://127.0.0.1:<NodePort> y mira r.status.'
            ],
        }
    return ok()


# ------------------------------------------------------------------------------ exercise 2
def _ej2_pasos(yaml_text):
    def aplica(c):
        c["lab"] = con_controlador()
        c["ing"] = _ingress(c["lab"], yaml_text, "ingress_nginx_yaml", "my-nginx")

    return aplica


def ej2_forma(yaml_text):
    return ejecutar([Paso("¿Se aplica y es el Ingress my-nginx?", _ej2_pasos(yaml_text))], {})


def ej2(yaml_text):
    def host(c):
        if "nginx.my.com" not in _hosts(c["ing"]):
            raise Fallo(
                "Ninguna regla del Ingress tiene host: nginx.my.com (spec.rules[].host). Sin "
                "host, la regla atendería cualquier dominio."
            )

    def responde(c):
        r = peticion(c["lab"], "nginx.my.com")
        if r.status != 200 or not _pod(r).startswith("nginx-"):
            raise Fallo(
                "Una petición con «Host: nginx.my.com» al NodePort del controlador no llega a "
                f"los pods de nginx (responde {r.error or r.status}). Revisa el backend: "
                "service.name: nginx y service.port.number: 80, y que path «/» sea de tipo Prefix."
            )

    def solo_ese_host(c):
        r = peticion(c["lab"], "otro.my.com")
        if r.status != 404:
            raise Fallo(
                "Una petición para otro dominio (otro.my.com) también llega a nginx: el Ingress "
                "solo debe atender nginx.my.com. ¿Hay alguna regla sin host o un defaultBackend?"
            )

    return ejecutar(
        [
            Paso("¿Se aplica y es el Ingress my-nginx?", _ej2_pasos(yaml_text)),
            Paso("¿Es de la clase nginx?", _clase),
            Paso("¿Tiene la regla de host nginx.my.com?", host),
            Paso("¿Llega a nginx con Host: nginx.my.com?", responde),
            Paso("¿Otros dominios reciben 404?", solo_ese_host),
        ],
        {},
    )


# ------------------------------------------------------------------------------ exercise 3/4
def _eco_aplica(yaml_text, nombre_var, tls: bool):
    def aplica(c):
        lab = con_controlador()
        lab.apply(ECO)
        if tls:
            lab.apply(secreto_tls("eco-tls"))
        c["lab"] = lab
        c["ing"] = _ingress(lab, yaml_text, nombre_var, "eco")

    return aplica


def _eco_rutas(c, *, https: bool) -> None:
    lab = c["lab"]
    if "eco.my.com" not in _hosts(c["ing"]):
        raise Fallo("Ninguna regla del Ingress tiene host: eco.my.com (spec.rules[].host).")
    casos = [
        ("/v1", "Soy la v1", "eco-v1"),
        ("/v2", "Soy la v2", "eco-v2"),
        ("/v1/estado", "Soy la v1", "eco-v1"),
        ("/v2/estado", "Soy la v2", "eco-v2"),
    ]
    for path, texto, svc in casos:
        r = peticion(lab, "eco.my.com", path, https=https)
        if r.status != 200 or texto not in r.body:
            extra = ""
            if path.count("/") > 1:
                extra = (
                    " Una ruta de tipo Exact solo coincide con ese camino exacto; usa "
                    "pathType: Prefix para que también atienda lo que cuelga de él."
                )
            raise Fallo(
                f"eco.my.com{path} debería llegar al Service {svc}, pero responde "
                f"{r.error or r.status}{' (' + r.body.strip() + ')' if r.body.strip() and r.status == 200 else ''}."
                f" Revisa la ruta {path.split('/estado')[0]} y su backend.{extra}"
            )
    r = peticion(lab, "eco.my.com", "/", https=https)
    if r.status != 404:
        raise Fallo(
            "eco.my.com/ (la raíz) debería dar 404: solo /v1 y /v2 llevan a algún Service. "
            "¿Has añadido una ruta «/»?"
        )


def ej3_forma(yaml_text):
    return ejecutar(
        [
            Paso(
                "¿Se aplica y es el Ingress eco?", _eco_aplica(yaml_text, "ingress_eco_yaml", False)
            )
        ],
        {},
    )


def ej3(yaml_text):
    return ejecutar(
        [
            Paso(
                "¿Se aplica y es el Ingress eco?", _eco_aplica(yaml_text, "ingress_eco_yaml", False)
            ),
            Paso("¿Es de la clase nginx?", _clase),
            Paso("¿/v1 y /v2 llegan a cada versión?", lambda c: _eco_rutas(c, https=False)),
        ],
        {},
    )


def ej4_forma(yaml_text):
    def tiene_tls(c):
        if not c["ing"]["spec"].get("tls"):
            raise Fallo(
                "El Ingress no tiene sección spec.tls: ahí van los hosts con HTTPS y el nombre "
                "del Secret con el certificado."
            )

    return ejecutar(
        [
            Paso(
                "¿Se aplica y es el Ingress eco?",
                _eco_aplica(yaml_text, "ingress_eco_tls_yaml", True),
            ),
            Paso("¿Tiene sección tls?", tiene_tls),
        ],
        {},
    )


def ej4(yaml_text):
    def tls(c):
        entradas = c["ing"]["spec"].get("tls") or []
        if not entradas:
            raise Fallo("El Ingress no tiene sección spec.tls.")
        if not any("eco.my.com" in (t.get("hosts") or []) for t in entradas):
            raise Fallo("La sección tls debe listar el host eco.my.com en hosts.")
        if not any(t.get("secretName") == "eco-tls" for t in entradas):
            raise Fallo(
                "La sección tls debe usar el Secret eco-tls (secretName), que tiene el "
                "certificado de eco.my.com."
            )

    def redirige(c):
        r = peticion(c["lab"], "eco.my.com", "/v1")
        if r.status != 308 or not (r.headers.get("Location") or "").startswith(
            "https://eco.my.com/"
        ):
            raise Fallo(
                f"Por http, eco.my.com/v1 debería redirigir a https con un 308 y responde "
                f"{r.error or r.status}. ¿Coincide el host de tls con el de la regla?"
            )

    def certificado(c):
        d = decision(c["lab"], "eco.my.com", "/v1", "https")
        if d.certificate is None or d.certificate.source != "ingress-secret":
            raise Fallo(
                "Por https, el controlador no presenta el certificado del Secret eco-tls sino su "
                "certificado falso por defecto. Revisa secretName y hosts en spec.tls."
            )

    return ejecutar(
        [
            Paso(
                "¿Se aplica y es el Ingress eco?",
                _eco_aplica(yaml_text, "ingress_eco_tls_yaml", True),
            ),
            Paso("¿Es de la clase nginx?", _clase),
            Paso("¿tls con eco.my.com y eco-tls?", tls),
            Paso("¿http redirige con 308?", redirige),
            Paso("¿Presenta el certificado de eco-tls?", certificado),
            Paso("¿https llega a cada versión?", lambda c: _eco_rutas(c, https=True)),
        ],
        {},
    )


# ------------------------------------------------------------------------------ exercise 5
def ej5(respuesta):
    n = len(PETICIONES_TIENDA)
    if (
        type(respuesta) is not list
        or len(respuesta) != n
        or not all(type(s) is str for s in respuesta)
    ):
        return {
            "ok": False,
            "mensajes": [f"servicios debe ser una lista de {n} textos, uno por petición."],
        }
    esperado = servicios_tienda()
    mal = [i for i, (a, b) in enumerate(zip(respuesta, esperado, strict=True)) if a.strip() != b]
    if not mal:
        return ok()
    mensajes = []
    for i in mal:
        host, path = PETICIONES_TIENDA[i]
        mensajes.append(f"La petición {i + 1} (Host: {host}, {path}) no va a {respuesta[i]!r}.")
    mensajes.append(
        "Recuerda: Exact exige el camino idéntico (una barra final ya es otro camino); Prefix "
        "compara por trozos entre barras (/api no cubre /apiv2); gana la regla más larga que "
        "coincide; y un host sin reglas recibe el 404 del controlador. Compruébalo con "
        "IngressTester o lab.curl en el clúster de la pregunta."
    )
    return {"ok": False, "mensajes": mensajes}


CHECKS = {
    "ej1:nodeport": ej1_nodeport,
    "ej1:codigo": ej1_codigo,
    "ej2:forma": ej2_forma,
    "ej2": ej2,
    "ej3:forma": ej3_forma,
    "ej3": ej3,
    "ej4:forma": ej4_forma,
    "ej4": ej4,
    "ej5": ej5,
}
