"""Checks for lab 06-reto-final: Kubetienda, a shop across two namespaces.

The brief (the notebook tells it in Spanish): namespace ``tienda`` runs a ``frontend``
(http-echo on 5678) and an ``api`` (agnhost netexec on 8080, port named ``http``); namespace
``pagos`` runs ``pagos`` (agnhost netexec on 7000). The student writes

1. the Services of ``tienda``: ``frontend`` published on NodePort 30080, ``api`` internal;
2. the Service ``pagos`` in ``pagos``, internal only, reached from the api by its FQDN;
3. that FQDN;
4. an Ingress for ``https://tienda.my.com`` (``/`` → frontend, ``/api`` → api) with TLS from
   the Secret ``tienda-tls`` that the brief provides;
5. routing answers about the finished shop: the HTTPS URL through node-2, and which Service
   answers ``https://tienda.my.com/pagos/cobro``.

Every manifest check builds a fresh cluster (``Cluster(seed=SEMILLA)``); the Ingress checks
install the ingress-nginx controller from its bundled release URL first, as the notebook does.
"""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

from k8slab import ApiError, Cluster, ManifestError
from k8slab.checks.common import es_texto
from k8slab.checks.registry import Fallo, Paso, ejecutar

LAB = "06-reto-final"
SEMILLA = 2026
HOST = "tienda.my.com"
NODE_PORT_FRONTEND = 30080

# The last ingress-nginx release, bare-metal flavour (a NodePort Service for the controller).
URL_INGRESS_NGINX = (
    "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.15.1/"
    "deploy/static/provider/baremetal/deploy.yaml"
)

# What the brief hands over: two namespaces and the three Deployments.
APLICACION = """\
apiVersion: v1
kind: Namespace
metadata:
  name: tienda
---
apiVersion: v1
kind: Namespace
metadata:
  name: pagos
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
  namespace: tienda
spec:
  replicas: 2
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
      - name: frontend
        image: hashicorp/http-echo
        args: ["-text=Kubetienda: portada", "-listen=:5678"]
        ports:
        - containerPort: 5678
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: tienda
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: registry.k8s.io/e2e-test-images/agnhost:2.53
        args: ["netexec", "--http-port=8080"]
        ports:
        - name: http
          containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: pagos
  namespace: pagos
spec:
  replicas: 2
  selector:
    matchLabels:
      app: pagos
  template:
    metadata:
      labels:
        app: pagos
    spec:
      containers:
      - name: pagos
        image: registry.k8s.io/e2e-test-images/agnhost:2.53
        args: ["netexec", "--http-port=7000"]
        ports:
        - containerPort: 7000
"""

# A self-signed certificate for tienda.my.com (SAN DNS:tienda.my.com, EC P-256, ten years).
# Course material only: the key protects nothing.
CERTIFICADO = """\
-----BEGIN CERTIFICATE-----
MIIByjCCAW+gAwIBAgIUDV0KRUr9fRrHzm1lmF26n8bPfoswCgYIKoZIzj0EAwIw
LTETMBEGA1UECgwKS3ViZXRpZW5kYTEWMBQGA1UEAwwNdGllbmRhLm15LmNvbTAe
Fw0yNjExMjYxMzIxMzlaFw0zNjExMjMxMzIxMzlaMC0xEzARBgNVBAoMCkt1YmV0
aWVuZGExFjAUBgNVBAMMDXRpZW5kYS5teS5jb20wWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQjr4fWYXrzvf7SgyhOwZw/TSC7htqPEdoXdroaIyX5Iq7AmAh4yQv2
7y32iEnMloVqQ5GVcZovVnIcnAzElxkoo20wazAdBgNVHQ4EFgQU0TqQi/GaqsHn
22Mw6XPnwnhKZGIwHwYDVR0jBBgwFoAU0TqQi/GaqsHn22Mw6XPnwnhKZGIwDwYD
VR0TAQH/BAUwAwEB/zAYBgNVHREEETAPgg10aWVuZGEubXkuY29tMAoGCCqGSM49
BAMCA0kAMEYCIQDxSH9AkwdxQPY7QVHzev1jA3mloBgp4x2jnwjZjYD5hgIhAIDA
sDpjgoIXZxrsbNa4FWvgNnWv37xRuAxeGd+YwqDx
-----END CERTIFICATE-----
"""
CLAVE = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQghxOmMAFp/pM3hwcl
0fVADGQZI0YW5Qedn8Mmib/Lb8uhRANCAAQjr4fWYXrzvf7SgyhOwZw/TSC7htqP
EdoXdroaIyX5Iq7AmAh4yQv27y32iEnMloVqQ5GVcZovVnIcnAzElxko
-----END PRIVATE KEY-----
"""


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


SECRETO_TLS = f"""\
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: tienda-tls
  namespace: tienda
data:
  tls.crt: {_b64(CERTIFICADO)}
  tls.key: {_b64(CLAVE)}
"""


def _servicio(ns: str, name: str, port, target, *, node_port: int | None = None) -> dict:
    p = {"port": port, "targetPort": target}
    spec = {"selector": {"app": name}, "ports": [p]}
    if node_port is not None:
        spec["type"] = "NodePort"
        p["nodePort"] = node_port
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": ns},
        "spec": spec,
    }


def servicios_de_referencia() -> list[dict]:
    """The three Services the brief asks for (the Ingress checks need working backends)."""
    return [
        _servicio("tienda", "frontend", 80, 5678, node_port=NODE_PORT_FRONTEND),
        _servicio("tienda", "api", 80, "http"),
        _servicio("pagos", "pagos", 80, 7000),
    ]


def _ruta(path: str, service: str) -> dict:
    return {
        "path": path,
        "pathType": "Prefix",
        "backend": {"service": {"name": service, "port": {"number": 80}}},
    }


def ingress_de_referencia() -> dict:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": "tienda", "namespace": "tienda"},
        "spec": {
            "ingressClassName": "nginx",
            "tls": [{"hosts": [HOST], "secretName": "tienda-tls"}],
            "rules": [
                {"host": HOST, "http": {"paths": [_ruta("/", "frontend"), _ruta("/api", "api")]}}
            ],
        },
    }


def cluster_base(*, ingress: bool = False) -> Cluster:
    """A fresh cluster of the brief: controller first (when asked), then the app."""
    lab = Cluster(seed=SEMILLA)
    if ingress:
        lab.kubectl(f"apply -f {URL_INGRESS_NGINX}")
    lab.apply(APLICACION)
    return lab


def cluster_de_referencia() -> Cluster:
    """The finished shop: controller, app, Services, Secret and the reference Ingress."""
    lab = cluster_base(ingress=True)
    lab.apply(servicios_de_referencia())
    lab.apply(SECRETO_TLS)
    lab.apply(ingress_de_referencia())
    return lab


def ip_de(lab: Cluster, node: str) -> str:
    obj = lab.api.get("Node", "", node)
    return next(a["address"] for a in obj["status"]["addresses"] if a["type"] == "InternalIP")


def node_ports_del_controlador(lab: Cluster) -> dict[str, int]:
    svc = lab.api.get("Service", "ingress-nginx", "ingress-nginx-controller")
    return {p["name"]: p["nodePort"] for p in svc["spec"]["ports"]}


def url_https_esperada() -> str:
    lab = cluster_base(ingress=True)
    return f"https://{ip_de(lab, 'node-2')}:{node_ports_del_controlador(lab)['https']}/"


def servicio_que_responde(path: str) -> str:
    """``namespace/name`` of the Service behind ``https://tienda.my.com<path>``."""
    lab = cluster_de_referencia()
    r = _https(lab, path)
    return r.pod.split("/", 1)[0] + "/" + r.pod.split("/", 1)[1].split("-", 1)[0]


# ------------------------------------------------------------------------------ helpers
def _aplicar(lab: Cluster, yaml_text: str, nombre: str) -> None:
    es_texto(yaml_text, nombre)
    try:
        lab.apply(yaml_text)
    except ManifestError as err:
        linea = f" (línea {err.line})" if err.line else ""
        raise Fallo(f"{nombre} no es YAML válido{linea}. kubectl dice:\n{err.message}") from None
    except ApiError as err:
        raise Fallo(f"Kubernetes rechaza {nombre}. kubectl dice:\n{err.message}") from None


def _claves(lab: Cluster, kind: str) -> set[tuple[str, str]]:
    return {(o["metadata"]["namespace"], o["metadata"]["name"]) for o in lab.api.list(kind)}


def _nuevos(lab: Cluster, kind: str, antes: set) -> list[dict]:
    out = []
    for o in lab.api.list(kind):
        if (o["metadata"]["namespace"], o["metadata"]["name"]) not in antes:
            out.append(o)
    return sorted(out, key=lambda o: (o["metadata"]["namespace"], o["metadata"]["name"]))


def _nombres(objs: list[dict]) -> str:
    return (
        ", ".join(f"{o['metadata']['namespace']}/{o['metadata']['name']}" for o in objs)
        or "ninguno"
    )


def _pod(lab: Cluster, ns: str, prefijo: str) -> str:
    nombres = sorted(
        p["metadata"]["name"]
        for p in lab.api.list("Pod", ns)
        if p["metadata"]["name"].startswith(prefijo + "-")
    )
    return f"{ns}/{nombres[0]}"


def _https(lab: Cluster, path: str):
    port = node_ports_del_controlador(lab)["https"]
    return lab.curl(
        f"https://{ip_de(lab, 'node-1')}:{port}{path}", headers={"Host": HOST}, insecure=True
    )


def _http(lab: Cluster, path: str):
    port = node_ports_del_controlador(lab)["http"]
    return lab.curl(f"http://{ip_de(lab, 'node-1')}:{port}{path}", headers={"Host": HOST})


def _servicios(yaml_text: str, nombre_var: str):
    """Context and first step shared by the Service exercises (1 and 2)."""

    def aplica(c):
        lab = c["lab"] = cluster_base()
        antes = _claves(lab, "Service")
        _aplicar(lab, yaml_text, nombre_var)
        c["nuevos"] = _nuevos(lab, "Service", antes)

    return {}, aplica


def _exactos(c: dict, esperados: list[tuple[str, str]], nombre_var: str) -> None:
    nuevos = c["nuevos"]
    tengo = [(o["metadata"]["namespace"], o["metadata"]["name"]) for o in nuevos]
    quiero = ", ".join(f"{ns}/{n}" for ns, n in esperados)
    if sorted(tengo) == sorted(esperados):
        c["svc"] = {n: o for o, (_, n) in zip(nuevos, tengo, strict=True)}
        return
    mal_ns = [
        f"{ns}/{n}"
        for ns, n in tengo
        if n in {e[1] for e in esperados} and (ns, n) not in esperados
    ]
    if mal_ns:
        raise Fallo(
            f"{nombre_var} crea {', '.join(mal_ns)} en un namespace equivocado. Sin "
            "metadata.namespace, un objeto va al namespace default; escribe el namespace del "
            f"enunciado en cada Service (se esperaba: {quiero})."
        )
    raise Fallo(
        f"{nombre_var} debe crear exactamente estos Services: {quiero}. He encontrado: "
        f"{_nombres(nuevos)}. Revisa kind, metadata.name y metadata.namespace."
    )


# ------------------------------------------------------------------------------ exercise 1
def ej1_forma(yaml_text):
    ctx, aplica = _servicios(yaml_text, "tienda_yaml")
    return ejecutar(
        [
            Paso("¿Se puede aplicar el YAML?", aplica),
            Paso(
                "¿Crea tienda/frontend y tienda/api?",
                lambda c: _exactos(c, [("tienda", "api"), ("tienda", "frontend")], "tienda_yaml"),
            ),
        ],
        ctx,
    )


def ej1(yaml_text):
    ctx, aplica = _servicios(yaml_text, "tienda_yaml")

    def puertos(c):
        for name in ("frontend", "api"):
            ports = c["svc"][name]["spec"].get("ports") or []
            if [p.get("port") for p in ports] != [80]:
                raise Fallo(
                    f"El Service {name} debe ofrecer un único puerto, el 80 (spec.ports[0].port); "
                    f"tiene {[p.get('port') for p in ports]}."
                )

    def frontend_nodeport(c):
        svc = c["svc"]["frontend"]
        if svc["spec"].get("type") != "NodePort":
            raise Fallo(
                f"frontend es de tipo {svc['spec'].get('type')}: para publicarlo en los nodos "
                "debe ser type: NodePort."
            )
        if svc["spec"]["ports"][0].get("nodePort") != NODE_PORT_FRONTEND:
            raise Fallo(
                f"El enunciado fija el NodePort {NODE_PORT_FRONTEND} para frontend "
                "(spec.ports[0].nodePort); sin él, Kubernetes elige uno al azar entre 30000 y "
                "32767."
            )

    def api_interna(c):
        tipo = c["svc"]["api"]["spec"].get("type")
        if tipo != "ClusterIP":
            raise Fallo(
                f"api es de tipo {tipo}, y no debe publicarse fuera del clúster: déjala como "
                "ClusterIP (el tipo por defecto). Solo la portada llega desde fuera."
            )

    def frontend_responde(c):
        lab = c["lab"]
        for node in ("node-1", "node-2"):
            url = f"http://{ip_de(lab, node)}:{NODE_PORT_FRONTEND}/"
            r = lab.curl(url)
            if r.status != 200 or "Kubetienda" not in r.body:
                raise Fallo(
                    f"Desde fuera, curl {url} (el NodePort en {node}) no llega a la portada "
                    f"({r.error or r.status}). Revisa el selector (app: frontend) y targetPort: "
                    "el contenedor escucha en 5678."
                )

    def api_responde(c):
        lab = c["lab"]
        desde = _pod(lab, "tienda", "frontend")
        r = lab.curl("http://api/hostname", from_=desde)
        if r.status != 200 or not (r.pod or "").startswith("tienda/api-"):
            raise Fallo(
                f"Desde un pod de frontend, curl http://api/hostname falla ({r.error or r.status}). "
                "Revisa el selector (app: api) y targetPort: el puerto del contenedor se llama "
                "http (8080)."
            )

    return ejecutar(
        [
            Paso("¿Se puede aplicar el YAML?", aplica),
            Paso(
                "¿Crea tienda/frontend y tienda/api?",
                lambda c: _exactos(c, [("tienda", "api"), ("tienda", "frontend")], "tienda_yaml"),
            ),
            Paso("¿Puerto 80 en los dos?", puertos),
            Paso("¿frontend en el NodePort 30080?", frontend_nodeport),
            Paso("¿api solo dentro del clúster?", api_interna),
            Paso("¿Llega la portada desde fuera por los dos nodos?", frontend_responde),
            Paso("¿Llega la api desde el frontend?", api_responde),
        ],
        ctx,
    )


# ------------------------------------------------------------------------------ exercise 2
def ej2_forma(yaml_text):
    ctx, aplica = _servicios(yaml_text, "pagos_yaml")
    return ejecutar(
        [
            Paso("¿Se puede aplicar el YAML?", aplica),
            Paso(
                "¿Crea pagos/pagos?",
                lambda c: _exactos(c, [("pagos", "pagos")], "pagos_yaml"),
            ),
        ],
        ctx,
    )


def ej2(yaml_text):
    ctx, aplica = _servicios(yaml_text, "pagos_yaml")

    def interno(c):
        svc = c["svc"]["pagos"]
        tipo = svc["spec"].get("type")
        if tipo != "ClusterIP":
            raise Fallo(
                f"pagos es de tipo {tipo}: el equipo de pagos no quiere que se pueda llegar a "
                "él desde fuera. Déjalo como ClusterIP (el tipo por defecto)."
            )
        if [p.get("port") for p in svc["spec"].get("ports") or []] != [80]:
            raise Fallo("El Service pagos debe ofrecer un único puerto, el 80.")

    def desde_api(c):
        lab = c["lab"]
        desde = _pod(lab, "tienda", "api")
        url = "http://pagos.pagos.svc.cluster.local/hostname"
        r = lab.curl(url, from_=desde)
        if r.status != 200 or not (r.pod or "").startswith("pagos/pagos-"):
            raise Fallo(
                f"Desde un pod de la api (namespace tienda), curl {url} falla "
                f"({r.error or r.status}). Revisa el selector (app: pagos) y targetPort: el "
                "contenedor escucha en 7000."
            )

    return ejecutar(
        [
            Paso("¿Se puede aplicar el YAML?", aplica),
            Paso("¿Crea pagos/pagos?", lambda c: _exactos(c, [("pagos", "pagos")], "pagos_yaml")),
            Paso("¿Solo dentro del clúster, en el puerto 80?", interno),
            Paso("¿Llega la api a pagos por su nombre completo?", desde_api),
        ],
        ctx,
    )


# ------------------------------------------------------------------------------ exercise 3
def ej3(respuesta):
    if type(respuesta) is not str or not respuesta.strip():
        return _mal("fqdn_pagos está vacía: escribe el nombre entre comillas.")
    nombre = respuesta.strip().lower().removeprefix("http://").rstrip("/").rstrip(".")
    lab = cluster_base()
    lab.apply(servicios_de_referencia())
    ip = lab.api.get("Service", "pagos", "pagos")["spec"]["clusterIP"]
    desde = _pod(lab, "tienda", "api")
    try:
        completo = lab.dns(nombre, from_=desde, search=False).answers or []
        con_busqueda = lab.dns(nombre, from_=desde).answers or []
    except (ApiError, ValueError):
        completo = con_busqueda = []
    if nombre.count(".") >= 4 and ip in completo:
        return {"ok": True, "mensajes": []}
    if nombre == "pagos":
        return _mal(
            "El nombre corto pagos solo funciona dentro del namespace pagos: desde tienda, la "
            "lista de búsqueda lo convierte en pagos.tienda.svc.cluster.local, que no existe."
        )
    if con_busqueda == [ip]:
        return _mal(
            "Ese nombre funciona gracias a la lista de búsqueda (search) del resolv.conf del "
            "pod, pero no es el nombre completo (FQDN): <servicio>.<namespace>.svc.cluster.local."
        )
    return _mal(
        "Ese nombre no lleva al Service pagos del namespace pagos. La forma es "
        "<servicio>.<namespace>.svc.cluster.local (laboratorio 2)."
    )


def _mal(mensaje: str) -> dict:
    return {"ok": False, "mensajes": [mensaje]}


# ------------------------------------------------------------------------------ exercise 4
def _ingress(yaml_text: str):
    def aplica(c):
        lab = c["lab"] = cluster_base(ingress=True)
        lab.apply(servicios_de_referencia())
        lab.apply(SECRETO_TLS)
        antes = _claves(lab, "Ingress")
        _aplicar(lab, yaml_text, "ingress_yaml")
        nuevos = _nuevos(lab, "Ingress", antes)
        if len(nuevos) != 1:
            raise Fallo(
                "ingress_yaml debe contener exactamente un objeto Ingress (he encontrado "
                f"{len(nuevos)}: {_nombres(nuevos)}). Revisa kind: Ingress."
            )
        c["ing"] = nuevos[0]

    def en_tienda(c):
        ns = c["ing"]["metadata"]["namespace"]
        if ns != "tienda":
            raise Fallo(
                f"La Ingress está en el namespace {ns}. Una Ingress solo puede enviar tráfico a "
                "Services de su propio namespace: ponla en tienda (metadata.namespace)."
            )

    return {}, aplica, en_tienda


def ej4_forma(yaml_text):
    ctx, aplica, en_tienda = _ingress(yaml_text)
    return ejecutar(
        [
            Paso("¿Se puede aplicar el YAML?", aplica),
            Paso("¿Está en el namespace tienda?", en_tienda),
        ],
        ctx,
    )


def ej4(yaml_text):
    ctx, aplica, en_tienda = _ingress(yaml_text)

    def clase(c):
        if c["ing"]["spec"].get("ingressClassName") != "nginx":
            raise Fallo(
                "El controlador ingress-nginx solo atiende las Ingress de su clase: añade "
                "spec.ingressClassName: nginx (kubectl get ingressclass)."
            )

    def portada(c):
        r = _https(c["lab"], "/")
        if r.status != 200 or "Kubetienda" not in r.body:
            raise Fallo(
                f"https://{HOST}/ no llega a la portada ({r.error or r.status}). Revisa la regla "
                f"del host {HOST}: la ruta / (pathType: Prefix) debe ir al Service frontend, "
                "puerto 80."
            )

    def api(c):
        r = _https(c["lab"], "/api/hostname")
        if not (r.pod or "").startswith("tienda/api-"):
            donde = r.pod or r.error or r.status
            raise Fallo(
                f"https://{HOST}/api/hostname no llega a la api (responde {donde}). La ruta /api "
                "debe ir al Service api, puerto 80, con pathType: Prefix (así /api/… también "
                "entra)."
            )

    def tls(c):
        entradas = c["ing"]["spec"].get("tls") or []
        nuestra = [t for t in entradas if HOST in (t.get("hosts") or [])]
        if not nuestra:
            raise Fallo(
                f"Falta la sección spec.tls con hosts: [{HOST}]: sin ella el host no tiene "
                "certificado propio y ingress-nginx no redirige HTTP a HTTPS."
            )
        if nuestra[0].get("secretName") != "tienda-tls":
            raise Fallo(
                f"spec.tls debe usar el Secret del enunciado (secretName: tienda-tls), no "
                f"{nuestra[0].get('secretName')!r}."
            )
        r = _http(c["lab"], "/")
        if r.status != 308:
            raise Fallo(
                f"http://{HOST}/ debería responder 308 (redirección a HTTPS) y responde "
                f"{r.error or r.status}."
            )

    return ejecutar(
        [
            Paso("¿Se puede aplicar el YAML?", aplica),
            Paso("¿Está en el namespace tienda?", en_tienda),
            Paso("¿Es de la clase nginx?", clase),
            Paso("¿/ lleva a la portada por HTTPS?", portada),
            Paso("¿/api lleva a la api?", api),
            Paso("¿TLS con tienda-tls y redirección 308?", tls),
        ],
        ctx,
    )


# ------------------------------------------------------------------------------ exercise 5
def ej5a(respuesta):
    if type(respuesta) is not str or not respuesta.strip():
        return _mal("url_https está vacía: escribe la URL entre comillas.")
    lab = cluster_base(ingress=True)
    ports = node_ports_del_controlador(lab)
    ip2 = ip_de(lab, "node-2")
    try:
        u = urlsplit(respuesta.strip())
        port = u.port
    except ValueError:
        return _mal("No entiendo esa URL: debe tener la forma https://IP:PUERTO/.")
    if u.scheme != "https":
        return _mal("La pregunta pide la URL de HTTPS: empieza por https://.")
    if u.hostname != ip2:
        return _mal(
            "Ese no es node-2: usa la INTERNAL-IP de node-2 (kubectl get nodes -o wide). "
            f"El nombre {HOST} no se resuelve fuera del clúster, por eso se usa la IP y la "
            "cabecera Host."
        )
    if port == ports["http"]:
        return _mal("Ese es el NodePort de HTTP (puerto 80 del Service), no el de HTTPS.")
    if port in (443, None):
        return _mal(
            "443 es el puerto del Service dentro del clúster. Desde fuera se entra por el "
            "NodePort que Kubernetes asignó al puerto 443 (columna PORT(S), 443:<NodePort>)."
        )
    if port != ports["https"] or u.path not in ("", "/") or u.query:
        return _mal(
            "Ese no es el NodePort del puerto 443 del Service ingress-nginx-controller: "
            "kubectl get service -n ingress-nginx."
        )
    return {"ok": True, "mensajes": []}


def ej5b(respuesta):
    if type(respuesta) is not str or not respuesta.strip():
        return _mal("servicio_cobro está vacía: escribe el nombre del Service entre comillas.")
    esperado = servicio_que_responde("/pagos/cobro")  # "tienda/frontend"
    dado = respuesta.strip()
    if dado in (esperado, esperado.split("/", 1)[1]):
        return {"ok": True, "mensajes": []}
    if "pagos" in dado:
        return _mal(
            "La Ingress de tienda no puede enviar tráfico a un Service de otro namespace, y no "
            "tiene ninguna ruta /pagos. ¿Qué ruta Prefix de la Ingress abarca /pagos/cobro?"
        )
    return _mal(
        "No es ese Service. Haz la petición con lab.curl (Host: tienda.my.com) y mira r.pod y "
        "la última línea de r.trace."
    )


CHECKS = {
    "ej1:forma": ej1_forma,
    "ej1": ej1,
    "ej2:forma": ej2_forma,
    "ej2": ej2,
    "ej3": ej3,
    "ej4:forma": ej4_forma,
    "ej4": ej4,
    "ej5a": ej5a,
    "ej5b": ej5b,
}
