"""ingress-nginx semantics over the store: class selection, host/path matching, TLS, defaults.

Pure logic over a :class:`k8slab.api.reader.Reader`; no I/O. Start with :func:`route`.
Each module cites the upstream code or documentation it reproduces; :mod:`.behaviours` labels
every behaviour as the Ingress API's, ingress-nginx's or nginx's own.
"""

from k8slab.ingress.behaviours import BEHAVIOURS, Behaviour
from k8slab.ingress.classes import ClassDecision, classify, served_ingresses
from k8slab.ingress.config import ControllerConfig, controller_config_from_pod
from k8slab.ingress.endpoints import Endpoint
from k8slab.ingress.model import IngressRef
from k8slab.ingress.router import Reason, RouteDecision, route
from k8slab.ingress.servers import BackendRef, Configuration, build_configuration
from k8slab.ingress.tls import CertificateInfo, CertificateSelection, parse_pem_certificate

__all__ = [
    "BEHAVIOURS",
    "BackendRef",
    "Behaviour",
    "CertificateInfo",
    "CertificateSelection",
    "ClassDecision",
    "Configuration",
    "ControllerConfig",
    "Endpoint",
    "IngressRef",
    "Reason",
    "RouteDecision",
    "build_configuration",
    "classify",
    "controller_config_from_pod",
    "parse_pem_certificate",
    "route",
    "served_ingresses",
]
