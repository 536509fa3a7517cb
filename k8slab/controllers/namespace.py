"""Per-namespace objects every namespace gets from the control plane.

* ServiceAccount ``default`` (kube-controller-manager's serviceaccount-token controller,
  ``pkg/controller/serviceaccount/serviceaccounts_controller.go``);
* ConfigMap ``kube-root-ca.crt`` (``pkg/controller/certificates/rootcacertpublisher``).
"""

from __future__ import annotations

ROOT_CA = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIDBTCCAe2gAwIBAgIIk8slabk8slabMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV\n"
    "BAMTCmt1YmVybmV0ZXMwHhcNMjYwMTAxMDkwMDAwWhcNMzYwMTAxMDkwMDAwWjAV\n"
    "MRMwEQYDVQQDEwprdWJlcm5ldGVzMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIB\n"
    "-----END CERTIFICATE-----\n"
)


def sync(api) -> None:
    for ns in api.list("Namespace"):
        name = ns["metadata"]["name"]
        if (ns.get("status") or {}).get("phase") == "Terminating":
            continue
        if api.get("ServiceAccount", name, "default") is None:
            api.put(
                {
                    "apiVersion": "v1",
                    "kind": "ServiceAccount",
                    "metadata": {"name": "default", "namespace": name},
                }
            )
        if api.get("ConfigMap", name, "kube-root-ca.crt") is None:
            api.put(
                {
                    "apiVersion": "v1",
                    "data": {"ca.crt": ROOT_CA},
                    "kind": "ConfigMap",
                    "metadata": {
                        "annotations": {
                            "kubernetes.io/description": (
                                "Contains a CA bundle that can be used to verify the "
                                "kube-apiserver when using internal endpoints such as the internal "
                                "service IP or kubernetes.default.svc. No other usage is guaranteed "
                                "across distributions of Kubernetes clusters."
                            )
                        },
                        "name": "kube-root-ca.crt",
                        "namespace": name,
                    },
                }
            )
