"""Checks for lab 04-kube-proxy (the DaemonSet, namespaces, iptables chains, probabilities)."""

from __future__ import annotations

import re

from k8slab import ApiError, Cluster
from k8slab.checks.common import aplicar, endpoints_de, es_texto, ok, unico
from k8slab.checks.lab01_services import NGINX, WEB_DEPLOYMENT
from k8slab.checks.registry import Fallo, Paso, ejecutar
from k8slab.trace import DeliverHop, NatHop, NetfilterHop

LAB = "04-kube-proxy"

SEMILLA = 404  # the seed of the cluster the routing questions are about

# The course's nginx Service as a NodePort on a fixed port (examples and exercise 5; exercise 4
# uses 30080, so the student's own cluster can hold both).
NGINX_NODEPORT = """\
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
  - port: 80
    protocol: TCP
    nodePort: 30090
"""

_PROB = re.compile(r"--probability ([0-9.]+)")


def cluster_de_referencia() -> Cluster:
    """The cluster the routing questions are about: the course's nginx on Cluster(seed=404)."""
    lab = Cluster(seed=SEMILLA)
    lab.apply(NGINX)
    return lab


def _ip(lab: Cluster, name: str = "nginx", ns: str = "default") -> str:
    return lab.api.get("Service", ns, name)["spec"]["clusterIP"]


def cadenas_de(trace) -> list[str]:
    """The nat chains a request walked through, in order, without repeats in a row."""
    out: list[str] = []
    for hop in trace:
        if isinstance(hop, NetfilterHop) and hop.table == "nat":
            if not out or out[-1] != hop.chain:
                out.append(hop.chain)
    return out


def cadenas_primera_peticion() -> tuple[str, str]:
    """KUBE-SVC and KUBE-SEP chains of the first request from node-2 to nginx's ClusterIP."""
    lab = cluster_de_referencia()
    r = lab.curl(f"http://{_ip(lab)}", from_="node/node-2")
    cadenas = cadenas_de(r.trace)
    svc = next(c for c in cadenas if c.startswith("KUBE-SVC-"))
    sep = next(c for c in cadenas if c.startswith("KUBE-SEP-"))
    return svc, sep


def probabilidades_con(replicas: int) -> list[float]:
    """The ``--probability`` values of nginx's KUBE-SVC chain on node-1, in rule order."""
    lab = cluster_de_referencia()
    lab.kubectl(f"scale deployment nginx --replicas={replicas}")
    out = []
    for line in lab.iptables_save("node-1").splitlines():
        if line.startswith("-A KUBE-SVC-") and '"default/nginx -> ' in line:
            m = _PROB.search(line)
            if m:
                out.append(float(m.group(1)))
    return out


def nodos_nodeport() -> tuple[str, str]:
    """(node where DNAT happens, node of the answering pod) for one request from outside to
    node-1's IP on NodePort 30090, in the reference cluster with NGINX_NODEPORT applied."""
    lab = cluster_de_referencia()
    lab.apply(NGINX_NODEPORT)
    r = lab.curl(f"http://{_ip_de_nodo(lab, 'node-1')}:30090")
    dnat = next(h.node for h in r.trace if isinstance(h, NatHop) and h.kind == "DNAT")
    pod = next(h.pod for h in r.trace if isinstance(h, DeliverHop))
    ns, name = pod.split("/", 1)
    return dnat, lab.api.get("Pod", ns, name)["spec"]["nodeName"]


def _ip_de_nodo(lab: Cluster, nodo: str) -> str:
    node = lab.api.get("Node", "", nodo)
    return next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")


# ------------------------------------------------------------------------------ exercise 1
def ej1_comando(comando):
    ctx: dict = {}

    def ejecuta(c):
        texto = es_texto(comando, "comando_kube_proxy").strip()
        if texto.startswith("%"):
            texto = texto[1:]
        if not texto.startswith("kubectl "):
            raise Fallo(
                "comando_kube_proxy debe ser un comando de kubectl, por ejemplo "
                '"kubectl get … -n …" (empieza por kubectl).'
            )
        c["lab"] = Cluster(nodes=3)
        try:
            c["salida"] = c["lab"].kubectl(texto)
        except ApiError as err:
            raise Fallo(
                f"Ese comando falla en un clúster nuevo. kubectl dice:\n{err.message}"
            ) from None

    def lista_kube_proxy(c):
        pods = sorted(
            p["metadata"]["name"]
            for p in c["lab"].api.list("Pod", "kube-system")
            if p["metadata"]["name"].startswith("kube-proxy-")
        )
        faltan = [p for p in pods if p not in c["salida"]]
        if faltan:
            raise Fallo(
                "La salida de tu comando no muestra los pods de kube-proxy. Están en el "
                "namespace kube-system: ¿has añadido -n kube-system? ¿Listas pods (get pods)?"
            )
        cabecera = c["salida"].splitlines()[0].split() if c["salida"].strip() else []
        if "NAMESPACE" in cabecera:
            raise Fallo(
                "Tu comando lista todos los namespaces (-A). Aquí se pide elegir uno solo con "
                "-n kube-system."
            )
        if "NODE" not in cabecera:
            raise Fallo(
                "La salida no dice en qué nodo está cada pod: añade -o wide para ver la "
                "columna NODE."
            )

    return ejecutar(
        [
            Paso("¿Es un comando de kubectl que funciona?", ejecuta),
            Paso("¿Muestra los pods de kube-proxy con su nodo?", lista_kube_proxy),
        ],
        ctx,
    )


def pods_kube_proxy_en(nodos: int) -> int:
    lab = Cluster(nodes=nodos)
    return sum(
        1
        for p in lab.api.list("Pod", "kube-system")
        if p["metadata"]["name"].startswith("kube-proxy-")
    )


def ej1_pods(respuesta):
    if type(respuesta) is not int:
        return {"ok": False, "mensajes": ["pods_kube_proxy debe ser un número entero."]}
    if respuesta != pods_kube_proxy_en(3):
        return {
            "ok": False,
            "mensajes": [
                "No es ese número. kube-proxy es un DaemonSet: ¿cuántos pods crea un DaemonSet "
                "en un clúster con 3 nodos de trabajo? Compruébalo con Cluster(nodes=3) y "
                "kubectl get daemonsets -n kube-system (columna DESIRED)."
            ],
        }
    return ok()


# ------------------------------------------------------------------------------ exercise 2
def _cadenas_forma(svc, sep) -> None:
    if type(svc) is not str or not svc.startswith("KUBE-SVC-"):
        raise Fallo(
            "cadena_servicio debe ser el nombre de una cadena que empieza por KUBE-SVC- "
            "(la cadena del Service, a la que salta KUBE-SERVICES)."
        )
    if type(sep) is not str or not sep.startswith("KUBE-SEP-"):
        raise Fallo(
            "cadena_endpoint debe ser el nombre de una cadena que empieza por KUBE-SEP- "
            "(la cadena de un endpoint, la que hace el DNAT)."
        )


def ej2_forma(svc, sep):
    try:
        _cadenas_forma(svc, sep)
    except Fallo as f:
        return {"ok": False, "mensajes": [str(f)]}
    return ok()


def ej2(svc, sep):
    try:
        _cadenas_forma(svc, sep)
    except Fallo as f:
        return {"ok": False, "mensajes": [str(f)]}
    esperado_svc, esperado_sep = cadenas_primera_peticion()
    if svc.strip() != esperado_svc:
        return {
            "ok": False,
            "mensajes": [
                "cadena_servicio no es la cadena del Service nginx. Busca en el iptables-save "
                'la regla de KUBE-SERVICES con el comentario "default/nginx cluster IP": su '
                "-j dice a qué cadena KUBE-SVC-… salta."
            ],
        }
    if sep.strip() != esperado_sep:
        return {
            "ok": False,
            "mensajes": [
                "cadena_endpoint no es la cadena por la que pasa esa petición. Reproduce el "
                f"experimento (Cluster(seed={SEMILLA}), el nginx del curso, UNA petición desde "
                "node-2) y busca en r.trace el salto de nat/KUBE-SEP-… que hace el DNAT."
            ],
        }
    return ok()


# ------------------------------------------------------------------------------ exercise 3
def _lista_probabilidades(valor) -> list[float]:
    if type(valor) is not list or not all(type(v) in (int, float) for v in valor):
        raise Fallo("probabilidades debe ser una lista de números, por ejemplo [0.1, 0.2, 0.3].")
    if len(valor) != 3:
        raise Fallo(
            f"probabilidades tiene {len(valor)} números. Con 4 endpoints kube-proxy escribe 4 "
            "reglas en la cadena KUBE-SVC-…, pero solo las 3 primeras llevan --probability: la "
            "última no la necesita."
        )
    if not all(0 < v <= 1 for v in valor):
        raise Fallo("Cada probabilidad es un número entre 0 y 1.")
    return [float(v) for v in valor]


def ej3_forma(valor):
    try:
        _lista_probabilidades(valor)
    except Fallo as f:
        return {"ok": False, "mensajes": [str(f)]}
    return ok()


def ej3(valor):
    try:
        dadas = _lista_probabilidades(valor)
    except Fallo as f:
        return {"ok": False, "mensajes": [str(f)]}
    esperadas = probabilidades_con(4)
    if all(abs(a - b) < 0.001 for a, b in zip(dadas, esperadas, strict=True)):
        return ok()
    if all(abs(v - 0.25) < 0.001 for v in dadas):
        return {
            "ok": False,
            "mensajes": [
                "Cada pod recibe 1/4 de las peticiones, pero la probabilidad de cada regla no es "
                "1/4: una regla solo se evalúa si las anteriores no han saltado. La segunda "
                "regla reparte lo que queda entre 3 pods, la tercera entre 2…"
            ],
        }
    return {
        "ok": False,
        "mensajes": [
            "Esas no son las probabilidades de las reglas. Escala el nginx a 4 réplicas y mira "
            "los valores de --probability en la cadena KUBE-SVC-… de iptables-save, en orden."
        ],
    }


# ------------------------------------------------------------------------------ exercise 4
def _nodeport(yaml_text: str):
    ctx: dict = {}

    def aplica(c):
        c["lab"] = Cluster()
        c["lab"].apply(WEB_DEPLOYMENT)
        c["lines"] = aplicar(c["lab"], yaml_text, "web_nodeport_yaml")
        c["svc"] = unico(c["lab"], "Service", c["lines"], "web_nodeport_yaml")

    def nombre_y_tipo(c):
        svc = c["svc"]
        if svc["metadata"]["name"] != "web":
            raise Fallo(
                f"El Service debe llamarse web (metadata.name), no {svc['metadata']['name']!r}."
            )
        if svc["spec"].get("type") != "NodePort":
            raise Fallo(
                f"El Service es de tipo {svc['spec'].get('type')}: para que kube-proxy abra un "
                "puerto en cada nodo, spec.type debe ser NodePort."
            )

    return ctx, aplica, nombre_y_tipo


def ej4_forma(yaml_text):
    ctx, aplica, nombre_y_tipo = _nodeport(yaml_text)
    return ejecutar(
        [
            Paso("¿Se aplica y es un Service?", aplica),
            Paso("¿Se llama web y es NodePort?", nombre_y_tipo),
        ],
        ctx,
    )


def ej4(yaml_text):
    ctx, aplica, nombre_y_tipo = _nodeport(yaml_text)

    def puerto(c):
        ports = c["svc"]["spec"].get("ports") or []
        if len(ports) != 1:
            raise Fallo("El Service web debe tener un único puerto (spec.ports).")
        if ports[0].get("port") != 80:
            raise Fallo("El Service web debe escuchar en el puerto 80 (spec.ports[0].port).")
        if ports[0].get("nodePort") != 30080:
            raise Fallo(
                f"El NodePort es {ports[0].get('nodePort')} y debe ser 30080: fíjalo con "
                "spec.ports[0].nodePort (si no, Kubernetes elige uno al azar entre 30000 y 32767)."
            )

    def endpoints(c):
        if len(endpoints_de(c["lab"], c["svc"])) != 3:
            raise Fallo(
                "El Service no elige los 3 pods de web. Compara spec.selector con las "
                "etiquetas de la plantilla de pods (app: web)."
            )

    def reglas(c):
        for nodo in c["lab"].nodes:
            texto = c["lab"].iptables_save(nodo)
            if not re.search(r"-A KUBE-NODEPORTS .*--dport 30080 ", texto):
                raise Fallo(
                    f"En {nodo} no hay ninguna regla de KUBE-NODEPORTS para el puerto 30080."
                )

    def responde(c):
        lab = c["lab"]
        for nodo in lab.nodes:
            r = lab.curl(f"http://{_ip_de_nodo(lab, nodo)}:30080/hostname")
            if r.status != 200 or not (r.pod or "").startswith("default/web-"):
                raise Fallo(
                    f"Desde fuera, curl http://<IP de {nodo}>:30080 no llega a un pod de web "
                    f"({r.error or r.status}). ¿Apunta targetPort al puerto del contenedor "
                    "(8080, llamado http)?"
                )
            if "KUBE-NODEPORTS" not in cadenas_de(r.trace):
                raise Fallo("La petición al NodePort no pasa por la cadena KUBE-NODEPORTS.")

    return ejecutar(
        [
            Paso("¿Se aplica y es un Service?", aplica),
            Paso("¿Se llama web y es NodePort?", nombre_y_tipo),
            Paso("¿Puerto 80 y NodePort 30080?", puerto),
            Paso("¿Selecciona los 3 pods de web?", endpoints),
            Paso("¿Hay regla en KUBE-NODEPORTS en cada nodo?", reglas),
            Paso("¿Llega una petición desde fuera por cada nodo?", responde),
        ],
        ctx,
    )


# ------------------------------------------------------------------------------ exercise 5
def ej5(nodo_dnat, nodo_pod):
    for valor, nombre in ((nodo_dnat, "nodo_dnat"), (nodo_pod, "nodo_pod")):
        if type(valor) is not str or not valor.strip():
            return {
                "ok": False,
                "mensajes": [f'{nombre} debe ser el nombre de un nodo, como "node-1".'],
            }
    esperado_dnat, esperado_pod = nodos_nodeport()
    mensajes = []
    if nodo_dnat.strip() != esperado_dnat:
        mensajes.append(
            "nodo_dnat no es correcto. El DNAT lo hace el iptables del nodo que RECIBE el "
            "paquete: mira en r.trace en qué nodo aparece la línea DNAT."
        )
    if nodo_pod.strip() != esperado_pod:
        mensajes.append(
            "nodo_pod no es correcto. Mira r.pod y busca ese pod en kubectl get pods -o wide "
            "(columna NODE), o la línea «route» de r.trace."
        )
    return {"ok": not mensajes, "mensajes": mensajes}


CHECKS = {
    "ej1:comando": ej1_comando,
    "ej1:pods": ej1_pods,
    "ej2:forma": ej2_forma,
    "ej2": ej2,
    "ej3:forma": ej3_forma,
    "ej3": ej3,
    "ej4:forma": ej4_forma,
    "ej4": ej4,
    "ej5": ej5,
}
