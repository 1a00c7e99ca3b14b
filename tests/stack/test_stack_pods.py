#!/usr/bin/env python3
"""Pods, logs and rollouts in the stack's Kubernetes (issue 19), with kubectl as the oracle:
- the services' log files that saga-sim writes (STATE/kube/logs/<deployment>.log) are what
  `kubectl logs` answers through the API server's pods/log (kwok plays the kubelet), for the
  operator and the read-only viewer, with -f and --previous;
- memory-growth ends in OOMKilled container restarts on the saga-orchestrator pods;
- bad-deploy rolls out a broken payment-service image (a new revision); `steady` leaves it in
  place, `kubectl rollout undo` brings :1.0 back and the payment failures stop;
- per-pod resource metrics (container_memory_working_set_bytes, container_cpu_usage_seconds_total,
  kube_pod_container_resource_limits) in the stack's Prometheus for exactly the Running pods
  `kubectl get pods` lists, following a scale up and back.
Runs against the stack in $SAGADECK_STACK_DIR (default <repo>/.stack), brought up with
Kubernetes. Every wait polls with a deadline; every change is undone in finally."""
import json
import os
import re
import subprocess
import sys
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_stack_kube import KubeBase, kubectl, wait_for  # noqa: E402

RFC3339NANO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (INFO|WARN|ERROR) [a-z-]+ ")
QUANTITIES = {"1Gi": 2**30, "512Mi": 2**29, "256Mi": 2**28, "128Mi": 2**27, "1": 1, "500m": 0.5, "250m": 0.25,
              "100m": 0.1}  # the stack's limits (stack/stack KUBE_RESOURCES)
GOOD_IMAGE, BAD_IMAGE = "sagadeck.local/payment-service:1.0", "sagadeck.local/payment-service:1.1-bad"


class PodsBase(KubeBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sim = cls.stack["sim"]["api_url"]
        cls.metrics = f"http://127.0.0.1:{cls.stack['sim']['metrics_port']}/metrics"
        cls.logs = os.path.join(cls.stack["dir"], "kube", "logs")
        cls.admin = cls.kube["admin_kubeconfig"]

    def scenario(self, name=None, **fields):
        req = urllib.request.Request(self.sim + "/sim/scenario", method="POST" if name else "GET",
                                     data=json.dumps({"scenario": name, **fields}).encode() if name else None)
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def prom(self, query):
        url = self.stack["prometheus"]["url"] + "/api/v1/query?" + urllib.parse.urlencode({"query": query})
        with urllib.request.urlopen(url, timeout=10) as r:
            body = json.loads(r.read())
        self.assertEqual(body["status"], "success", body)
        return body["data"]["result"]

    def kubectl_ok(self, *args, kubeconfig=None, timeout=30):
        rc, out, err = kubectl(kubeconfig or self.operator, *args, timeout=timeout)
        self.assertEqual(rc, 0, f"kubectl {' '.join(args)}: {err}")
        return out

    def pods(self, app):
        return [p for p in self.get("pods", selector=f"app={app}")["items"]
                if p["status"].get("phase") == "Running" and "deletionTimestamp" not in p["metadata"]]

    def payment_5xx(self):
        with urllib.request.urlopen(self.metrics, timeout=10) as r:
            text = r.read().decode()
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                   if line.startswith("http_requests_total{") and 'service="payment-service"' in line
                   and re.search(r'status="5\d\d"', line))

    def image(self):
        d = self.get("deployment", "payment-service")
        return d["spec"]["template"]["spec"]["containers"][0]["image"]


class PodLogs(PodsBase):
    def test_logs_of_a_deployment_are_the_services_file(self):
        out = wait_for("payment-service log lines", lambda: self.kubectl_ok(
            "logs", "deployment/payment-service", "--tail=100").splitlines(), 30)
        self.assertLessEqual(len(out), 100)
        for line in out:
            self.assertRegex(line, RFC3339NANO)
            self.assertIn(" payment-service ", line)
        # every line is in the file (CRI format: "<time> <stream> F <message>"), the file read
        # after kubectl so it holds at least what kubectl saw
        with open(os.path.join(self.logs, "payment-service.log")) as f:
            messages = {line.rstrip("\n").split(" ", 3)[3] for line in f}
        missing = [line for line in out if line not in messages]
        self.assertFalse(missing, f"not in payment-service.log: {missing[:3]}")

    def test_each_deployment_has_its_own_log_and_the_viewer_reads_it(self):
        for name in ("saga-orchestrator", "inventory-service", "payment-service", "notification-service"):
            out = wait_for(f"{name} log lines", lambda: self.kubectl_ok(
                "logs", f"deployment/{name}", "--tail=5", kubeconfig=self.viewer).splitlines(), 30)
            self.assertTrue(all(f" {name} " in line for line in out), out)
        # read-only: the viewer still cannot change a Deployment
        rc, _, err = kubectl(self.viewer, "scale", "deployment/payment-service", "--replicas=2")
        self.assertNotEqual(rc, 0)
        self.assertIn("forbidden", err.lower())

    def test_follow_streams_new_lines(self):
        pod = self.pods("inventory-service")[0]["metadata"]["name"]
        proc = subprocess.Popen(["kubectl", "--kubeconfig", self.operator, "-n", "microservices", "logs", pod,
                                 "-f", "--tail=0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        watchdog = threading.Timer(30, proc.kill)  # a stream that never delivers ends the wait
        watchdog.start()
        try:
            # --tail=0: whatever arrives was written after the stream began
            line = proc.stdout.readline()  # the sim logs several lines a second
            self.assertRegex(line, RFC3339NANO)
            self.assertIn(" inventory-service ", line)
            self.assertIsNone(proc.poll(), "kubectl logs -f ended instead of following")
        finally:
            watchdog.cancel()
            proc.kill()
            proc.communicate(timeout=10)


class OomKilled(PodsBase):
    def test_memory_growth_ends_in_oomkilled_restarts(self):
        before = {p["metadata"]["name"]: p["status"]["containerStatuses"][0].get("restartCount", 0)
                  for p in self.pods("saga-orchestrator")}
        self.assertTrue(before)
        default = self.scenario()["oom_after_mib"]
        try:
            # a fast kill for this memory-growth only (the stack's default lets the playbook raise first)
            self.assertEqual(self.scenario("memory-growth", oom_after_mib=32)["oom_after_mib"], 32)

            def oom_killed():
                done = []
                for p in self.pods("saga-orchestrator"):
                    cs = p["status"]["containerStatuses"][0]
                    if cs.get("restartCount", 0) > before.get(p["metadata"]["name"], 0) and \
                            cs.get("lastState", {}).get("terminated", {}).get("reason") == "OOMKilled":
                        done.append((p["metadata"]["name"], cs))
                return done

            killed = wait_for("an OOMKilled saga-orchestrator container", oom_killed, 90, interval=1)
        finally:
            self.scenario("steady")
        self.assertEqual(self.scenario()["oom_after_mib"], default, "the override outlived its memory-growth")
        name, cs = killed[0]
        terminated = cs["lastState"]["terminated"]
        self.assertEqual(terminated["exitCode"], 137)
        self.assertTrue(terminated.get("finishedAt"))
        self.assertIn("running", cs["state"])
        self.assertTrue(cs["ready"])
        # the killed instance's log, and the new one's
        previous = self.kubectl_ok("logs", name, "--previous", "--tail=20")
        self.assertIn("out of memory", previous.splitlines()[-1])
        self.assertIn("OOMKilled", previous.splitlines()[-1])
        current = self.kubectl_ok("logs", name, "--tail=100000").splitlines()
        self.assertIn("starting saga-orchestrator", current[0])
        self.assertFalse([line for line in current if "out of memory" in line], "the kill is in the new log")
        # kubectl's own view agrees
        table = self.kubectl_ok("get", "pod", name)
        self.assertRegex(table, rf"{name}\s+1/1\s+Running\s+[1-9]")


class OomAfterMib(PodsBase):
    def post(self, body):
        req = urllib.request.Request(self.sim + "/sim/scenario", method="POST", data=json.dumps(body).encode())
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def test_oom_after_mib_is_checked(self):
        before = self.scenario()
        for body, message in (({"scenario": "steady", "oom_after_mib": 32}, "only to memory-growth"),
                              ({"scenario": "memory-growth", "oom_after_mib": 100000}, "between 0"),
                              ({"scenario": "memory-growth", "oom_after_mib": "32"}, "integer")):
            status, answer = self.post(body)
            self.assertEqual(status, 400, answer)
            self.assertIn(message, answer["error"])
        # a refused request changes nothing
        after = self.scenario()
        self.assertEqual((after["scenario"], after["oom_after_mib"]), (before["scenario"], before["oom_after_mib"]))


class PodMetrics(PodsBase):
    """cAdvisor-like series from saga-sim, read back from the stack's Prometheus."""
    DEPLOYMENTS = ("saga-orchestrator", "inventory-service", "payment-service", "notification-service")

    def kubectl_pods(self):
        return {(p["metadata"]["name"], p["spec"]["containers"][0]["name"]): p
                for p in self.get("pods")["items"]
                if p["metadata"].get("labels", {}).get("app") in self.DEPLOYMENTS
                and p["status"].get("phase") == "Running" and "deletionTimestamp" not in p["metadata"]}

    def series(self, metric, extra=""):
        return {(r["metric"]["pod"], r["metric"]["container"]): float(r["value"][1])
                for r in self.prom(f'{metric}{{namespace="microservices"{extra}}}')}

    def wait_series_match_pods(self, what):
        """Waits until the memory series are those of exactly the pods kubectl lists; returns the pods."""
        def match():
            pods = self.kubectl_pods()
            memory = self.series("container_memory_working_set_bytes")
            return pods if pods and set(memory) == set(pods) else None
        return wait_for(what, match, 60, interval=1)

    def test_per_pod_series_follow_the_pods(self):
        pods = self.wait_series_match_pods("a memory series per Running pod")
        self.assertEqual({c for _, c in pods}, set(self.DEPLOYMENTS))
        cpu0 = self.series("container_cpu_usage_seconds_total")
        self.assertEqual(set(cpu0), set(pods))
        memory = self.series("container_memory_working_set_bytes")
        rss = float(self.prom('max(process_resident_memory_bytes{service="saga-orchestrator"})')[0]["value"][1])
        for (pod, container), value in memory.items():
            if container == "saga-orchestrator":  # the sim's real resident memory
                self.assertLess(abs(value - rss), 32 * 2**20, (pod, value, rss))
            else:
                self.assertTrue(32 * 2**20 < value < 256 * 2**20, (pod, value))
        # limits as the pod spec has them (a stack made before the limits has none)
        limits = self.series("kube_pod_container_resource_limits", ',resource="memory",unit="byte"')
        cpu_limits = self.series("kube_pod_container_resource_limits", ',resource="cpu",unit="core"')
        for key, p in pods.items():
            spec = p["spec"]["containers"][0].get("resources", {}).get("limits", {})
            self.assertEqual(key in limits, "memory" in spec, key)
            self.assertEqual(key in cpu_limits, "cpu" in spec, key)
            for series, field in ((limits, "memory"), (cpu_limits, "cpu")):
                if field in spec:
                    self.assertEqual(series[key], QUANTITIES[spec[field]], (key, field, spec[field]))
        # kubectl top pods --sort-by=memory, from Prometheus
        top = self.prom('sort_desc(sum by (pod) (container_memory_working_set_bytes{namespace="microservices"}))')
        self.assertEqual(len(top), len(pods))
        # the CPU counters grow with the load
        def grown():
            now = self.series("container_cpu_usage_seconds_total")
            return all(now.get(k, 0) > v for k, v in cpu0.items())
        wait_for("every pod's CPU counter growing", grown, 30, interval=1)

        # a scale up adds a pod's series, the scale back removes it
        name = "notification-service"
        original = self.get("deployment", name)["spec"]["replicas"]
        try:
            self.kubectl_ok("scale", f"deployment/{name}", f"--replicas={original + 1}")
            wait_for(f"{original + 1} {name} pods",
                     lambda: len([k for k in self.kubectl_pods() if k[1] == name]) == original + 1, 60)
            pods = self.wait_series_match_pods(f"the new {name} pod's series")
            self.assertEqual(len([k for k in pods if k[1] == name]), original + 1)
        finally:
            kubectl(self.operator, "scale", f"deployment/{name}", f"--replicas={original}")
        wait_for(f"{original} {name} pods",
                 lambda: len([k for k in self.kubectl_pods() if k[1] == name]) == original, 60)
        pods = self.wait_series_match_pods(f"the gone {name} pod's series gone")
        self.assertEqual(len([k for k in pods if k[1] == name]), original)
        self.assertEqual(set(self.series("container_cpu_usage_seconds_total")), set(pods))


class BadDeploy(PodsBase):
    def revisions(self):
        out = self.kubectl_ok("rollout", "history", "deployment/payment-service")
        return [int(line.split()[0]) for line in out.splitlines() if line[:1].isdigit()]

    def test_bad_deploy_then_rollout_undo(self):
        self.assertEqual(self.image(), GOOD_IMAGE, "payment-service is not on its good image to begin with")
        revisions = self.revisions()
        try:
            answer = self.scenario("bad-deploy")
            self.assertIn("bad-deploy", answer["scenarios"])
            self.assertEqual(answer["scenario"], "bad-deploy")
            self.assertEqual(self.image(), BAD_IMAGE)
            wait_for("a new payment-service revision", lambda: max(self.revisions()) > max(revisions), 30)
            rs = [r for r in self.replicasets("payment-service")
                  if r["spec"]["template"]["spec"]["containers"][0]["image"] == BAD_IMAGE]
            self.assertTrue(rs, "no ReplicaSet with the bad image")
            history = self.kubectl_ok("rollout", "history", "deployment/payment-service")
            self.assertIn("1.1-bad", history)  # the change-cause
            self.kubectl_ok("rollout", "status", "deployment/payment-service", "--timeout=60s", timeout=70)

            # payment calls fail: 5xx on payment-service and ERROR lines in its log
            start = self.payment_5xx()
            wait_for("payment-service 5xx", lambda: self.payment_5xx() >= start + 10, 30)
            wait_for("ERROR lines in payment-service's log", lambda: " ERROR payment-service " in self.kubectl_ok(
                "logs", "deployment/payment-service", "--tail=50"), 30)

            # steady does not roll back: the image stays and so do the failures
            self.scenario("steady")
            time.sleep(2)  # two of saga-sim's polls: nothing may change the image meanwhile
            self.assertEqual(self.image(), BAD_IMAGE)
            start = self.payment_5xx()
            wait_for("payment-service 5xx after steady", lambda: self.payment_5xx() >= start + 5, 30)

            # the operator's rollback ends it
            self.kubectl_ok("rollout", "undo", "deployment/payment-service")
            self.assertEqual(self.image(), GOOD_IMAGE)
            wait_for("saga-sim seeing the rollback", lambda: not self.scenario()["payment_image_bad"], 15)
            self.assertEqual(self.scenario()["scenario"], "steady")
            self.kubectl_ok("rollout", "status", "deployment/payment-service", "--timeout=60s", timeout=70)
            time.sleep(1)  # calls already under way when the image changed may still fail
            start = self.payment_5xx()
            time.sleep(6)
            # steady fails ~0.07 % of calls: a stray one may come, not the bad build's ~4 a second
            self.assertLessEqual(self.payment_5xx() - start, 2)
        finally:
            self.scenario("steady")
            if self.image() != GOOD_IMAGE:
                kubectl(self.admin, "set", "image", "deployment/payment-service", f"payment-service={GOOD_IMAGE}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
