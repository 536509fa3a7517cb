"""Explorers and the interactive graph, driven headless through their widget objects.

Address plan: as in conftest (seed 0, node-1 172.18.0.3 / 10.244.1.0/24, node-2 172.18.0.4 /
10.244.2.0/24). Each test changes a control the way a click in the browser would (setting a
widget's ``value``, ``Button.click()``, the graph view's ``selected`` trait) and checks the
cluster through the facade and what the explorer shows.
"""

from __future__ import annotations

import html
import re
import sys

import pytest

from k8slab import Cluster
from k8slab.notebook import widgets as widgets_mod
from k8slab.notebook.interactive import (
    BACKENDS,
    GraphExplorer,
    available_backends,
    graph_widget,
    object_ids,
)
from k8slab.notebook.widgets import (
    NO_ANSWER,
    IngressTester,
    IptablesExplorer,
    ServiceExplorer,
    bar_chart_svg,
    percent,
    widgets_enabled,
)

from .conftest import COURSE_DEPLOYMENT, COURSE_SERVICE, make_deployment, make_ingress, make_service

pytest.importorskip("ipywidgets")

INGRESS_NGINX = (
    "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.15.1/"
    "deploy/static/provider/baremetal/deploy.yaml"
)


@pytest.fixture(autouse=True)
def _live(monkeypatch):
    """Explorers are live unless a test says otherwise."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


def _ready_pods(lab: Cluster, app: str = "nginx") -> dict[str, bool]:
    out = {}
    for pod in lab.api.list("Pod", "default"):
        if pod["metadata"].get("labels", {}).get("app") != app:
            continue
        conds = pod.get("status", {}).get("conditions", [])
        out[pod["metadata"]["name"]] = any(
            c["type"] == "Ready" and c["status"] == "True" for c in conds
        )
    return out


def _bars(svg: str) -> dict[str, int]:
    return {
        m.group(1): int(m.group(2))
        for m in re.finditer(r'data-label="([^"]+)" data-count="(\d+)"', svg)
    }


# ------------------------------------------------------------------------- bar chart
class TestBarChart:
    def test_bars_follow_the_counts_in_order(self):
        """Does each label get a bar whose data-count is its number, in the given order?"""
        svg = bar_chart_svg({"b": 3, "a": 1, "c": 0})
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert list(_bars(svg).items()) == [("b", 3), ("a", 1), ("c", 0)]
        assert "(total: 4)" in svg

    def test_longest_bar_is_the_largest_count(self):
        """Are bar widths proportional to the counts?"""
        svg = bar_chart_svg({"a": 10, "b": 5})
        widths = [int(w) for w in re.findall(r'class="k8slab-bar"[^>]* width="(\d+)"', svg)]
        assert widths[0] == 2 * widths[1]

    def test_empty_chart_says_there_are_no_requests(self):
        """Does an empty chart say so in Spanish instead of drawing nothing?"""
        assert "Aún no hay peticiones" in bar_chart_svg({})

    def test_labels_are_escaped(self):
        """Are labels HTML-escaped?"""
        assert "&lt;b&gt;" in bar_chart_svg({"<b>": 1})

    def test_percent_uses_a_decimal_comma(self):
        assert percent(1 / 3) == "33,3 %"
        assert percent(1.0) == "100,0 %"


# ------------------------------------------------------------------- when to be live
class TestDegrading:
    def test_nbgrader_execution_makes_explorers_static(self, lab, monkeypatch):
        """With NBGRADER_EXECUTION set, is an explorer static HTML, never a widget?"""
        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
        assert not widgets_enabled()
        ex = ServiceExplorer(lab, "nginx")
        assert ex.widget is None
        bundle = ex._repr_mimebundle_()
        assert set(bundle) == {"text/html", "text/plain"}
        assert "Explorador de Services" in bundle["text/html"]
        assert "k8slab-bar-chart" in bundle["text/html"]

    def test_missing_ipywidgets_makes_explorers_static(self, lab, monkeypatch):
        """Without ipywidgets, do all explorers and the graph widget still display?"""
        monkeypatch.setitem(sys.modules, "ipywidgets", None)
        assert not widgets_enabled()
        for ex in (ServiceExplorer(lab), IptablesExplorer(lab), IngressTester(lab)):
            assert ex.widget is None
            assert "<div" in ex._repr_mimebundle_()["text/html"]

    def test_interactive_false_forces_static(self, lab):
        ex = IptablesExplorer(lab, interactive=False)
        assert ex.widget is None and "KUBE-SERVICES" in ex.html()

    def test_live_explorer_is_a_widget_with_a_static_fallback(self, lab):
        """Is a live explorer shown as a widget view, with the static HTML beside it?"""
        ex = ServiceExplorer(lab, "nginx")
        bundle = ex._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert "Explorador de Services" in bundle["text/html"]


# ------------------------------------------------------------------- Service explorer
class TestServiceExplorer:
    def test_finds_the_service_its_deployment_and_pods(self, lab):
        """Does the explorer find default/nginx, the Deployment it selects and its 3 pods?"""
        ex = ServiceExplorer(lab, "nginx")
        assert ex.deployment() == "nginx"
        assert ex.replicas() == 3
        assert ex.replicas_slider.value == 3
        assert sorted(ex.pod_toggles) == sorted(_ready_pods(lab))
        assert all(t.value for t in ex.pod_toggles.values())
        ip = lab.api.get("Service", "default", "nginx")["spec"]["clusterIP"]
        assert ex.url() == f"http://{ip}:80/"

    def test_slider_scales_the_deployment(self, lab):
        """Does moving the replica slider run kubectl scale, and do toggles follow the pods?"""
        ex = ServiceExplorer(lab, "nginx")
        ex.replicas_slider.value = 5
        assert lab.api.get("Deployment", "default", "nginx")["spec"]["replicas"] == 5
        assert len(_ready_pods(lab)) == 5
        assert len(ex.pod_toggles) == 5 and len(ex.toggles_box.children) == 5
        assert "deployment.apps/nginx scaled" in ex.status.value
        ex.replicas_slider.value = 1
        assert len(_ready_pods(lab)) == 1 and len(ex.pod_toggles) == 1

    def test_toggle_marks_a_pod_not_ready(self, lab):
        """Does switching a pod's toggle off make it unready and drop it from the endpoints?"""
        ex = ServiceExplorer(lab, "nginx")
        pod = sorted(ex.pod_toggles)[0]
        ex.pod_toggles[pod].value = False
        assert _ready_pods(lab)[pod] is False
        assert "NO listo" in ex.status.value
        assert ex.pod_toggles[pod].button_style == "warning"
        ready_ips = {
            e["addresses"][0]
            for s in lab.api.list("EndpointSlice", "default")
            if s["metadata"].get("labels", {}).get("kubernetes.io/service-name") == "nginx"
            for e in s.get("endpoints", [])
            if e.get("conditions", {}).get("ready")
        }
        assert len(ready_ips) == 2
        ex.pod_toggles[pod].value = True
        assert _ready_pods(lab)[pod] is True

    def test_send_button_counts_answers_per_pod(self, lab):
        """Does the button send N requests and draw how many each pod answered?"""
        ex = ServiceExplorer(lab, "nginx")
        ex.count.value = 30
        assert ex.send_button.description == "Enviar 30 peticiones"
        ex.send_button.click()
        assert sum(ex.counts.values()) == 30
        assert set(ex.counts) <= set(_ready_pods(lab))
        bars = _bars(ex.chart.value)
        assert sum(bars.values()) == 30 and set(bars) == set(_ready_pods(lab))
        assert "Enviadas 30 peticiones" in ex.status.value

    def test_unready_pod_gets_no_requests(self, lab):
        """After a pod is marked not ready, does it get none of the requests?"""
        ex = ServiceExplorer(lab, "nginx")
        pod = sorted(ex.pod_toggles)[1]
        ex.pod_toggles[pod].value = False
        ex.send(60)
        bars = _bars(ex.chart.value)
        assert bars[pod] == 0
        assert sum(bars.values()) == 60
        assert len([n for n in bars.values() if n > 0]) == 2

    def test_requests_go_from_the_chosen_node(self, lab):
        """Does the node picker change where curl runs (the trace's client)?"""
        ex = ServiceExplorer(lab, "nginx")
        ex.node_picker.value = "node-2"
        ex.send(1)
        assert "node-2" in str(ex.last_response.trace[0])

    def test_graph_updates_after_each_action(self, lab):
        """Does the graph show the Service's pods, and the new ones after scaling?"""
        ex = ServiceExplorer(lab, "nginx")
        pods = re.compile(r"<title>pod/default/(nginx-[a-z0-9]+-[a-z0-9]{5})</title>")
        before = set(pods.findall(html.unescape(ex.graph_view.value)))
        ex.replicas_slider.value = 4
        after = set(pods.findall(html.unescape(ex.graph_view.value)))
        assert len(before) == 3 and len(after) == 4 and before < after

    def test_same_seed_same_counts(self):
        """Do two identical clusters give identical request counts (seeded choices)?"""
        runs = []
        for _ in range(2):
            c = Cluster()
            c.apply(COURSE_DEPLOYMENT)
            c.apply(COURSE_SERVICE)
            runs.append(dict(ServiceExplorer(c, "nginx").send(25)))
        assert runs[0] == runs[1]

    def test_missing_service_is_a_message_not_an_error(self):
        """Does an explorer for a Service that doesn't exist explain instead of raising?"""
        c = Cluster()
        ex = ServiceExplorer(c, "nope")
        assert "No existe el Service" in ex.html()
        assert ex.send(3) == {} and "no existe" in ex.message
        ex.scale(2)
        assert "no hay nada que escalar" in ex.message

    def test_service_without_ready_pods_reports_failures(self, lab):
        """With every pod unready, are the requests counted as unanswered?"""
        ex = ServiceExplorer(lab, "nginx")
        for t in list(ex.pod_toggles.values()):
            t.value = False
        ex.send(3)
        assert ex.counts == {NO_ANSWER: 3}
        assert "Errores" in ex.message and "Connection refused" in ex.message

    def test_namespaced_service(self):
        """Does ``NS/NAME`` pick a Service in another namespace?"""
        c = Cluster()
        c.kubectl("create namespace shop")
        c.apply(make_deployment("web", 2, namespace="shop"))
        c.apply(make_service("web", namespace="shop"))
        ex = ServiceExplorer(c, "shop/web")
        assert ex.deployment() == "web" and len(ex.pod_toggles) == 2
        assert sum(ex.send(4).values()) == 4


# ------------------------------------------------------------------- iptables explorer
class TestIptablesExplorer:
    def test_follows_services_to_svc_to_sep(self, lab):
        """Is the path KUBE-SERVICES → KUBE-SVC → KUBE-SEP → DNAT, with each pod's share?"""
        ex = IptablesExplorer(lab, node="node-1", service="nginx")
        entries = [e for e in ex.paths() if e["table"] == "nat"]
        top = entries[0]
        assert top["chain"] == "KUBE-SERVICES" and top["rule"].jump.startswith("KUBE-SVC-")
        seps = [e for e in top["children"] if (e["rule"].jump or "").startswith("KUBE-SEP-")]
        assert [e["rule"].probability for e in seps] == ["0.3333333333", "0.5000000000", None]
        assert sum(e["share"] for e in seps) == pytest.approx(1.0)
        for e in seps:
            assert e["share"] == pytest.approx(1 / 3, abs=1e-6)
            dnat = [c for c in e["children"] if c["dnat"]]
            assert len(dnat) == 1 and dnat[0]["pod"].startswith("default/nginx-")

    def test_rules_shown_are_the_ones_iptables_save_prints(self, lab):
        """Is every rule line shown one that lab.iptables_save(node) prints (one source)?"""
        for node in lab.nodes:
            ex = IptablesExplorer(lab, node=node, service="default/nginx")
            saved = set(lab.iptables_save(node).splitlines())
            shown = re.findall(r"<code[^>]*>(-A [^<]+)</code>", ex.html())
            assert shown
            assert {html.unescape(s) for s in shown if "KUBE-SEP" in s or "KUBE-SVC" in s} <= (
                saved | set(lab.iptables_save(node, "filter").splitlines())
            )

    def test_endpoint_table_lists_pods_with_probabilities(self, lab):
        """Does the summary table give each endpoint, its pod and 33,3 %?"""
        ex = IptablesExplorer(lab, service="default/nginx")
        eps = ex.endpoints()
        assert len(eps) == 3
        pods = {f"default/{p}" for p in _ready_pods(lab)}
        assert {p for _, p, _ in eps} == pods
        assert ex.html().count("33,3 %") >= 3

    def test_unready_pod_leaves_the_chain(self, lab):
        """After set_ready(False), does the KUBE-SVC chain split 50/50 between two pods?"""
        pod = sorted(_ready_pods(lab))[0]
        lab.set_ready(f"default/{pod}", False)
        eps = IptablesExplorer(lab, service="default/nginx").endpoints()
        assert len(eps) == 2 and f"default/{pod}" not in {p for _, p, _ in eps}
        assert [s for _, _, s in eps] == pytest.approx([0.5, 0.5])

    def test_nodeport_path_goes_through_kube_nodeports(self, lab):
        """Does a NodePort Service show KUBE-NODEPORTS → KUBE-EXT, and its KUBE-SVC once?"""
        lab.apply(make_service("nginx-np", type_="NodePort", selector="nginx"))
        ex = IptablesExplorer(lab, service="default/nginx-np")
        chains = [e["chain"] for e in ex.paths()]
        assert "KUBE-NODEPORTS" in chains
        assert "KUBE-EXT-" in ex.html()
        assert "sus reglas están más arriba" in ex.html()

    def test_service_without_endpoints_shows_reject(self):
        """Does a Service with no endpoints show kube-proxy's REJECT rule in filter?"""
        c = Cluster()
        c.apply(make_service("lonely"))
        ex = IptablesExplorer(c, service="default/lonely")
        assert any(e["table"] == "filter" and e["rule"].jump == "REJECT" for e in ex.paths())
        assert "REJECT" in ex.html() and "no tiene endpoints" in ex.html()

    def test_pickers_change_node_and_service(self, lab):
        """Do the node and Service dropdowns redraw the view?"""
        ex = IptablesExplorer(lab)
        assert ex.service == "default/nginx"
        assert "kube-system/kube-dns" in ex.service_picker.options
        ex.service_picker.value = "kube-system/kube-dns"
        assert "kube-system/kube-dns" in ex.view.value and ex.view.value.count("KUBE-SEP-") > 2
        ex.node_picker.value = "node-2"
        assert "Nodo <code>node-2</code>" in ex.view.value

    def test_unknown_service_says_there_are_no_rules(self, lab):
        ex = IptablesExplorer(lab, service="default/nope")
        assert ex.paths() == [] and "no ha escrito ninguna regla" in ex.html()


# ------------------------------------------------------------------- Ingress tester
@pytest.fixture(scope="module")
def ingress_lab() -> Cluster:
    c = Cluster()
    c.apply(COURSE_DEPLOYMENT)
    c.apply(COURSE_SERVICE)
    c.apply(make_deployment("web", 2))
    c.apply(make_service("web"))
    c.kubectl(f"apply -f {INGRESS_NGINX}")
    c.apply(
        make_ingress(
            "demo",
            [
                ("nginx.my.com", "/", "nginx"),
                ("web.my.com", "/app", "web"),
                ("nginx.my.com", "/web", "web"),
            ],
        )
    )
    return c


class TestIngressTester:
    def test_longest_prefix_wins_and_others_say_why(self, ingress_lab):
        """For nginx.my.com/web/x, is rule 2 (/web → web) chosen and the others explained?"""
        t = IngressTester(ingress_lab, host="nginx.my.com", path="/web/x")
        d = t.decision
        assert d.outcome == "backend" and d.rule_index == 2 and d.backend.service == "web"
        rules = {(r["rule"], r["path"]): r for r in t.rules()}
        assert rules[(2, "/web")]["chosen"]
        assert not rules[(0, "/")]["chosen"]
        assert any("is longer" in why for why in rules[(0, "/")]["reasons"])
        assert rules[(1, "/app")]["reasons"] == [
            "[ingress-api] Ingress default/demo rule 1: host 'nginx.my.com' is not 'web.my.com'"
        ]
        html = t.html()
        assert "Regla elegida" in html and "Service <code>default/web:80</code>" in html

    def test_no_rule_matches_gives_the_default_backend(self, ingress_lab):
        """For an unknown host, is the answer the controller's 404 with every rule explained?"""
        t = IngressTester(ingress_lab, host="foo.example", path="/")
        assert t.decision.outcome == "controller_default_404"
        assert all(not r["chosen"] and r["reasons"] for r in t.rules())
        assert "404 Not Found" in t.html()

    def test_text_boxes_reroute(self, ingress_lab):
        """Does typing a host and path in the boxes route the new request?"""
        t = IngressTester(ingress_lab)
        t.host_box.value = "web.my.com"
        t.path_box.value = "/app/login"
        assert t.decision.rule_index == 1 and "Regla elegida" in t.view.value
        t.test_button.click()
        assert t.decision.rule_index == 1

    def test_agrees_with_curl_through_the_controller(self, ingress_lab):
        """Does the tester's Service match the pod that answers lab.curl via the NodePort?"""
        svc = ingress_lab.api.get("Service", "ingress-nginx", "ingress-nginx-controller")
        port = next(p["nodePort"] for p in svc["spec"]["ports"] if p["port"] == 80)
        r = ingress_lab.curl(
            f"http://127.0.0.1:{port}/web/x", headers={"Host": "nginx.my.com"}, from_="node/node-1"
        )
        t = IngressTester(ingress_lab, host="nginx.my.com", path="/web/x")
        assert r.pod.startswith("default/web-")
        assert t.decision.backend.service == "web"

    def test_without_controller_explains_how_to_install_it(self, lab):
        """Without ingress-nginx, does the tester say how to install it instead of failing?"""
        t = IngressTester(lab, host="nginx.my.com")
        assert t.decision is None and "No hay ningún controlador ingress-nginx" in t.html()


# ------------------------------------------------------------------- interactive graph
class TestGraphWidget:
    def test_object_ids_are_read_from_the_dot(self, lab):
        ids = object_ids(lab.graph().source)
        assert "svc/default/nginx" in ids
        assert len([i for i in ids if i.startswith("pod/default/nginx-")]) == 3

    @pytest.mark.parametrize("backend", BACKENDS)
    def test_each_backend_shows_yaml_of_the_picked_object(self, lab, backend):
        """In every view, does picking a pod show `kubectl get pod … -o yaml`?"""
        if backend not in available_backends():
            pytest.skip(f"{backend} view needs a package that is not installed")
        g = graph_widget(lab, backend=backend)
        assert g.backend == backend
        pod = next(o for o in g.objects() if o.startswith("pod/"))
        g.picker.value = pod
        assert "kind: Pod" in g.yaml_text and f"name: {pod.rsplit('/', 1)[1]}" in g.yaml_text
        assert "k8slab-yaml" in g.yaml.value

    @pytest.mark.parametrize("backend", ["wasm", "svg"])
    def test_click_in_the_drawing_selects(self, lab, backend):
        """Does a click (the view's `selected` trait set by the browser) show that YAML?"""
        if backend not in available_backends():
            pytest.skip(f"{backend} view needs a package that is not installed")
        g = graph_widget(lab, backend=backend)
        g.view.selected = "svc/default/nginx"
        assert "kind: Service" in g.yaml_text and g.picker.value == "svc/default/nginx"

    def test_wasm_view_ships_its_own_javascript(self, lab):
        """Is the WASM view's JavaScript the wheel's bundle plus the click hook, no CDN?"""
        if "wasm" not in available_backends():
            pytest.skip("graphviz-anywidget is not installed")
        g = graph_widget(lab, backend="wasm")
        esm = str(g.view._esm)
        assert "k8slabSelectOnClick" in esm and "export { k8slab_default as default }" in esm
        assert "widget_default as default" not in esm
        for cdn in ("unpkg.com", "cdn.jsdelivr", "cdnjs."):
            assert cdn not in esm
        assert g.view.dot_source == g.source

    def test_clicking_a_node_that_is_no_object(self, lab):
        g = graph_widget(lab, backend="html")
        assert g.select("cluster_node_node-1") == ""
        assert "no es un objeto" in g.yaml.value

    def test_refresh_redraws_after_a_change(self, lab):
        """After scaling, does Actualizar draw the new pods and list them?"""
        g = graph_widget(lab)
        lab.kubectl("scale deployment nginx --replicas=5")
        g.refresh_button.click()
        assert len([o for o in g.picker.options if o[1].startswith("pod/")]) == 5

    def test_focus_keywords_reach_lab_graph(self, lab):
        lab.apply(make_deployment("web", 1))
        lab.apply(make_service("web"))
        g = graph_widget(lab, service="web")
        assert "svc/default/web" in g.objects() and "svc/default/nginx" not in g.objects()

    def test_static_while_nbgrader_executes(self, lab, monkeypatch):
        """With NBGRADER_EXECUTION set, is the graph widget the static SVG of lab.graph()?"""
        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
        g = graph_widget(lab)
        assert g.widget is None and g.backend is None
        assert g._repr_mimebundle_() == lab.graph()._repr_mimebundle_()

    def test_unknown_backend_is_refused(self, lab):
        with pytest.raises(ValueError, match="backend must be one of"):
            GraphExplorer(lab, backend="canvas")

    def test_missing_ipywidgets_means_static(self, lab, monkeypatch):
        monkeypatch.setitem(sys.modules, "ipywidgets", None)
        assert available_backends() == []
        assert graph_widget(lab).widget is None


def test_widgets_module_exports():
    assert set(widgets_mod.__all__) >= {"ServiceExplorer", "IptablesExplorer", "IngressTester"}
