"""The data plane's errors, in the reader's language (Spanish first, then English)."""

from __future__ import annotations

import os
import shutil


class DataplaneError(RuntimeError):
    """Bringing the data plane up, using it or tearing it down failed."""


class DataplaneUnavailable(DataplaneError):
    """This machine cannot run the data plane (not root, or ``ip``/``iptables`` missing)."""


REQUIRED_TOOLS = ("ip", "iptables-restore", "iptables-save")


def unavailable_reason() -> str | None:
    """Why the data plane cannot run here (a short English reason), or None if it can."""
    if not os.path.exists("/proc/self/ns/net"):
        return "this is not Linux (no network namespaces)"
    if os.geteuid() != 0:
        return "not running as root (network namespaces and iptables-restore need root)"
    missing = [t for t in REQUIRED_TOOLS if shutil.which(t) is None]
    if missing:
        return f"{', '.join(missing)} not found (apt-get install -y iptables iproute2)"
    return None


def require() -> None:
    """Raise DataplaneUnavailable, in Spanish and English, unless the data plane can run."""
    why = unavailable_reason()
    if why is not None:
        raise DataplaneUnavailable(
            f"k8slab.dataplane necesita root y iptables: {es_reason(why)}\n"
            f"k8slab.dataplane needs root and iptables: {why}\n"
            "(el simulador, lab.curl, funciona sin ellos / the simulator, lab.curl, needs neither)"
        )


_ES = {
    "this is not Linux": "esto no es Linux (no hay espacios de nombres de red)",
    "not running as root": "no se ejecuta como root (los espacios de nombres de red e "
    "iptables-restore lo requieren)",
}


def es_reason(why: str) -> str:
    for en, es in _ES.items():
        if why.startswith(en):
            return es
    return why.replace("not found", "no encontrado")
