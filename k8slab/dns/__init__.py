"""Cluster DNS: pods' resolv.conf (kubelet) and, with the data plane, CoreDNS answers."""
