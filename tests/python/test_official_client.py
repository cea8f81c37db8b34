"""The Sandbox through the official Kubernetes Python client: what an independent client sees."""
import json
import os
import re
import ssl
import time
import unittest
import urllib.error
import urllib.request
import uuid

import yaml
from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

GROUP, VERSION, PLURAL, NAMESPACE = "upgrade.cattle.io", "v1", "plans", "system-upgrade"


def until(condition, what, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        time.sleep(0.05)


def plan(name, version="v1.33.1+k3s1", **spec):
    body = {"concurrency": 1, "nodeSelector": {"matchLabels": {"plan": name}}, "upgrade": {"image": "rancher/k3s-upgrade"}, "version": version}
    body.update(spec)
    return {"apiVersion": f"{GROUP}/{VERSION}", "kind": "Plan", "metadata": {"name": name, "namespace": NAMESPACE}, "spec": body}


class OfficialClientTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.kubeconfig = os.environ["SANDBOX_KUBECONFIG"]
        cls.api = config.new_client_from_config(config_file=cls.kubeconfig)
        cls.core = client.CoreV1Api(cls.api)
        cls.custom = client.CustomObjectsApi(cls.api)
        cls.batch = client.BatchV1Api(cls.api)
        # the repository's own CRD, created as a plain apiextensions object
        with open(os.path.join(os.environ["SANDBOX_ROOT"], "config", "crd.yaml")) as f:
            crd = yaml.safe_load(f)
        try:
            client.ApiextensionsV1Api(cls.api).create_custom_resource_definition(crd, _preload_content=False)
        except ApiException as e:
            if e.status != 409:
                raise
        try:
            cls.core.create_namespace({"metadata": {"name": NAMESPACE}})
        except ApiException as e:
            if e.status != 409:
                raise

    @classmethod
    def tearDownClass(cls):
        cls.api.close()

    def test_list_nodes_deserializes_every_node(self):
        nodes = self.core.list_node()
        self.assertEqual(["agent-1", "agent-2", "server-1"], sorted(n.metadata.name for n in nodes.items))
        server = next(n for n in nodes.items if n.metadata.name == "server-1")
        self.assertEqual("true", server.metadata.labels["node-role.kubernetes.io/control-plane"])
        self.assertEqual("v1.32.3+k3s1", server.status.node_info.kubelet_version)
        self.assertEqual("True", next(c.status for c in server.status.conditions if c.type == "Ready"))
        self.assertTrue(int(nodes.metadata.resource_version) > 0)

    def test_watch_resumes_from_a_resource_version(self):
        name = f"cm-{uuid.uuid4().hex[:8]}"
        start = self.core.list_namespaced_config_map("default").metadata.resource_version
        self.core.create_namespaced_config_map("default", {"metadata": {"name": name}, "data": {"v": "1"}})
        self.core.patch_namespaced_config_map(name, "default", {"data": {"v": "2"}})

        seen = []
        w = watch.Watch()
        # the client sends watch=True; the server must stream, not list
        for event in w.stream(self.core.list_namespaced_config_map, "default", resource_version=start, timeout_seconds=2):
            if event["object"].metadata.name == name:
                seen.append((event["type"], event["object"].data["v"], event["object"].metadata.resource_version))
            if len(seen) == 2:
                w.stop()
        self.assertEqual([("ADDED", "1"), ("MODIFIED", "2")], [(t, v) for t, v, _ in seen])

        resume = seen[-1][2]
        self.core.delete_namespaced_config_map(name, "default")
        later = []
        for event in w.stream(self.core.list_namespaced_config_map, "default", resource_version=resume, timeout_seconds=2):
            later.append((event["type"], event["object"].metadata.name))
            w.stop()
        self.assertEqual([("DELETED", name)], later)

    def test_plan_crud_through_custom_objects_api(self):
        created = self.custom.create_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, plan("crud"))
        self.assertEqual(1, created["metadata"]["generation"])
        self.assertTrue(created["metadata"]["uid"])

        got = self.custom.get_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "crud")
        self.assertEqual("v1.33.1+k3s1", got["spec"]["version"])
        listed = self.custom.list_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, label_selector="")
        self.assertIn("crud", [p["metadata"]["name"] for p in listed["items"]])

        patched = self.custom.patch_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "crud", {"spec": {"concurrency": 2}})
        self.assertEqual((2, 2), (patched["spec"]["concurrency"], patched["metadata"]["generation"]))

        patched["spec"]["version"] = "v1.33.2+k3s1"
        replaced = self.custom.replace_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "crud", patched)
        self.assertEqual("v1.33.2+k3s1", replaced["spec"]["version"])

        stale = dict(patched)
        with self.assertRaises(ApiException) as conflict:
            self.custom.replace_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "crud", stale)
        self.assertEqual(409, conflict.exception.status)

        with self.assertRaises(ApiException) as invalid:
            bad = plan("bad")
            del bad["spec"]["upgrade"]
            self.custom.create_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, bad)
        self.assertEqual(422, invalid.exception.status)
        self.assertIn("spec.upgrade", json.loads(invalid.exception.body)["message"])

        self.custom.delete_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "crud")
        with self.assertRaises(ApiException) as gone:
            self.custom.get_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "crud")
        self.assertEqual(404, gone.exception.status)

    def test_status_subresource_is_separate_from_the_spec(self):
        self.custom.create_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, plan("status"))
        status = {"status": {"latestVersion": "v1.33.1-k3s1", "applying": ["server-1"]}}
        written = self.custom.patch_namespaced_custom_object_status(GROUP, VERSION, NAMESPACE, PLURAL, "status", status)
        self.assertEqual(["server-1"], written["status"]["applying"])
        self.assertEqual(1, written["metadata"]["generation"])

        # a write to the main resource does not touch status
        main = self.custom.patch_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "status", {"status": {"applying": []}, "spec": {"concurrency": 3}})
        self.assertEqual(["server-1"], main["status"]["applying"])
        got = self.custom.get_namespaced_custom_object_status(GROUP, VERSION, NAMESPACE, PLURAL, "status")
        self.assertEqual("v1.33.1-k3s1", got["status"]["latestVersion"])

    def test_dry_run_returns_the_result_and_stores_nothing(self):
        before = self.custom.list_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL)["metadata"]["resourceVersion"]
        dry = self.custom.create_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, plan("dry"), dry_run="All")
        self.assertEqual("dry", dry["metadata"]["name"])
        with self.assertRaises(ApiException) as missing:
            self.custom.get_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "dry")
        self.assertEqual(404, missing.exception.status)

        self.custom.create_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, plan("wet"))
        rv = self.custom.get_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "wet")["metadata"]["resourceVersion"]
        preview = self.custom.patch_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "wet", {"spec": {"concurrency": 9}}, dry_run="All")
        self.assertEqual(9, preview["spec"]["concurrency"])
        stored = self.custom.get_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "wet")
        self.assertEqual((1, rv), (stored["spec"]["concurrency"], stored["metadata"]["resourceVersion"]))
        self.custom.delete_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "wet", dry_run="All")
        self.custom.get_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL, "wet")
        self.assertNotEqual(before, rv)

    def test_events_by_field_selector_in_both_apis(self):
        body = {
            "metadata": {"name": f"ev-{uuid.uuid4().hex[:8]}"},
            "involvedObject": {"kind": "Plan", "apiVersion": f"{GROUP}/{VERSION}", "name": "evented", "namespace": NAMESPACE},
            "reason": "Resolved", "message": "resolved to v1.33.1+k3s1", "type": "Normal",
            "source": {"component": "python"},
            # events.k8s.io/v1 requires eventTime, and this client refuses an Event without it (a core Event
            # recorded without one reads back with eventTime null on a real cluster too)
            "eventTime": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
            "reportingComponent": "python", "reportingInstance": "python-1", "action": "Resolve",
        }
        self.core.create_namespaced_event(NAMESPACE, body)
        core = self.core.list_namespaced_event(NAMESPACE, field_selector="involvedObject.kind=Plan,involvedObject.name=evented")
        self.assertEqual(["resolved to v1.33.1+k3s1"], [e.message for e in core.items])
        self.assertEqual([], self.core.list_namespaced_event(NAMESPACE, field_selector="involvedObject.name=other").items)

        v1 = client.EventsV1Api(self.api).list_namespaced_event(NAMESPACE, field_selector="regarding.name=evented")
        self.assertEqual([("Plan", "resolved to v1.33.1+k3s1")], [(e.regarding.kind, e.note) for e in v1.items])

    def test_pod_logs_of_an_upgrade_with_tail_container_and_timestamps(self):
        job = {
            "metadata": {"name": "logs"},
            "spec": {"backoffLimit": 0, "template": {"spec": {
                "restartPolicy": "Never",
                "nodeSelector": {"kubernetes.io/hostname": "agent-2"},
                "tolerations": [{"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}],
                "initContainers": [{"name": "cordon", "image": "rancher/kubectl:v1.30.3", "args": ["cordon", "agent-2"]}],
                "containers": [{"name": "upgrade", "image": "rancher/k3s-upgrade:v1.33.1-k3s1"}]}}},
        }
        self.batch.create_namespaced_job(NAMESPACE, job)
        until(lambda: any(c.type == "Complete" for c in (self.batch.read_namespaced_job("logs", NAMESPACE).status.conditions or [])), "the job to complete")
        pod = self.core.list_namespaced_pod(NAMESPACE, label_selector="job-name=logs").items[0].metadata.name

        self.assertEqual("agent-2 is running v1.33.1+k3s1\n", self.core.read_namespaced_pod_log(pod, NAMESPACE, container="upgrade", tail_lines=1))
        self.assertEqual("node/agent-2 cordoned\n", self.core.read_namespaced_pod_log(pod, NAMESPACE, container="cordon"))
        stamped = self.core.read_namespaced_pod_log(pod, NAMESPACE, container="upgrade", timestamps=True).splitlines()
        self.assertEqual(3, len(stamped))
        self.assertRegex(stamped[0], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z Upgrading agent-2 ")
        with self.assertRaises(ApiException) as previous:
            self.core.read_namespaced_pod_log(pod, NAMESPACE, container="upgrade", previous=True)
        self.assertEqual(400, previous.exception.status)
        self.assertEqual("v1.33.1+k3s1", self.core.read_node("agent-2").status.node_info.kubelet_version)

    def test_a_request_without_the_token_is_unauthorized(self):
        configuration = client.Configuration()
        config.load_kube_config(config_file=self.kubeconfig, client_configuration=configuration)
        context = ssl.create_default_context(cafile=configuration.ssl_ca_cert)
        with self.assertRaises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(configuration.host + "/api/v1/nodes", context=context)
        self.assertEqual(401, denied.exception.code)
        self.assertTrue(re.match(r"^https://127\.0\.0\.1:\d+$", configuration.host), configuration.host)


if __name__ == "__main__":
    unittest.main()
