"""Cluster.save / Cluster.load round-trip everything (a cluster survives a kernel restart)."""

import json

import pytest

from k8slab import Cluster

from .conftest import NGINX


def test_save_load_round_trip(tmp_path, nginx_lab):
    pod = nginx_lab.api.list("Pod", "default")[0]["metadata"]["name"]
    nginx_lab.set_ready(pod, False)
    path = tmp_path / "cluster.json"
    nginx_lab.save(path)
    again = Cluster.load(path)
    assert again.to_dict() == nginx_lab.to_dict()
    assert again.kubectl("get pods -o wide") == Cluster.load(path).kubectl("get pods -o wide")


def test_loaded_cluster_keeps_allocating_without_conflicts(tmp_path, nginx_lab):
    nginx_lab.save(tmp_path / "c.json")
    again = Cluster.load(tmp_path / "c.json")
    ip = again.api.get("Service", "default", "nginx")["spec"]["clusterIP"]
    assert again.api.ips.used[ip] == "default/nginx"
    again.apply(NGINX.replace("name: nginx\n  labels", "name: other\n  labels"))
    assert again.api.get("Service", "default", "other")["spec"]["clusterIP"] != ip


def test_same_operations_after_load_give_the_same_result(tmp_path, nginx_lab):
    nginx_lab.save(tmp_path / "c.json")
    again = Cluster.load(tmp_path / "c.json")
    nginx_lab.kubectl("scale deployment nginx --replicas=5")
    again.kubectl("scale deployment nginx --replicas=5")
    assert again.to_dict() == nginx_lab.to_dict()


def test_loading_garbage_is_a_clear_error(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text(json.dumps({"hello": 1}))
    with pytest.raises(ValueError, match="not a k8slab cluster state file"):
        Cluster.load(p)
    with pytest.raises(ValueError, match="cannot load cluster state"):
        Cluster.load(tmp_path / "missing.json")
