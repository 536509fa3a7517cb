"""The packet walk and iptables_save come from one rule model: every rule a request matched
is a line of that node's iptables-save output, and the shares follow the probabilities."""

from collections import Counter

from .conftest import cluster_ip, pods


def test_every_matched_rule_is_in_iptables_save(lab):
    r = lab.curl(f"http://{cluster_ip(lab)}", from_=f"default/{pods(lab)[0]}")
    saved = {
        n: {t: lab.iptables_save(n, t).splitlines() for t in ("nat", "filter")}
        for n in ("node-1", "node-2")
    }
    hops = [h for h in r.trace if type(h).__name__ == "NetfilterHop"]
    assert hops
    for h in hops:
        assert h.rule in saved[h.node][h.table], h


def test_shares_match_the_rule_probabilities_chi_square(lab):
    """1/3 each over 3 endpoints: chi-square with 2 degrees of freedom below 9.21 (p=0.01)."""
    ip = cluster_ip(lab)
    n = 600
    counts = Counter(lab.curl(f"http://{ip}", from_="node/node-1").pod for _ in range(n))
    expected = n / 3
    chi2 = sum((c - expected) ** 2 / expected for c in counts.values())
    assert len(counts) == 3
    assert chi2 < 9.21, counts


def test_trace_reports_rules_walked(lab):
    r = lab.curl(f"http://{cluster_ip(lab)}", from_="node/node-1")
    assert r.trace.rules_walked > len([h for h in r.trace if type(h).__name__ == "NetfilterHop"])


def test_iptables_save_has_the_course_chains(lab):
    nat = lab.iptables_save("node-1")
    assert nat.startswith("*nat\n")
    assert nat.rstrip().endswith("COMMIT")
    assert "--probability 0.33333333349" in nat
    assert "--probability 0.50000000000" in nat
    assert nat.count('-m comment --comment "default/nginx" -m tcp -j DNAT') == 3
