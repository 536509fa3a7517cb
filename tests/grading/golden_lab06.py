"""Golden submissions for lab 06-reto-final (Kubetienda)."""

from .golden import CHEATS, WRONG_YAML

LAB = "06-reto-final"

TIENDA = '''"""
apiVersion: v1
kind: Service
metadata:
  name: frontend
  namespace: tienda
spec:
  type: NodePort
  selector:
    app: frontend
  ports:
  - port: 80
    targetPort: 5678
    nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: tienda
spec:
  selector:
    app: api
  ports:
  - port: 80
    targetPort: http
"""'''

PAGOS = '''"""
apiVersion: v1
kind: Service
metadata:
  name: pagos
  namespace: pagos
spec:
  selector:
    app: pagos
  ports:
  - port: 80
    targetPort: 7000
"""'''

INGRESS = '''"""
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: tienda
  namespace: tienda
spec:
  ingressClassName: nginx
  tls:
  - hosts:
    - tienda.my.com
    secretName: tienda-tls
  rules:
  - host: tienda.my.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: frontend
            port:
              number: 80
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              number: 80
"""'''

TLS = "  tls:\n  - hosts:\n    - tienda.my.com\n    secretName: tienda-tls\n"


def correct_answers() -> dict[str, str]:
    from k8slab.checks.lab06_reto import servicio_que_responde, url_https_esperada

    return {
        "l6-ej1-respuesta": f"tienda_yaml = {TIENDA}",
        "l6-ej2-respuesta": f"pagos_yaml = {PAGOS}",
        "l6-ej3-respuesta": 'fqdn_pagos = "pagos.pagos.svc.cluster.local"',
        "l6-ej4-respuesta": f"ingress_yaml = {INGRESS}",
        "l6-ej5-respuesta": (
            f"url_https = {url_https_esperada()!r}\n"
            f"servicio_cobro = {servicio_que_responde('/pagos/cobro').split('/')[1]!r}"
        ),
    }


def students() -> dict:
    correct = correct_answers()
    partly = dict(correct)
    # ej2: published as NodePort (shape right, values wrong) → 1 of 2
    partly["l6-ej2-respuesta"] = "pagos_yaml = " + PAGOS.replace(
        "spec:\n", "spec:\n  type: NodePort\n"
    )
    # ej3: works through the search list, but is not the FQDN → 0 of 1
    partly["l6-ej3-respuesta"] = 'fqdn_pagos = "pagos.pagos"'
    # ej4: no tls section (no redirect) → 1 of 3
    partly["l6-ej4-respuesta"] = "ingress_yaml = " + INGRESS.replace(TLS, "")
    # ej5b: believes /pagos reaches the pagos Service → ej5a 1 of 2
    partly["l6-ej5-respuesta"] = correct["l6-ej5-respuesta"].replace(
        "servicio_cobro = 'frontend'", "servicio_cobro = 'pagos'"
    )
    wrong = {
        "l6-ej1-respuesta": f"tienda_yaml = {WRONG_YAML}",
        "l6-ej2-respuesta": f"pagos_yaml = {WRONG_YAML}",
        "l6-ej3-respuesta": 'fqdn_pagos = "pagos"',
        "l6-ej4-respuesta": f"ingress_yaml = {WRONG_YAML}",
        "l6-ej5-respuesta": "url_https = 'https://172.18.0.4:443/'\nservicio_cobro = 'pagos'",
    }
    students = {
        "correcto": (correct, 10),
        "parcial": (partly, 5),  # ej1 2 + ej2 forma 1 + ej4 forma 1 + ej5a 1
        "blanco": ({}, 0),
    }
    # Two cheats: monkeypatching k8slab, and objects that equal anything.
    answers = dict(wrong)
    answers["l6-ej1-respuesta"] = CHEATS["monkeypatch"] + answers["l6-ej1-respuesta"]
    students["trampa-monkeypatch"] = (answers, 0)
    answers = dict(wrong)
    answers["l6-ej3-respuesta"] = CHEATS["eq"] + "fqdn_pagos = Siempre('x')"
    answers["l6-ej5-respuesta"] = (
        CHEATS["eq"] + "url_https = Siempre('x')\nservicio_cobro = Siempre('y')"
    )
    students["trampa-eq"] = (answers, 0)
    return students
