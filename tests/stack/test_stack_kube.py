#!/usr/bin/env python3
"""The stack's Kubernetes control plane (issue 7), checked with kubectl (Debian's
kubernetes-client) as the independent client, and saga-sim following the saga-orchestrator
Deployment end to end. Runs against the stack in $SAGADECK_STACK_DIR (default <repo>/.stack),
which must have been brought up with Kubernetes (SAGADECK_STACK_KUBE=1); otherwise it fails
and says so. Every wait is bounded; every change is undone in tearDown/finally."""
import datetime
import json
import os
import shutil
import ssl
import subprocess
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
STATE_DIR = os.environ.get("SAGADECK_STACK_DIR") or os.path.join(REPO, ".stack")
NS = "microservices"
DEPLOYMENTS = ["saga-orchestrator", "inventory-service", "payment-service", "notification-service"]


def load_stack():
    with open(os.path.join(STATE_DIR, "stack.json")) as f:
        return json.load(f)


def kubectl(kubeconfig, *args, timeout=30):
    r = subprocess.run(["kubectl", "--kubeconfig", kubeconfig, "-n", NS, *args],
                       capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def wait_for(what, predicate, timeout_s, interval=0.5):
    """Poll predicate() until it returns something truthy; fail with `what` after timeout_s."""
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what} (last: {last!r})")


class KubeBase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        stack = load_stack()
        if "kube" not in stack:
            raise AssertionError(f"{STATE_DIR}/stack.json has no kube section: bring the stack up with "
                                 "SAGADECK_STACK_KUBE=1 stack/stack up")
        if not shutil.which("kubectl"):
            raise AssertionError("kubectl is not installed (apt-get install kubernetes-client)")
        cls.stack, cls.kube = stack, stack["kube"]
        cls.operator, cls.viewer = cls.kube["kubeconfig"], cls.kube["viewer_kubeconfig"]

    def get(self, kind, name=None, kubeconfig=None, selector=None):
        args = ["get", kind] + ([name] if name else []) + (["-l", selector] if selector else []) + ["-o", "json"]
        rc, out, err = kubectl(kubeconfig or self.operator, *args)
        self.assertEqual(rc, 0, err)
        return json.loads(out)

    def replicasets(self, app):
        return self.get("replicasets", selector=f"app={app}")["items"]

    def token_of(self, kubeconfig):
        with open(kubeconfig) as f:
            return json.load(f)["users"][0]["user"]["token"]


class KubeApi(KubeBase):
    def test_operator_lists_the_four_deployments(self):
        items = self.get("deployments")["items"]
        self.assertEqual(sorted(d["metadata"]["name"] for d in items), sorted(DEPLOYMENTS))
        for d in items:
            name = d["metadata"]["name"]
            self.assertEqual(d["metadata"]["labels"].get("app"), name)
            self.assertIn(d["spec"]["replicas"], (1, 2, 3), name)
            # the deployment controller has seen it: a ReplicaSet and a status exist
            self.assertGreaterEqual(d["status"].get("observedGeneration", 0), d["metadata"]["generation"], name)
            self.assertTrue(self.replicasets(name), f"{name} has no ReplicaSet")

    def test_viewer_reads_but_gets_403_on_patch(self):
        rc, out, err = kubectl(self.viewer, "get", "deployment", "payment-service", "-o", "name")
        self.assertEqual((rc, out.strip()), (0, "deployment.apps/payment-service"), err)
        rc, out, err = kubectl(self.viewer, "scale", "deployment", "payment-service", "--replicas=3")
        self.assertNotEqual(rc, 0, out)
        self.assertIn("forbidden", err.lower())
        # The raw answer, as the console will see it: HTTP 403 to a strategic-merge PATCH.
        req = urllib.request.Request(
            f"{self.kube['server']}/apis/apps/v1/namespaces/{NS}/deployments/payment-service",
            data=b'{"spec":{"template":{"metadata":{"annotations":{"x":"y"}}}}}', method="PATCH",
            headers={"Authorization": f"Bearer {self.token_of(self.viewer)}",
                     "Content-Type": "application/strategic-merge-patch+json"})
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(req, context=ssl.create_default_context(cafile=self.kube["ca"]), timeout=10)
        self.assertEqual(ctx.exception.code, 403)

    def test_restart_patch_makes_a_new_replicaset(self):
        name = "inventory-service"
        before = {rs["metadata"]["name"] for rs in self.replicasets(name)}
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        patch = json.dumps({"spec": {"template": {"metadata": {"annotations": {
            "kubectl.kubernetes.io/restartedAt": stamp}}}}})
        rc, out, err = kubectl(self.operator, "patch", "deployment", name, "--type=strategic", "-p", patch)
        self.assertEqual(rc, 0, err)

        def new_rs():
            for rs in self.replicasets(name):
                ann = rs["spec"]["template"]["metadata"].get("annotations") or {}
                if rs["metadata"]["name"] not in before and ann.get("kubectl.kubernetes.io/restartedAt") == stamp:
                    return rs
            return None
        rs = wait_for("a new ReplicaSet with the restartedAt annotation", new_rs, 30)
        # A rolling update grows the new ReplicaSet step by step (it was seen at 1 of 2 in CI):
        # it ends at the deployment's replicas.
        want = self.get("deployment", name)["spec"]["replicas"]
        wait_for(f"the new ReplicaSet at {want} replicas",
                 lambda: (lambda r: r if r and r["spec"]["replicas"] == want else None)(new_rs()), 60)
        # and the rollout finishes (kwok makes the new pods ready)
        wait_for("the rollout to complete", lambda: (lambda d: d["status"].get("updatedReplicas") ==
                                                     d["spec"]["replicas"] == d["status"].get("readyReplicas")
                                                     and d["status"].get("observedGeneration") ==
                                                     d["metadata"]["generation"])(self.get("deployment", name)), 60)

    def test_scale_patch_changes_deployment_and_replicaset(self):
        name = "payment-service"
        original = self.get("deployment", name)["spec"]["replicas"]
        target = 3 if original != 3 else 1
        try:
            rc, out, err = kubectl(self.operator, "scale", "deployment", name, f"--replicas={target}")
            self.assertEqual(rc, 0, err)
            self.assertEqual(self.get("deployment", name)["spec"]["replicas"], target)

            def current_rs_replicas():
                d = self.get("deployment", name)
                revision = d["metadata"].get("annotations", {}).get("deployment.kubernetes.io/revision")
                for rs in self.replicasets(name):
                    if rs["metadata"].get("annotations", {}).get("deployment.kubernetes.io/revision") == revision:
                        return rs["spec"]["replicas"] == target and rs
                return None
            wait_for(f"the current ReplicaSet to have {target} replicas", current_rs_replicas, 30)
            wait_for(f"{target} ready replicas", lambda: self.get("deployment", name)["status"].get("readyReplicas") == target, 60)
        finally:
            kubectl(self.operator, "scale", "deployment", name, f"--replicas={original}")


class SimFollowsOrchestrator(KubeBase):
    """End to end: slow-consumer makes lag grow; a rollout restart of saga-orchestrator through
    the Kubernetes API makes saga-sim behave as a restarted orchestrator; the lag drains.
    Lag comes from Kafka's own ConsumerGroupCommand."""

    GROUP = "saga-orchestrator-group"

    def sim(self, path, body=None):
        req = urllib.request.Request(self.stack["sim"]["api_url"] + path, method="POST" if body else "GET",
                                     data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def lag(self):
        libs, d = self.stack["kafka"]["libs"], self.stack["dir"]
        r = subprocess.run(["java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", libs + "/*",
                            f"-Dlog4j2.configurationFile={d}/kafka/log4j2.properties", "-Dsagadeck.log.level=WARN",
                            "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", "--bootstrap-server",
                            self.stack["kafka"]["bootstrap"], "--describe", "--group", self.GROUP],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            return None
        total, rows = 0, 0
        for line in r.stdout.splitlines():
            cols = line.split()
            if len(cols) >= 6 and cols[0] == self.GROUP and cols[1] == self.stack["kafka"]["topic"]:
                if not cols[5].lstrip("-").isdigit():
                    return None
                total, rows = total + int(cols[5]), rows + 1
        return total if rows else None

    def test_restart_clears_slow_consumer_and_lag_drains(self):
        try:
            self.assertEqual(self.sim("/sim/scenario", {"scenario": "slow-consumer"}).get("scenario"), "slow-consumer")
            start = wait_for("a lag reading", self.lag, 30)
            grown = wait_for("the lag to grow by 300", lambda: (lambda l: l is not None and l >= start + 300 and l)(self.lag()), 90, 2)
            stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            rc, out, err = kubectl(self.operator, "rollout", "restart", "deployment/saga-orchestrator")
            self.assertEqual(rc, 0, err)
            # saga-sim polls the Deployment every second: it drops slow-consumer by itself.
            wait_for("saga-sim to leave slow-consumer", lambda: self.sim("/sim/scenario").get("scenario") == "steady", 20)
            # Drained = back where it was before slow-consumer. A healthy group still shows up to
            # a second of messages (it commits once a second), hence the band of 60 above that.
            steady = start + 60
            drained = wait_for(f"the lag to drain from {grown} back to at most {steady}",
                               lambda: (lambda l: l is not None and l <= steady and (l,))(self.lag()), 120, 2)
            self.assertLess(drained[0], grown / 3, stamp)
        finally:
            try:
                self.sim("/sim/scenario", {"scenario": "steady"})
            except OSError as e:
                print(f"could not restore scenario steady: {e}")

    def exported_lag(self):
        """The group's total lag as Prometheus has it from saga-sim's kafka_consumergroup_lag."""
        q = urllib.parse.urlencode({"query": f'sum(kafka_consumergroup_lag{{consumergroup="{self.GROUP}"}})'})
        with urllib.request.urlopen(f"{self.stack['prometheus']['url']}/api/v1/query?{q}", timeout=10) as r:
            result = json.loads(r.read())["data"]["result"]
        return int(float(result[0]["value"][1])) if result else None

    def test_scaled_to_zero_the_lag_freezes_and_the_exporter_agrees_with_kafka(self):
        """Scale saga-orchestrator to 0 with nothing produced: its group's lag stops moving, and
        the lag metric Prometheus scraped (what the Kafka page's history is backfilled from)
        equals what Kafka's own consumer-group tool says."""
        original = self.get("deployment", "saga-orchestrator")["spec"]["replicas"]
        try:
            self.sim("/sim/scenario", {"scenario": "slow-consumer"})
            start = wait_for("a lag reading", self.lag, 30)
            wait_for("the lag to grow by 100", lambda: (lambda l: l is not None and l >= start + 100)(self.lag()), 90, 2)
            self.sim("/sim/rate", {"rate": 0})
            wait_for("saga-sim to finish its in-flight sagas", lambda: self.sim("/sim/scenario").get("in_flight") == 0, 60)
            rc, out, err = kubectl(self.operator, "scale", "deployment/saga-orchestrator", "--replicas=0")
            self.assertEqual(rc, 0, err)
            # Frozen: two readings of Kafka's tool 4 s apart agree (the consumer is paused).
            frozen = wait_for("the lag to stop moving",
                              lambda: (lambda a: a is not None and (time.sleep(4) or a == self.lag()) and (a,))(self.lag()), 60)[0]
            self.assertGreater(frozen, 0)
            # Prometheus scrapes every 2 s and the exporter reads every 2 s: allow a few rounds.
            agreed = wait_for(f"Prometheus' kafka_consumergroup_lag to equal Kafka's {frozen}",
                              lambda: self.exported_lag() == frozen, 30, 1)
            self.assertTrue(agreed)
            self.assertEqual(self.lag(), frozen, "the lag moved while the orchestrator was at 0 replicas")
        finally:
            kubectl(self.operator, "scale", "deployment/saga-orchestrator", f"--replicas={original}")
            try:
                self.sim("/sim/scenario", {"scenario": "steady"})
                self.sim("/sim/rate", {"rate": self.stack["sim"].get("rate", 5)})
            except OSError as e:
                print(f"could not restore saga-sim: {e}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
