"""Which Ingresses an ingress-nginx controller serves.

Two layers meet here:

- **Ingress API** (kubernetes.io Ingress docs, "Ingress class" and "Default IngressClass"):
  ``spec.ingressClassName`` names a cluster-scoped IngressClass; its ``spec.controller`` says which
  controller implements it. The DefaultIngressClass admission plugin writes the IngressClass
  annotated ``ingressclass.kubernetes.io/is-default-class: "true"`` into *new* Ingresses that
  set neither the field nor the ``kubernetes.io/ingress.class`` annotation; it never touches
  existing Ingresses, and with more than one default class such creations are rejected.
- **ingress-nginx** (``internal/ingress/controller/store/store.go``, ``GetIngressClass`` and the
  IngressClass informer): the controller only keeps IngressClasses whose ``spec.controller``
  equals ``--controller-class`` (or whose name equals ``--ingress-class`` with
  ``--ingress-class-by-name``). An Ingress is served if (1) its ``ingressClassName`` names such a
  class — a name it does not know means "ignored", whatever the annotation says; else (2) its
  ``kubernetes.io/ingress.class`` annotation equals ``--ingress-class``; else (3)
  ``--watch-ingress-without-class`` is set. The field is checked before the annotation.

The simulated API server may store class-less Ingresses as written; :func:`classify` then applies
the admission plugin's rule itself (``via="default-class"``), using creation timestamps so that a
default IngressClass created *after* the Ingress is not applied, as on a real cluster.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from k8slab.api.reader import Reader
from k8slab.ingress.behaviours import INGRESS_API, INGRESS_NGINX, Layer
from k8slab.ingress.config import ControllerConfig
from k8slab.ingress.model import (
    DEFAULT_CLASS_ANNOTATION,
    INGRESS_CLASS_ANNOTATION,
    IngressRef,
    annotations,
    creation_key,
)

Via = Literal["ingressClassName", "default-class", "annotation", "without-class"]


@dataclass(frozen=True)
class ClassDecision:
    """Whether one Ingress is served, how it was matched, and why (in English)."""

    ingress: IngressRef
    served: bool
    via: Via | None
    class_name: str | None
    reason: str
    layer: Layer
    flags: tuple[str, ...] = ()


def is_default_class(ic: dict) -> bool:
    # The admission plugin compares the annotation with "true" exactly
    # (plugin/pkg/admission/network/defaultingressclass, IsDefaultAnnotation).
    return annotations(ic).get(DEFAULT_CLASS_ANNOTATION) == "true"


def default_ingress_classes(reader: Reader, *, created_before: str | None = None) -> list[dict]:
    """IngressClasses marked default, optionally only those existing at ``created_before``."""
    out = []
    for ic in reader.list("IngressClass"):
        if not is_default_class(ic):
            continue
        ts = ic.get("metadata", {}).get("creationTimestamp", "")
        if created_before is not None and ts and ts > created_before:
            continue
        out.append(ic)
    return out


def controller_classes(reader: Reader, controller: ControllerConfig) -> dict[str, dict]:
    """The IngressClasses this controller's informer keeps, by name (store.go AddFunc)."""
    out = {}
    for ic in reader.list("IngressClass"):
        name = ic.get("metadata", {}).get("name", "")
        by_name = controller.ingress_class_by_name and name == controller.ingress_class
        if by_name or (ic.get("spec") or {}).get("controller") == controller.controller_class:
            out[name] = ic
    return out


def classify(reader: Reader, ing: dict, controller: ControllerConfig) -> ClassDecision:
    """Decide whether ``controller`` serves ``ing`` (see the module docstring for the rules)."""
    ref = IngressRef.of(ing)
    if controller.watch_namespace and ref.namespace != controller.watch_namespace:
        return ClassDecision(
            ref,
            False,
            None,
            None,
            f"namespace {ref.namespace!r} is not watched (--watch-namespace={controller.watch_namespace})",
            INGRESS_NGINX,
        )
    spec = ing.get("spec") or {}
    known = controller_classes(reader, controller)
    class_name = spec.get("ingressClassName")
    anns = annotations(ing)
    via: Via = "ingressClassName"
    flags: tuple[str, ...] = ("class-by-ingressClassName",)

    if class_name is None and INGRESS_CLASS_ANNOTATION not in anns:
        created = ing.get("metadata", {}).get("creationTimestamp")
        defaults = default_ingress_classes(reader, created_before=created)
        if len(defaults) == 1:
            class_name = defaults[0]["metadata"]["name"]
            via = "default-class"
            flags = ("default-ingress-class",)
        elif len(defaults) > 1:
            names = ", ".join(d["metadata"]["name"] for d in defaults)
            return ClassDecision(
                ref,
                False,
                None,
                None,
                f"several IngressClasses are marked default ({names}); the DefaultIngressClass "
                "admission plugin rejects creating a class-less Ingress then",
                INGRESS_API,
                ("default-ingress-class",),
            )

    if class_name is not None:
        if class_name in known:
            how = (
                "named by spec.ingressClassName"
                if via == "ingressClassName"
                else (
                    "the default IngressClass, written into the Ingress at creation by the "
                    "DefaultIngressClass admission plugin"
                )
            )
            return ClassDecision(
                ref,
                True,
                via,
                class_name,
                f"IngressClass {class_name!r} ({how}) has spec.controller "
                f"{controller.controller_class!r}",
                INGRESS_API,
                flags,
            )
        ic = reader.get("IngressClass", "", class_name)
        if ic is None:
            why = f"IngressClass {class_name!r} does not exist"
        else:
            why = (
                f"IngressClass {class_name!r} has spec.controller "
                f"{(ic.get('spec') or {}).get('controller')!r}, not {controller.controller_class!r}"
            )
        if INGRESS_CLASS_ANNOTATION in anns:
            why += "; the kubernetes.io/ingress.class annotation is not consulted when ingressClassName is set"
        return ClassDecision(ref, False, via, class_name, why, INGRESS_API, flags)

    if INGRESS_CLASS_ANNOTATION in anns:
        value = anns[INGRESS_CLASS_ANNOTATION]
        if value == controller.ingress_class:
            return ClassDecision(
                ref,
                True,
                "annotation",
                value,
                f"deprecated annotation kubernetes.io/ingress.class={value!r} equals --ingress-class",
                INGRESS_NGINX,
                ("class-annotation",),
            )
        return ClassDecision(
            ref,
            False,
            "annotation",
            value,
            f"annotation kubernetes.io/ingress.class={value!r} differs from --ingress-class="
            f"{controller.ingress_class!r}",
            INGRESS_NGINX,
            ("class-annotation",),
        )

    if controller.watch_ingress_without_class:
        return ClassDecision(
            ref,
            True,
            "without-class",
            None,
            "no class at all, served because of --watch-ingress-without-class=true",
            INGRESS_NGINX,
            ("watch-ingress-without-class",),
        )
    return ClassDecision(
        ref,
        False,
        None,
        None,
        "no ingressClassName, no kubernetes.io/ingress.class annotation, no default IngressClass, "
        "and the controller runs without --watch-ingress-without-class",
        INGRESS_NGINX,
        ("watch-ingress-without-class",),
    )


def served_ingresses(
    reader: Reader, controller: ControllerConfig
) -> list[tuple[dict, ClassDecision]]:
    """Every Ingress with its ClassDecision, in ingress-nginx's order (oldest first)."""
    out = [(ing, classify(reader, ing, controller)) for ing in reader.list("Ingress")]
    out.sort(key=lambda pair: creation_key(pair[0]))
    return out


__all__ = [
    "ClassDecision",
    "classify",
    "controller_classes",
    "default_ingress_classes",
    "is_default_class",
    "served_ingresses",
]
