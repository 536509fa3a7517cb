"""The minimal X.509 reader and ingress-nginx's certificate choice (controller.go
extractTLSSecretName / createServers; Go crypto/x509 VerifyHostname + CN fallback)."""

from __future__ import annotations

from k8slab.ingress import parse_pem_certificate, route
from k8slab.ingress.tls import certificate_covers

from .builders import HERE, NGINX, app, ingress, path, reader, rule, tls_secret


def test_parse_subject_and_sans() -> None:
    info = parse_pem_certificate((HERE / "foo_example_com.pem").read_text())
    assert info.subject == "O=k8slab; CN=foo.example.com"
    assert info.dns_names == ("foo.example.com", "*.wild.example.com")
    assert info.ip_addresses == ("10.0.0.1",)
    assert info.not_after.startswith("2036-")


def test_coverage_by_san_wildcard_and_cn_fallback() -> None:
    info = parse_pem_certificate((HERE / "foo_example_com.pem").read_text())
    assert certificate_covers(info, "x.wild.example.com")[0]
    assert not certificate_covers(info, "a.b.wild.example.com")[0]
    legacy = parse_pem_certificate((HERE / "legacy_cn_only.pem").read_text())
    assert legacy.dns_names == ()
    ok, how = certificate_covers(legacy, "legacy.example.com")
    assert ok and how == "CN=legacy.example.com"


def test_garbage_is_not_a_certificate() -> None:
    assert (
        parse_pem_certificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
        is None
    )


def test_host_not_in_tls_hosts_of_a_tls_ingress_gets_default_cert_and_redirect() -> None:
    """ingress-nginx issue #3258: every host of an Ingress with a tls section has a certificate."""
    r = reader(
        ingress(
            "t",
            rule("foo.example.com", path("/", "Prefix")),
            rule("other.example.com", path("/", "Prefix")),
            tls=[{"hosts": ["foo.example.com"], "secretName": "foo-tls"}],
        ),
        tls_secret("foo-tls", "foo_example_com.pem"),
        *app("svc", "10.244.1.1"),
    )
    d = route(r, controller=NGINX, host="other.example.com", path="/")
    assert d.status == 308 and "tls-unlisted-host" in d.flags
    c = route(r, controller=NGINX, host="other.example.com", path="/", scheme="https").certificate
    assert c.source == "fake"


def test_secret_matched_by_san_when_tls_hosts_omit_the_host() -> None:
    r = reader(
        ingress(
            "t",
            rule("x.wild.example.com", path("/", "Prefix")),
            tls=[{"hosts": ["nothing"], "secretName": "foo-tls"}],
        ),
        tls_secret("foo-tls", "foo_example_com.pem"),
        *app("svc", "10.244.1.1"),
    )
    c = route(r, controller=NGINX, host="x.wild.example.com", path="/", scheme="https").certificate
    assert (c.source, c.secret) == ("ingress-secret", "default/foo-tls")


def test_listed_host_with_missing_secret_is_not_flagged_unlisted() -> None:
    r = reader(
        ingress(
            "t",
            rule("foo.example.com", path("/", "Prefix")),
            tls=[{"hosts": ["foo.example.com"], "secretName": "gone"}],
        ),
        *app("svc", "10.244.1.1"),
    )
    d = route(r, controller=NGINX, host="foo.example.com", path="/")
    assert (
        d.status == 308
        and "tls-default-certificate" in d.flags
        and "tls-unlisted-host" not in d.flags
    )
