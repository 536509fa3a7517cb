"""Checks for lab 02-dns (Service names, the search list, namespaces, SRV, headless)."""

from __future__ import annotations

from k8slab import Cluster
from k8slab.addons.course import NGINX
from k8slab.checks.common import aplicar, endpoints_de, es_texto, ok, unico
from k8slab.checks.registry import Fallo, Paso, ejecutar

LAB = "02-dns"

# A pod with nslookup and wget (the nginx image has neither).
CLIENTE = """\
apiVersion: v1
kind: Pod
metadata:
  name: cliente
  labels:
    app: cliente
spec:
  containers:
  - name: cliente
    image: busybox:1.28
    command: ["sleep", "3600"]
"""

# Exercise 4: the Deployment the student's Namespace + Service must serve (applied after).
COBROS_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cobros
  namespace: pagos
spec:
  replicas: 2
  selector:
    matchLabels:
      app: cobros
  template:
    metadata:
      labels:
        app: cobros
    spec:
      containers:
      - name: cobros
        image: registry.k8s.io/e2e-test-images/agnhost:2.53
        args: ["netexec", "--http-port=8080"]
        ports:
        - name: http
          containerPort: 8080
"""

# Exercise 5: a database-like Deployment with three replicas on port 5432.
BD_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: bd
spec:
  replicas: 3
  selector:
    matchLabels:
      app: bd
  template:
    metadata:
      labels:
        app: bd
    spec:
      containers:
      - name: bd
        image: registry.k8s.io/e2e-test-images/agnhost:2.53
        args: ["netexec", "--http-port=5432"]
        ports:
        - name: sql
          containerPort: 5432
"""

# The names exercises 1–3 ask about.
SERVICIO_DNS = ("kube-system", "kube-dns")
NOMBRE_CON_NAMESPACE = "kube-dns.kube-system"
NOMBRE_COMPLETO_SIN_PUNTO = "kube-dns.kube-system.svc.cluster.local"


def cluster_de_referencia() -> Cluster:
    """The cluster exercises 1–3 ask about: a fresh Cluster() with the course's nginx."""
    lab = Cluster()
    lab.apply(NGINX)
    return lab


def ip_de(lab: Cluster, ns: str, name: str) -> str:
    return lab.api.get("Service", ns, name)["spec"]["clusterIP"]


def intentos(nombre: str) -> int:
    """How many names a pod in default queries to resolve ``nombre`` (its search walk)."""
    return len(cluster_de_referencia().dns(nombre).tried)


def rcode_desde_nodo() -> str:
    """The rcode a shell on node-1 gets for the kube-dns Service's full name."""
    return cluster_de_referencia().dns(NOMBRE_COMPLETO_SIN_PUNTO, from_="node/node-1").rcode


# ------------------------------------------------------------------------------ exercise 1
def ej1(respuesta):
    ctx: dict = {}

    def texto(c):
        c["nombre"] = es_texto(respuesta, "fqdn_dns").strip().lower()

    def sin_esquema(c):
        if "/" in c["nombre"] or ":" in c["nombre"] or " " in c["nombre"]:
            raise Fallo(
                "fqdn_dns debe ser solo un nombre DNS (sin http://, sin puerto y sin espacios), "
                "por ejemplo nginx.default.svc.cluster.local."
            )

    def completo(c):
        lab = cluster_de_referencia()
        ns, name = SERVICIO_DNS
        ip = ip_de(lab, ns, name)
        sin_busqueda = lab.dns(c["nombre"], search=False)
        if sin_busqueda.rcode == "NOERROR" and sin_busqueda.answers == [ip]:
            return
        con_busqueda = lab.dns(c["nombre"])
        if con_busqueda.rcode == "NOERROR" and con_busqueda.answers == [ip]:
            raise Fallo(
                f"{c['nombre']!r} solo funciona dentro de un pod gracias a la lista search de "
                "/etc/resolv.conf: es un nombre corto. Escribe el nombre completo, con las cuatro "
                "partes <service>.<namespace>.svc.cluster.local (sección 1)."
            )
        if con_busqueda.rcode == "NOERROR":
            raise Fallo(
                f"{c['nombre']!r} existe, pero no es el Service kube-dns: responde "
                f"{', '.join(con_busqueda.answers)} y kube-dns tiene la ClusterIP {ip}. "
                "Mira kubectl get services -n kube-system."
            )
        raise Fallo(
            f"{c['nombre']!r} no existe en el DNS del clúster ({con_busqueda.rcode}). El "
            "Service se llama kube-dns y está en el namespace kube-system; recuerda el orden "
            "<service>.<namespace>.svc.cluster.local (sección 1)."
        )

    return ejecutar(
        [
            Paso("¿Es un texto?", texto),
            Paso("¿Es solo un nombre?", sin_esquema),
            Paso("¿Es el nombre completo de kube-dns?", completo),
        ],
        ctx,
    )


# ------------------------------------------------------------------------------ exercise 2
def _entero(valor, nombre: str) -> dict | None:
    if type(valor) is not int:
        return {
            "ok": False,
            "mensajes": [f"{nombre} debe ser un número entero (por ejemplo 3), sin comillas."],
        }
    return None


def ej2a(respuesta):
    malo = _entero(respuesta, "intentos_corto")
    if malo:
        return malo
    if respuesta != intentos(NOMBRE_CON_NAMESPACE):
        return {
            "ok": False,
            "mensajes": [
                f"{respuesta} no es el número de consultas. El nombre {NOMBRE_CON_NAMESPACE} tiene menos de "
                "5 puntos (ndots:5), así que el pod prueba los dominios de search EN ORDEN y se "
                "para en el primero que existe. Cuéntalos con "
                f'lab.dns("{NOMBRE_CON_NAMESPACE}").tried (sección 2).'
            ],
        }
    return ok()


def ej2b(respuesta):
    malo = _entero(respuesta, "intentos_completo")
    if malo:
        return malo
    if respuesta != intentos(NOMBRE_COMPLETO_SIN_PUNTO):
        return {
            "ok": False,
            "mensajes": [
                f"{respuesta} no es el número de consultas. Aunque {NOMBRE_COMPLETO_SIN_PUNTO} es el nombre "
                "completo, sin el punto final tiene solo 4 puntos (menos que ndots:5): el pod "
                "prueba antes los dominios de search. Compruébalo con "
                f'lab.dns("{NOMBRE_COMPLETO_SIN_PUNTO}").tried (sección 2).'
            ],
        }
    return ok()


# ------------------------------------------------------------------------------ exercise 3
def ej3(respuesta):
    if type(respuesta) is not str or not respuesta.strip():
        return {
            "ok": False,
            "mensajes": [
                "rcode_nodo está vacío: escribe el código entre comillas (p. ej. 'NOERROR')."
            ],
        }
    esperado = rcode_desde_nodo()
    if respuesta.strip().upper() != esperado:
        pista = (
            " NOERROR es lo que obtiene un pod; un nodo no usa el DNS del clúster."
            if respuesta.strip().upper() == "NOERROR"
            else ""
        )
        return {
            "ok": False,
            "mensajes": [
                f"No es {respuesta.strip()!r}.{pista} Haz la consulta desde el nodo con "
                f'lab.dns("{NOMBRE_COMPLETO_SIN_PUNTO}", from_="node/node-1") y mira .rcode '
                "(sección 3)."
            ],
        }
    return ok()


# ------------------------------------------------------------------------------ exercise 4
def _pagos(yaml_text):
    ctx: dict = {}

    def aplica(c):
        c["lab"] = Cluster()
        try:
            c["lines"] = aplicar(c["lab"], yaml_text, "pagos_yaml")
        except Fallo as f:
            if 'namespaces "pagos" not found' in str(f):
                raise Fallo(
                    f"{f}\nkubectl crea los objetos en el orden del fichero: pon el Namespace "
                    "pagos antes que el Service (separados por ---)."
                ) from None
            raise

    def namespace(c):
        ns = unico(c["lab"], "Namespace", c["lines"], "pagos_yaml")
        if ns["metadata"]["name"] != "pagos":
            raise Fallo(
                f"El Namespace debe llamarse pagos (metadata.name), no {ns['metadata']['name']!r}."
            )

    def servicio(c):
        svc = unico(c["lab"], "Service", c["lines"], "pagos_yaml")
        if svc["metadata"]["name"] != "cobros":
            raise Fallo(
                f"El Service debe llamarse cobros (metadata.name), no {svc['metadata']['name']!r}."
            )
        if svc["metadata"]["namespace"] != "pagos":
            raise Fallo(
                f"El Service cobros se ha creado en el namespace {svc['metadata']['namespace']!r}: "
                "añade namespace: pagos dentro de su metadata (sección 4)."
            )
        c["svc"] = svc

    pasos = [
        Paso("¿Se puede aplicar el YAML?", aplica),
        Paso("¿Crea el Namespace pagos?", namespace),
        Paso("¿Crea el Service cobros en pagos?", servicio),
    ]
    return ctx, pasos


def ej4_forma(yaml_text):
    ctx, pasos = _pagos(yaml_text)
    return ejecutar(pasos, ctx)


def ej4(yaml_text):
    ctx, pasos = _pagos(yaml_text)

    def despliega(c):
        c["lab"].apply(COBROS_DEPLOYMENT)
        c["lab"].apply(CLIENTE)

    def selecciona(c):
        eps = endpoints_de(c["lab"], c["svc"])
        if not c["svc"]["spec"].get("selector"):
            raise Fallo(
                "El Service cobros no tiene selector: sin spec.selector no elige ningún pod."
            )
        if len(eps) != 2:
            raise Fallo(
                f"El Service cobros tiene {len(eps)} endpoints listos y debería tener 2 (los pods "
                "de cobros). Compara spec.selector con las etiquetas de la plantilla (app: cobros)."
            )

    def puerto(c):
        ports = c["svc"]["spec"].get("ports") or []
        if [p.get("port") for p in ports] != [80]:
            raise Fallo("El Service cobros debe escuchar en el puerto 80 (spec.ports[0].port).")

    def responde(c):
        r = c["lab"].curl("http://cobros.pagos/hostname", from_="default/cliente")
        if r.status != 200 or not r.body.startswith("cobros-"):
            raise Fallo(
                "Desde un pod de default, curl http://cobros.pagos/hostname no llega a un pod de "
                f"cobros ({r.error or r.status}). ¿Apunta targetPort al puerto del contenedor "
                "(8080, llamado http)?"
            )

    pasos += [
        Paso("Se despliegan los pods de cobros y un cliente", despliega),
        Paso("¿Selecciona los 2 pods de cobros?", selecciona),
        Paso("¿Escucha en el puerto 80?", puerto),
        Paso("¿Responde cobros.pagos desde default?", responde),
    ]
    return ejecutar(pasos, ctx)


# ------------------------------------------------------------------------------ exercise 5
def _bd(yaml_text):
    ctx: dict = {}

    def aplica(c):
        c["lab"] = Cluster()
        c["lab"].apply(BD_DEPLOYMENT)
        c["lines"] = aplicar(c["lab"], yaml_text, "bd_yaml")

    def servicio(c):
        svc = unico(c["lab"], "Service", c["lines"], "bd_yaml")
        if svc["metadata"]["name"] != "bd":
            raise Fallo(
                f"El Service debe llamarse bd (metadata.name), no {svc['metadata']['name']!r}."
            )
        if svc["metadata"]["namespace"] != "default":
            raise Fallo("Crea el Service bd en el namespace default (quita metadata.namespace).")
        c["svc"] = svc

    pasos = [
        Paso("¿Se puede aplicar el YAML?", aplica),
        Paso("¿Contiene un Service bd?", servicio),
    ]
    return ctx, pasos


def ej5_forma(yaml_text):
    ctx, pasos = _bd(yaml_text)
    return ejecutar(pasos, ctx)


def ej5(yaml_text):
    ctx, pasos = _bd(yaml_text)

    def headless(c):
        if c["svc"]["spec"].get("clusterIP") != "None":
            raise Fallo(
                f"El Service bd tiene la ClusterIP {c['svc']['spec'].get('clusterIP')}: no es "
                "headless. Añade clusterIP: None en spec (sección 6)."
            )

    def registros_a(c):
        lab = c["lab"]
        pods = sorted(
            p["status"]["podIP"]
            for p in lab.api.list("Pod", "default")
            if (p["metadata"].get("labels") or {}).get("app") == "bd"
        )
        a = lab.dns("bd.default.svc.cluster.local")
        if sorted(a.answers) != pods:
            raise Fallo(
                f"bd.default.svc.cluster.local devuelve {a.answers or a.rcode}, y debería devolver "
                f"las IPs de los 3 pods de bd ({', '.join(pods)}). Compara spec.selector con las "
                "etiquetas de los pods (app: bd)."
            )

    def srv(c):
        ports = c["svc"]["spec"].get("ports") or []
        if len(ports) != 1 or ports[0].get("name") != "sql" or ports[0].get("port") != 5432:
            raise Fallo(
                "El Service bd debe tener un único puerto llamado sql (name: sql) en el 5432: el "
                "registro SRV se construye con el NOMBRE del puerto (sección 5)."
            )
        a = c["lab"].dns("_sql._tcp.bd.default.svc.cluster.local", "SRV")
        puertos = {r.rsplit(":", 1)[1] for r in a.answers}
        if len(a.answers) != 3 or puertos != {"5432"}:
            raise Fallo(
                f"El registro SRV _sql._tcp.bd.default.svc.cluster.local devuelve "
                f"{a.answers or a.rcode}: debería dar un registro por pod, en el puerto 5432. "
                "¿Apunta el puerto al 5432 de los contenedores?"
            )

    pasos += [
        Paso("¿Es headless?", headless),
        Paso("¿El nombre devuelve las IPs de los 3 pods?", registros_a),
        Paso("¿Hay un registro SRV _sql._tcp por pod?", srv),
    ]
    return ejecutar(pasos, ctx)


CHECKS = {
    "ej1": ej1,
    "ej2a": ej2a,
    "ej2b": ej2b,
    "ej3": ej3,
    "ej4:forma": ej4_forma,
    "ej4": ej4,
    "ej5:forma": ej5_forma,
    "ej5": ej5,
}
