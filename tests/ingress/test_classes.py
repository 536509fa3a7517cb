"""Class selection: the Ingress API's IngressClass rules and ingress-nginx's GetIngressClass
(internal/ingress/controller/store/store.go)."""

from __future__ import annotations

from k8slab.api.reader import StaticReader
from k8slab.ingress import ControllerConfig, classify, route

from .builders import NGINX, app, ingress, ingress_class, path, reader, rule


def _one(r: StaticReader, name: str = "i", cfg: ControllerConfig = NGINX):
    return classify(r, r.get("Ingress", "default", name), cfg)


def test_ingress_class_name_of_our_controller_is_served() -> None:
    d = _one(reader(ingress("i", class_name="nginx")))
    assert (d.served, d.via, d.class_name, d.layer) == (
        True,
        "ingressClassName",
        "nginx",
        "ingress-api",
    )


def test_ingress_class_of_another_controller_is_ignored() -> None:
    r = StaticReader(
        [
            ingress_class("traefik", controller="traefik.io/ingress-controller"),
            ingress("i", class_name="traefik"),
        ]
    )
    d = _one(r)
    assert not d.served and "traefik.io/ingress-controller" in d.reason


def test_missing_ingress_class_is_ignored_even_with_matching_annotation() -> None:
    """store.go: a set ingressClassName is looked up first; the annotation is not consulted."""
    r = StaticReader(
        [ingress("i", class_name="nope", annotations={"kubernetes.io/ingress.class": "nginx"})]
    )
    d = _one(r)
    assert not d.served and "does not exist" in d.reason and "not consulted" in d.reason


def test_deprecated_annotation_is_ingress_nginx_behaviour() -> None:
    r = StaticReader(
        [ingress("i", class_name=None, annotations={"kubernetes.io/ingress.class": "nginx"})]
    )
    d = _one(r)
    assert (d.served, d.via, d.layer) == (True, "annotation", "ingress-nginx")
    r2 = StaticReader(
        [ingress("i", class_name=None, annotations={"kubernetes.io/ingress.class": "gce"})]
    )
    assert not _one(r2).served


def test_classless_ingress_needs_watch_ingress_without_class() -> None:
    r = StaticReader([ingress_class(), ingress("i", class_name=None)])
    assert not _one(r).served
    d = _one(r, cfg=ControllerConfig(watch_ingress_without_class=True))
    assert (d.served, d.via) == (True, "without-class")


def test_default_ingress_class_applies_only_if_it_existed_at_creation() -> None:
    """DefaultIngressClass admission plugin: assigns the default class at creation only."""
    before = StaticReader(
        [ingress_class(default=True, created=1), ingress("i", class_name=None, created=2)]
    )
    d = _one(before)
    assert (d.served, d.via, d.class_name) == (True, "default-class", "nginx")
    after = StaticReader(
        [ingress_class(default=True, created=5), ingress("i", class_name=None, created=2)]
    )
    assert not _one(after).served


def test_two_default_classes_mean_the_classless_ingress_could_not_be_created() -> None:
    r = StaticReader(
        [
            ingress_class("a", default=True),
            ingress_class("b", default=True),
            ingress("i", class_name=None, created=3),
        ]
    )
    d = _one(r)
    assert not d.served and "several IngressClasses" in d.reason


def test_ingress_class_by_name() -> None:
    """--ingress-class-by-name: an IngressClass named like --ingress-class counts, any controller."""
    r = StaticReader([ingress_class("nginx", controller="example.com/other"), ingress("i")])
    assert not _one(r).served
    assert _one(r, cfg=ControllerConfig(ingress_class_by_name=True)).served


def test_ignored_ingress_is_explained_and_not_routed() -> None:
    r = reader(
        ingress("other", rule("h", path("/", "Prefix")), class_name="traefik"),
        *app("svc", "10.244.1.1"),
    )
    d = route(r, controller=NGINX, host="h", path="/")
    assert d.status == 404
    assert any("Ingress default/other is ignored" in str(x) for x in d.explain)
