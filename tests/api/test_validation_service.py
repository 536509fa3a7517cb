"""Service validation messages.

Mirrors kubernetes/kubernetes pkg/apis/core/validation/validation.go (ValidateService,
validateServicePort, ValidateServiceClusterIPsRelatedFields, validateUpgradeDowngradeClusterIPs)
and the cases of validation_test.go TestValidateServiceCreate / TestValidateServiceUpdate
("invalid port protocol", "missing ports", "dup port name", "invalid targetport name",
"invalid node port with clusterIP None", "NodePort on ClusterIP", "invalid publicIPs
localhost", "externalName not dns" …). Objects are defaulted first, as on the server.
"""

from __future__ import annotations

from api_builders import errors, make_service

DNS1035_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
    "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)


def test_valid_service_has_no_errors():
    """TestValidateServiceCreate "default"."""
    assert errors(make_service("ns1", "svc1")) == []


def test_service_name_must_be_a_dns1035_label():
    """ "invalid name" cases: a leading digit, upper case or a dot is rejected."""
    for name in ("1svc", "Nginx", "my.svc", "my_svc"):
        assert errors(make_service("ns1", name)) == [
            f'metadata.name: Invalid value: "{name}": {DNS1035_MSG}'
        ]


def test_missing_ports_are_required():
    """ "missing ports"."""
    assert errors(make_service("ns1", "svc1", ports=[])) == ["spec.ports: Required value"]


def test_headless_service_may_have_no_ports():
    """ "missing ports but headless"."""
    assert errors(make_service("ns1", "svc1", clusterIP="None", ports=[])) == []


def test_port_names_are_required_when_more_than_one_port():
    """ "missing port name with 2 ports"."""
    svc = make_service("ns1", "svc1", ports=[{"port": 80, "name": "http"}, {"port": 443}])
    assert errors(svc) == ["spec.ports[1].name: Required value"]


def test_duplicate_port_names():
    """ "dup port name"."""
    svc = make_service("ns1", "svc1", ports=[{"port": 80, "name": "p"}, {"port": 81, "name": "p"}])
    assert errors(svc) == ['spec.ports[1].name: Duplicate value: "p"']


def test_duplicate_protocol_and_port_renders_internal_service_port_as_json():
    """ "duplicate ports": the value is an internal core.ServicePort (inferred 1.34+ JSON)."""
    svc = make_service("ns1", "svc1", ports=[{"port": 80, "name": "a"}, {"port": 80, "name": "b"}])
    assert errors(svc) == [
        'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,'
        '"Port":80,"TargetPort":0,"NodePort":0}'
    ]


def test_same_port_on_tcp_and_udp_is_allowed():
    """ "valid: dns service": 53/UDP and 53/TCP."""
    ports = [
        {"name": "dns", "port": 53, "protocol": "UDP"},
        {"name": "dns-tcp", "port": 53, "protocol": "TCP"},
    ]
    assert errors(make_service("ns1", "svc1", ports=ports)) == []


def test_port_out_of_range():
    """ "invalid port"."""
    svc = make_service("ns1", "svc1", ports=[{"port": 65536}])
    assert errors(svc) == [
        "spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive",
        "spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive",
    ]


def test_unsupported_protocol_lists_sorted_values():
    """ "invalid port protocol": protocols are case-sensitive."""
    svc = make_service("ns1", "svc1", ports=[{"port": 80, "protocol": "tcp"}])
    assert errors(svc) == [
        'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'
    ]


def test_target_port_name_must_be_an_iana_name():
    """ "invalid targetport name"."""
    svc = make_service("ns1", "svc1", ports=[{"port": 80, "targetPort": "Http"}])
    assert errors(svc) == [
        'spec.ports[0].targetPort: Invalid value: "Http": must contain only alpha-numeric '
        "characters (a-z, 0-9), and hyphens (-)"
    ]


def test_node_port_is_forbidden_for_cluster_ip_type():
    """ "invalid nodeport with type=ClusterIP" (also when type is omitted: it defaults)."""
    svc = make_service("ns1", "svc1", ports=[{"port": 80, "nodePort": 30080}])
    assert errors(svc) == [
        "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"
    ]


def test_cluster_ip_none_with_node_port_type():
    """ "invalid node port with clusterIP None"."""
    svc = make_service("ns1", "svc1", type="NodePort", clusterIP="None")
    assert errors(svc) == [
        "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"
    ]


def test_cluster_ip_none_with_load_balancer_type():
    """ "invalid load balancer with clusterIP None"."""
    svc = make_service("ns1", "svc1", type="LoadBalancer", clusterIP="None")
    assert errors(svc) == [
        "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer "
        "services"
    ]


def test_user_cluster_ip_must_be_an_ip():
    """ "invalid cluster ip": checked on spec.clusterIPs after the registry syncs it."""
    svc = make_service("ns1", "svc1", clusterIP="10.0.0.1.2")
    assert errors(svc) == [
        'spec.clusterIPs[0]: Invalid value: "10.0.0.1.2": must be a valid IP address, '
        "(e.g. 10.9.8.7 or 2001:db8::ffff)"
    ]


def test_duplicate_node_ports_on_same_protocol():
    """ "duplicate nodeports"."""
    ports = [
        {"name": "a", "port": 80, "nodePort": 30001},
        {"name": "b", "port": 81, "nodePort": 30001},
    ]
    svc = make_service("ns1", "svc1", type="NodePort", ports=ports)
    assert errors(svc) == ["spec.ports[1].nodePort: Duplicate value: 30001"]


def test_external_name_is_required_and_must_be_a_subdomain():
    """ "invalid ExternalName", "externalName not dns"; one trailing dot is allowed."""
    base = {"type": "ExternalName", "ports": None, "selector": None}
    assert errors(make_service("ns1", "svc1", **base)) == ["spec.externalName: Required value"]
    assert errors(make_service("ns1", "svc1", externalName="db.example.com.", **base)) == []
    assert errors(make_service("ns1", "svc1", externalName="_hello.world", **base)) == [
        'spec.externalName: Invalid value: "_hello.world": a lowercase RFC 1123 subdomain must '
        "consist of lower case alphanumeric characters, '-' or '.', and must start and end with "
        "an alphanumeric character (e.g. 'example.com', regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    ]


def test_external_name_may_not_have_a_cluster_ip():
    """ "invalid ExternalName clusterIP (valid IP)"."""
    svc = make_service(
        "ns1", "svc1", type="ExternalName", externalName="a.com", clusterIP="10.96.0.5"
    )
    assert errors(svc) == ["spec.clusterIPs: Forbidden: may not be set for ExternalName services"]


def test_selector_values_are_label_values_reported_on_the_map_path():
    """ "invalid selector": ValidateLabels reports on spec.selector, not spec.selector[app]."""
    svc = make_service("ns1", "svc1", selector={"app": "nginx-"})
    assert errors(svc) == [
        'spec.selector: Invalid value: "nginx-": a valid label must be an empty string or consist '
        "of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
        "character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
        "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    ]


def test_session_affinity_is_case_sensitive():
    """ "invalid session affinity"."""
    svc = make_service("ns1", "svc1", sessionAffinity="clientip")
    assert errors(svc) == [
        'spec.sessionAffinity: Unsupported value: "clientip": supported values: "ClientIP", "None"'
    ]


def test_type_is_case_sensitive():
    """ "invalid type"."""
    assert errors(make_service("ns1", "svc1", type="nodeport")) == [
        'spec.type: Unsupported value: "nodeport": supported values: "ClusterIP", '
        '"ExternalName", "LoadBalancer", "NodePort"'
    ]


def test_external_traffic_policy_only_for_externally_accessible_services():
    """ "externalTrafficPolicy on ClusterIP"."""
    svc = make_service("ns1", "svc1", externalTrafficPolicy="Local")
    assert errors(svc) == [
        'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for '
        "externally-accessible services"
    ]


def test_load_balancer_source_ranges_need_load_balancer_type():
    """ "LoadBalancerSourceRanges on ClusterIP": note upstream's capitalised path."""
    svc = make_service("ns1", "svc1", loadBalancerSourceRanges=["10.0.0.0/8"])
    assert errors(svc) == [
        "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"
    ]


def test_external_ip_may_not_be_loopback():
    """ "invalid publicIPs localhost"."""
    svc = make_service("ns1", "svc1", externalIPs=["127.0.0.1"])
    assert errors(svc) == [
        'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range '
        "(127.0.0.0/8, ::1/128)"
    ]


def test_cluster_ip_may_not_change_on_update():
    """TestValidateServiceUpdate "change ClusterIP": the value is the whole clusterIPs list."""
    old = make_service("ns1", "svc1", clusterIP="10.96.0.10")
    new = make_service("ns1", "svc1", clusterIP="10.96.0.11")
    assert errors(new, old) == [
        'spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set'
    ]


def test_update_keeping_cluster_ip_is_valid():
    """TestValidateServiceUpdate "no change"."""
    old = make_service("ns1", "svc1", clusterIP="10.96.0.10")
    new = make_service("ns1", "svc1", clusterIP="10.96.0.10", type="NodePort")
    assert errors(new, old) == []


def test_two_errors_come_in_upstream_order():
    """ValidateService checks ports before type; both causes are reported."""
    svc = make_service("ns1", "svc1", type="Bogus", ports=[{"port": 0}])
    assert errors(svc) == [
        "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
        'spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", "ExternalName", '
        '"LoadBalancer", "NodePort"',
    ]
