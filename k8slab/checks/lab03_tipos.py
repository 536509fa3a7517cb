"""Checks for lab 03-tipos-de-service (ClusterIP, NodePort, LoadBalancer, the NodePort range)."""

from __future__ import annotations

import re

from k8slab import ApiError, Cluster
from k8slab.addons.course import NGINX_DEPLOYMENT
from k8slab.checks.common import aplicar, endpoints_de, ok, unico
from k8slab.checks.registry import Fallo, Paso, ejecutar

LAB = "03-tipos-de-service"

# The course's nginx Deployment and its Service of type NodePort (the module's manifests).
NGINX_NODEPORT = (
    NGINX_DEPLOYMENT
    + """\
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
  - protocol: TCP
    port: 80
    targetPort: 80
"""
)

# Exercise 1: a catalogue API on port 8080 (named http).
CATALOGO_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: catalogo
spec:
  replicas: 2
  selector:
    matchLabels:
      app: catalogo
  template:
    metadata:
      labels:
        app: catalogo
    spec:
      containers:
      - name: catalogo
        image: registry.k8s.io/e2e-test-images/agnhost:2.53
        args: ["netexec", "--http-port=8080"]
        ports:
        - name: http
          containerPort: 8080
"""

# Exercise 2: the slides' mistake — a NodePort outside the allowed range.
NODEPORT_80 = """\
apiVersion: v1
kind: Service
metadata:
  name: web80
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
  - port: 80
    nodePort: 80
"""

# Exercise 6: a shop front page served by http-echo on 5678.
TIENDA_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: tienda
spec:
  replicas: 2
  selector:
    matchLabels:
      app: tienda
  template:
    metadata:
      labels:
        app: tienda
    spec:
      containers:
      - name: tienda
        image: hashicorp/http-echo
        args: ["-text=Bienvenido a la tienda", "-listen=:5678"]
        ports:
        - containerPort: 5678
"""
TEXTO_TIENDA = "Bienvenido a la tienda"

NODEPORT_CATALOGO = 30080
SEMILLA = 2026  # the seed of the cluster the routing questions are about


def cluster_de_referencia() -> Cluster:
    """The cluster exercises 3–5 ask about: the course's NodePort nginx on Cluster(seed=2026)."""
    lab = Cluster(seed=SEMILLA)
    lab.apply(NGINX_NODEPORT)
    return lab


def node_port(lab: Cluster, ns: str = "default", name: str = "nginx") -> int:
    return lab.api.get("Service", ns, name)["spec"]["ports"][0]["nodePort"]


def rango_nodeport() -> list[int]:
    """The range the API server's error names when a nodePort is out of range."""
    try:
        Cluster().apply(NODEPORT_80)
    except ApiError as err:
        m = re.search(r"range of valid ports is (\d+)-(\d+)", err.message)
        if m:
            return [int(m.group(1)), int(m.group(2))]
    raise RuntimeError("the API server accepted nodePort 80")  # pragma: no cover


def pod_que_responde_en_nodo2() -> str:
    lab = cluster_de_referencia()
    r = lab.curl(f"http://127.0.0.1:{node_port(lab)}", from_="node/node-2")
    return r.pod.split("/", 1)[1]


def error_de_la_errata() -> str:
    lab = cluster_de_referencia()
    return lab.curl(f"http://127.0.0.1/{node_port(lab)}", from_="node/node-1").error


def _ips_de_nodos(lab: Cluster) -> dict[str, str]:
    out = {}
    for n in lab.api.list("Node"):
        for a in n["status"].get("addresses") or []:
            if a["type"] == "InternalIP":
                out[n["metadata"]["name"]] = a["address"]
    return out


# ------------------------------------------------------------------------------ exercise 1
def _catalogo(yaml_text):
    ctx: dict = {}

    def aplica(c):
        c["lab"] = Cluster()
        c["lab"].apply(CATALOGO_DEPLOYMENT)
        c["lines"] = aplicar(c["lab"], yaml_text, "catalogo_yaml")

    def servicio(c):
        svc = unico(c["lab"], "Service", c["lines"], "catalogo_yaml")
        if svc["metadata"]["name"] != "catalogo":
            raise Fallo(
                f"El Service debe llamarse catalogo (metadata.name), no "
                f"{svc['metadata']['name']!r}."
            )
        c["svc"] = svc

    def tipo(c):
        t = c["svc"]["spec"].get("type", "ClusterIP")
        if t != "NodePort":
            raise Fallo(
                f"El Service catalogo es de tipo {t}: para abrir un puerto en los nodos, "
                "spec.type debe ser NodePort (sección 2)."
            )

    pasos = [
        Paso("¿Se puede aplicar el YAML?", aplica),
        Paso("¿Contiene un Service catalogo?", servicio),
        Paso("¿Es de tipo NodePort?", tipo),
    ]
    return ctx, pasos


def ej1_forma(yaml_text):
    ctx, pasos = _catalogo(yaml_text)
    return ejecutar(pasos, ctx)


def ej1(yaml_text):
    ctx, pasos = _catalogo(yaml_text)

    def puertos(c):
        ports = c["svc"]["spec"].get("ports") or []
        if len(ports) != 1 or ports[0].get("port") != 80:
            raise Fallo("El Service catalogo debe ofrecer un único puerto: el 80 (port).")
        if ports[0].get("nodePort") != NODEPORT_CATALOGO:
            raise Fallo(
                f"El NodePort asignado es {ports[0].get('nodePort')}, y el enunciado pide "
                f"{NODEPORT_CATALOGO}: escríbelo en spec.ports[0].nodePort (sección 2)."
            )

    def selecciona(c):
        eps = endpoints_de(c["lab"], c["svc"])
        if len(eps) != 2:
            raise Fallo(
                f"El Service catalogo tiene {len(eps)} endpoints listos y debería tener 2. "
                "Compara spec.selector con las etiquetas de los pods (app: catalogo)."
            )

    def cada_nodo(c):
        lab = c["lab"]
        for nodo in lab.nodes:
            r = lab.curl(f"http://127.0.0.1:{NODEPORT_CATALOGO}/hostname", from_=f"node/{nodo}")
            if r.status != 200 or not r.body.startswith("catalogo-"):
                raise Fallo(
                    f"En {nodo}, curl http://127.0.0.1:{NODEPORT_CATALOGO}/hostname no llega a un "
                    f"pod de catalogo ({r.error or r.status}). ¿Apunta targetPort al puerto del "
                    "contenedor (8080, llamado http)?"
                )

    def desde_fuera(c):
        lab = c["lab"]
        for nodo, ip in sorted(_ips_de_nodos(lab).items()):
            r = lab.curl(f"http://{ip}:{NODEPORT_CATALOGO}/hostname")
            if r.status != 200:
                raise Fallo(
                    f"Desde fuera del clúster, curl http://{ip}:{NODEPORT_CATALOGO} (la IP de "
                    f"{nodo}) falla ({r.error or r.status})."
                )

    pasos += [
        Paso("¿Puerto 80 y nodePort 30080?", puertos),
        Paso("¿Selecciona los 2 pods?", selecciona),
        Paso("¿Responde 127.0.0.1:30080 en cada nodo?", cada_nodo),
        Paso("¿Responde IPdelNodo:30080 desde fuera?", desde_fuera),
    ]
    return ejecutar(pasos, ctx)


# ------------------------------------------------------------------------------ exercises 2–5
def _mal(mensaje: str) -> dict:
    return {"ok": False, "mensajes": [mensaje]}


def ej2(respuesta):
    if type(respuesta) not in (list, tuple) or len(respuesta) != 2:
        return _mal("rango_nodeport debe ser una lista de dos números: [primero, último].")
    if any(type(x) is not int for x in respuesta):
        return _mal("Los dos extremos de rango_nodeport deben ser números enteros, sin comillas.")
    if list(respuesta) != rango_nodeport():
        return _mal(
            f"{list(respuesta)} no es el rango. Aplica el Service con nodePort: 80 y lee el "
            "final del mensaje de error: «The range of valid ports is …» (sección 3)."
        )
    return ok()


def ej3(respuesta):
    if type(respuesta) is not int:
        return _mal("nodeport_nginx debe ser un número entero, sin comillas.")
    lab = cluster_de_referencia()
    esperado = node_port(lab)
    if respuesta != esperado:
        pista = (
            " Ese es el puerto del Service (port), no el que se abre en los nodos."
            if respuesta == 80
            else ""
        )
        return _mal(
            f"{respuesta} no es el NodePort.{pista} Crea el clúster de la pregunta "
            "(Cluster(seed=2026)), aplica NGINX_NODEPORT y mira la columna PORT(S) de "
            "kubectl get services: 80:<NodePort>/TCP (sección 2)."
        )
    return ok()


def ej4(respuesta):
    if type(respuesta) is not str or not respuesta.strip():
        return _mal("pod_nodo2 está vacío: escribe el nombre del pod entre comillas.")
    nombre = respuesta.strip().removeprefix("default/").removeprefix("pod/")
    if nombre != pod_que_responde_en_nodo2():
        return _mal(
            "Ese no es el pod que responde. En un clúster nuevo Cluster(seed=2026) con "
            "NGINX_NODEPORT, haz UNA petición a http://127.0.0.1:<NodePort> desde node-2 "
            '(from_="node/node-2") y mira r.pod (sección 2).'
        )
    return ok()


def ej5(respuesta):
    if type(respuesta) is not str or not respuesta.strip():
        return _mal("error_errata está vacío: escribe el error entre comillas.")
    esperado = error_de_la_errata()
    # The bare error or curl's whole line ("curl: (7) Failed to connect … Connection refused").
    if esperado.lower() not in respuesta.strip().rstrip(".").lower():
        return _mal(
            f"{respuesta.strip()!r} no es el error que da curl. Con la barra, curl no usa el "
            "NodePort como puerto sino como ruta, y se conecta al puerto 80 del nodo. Repítelo "
            'con lab.curl(..., from_="node/node-1") y mira r.error (sección 2).'
        )
    return ok()


# ------------------------------------------------------------------------------ exercise 6
def _tienda(yaml_text):
    ctx: dict = {}

    def aplica(c):
        c["lab"] = Cluster(cloud=True)
        c["lab"].apply(TIENDA_DEPLOYMENT)
        c["lines"] = aplicar(c["lab"], yaml_text, "tienda_lb_yaml")

    def servicio(c):
        svc = unico(c["lab"], "Service", c["lines"], "tienda_lb_yaml")
        if svc["metadata"]["name"] != "tienda":
            raise Fallo(
                f"El Service debe llamarse tienda (metadata.name), no {svc['metadata']['name']!r}."
            )
        t = svc["spec"].get("type", "ClusterIP")
        if t != "LoadBalancer":
            raise Fallo(
                f"El Service tienda es de tipo {t}: para pedir un balanceador externo, spec.type "
                "debe ser LoadBalancer (sección 5)."
            )
        c["svc"] = svc

    pasos = [
        Paso("¿Se puede aplicar el YAML?", aplica),
        Paso("¿Es un Service tienda de tipo LoadBalancer?", servicio),
    ]
    return ctx, pasos


def ej6_forma(yaml_text):
    ctx, pasos = _tienda(yaml_text)
    return ejecutar(pasos, ctx)


def ej6(yaml_text):
    ctx, pasos = _tienda(yaml_text)

    def puerto(c):
        ports = c["svc"]["spec"].get("ports") or []
        if len(ports) != 1 or ports[0].get("port") != 80:
            raise Fallo("El Service tienda debe ofrecer un único puerto: el 80 (port).")

    def selecciona(c):
        eps = endpoints_de(c["lab"], c["svc"])
        if len(eps) != 2:
            raise Fallo(
                f"El Service tienda tiene {len(eps)} endpoints listos y debería tener 2. "
                "Compara spec.selector con las etiquetas de los pods (app: tienda)."
            )

    def externa(c):
        svc = c["lab"].api.get("Service", "default", "tienda")
        ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        if not ingress:
            raise Fallo(
                "En un clúster con nube (Cluster(cloud=True)) el Service no recibe EXTERNAL-IP."
            )
        ip = ingress[0]["ip"]
        r = c["lab"].curl(f"http://{ip}")
        if r.status != 200 or TEXTO_TIENDA not in r.body:
            raise Fallo(
                f"Desde fuera, curl http://{ip} (la EXTERNAL-IP) no llega a la tienda "
                f"({r.error or r.status}). Revisa targetPort: el contenedor escucha en 5678."
            )

    pasos += [
        Paso("¿Puerto 80?", puerto),
        Paso("¿Selecciona los 2 pods?", selecciona),
        Paso("¿Responde la EXTERNAL-IP desde fuera?", externa),
    ]
    return ejecutar(pasos, ctx)


CHECKS = {
    "ej1:forma": ej1_forma,
    "ej1": ej1,
    "ej2": ej2,
    "ej3": ej3,
    "ej4": ej4,
    "ej5": ej5,
    "ej6:forma": ej6_forma,
    "ej6": ej6,
}
