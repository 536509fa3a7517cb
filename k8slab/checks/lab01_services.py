"""Checks for lab 01-services (Services, selectors, port/targetPort, readiness)."""

from __future__ import annotations

from k8slab import Cluster
from k8slab.checks.common import aplicar, endpoints_de, ok, pods_listos, unico
from k8slab.checks.registry import Fallo, Paso, ejecutar

LAB = "01-services"

# The Deployment the first exercise exposes (shown and applied by the notebook).
WEB_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers:
      - name: web
        image: registry.k8s.io/e2e-test-images/agnhost:2.53
        args: ["netexec", "--http-port=8080"]
        ports:
        - name: http
          containerPort: 8080
"""

# The course's nginx Deployment and Service (the module's own manifests).
from k8slab.addons.course import NGINX  # noqa: E402  (the module's nginx, shared)

# Exercise 2: a shop whose Service selects nothing (a typo in the selector).
TIENDA = """\
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

TIENDA_SERVICE_ROTO = """\
apiVersion: v1
kind: Service
metadata:
  name: tienda
spec:
  selector:
    app: tiend
  ports:
  - port: 80
    targetPort: 5678
"""

# Exercise 5: an API whose container serves on a named port.
API_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
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
        args: ["netexec", "--http-port=9090"]
        ports:
        - name: metrics
          containerPort: 9090
"""

SEMILLA = 2026  # the seed of the cluster the routing questions are about


def cluster_de_referencia() -> Cluster:
    """The cluster exercises 3 and 4 ask about: the course's nginx on Cluster(seed=2026)."""
    lab = Cluster(seed=SEMILLA)
    lab.apply(NGINX)
    return lab


def pod_que_responde() -> str:
    lab = cluster_de_referencia()
    ip = lab.api.get("Service", "default", "nginx")["spec"]["clusterIP"]
    return lab.curl(f"http://{ip}", from_="node/node-1").pod.split("/", 1)[1]


def endpoints_tras_no_listo() -> int:
    lab = cluster_de_referencia()
    primero = sorted(p["metadata"]["name"] for p in lab.api.list("Pod", "default"))[0]
    lab.set_ready(primero, False)
    return len(endpoints_de(lab, lab.api.get("Service", "default", "nginx")))


# ------------------------------------------------------------------------------ exercise 1
def _servicio(yaml_text: str, deployment: str, nombre_var: str):
    ctx: dict = {}

    def aplica(c):
        c["lab"] = Cluster()
        c["lab"].apply(deployment)
        c["lines"] = aplicar(c["lab"], yaml_text, nombre_var)

    def es_service(c):
        c["svc"] = unico(c["lab"], "Service", c["lines"], nombre_var)

    return ctx, aplica, es_service


def ej1_forma(yaml_text):
    ctx, aplica, es_service = _servicio(yaml_text, WEB_DEPLOYMENT, "servicio_web_yaml")

    def nombre(c):
        if c["svc"]["metadata"]["name"] != "web":
            raise Fallo(
                f"El Service debe llamarse web (metadata.name), no "
                f"{c['svc']['metadata']['name']!r}."
            )

    return ejecutar(
        [
            Paso("¿Se puede aplicar el YAML?", aplica),
            Paso("¿Contiene un Service?", es_service),
            Paso("¿Se llama web?", nombre),
        ],
        ctx,
    )


def ej1(yaml_text):
    ctx, aplica, es_service = _servicio(yaml_text, WEB_DEPLOYMENT, "servicio_web_yaml")

    def selecciona(c):
        eps = endpoints_de(c["lab"], c["svc"])
        if not (c["svc"]["spec"].get("selector")):
            raise Fallo("El Service no tiene selector: sin spec.selector no elige ningún pod.")
        if len(eps) != 3:
            raise Fallo(
                f"El selector {c['svc']['spec'].get('selector')} elige {len(eps)} pods "
                "listos, y el Deployment web tiene 3. Compara spec.selector con las "
                "etiquetas de la plantilla de pods (app: web)."
            )

    def puerto(c):
        ports = c["svc"]["spec"].get("ports") or []
        if [p.get("port") for p in ports] != [80]:
            raise Fallo("El Service debe escuchar en el puerto 80 (spec.ports[0].port).")

    def responde(c):
        lab = c["lab"]
        cliente = sorted(
            p["metadata"]["name"] for p in pods_listos(lab, "default", {"app": "web"})
        )[0]
        r = lab.curl("http://web/hostname", from_=f"default/{cliente}")
        if r.status != 200:
            raise Fallo(
                f"Desde un pod, curl http://web/hostname falla ({r.error or r.status}). "
                "¿Apunta targetPort al puerto en que escucha el contenedor (8080, "
                "llamado http)?"
            )

    return ejecutar(
        [
            Paso("¿Se puede aplicar el YAML?", aplica),
            Paso("¿Contiene un Service?", es_service),
            Paso("¿Selecciona los 3 pods de web?", selecciona),
            Paso("¿Escucha en el puerto 80?", puerto),
            Paso("¿Llega una petición a un pod?", responde),
        ],
        ctx,
    )


# ------------------------------------------------------------------------------ exercise 2
def ej2(yaml_text):
    ctx: dict = {}

    def aplica(c):
        c["lab"] = Cluster()
        c["lab"].apply(TIENDA)
        c["lines"] = aplicar(c["lab"], yaml_text, "tienda_yaml")
        c["svc"] = unico(c["lab"], "Service", c["lines"], "tienda_yaml")

    def endpoints(c):
        eps = endpoints_de(c["lab"], c["svc"])
        if len(eps) != 2:
            raise Fallo(
                f"El Service tiene {len(eps)} endpoints listos y debería tener 2 (los pods "
                "de tienda). Mira las etiquetas de los pods con kubectl get pods "
                "--show-labels y compáralas con spec.selector."
            )

    def texto(c):
        ip = c["svc"]["spec"].get("clusterIP")
        port = c["svc"]["spec"]["ports"][0]["port"]
        r = c["lab"].curl(f"http://{ip}:{port}", from_="node/node-1")
        if "Bienvenido a la tienda" not in r.body:
            raise Fallo(
                f"Una petición al Service no llega a la tienda ({r.error or r.status}). "
                "Revisa targetPort: el contenedor escucha en 5678."
            )

    return ejecutar(
        [
            Paso("¿Se aplica y es un Service?", aplica),
            Paso("¿Tiene los 2 endpoints?", endpoints),
            Paso("¿Responde la tienda?", texto),
        ],
        ctx,
    )


# ------------------------------------------------------------------------------ exercise 3/4
def ej3(respuesta):
    if type(respuesta) is not str or not respuesta.strip():
        return {
            "ok": False,
            "mensajes": ["respuesta_pod está vacía: escribe el nombre del pod entre comillas."],
        }
    esperado = pod_que_responde()
    if respuesta.strip() != esperado:
        return {
            "ok": False,
            "mensajes": [
                "Ese no es el pod que responde. Crea el clúster de la pregunta (Cluster(seed=2026)), "
                "aplica el nginx del curso y mira r.pod en la respuesta de lab.curl."
            ],
        }
    return ok()


def ej4(respuesta):
    if type(respuesta) is not int:
        return {"ok": False, "mensajes": ["endpoints_listos debe ser un número entero."]}
    esperado = endpoints_tras_no_listo()
    if respuesta != esperado:
        return {
            "ok": False,
            "mensajes": [
                "No es ese número. Un pod que no está listo sale de los endpoints del Service; "
                "compruébalo con kubectl describe service nginx (línea Endpoints)."
            ],
        }
    return ok()


# ------------------------------------------------------------------------------ exercise 5
def ej5_forma(yaml_text):
    ctx, aplica, es_service = _servicio(yaml_text, API_DEPLOYMENT, "servicio_api_yaml")
    return ejecutar(
        [Paso("¿Se puede aplicar el YAML?", aplica), Paso("¿Contiene un Service?", es_service)], ctx
    )


def ej5(yaml_text):
    ctx, aplica, es_service = _servicio(yaml_text, API_DEPLOYMENT, "servicio_api_yaml")

    def puertos(c):
        ports = c["svc"]["spec"].get("ports") or []
        if len(ports) != 1 or ports[0].get("port") != 8080:
            raise Fallo("El Service api debe ofrecer un único puerto: el 8080 (port).")
        if ports[0].get("targetPort") != "metrics":
            raise Fallo(
                "targetPort debe usar el NOMBRE del puerto del contenedor (metrics), no "
                "su número: así el Service sigue funcionando si el número cambia."
            )

    def responde(c):
        ip = c["svc"]["spec"]["clusterIP"]
        r = c["lab"].curl(f"http://{ip}:8080/hostname", from_="node/node-2")
        if r.status != 200 or not r.body.startswith("api-"):
            raise Fallo(
                f"curl al Service en el puerto 8080 no llega a un pod de api "
                f"({r.error or r.status})."
            )

    return ejecutar(
        [
            Paso("¿Se puede aplicar el YAML?", aplica),
            Paso("¿Contiene un Service?", es_service),
            Paso("¿port 8080 y targetPort metrics?", puertos),
            Paso("¿Llega a un pod de api?", responde),
        ],
        ctx,
    )


CHECKS = {
    "ej1:forma": ej1_forma,
    "ej1": ej1,
    "ej2": ej2,
    "ej3": ej3,
    "ej4": ej4,
    "ej5:forma": ej5_forma,
    "ej5": ej5,
}
