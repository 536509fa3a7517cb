"""The course installs ingress-nginx with `kubectl apply -f <URL>`: bundled copies, offline."""

import pytest

from k8slab import ApiError, Cluster

CURRENT = (
    "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.15.1/"
    "deploy/static/provider/baremetal/deploy.yaml"
)
COURSE = (
    "https://raw.githubusercontent.com/kubernetes/ingress-nginx/nginx-0.30.0/"
    "deploy/static/mandatory.yaml"
)


def test_current_baremetal_manifest_applies_cleanly():
    lab = Cluster()
    out = lab.kubectl(f"apply -f {CURRENT}")
    assert out.splitlines()[0] == "namespace/ingress-nginx created"
    assert "ingressclass.networking.k8s.io/nginx created" in out
    assert (
        "validatingwebhookconfiguration.admissionregistration.k8s.io/ingress-nginx-admission "
        "created"
    ) in out
    svc = lab.api.get("Service", "ingress-nginx", "ingress-nginx-controller")
    assert svc["spec"]["type"] == "NodePort"
    assert all(30000 <= p["nodePort"] <= 32767 for p in svc["spec"]["ports"])
    pods = lab.kubectl("get pods -n ingress-nginx").splitlines()[1:]
    states = sorted(line.split()[2] for line in pods)
    assert states == ["Completed", "Completed", "Running"]
    jobs = lab.kubectl("get jobs -n ingress-nginx").splitlines()[1:]
    assert [line.split()[1:3] for line in jobs] == [["Complete", "1/1"], ["Complete", "1/1"]]


def test_course_manifest_fails_where_a_current_cluster_fails():
    """nginx-0.30.0's mandatory.yaml uses rbac.authorization.k8s.io/v1beta1 (removed in 1.22)."""
    lab = Cluster()
    with pytest.raises(ApiError) as exc:
        lab.kubectl(f"apply -f {COURSE}")
    assert "namespace/ingress-nginx created" in exc.value.stdout
    lines = exc.value.message.splitlines()
    assert lines[0].startswith('resource mapping not found for name: "nginx-ingress-clusterrole"')
    assert lines[0].endswith(
        'no matches for kind "ClusterRole" in version "rbac.authorization.k8s.io/v1beta1"'
    )
    assert lines.count("ensure CRDs are installed first") == 4


def test_unknown_url_fails_like_a_404_download():
    lab = Cluster()
    with pytest.raises(ApiError) as exc:
        lab.kubectl("apply -f https://example.com/nothing.yaml")
    assert exc.value.message == (
        'error: unable to read URL "https://example.com/nothing.yaml", '
        "server reported 404 Not Found, status code=404"
    )
