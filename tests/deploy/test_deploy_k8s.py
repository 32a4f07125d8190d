"""k8s/: the manifests validated offline against a pinned Kubernetes, and checked against
the service they run (routes, settings, image user, benchmarked memory).

kubernetes-validate ships the Kubernetes JSON schemas inside its wheel, so this needs
no cluster and no network.
"""

from __future__ import annotations

import configparser
import copy
import json
import re
from urllib.parse import urlsplit

import pytest
import yaml

from .helpers import REPO

kubernetes_validate = pytest.importorskip("kubernetes_validate")

K8S = REPO / "k8s"
# the Kubernetes release the manifests are written for (and validated against, strictly)
KUBERNETES_VERSION = "1.32"
MIB = 1024 * 1024


def load_manifests() -> dict[str, list[dict]]:
    manifests = {}
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        manifests[path.name] = [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    return manifests


@pytest.fixture(scope="module")
def resources() -> dict[str, dict]:
    """Every resource by kind (each kind appears once)."""
    by_kind: dict[str, dict] = {}
    for docs in load_manifests().values():
        for doc in docs:
            assert doc["kind"] not in by_kind, f"two {doc['kind']} resources"
            by_kind[doc["kind"]] = doc
    return by_kind


@pytest.fixture(scope="module")
def container(resources) -> dict:
    containers = resources["Deployment"]["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def env_of(container: dict) -> dict:
    return {item["name"]: item for item in container.get("env", [])}


def quantity(value) -> float:
    """A Kubernetes quantity in base units (bytes, cores)."""
    units = {"Ki": 1024, "Mi": MIB, "Gi": 1024 * MIB, "k": 1e3, "M": 1e6, "G": 1e9, "m": 1e-3}
    match = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(value))
    assert match, value
    return float(match.group(1)) * units.get(match.group(2), 1)


# -- the schemas ------------------------------------------------------------------------------


def test_the_schemas_of_the_pinned_version_ship_inside_the_package():
    from importlib.resources import files

    folder = files("kubernetes_validate") / "kubernetes-json-schema" / f"v{KUBERNETES_VERSION}.0-local-strict"
    assert folder.is_dir(), f"kubernetes-validate has no schemas for {KUBERNETES_VERSION}"
    assert (folder / "deployment-apps-v1.json").is_file()


@pytest.mark.parametrize("name", sorted(load_manifests()), ids=str)
def test_manifest_passes_kubernetes_validate_strictly(name):
    for doc in load_manifests()[name]:
        validated = kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        assert validated == KUBERNETES_VERSION


def test_the_validation_catches_a_broken_manifest(resources):
    """A control: a misspelt field fails the same validation (strict schemas reject unknown keys)."""
    broken = copy.deepcopy(resources["Deployment"])
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/x"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)
    wrong_type = copy.deepcopy(resources["HorizontalPodAutoscaler"])
    wrong_type["spec"]["minReplicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(wrong_type, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    assert sorted(kustomization["resources"]) == sorted(load_manifests())


def test_every_kind_is_there(resources):
    assert set(resources) == {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "NetworkPolicy",
    }


# -- the Deployment against the service it runs -------------------------------------------------


def test_probes_use_the_health_routes_the_service_has(container):
    from ocr_service.config import Settings
    from ocr_service.main import create_app

    routes = set(create_app(Settings()).openapi()["paths"])
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["startupProbe"]["httpGet"]["path"] == "/health"
    assert {"/health", "/health/ready"} <= routes
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["port"] in ports
    assert ports["http"] == int(env_of(container)["OCR_PORT"]["value"])


def test_the_token_comes_from_a_secret_and_no_manifest_holds_one(container):
    token = env_of(container)["OCR_API_TOKEN"]
    assert "value" not in token
    assert token["valueFrom"]["secretKeyRef"] == {"name": "ocr-service-token", "key": "token"}
    for docs in load_manifests().values():
        assert all(doc["kind"] != "Secret" for doc in docs)


def test_resources_are_sized_from_the_benchmark(container):
    """Memory from bench/reports/service.json (RSS, MiB), CPU from the threads the replica runs."""
    report = json.loads((REPO / "bench" / "reports" / "service.json").read_text())
    peak = report["rss_mb"]["max"] * MIB
    requests, limits = container["resources"]["requests"], container["resources"]["limits"]
    assert quantity(requests["memory"]) >= peak, "the request does not cover the benchmarked peak"
    assert quantity(limits["memory"]) >= 1.5 * peak, "no headroom over the benchmarked peak"
    assert quantity(limits["memory"]) <= 4 * peak, "the limit is far above what the service uses"
    # the benchmark's settings are the replica's
    env = env_of(container)
    workers, threads = int(env["OCR_WORKERS"]["value"]), int(env["OCR_CPU_THREADS"]["value"])
    assert (workers, threads) == (report["settings"]["workers"], report["settings"]["cpu_threads"])
    assert quantity(requests["cpu"]) >= workers * threads
    assert quantity(limits["cpu"]) >= quantity(requests["cpu"])


def test_a_stopped_replica_finishes_its_requests(resources):
    from ocr_service.config import Settings

    spec = resources["Deployment"]["spec"]
    assert spec["template"]["spec"]["terminationGracePeriodSeconds"] > Settings().request_timeout_s
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_pod_runs_as_the_image_user_read_only_with_the_compose_stack_writable_folders(resources, container):
    pod = resources["Deployment"]["spec"]["template"]["spec"]
    dockerfile = (REPO / "docker" / "ocr.Dockerfile").read_text()
    uid = re.findall(r"^USER (\d+):(\d+)$", dockerfile, re.MULTILINE)[-1]
    assert (str(pod["securityContext"]["runAsUser"]), str(pod["securityContext"]["runAsGroup"])) == uid
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["automountServiceAccountToken"] is False
    # a Service named "ocr" would otherwise inject OCR_PORT=tcp://... into the pod
    assert pod["enableServiceLinks"] is False
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
    assert mounts == set(compose["services"]["ocr"]["tmpfs"])
    # /tmp holds the uploads being read (over 1 MB each, spooled there): at 64 Mi, four at the
    # upload limit went over the volume's limit, where the kubelet counts them
    from ocr_service.config import Settings

    tmp = next(volume for volume in pod["volumes"] if volume["name"] == "tmp")["emptyDir"]
    assert tmp["sizeLimit"].endswith("Mi")
    assert int(tmp["sizeLimit"][:-2]) * 2**20 >= 16 * Settings().max_upload_bytes


def test_image_tag_is_the_service_version(container):
    from ocr_service import __version__

    name, _, tag = container["image"].rpartition(":")
    assert name == "hr-expense-ocr/ocr-service"
    assert tag == __version__


# -- Service, autoscaler, disruption budget, network policy -------------------------------------


def pod_labels(resources) -> dict:
    return resources["Deployment"]["spec"]["template"]["metadata"]["labels"]


def selects(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def test_service_is_the_url_odoo_is_given_by_default(resources):
    service = resources["Service"]
    assert selects(service["spec"]["selector"], pod_labels(resources))
    parser = configparser.ConfigParser()
    parser.read(REPO / "server_env" / "default" / "hr_expense_ocr_audit.conf")
    url = urlsplit(parser["hr_expense_ocr_audit"]["ocr_api_url"])
    assert url.hostname == service["metadata"]["name"]
    assert url.port == service["spec"]["ports"][0]["port"]
    assert service["spec"]["ports"][0]["targetPort"] == "http"


def test_autoscaler_scales_the_deployment_and_keeps_two(resources):
    hpa = resources["HorizontalPodAutoscaler"]["spec"]
    deployment = resources["Deployment"]
    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": deployment["metadata"]["name"],
    }
    assert hpa["minReplicas"] >= 2
    assert hpa["maxReplicas"] > hpa["minReplicas"]
    # the autoscaler owns the count: one in the manifest is applied again by each apply,
    # undoing the autoscaler's
    assert "replicas" not in deployment["spec"]
    (metric,) = hpa["metrics"]
    assert metric["resource"]["name"] == "cpu"


def test_disruption_budget_covers_the_pods_and_allows_a_drain(resources):
    pdb = resources["PodDisruptionBudget"]["spec"]
    assert selects(pdb["selector"]["matchLabels"], pod_labels(resources))
    # with the autoscaler's minimum, one replica can always be moved
    assert 1 <= pdb["minAvailable"] < resources["HorizontalPodAutoscaler"]["spec"]["minReplicas"]


def test_network_policy_lets_only_odoo_in_and_nothing_out(resources, container):
    policy = resources["NetworkPolicy"]["spec"]
    assert selects(policy["podSelector"]["matchLabels"], pod_labels(resources))
    assert sorted(policy["policyTypes"]) == ["Egress", "Ingress"]
    (rule,) = policy["ingress"]
    assert rule["from"] == [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "odoo"}}}]
    assert rule["ports"] == [{"protocol": "TCP", "port": container["ports"][0]["containerPort"]}]
    # an empty egress list under policyTypes Egress: no connection out at all
    assert policy["egress"] == []
