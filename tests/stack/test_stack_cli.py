#!/usr/bin/env python3
"""The stack's command line, end to end, on a stack of its own (own state dir and ports), so
that killing its servers cannot disturb the integration tests that share the default stack."""
import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

STACK = os.environ.get("SAGADECK_STACK_SCRIPT") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "stack", "stack")
PORT_BASE = int(os.environ.get("SAGADECK_CLI_TEST_PORT_BASE", "26700"))


# The command line's own behaviour, on stacks without the Kubernetes control plane (that is
# tested on the main stack by test_stack_kube.py; a second one here would only add minutes).
ENV = {**os.environ, "SAGADECK_STACK_KUBE": "0"}


def stack(*args, state_dir, port_base=PORT_BASE, timeout=300):
    r = subprocess.run([STACK, "--dir", state_dir, "--port-base", str(port_base), *args],
                       capture_output=True, text=True, timeout=timeout, env=ENV)
    return r.returncode, r.stdout + r.stderr


def stack_module():
    """The script as a module, to test its pieces without starting servers."""
    loader = importlib.machinery.SourceFileLoader("stack_script", STACK)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def parse_status(text):
    """{server: (state, pid)} from `status` lines like 'kafka  up  pid 123  127.0.0.1:1 ...'."""
    servers = {}
    for line in text.splitlines():
        m = re.match(r"^(\S+)\s+(up|down)\s+pid\s+(\S+)", line)
        if m:
            servers[m.group(1)] = (m.group(2), None if m.group(3) == "-" else int(m.group(3)))
    return servers


def processes_mentioning(path):
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if path.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


class StackCommandLine(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="sagadeck-stack-cli-")
        os.chmod(cls.dir, 0o755)

    @classmethod
    def tearDownClass(cls):
        # Always leave nothing running, whatever failed.
        stack("down", state_dir=cls.dir)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_lifecycle(self):
        rc, out = stack("up", state_dir=self.dir)
        self.assertEqual(rc, 0, out)

        rc, out = stack("status", state_dir=self.dir)
        self.assertEqual(rc, 0, out)
        servers = parse_status(out)
        for name in ("postgres", "kafka", "prometheus"):
            self.assertIn(name, servers, out)
        self.assertTrue(all(state == "up" for state, _ in servers.values()), out)

        # Issue 16: Postgres over TLS checked against the stack's CA, and the SASL user's logins
        # on Kafka's SASL_SSL listener (a few ms each on the stack that is up anyway).
        with open(os.path.join(self.dir, "stack.json")) as f:
            info = json.load(f)
        pg, kafka = info["postgres"], info["kafka"]
        self.assertIn("sslmode=verify-full", pg["tls_conninfo"])
        r = subprocess.run(["psql", pg["tls_conninfo"], "-XAtc",
                            "select ssl from pg_stat_ssl where pid = pg_backend_pid()"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual((r.returncode, r.stdout.strip()), (0, "t"), r.stderr)
        self.assertEqual(kafka["secure_bootstrap"], f"127.0.0.1:{PORT_BASE + 11}")
        for key in ("ca", "client_cert", "client_key", "client_properties", "sasl_password_file"):
            self.assertTrue(os.path.isfile(kafka[key]), key)
        for key in ("client_key", "client_properties", "sasl_password_file"):
            self.assertEqual(os.stat(kafka[key]).st_mode & 0o077, 0, f"{key} must be 0600")
        with open(kafka["sasl_password_file"]) as f:
            password = f.read().strip()
        login = stack_module().kafka_sasl_login
        for mechanism in kafka["sasl_mechanisms"]:
            self.assertIsNone(login(kafka["secure_bootstrap"], kafka["ca"], kafka["sasl_user"], password, mechanism))
            self.assertIsNotNone(login(kafka["secure_bootstrap"], kafka["ca"], kafka["sasl_user"], "wrong", mechanism))

        # up twice is harmless: nothing restarts.
        rc, out = stack("up", state_dir=self.dir)
        self.assertEqual(rc, 0, out)
        self.assertIn("already up", out)
        rc, out = stack("status", state_dir=self.dir)
        self.assertEqual(parse_status(out), servers, "a second up must not restart anything")

        # A killed server is reported down, truthfully, and only that one.
        victim_pid = servers["prometheus"][1]
        os.kill(victim_pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while os.path.exists(f"/proc/{victim_pid}/cmdline") and time.monotonic() < deadline:
            time.sleep(0.1)
        rc, out = stack("status", state_dir=self.dir)
        self.assertEqual(rc, 3, out)
        after_kill = parse_status(out)
        self.assertEqual(after_kill["prometheus"][0], "down", out)
        for name, (state, _) in after_kill.items():
            if name != "prometheus":
                self.assertEqual(state, "up", f"{name} should still be up:\n{out}")

        # up brings back just the dead one.
        rc, out = stack("up", state_dir=self.dir)
        self.assertEqual(rc, 0, out)
        rc, out = stack("status", state_dir=self.dir)
        self.assertEqual(rc, 0, out)
        revived = parse_status(out)
        self.assertNotEqual(revived["prometheus"][1], victim_pid)
        self.assertEqual(revived["kafka"], servers["kafka"], "kafka must not have been restarted")
        self.assertEqual(revived["postgres"], servers["postgres"])

        # env: a profile pointing at this stack, without any secret in it.
        rc, profile = stack("env", state_dir=self.dir)
        self.assertEqual(rc, 0, profile)
        self.assertRegex(profile, r"(?m)^current: local$")
        self.assertIn(f"port={PORT_BASE} ", profile)
        self.assertIn(f"127.0.0.1:{PORT_BASE + 1}", profile)
        self.assertIn(f"http://127.0.0.1:{PORT_BASE + 3}", profile)
        self.assertNotRegex(profile, r"password\s*=")
        secrets_dir = os.path.join(self.dir, "secrets")
        for name in os.listdir(secrets_dir):
            if name == "pgpass":
                continue
            with open(os.path.join(secrets_dir, name)) as f:
                secret = f.read().strip()
            if secret:
                self.assertNotIn(secret, profile, f"secret {name} leaked into the profile")
        self.assertEqual(os.stat(os.path.join(secrets_dir, "pgpass")).st_mode & 0o077, 0)

        # A second stack on the same ports fails clearly and starts nothing.
        other = tempfile.mkdtemp(prefix="sagadeck-stack-cli-other-")
        try:
            rc, out = stack("up", state_dir=other)
            self.assertEqual(rc, 1, out)
            self.assertIn(str(PORT_BASE), out)
            self.assertIn("in use", out)
            self.assertIn("--port-base", out, "the error should say how to pick other ports")
            self.assertEqual(processes_mentioning(other), [])
        finally:
            stack("down", state_dir=other)
            shutil.rmtree(other, ignore_errors=True)

        # down stops everything it started, and status says so.
        rc, out = stack("down", state_dir=self.dir)
        self.assertEqual(rc, 0, out)
        rc, out = stack("status", state_dir=self.dir)
        self.assertEqual(rc, 3, out)
        self.assertTrue(all(state == "down" for state, _ in parse_status(out).values()), out)
        deadline = time.monotonic() + 20
        while processes_mentioning(self.dir) and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertEqual(processes_mentioning(self.dir), [], "down left processes behind")
        rc, out = stack("down", state_dir=self.dir)
        self.assertEqual(rc, 0, "a second down is harmless:\n" + out)

    def test_env_before_up_is_a_clear_error(self):
        never = tempfile.mkdtemp(prefix="sagadeck-stack-cli-never-")
        try:
            rc, out = stack("env", state_dir=never)
            self.assertNotEqual(rc, 0)
            self.assertIn("never brought up", out)
        finally:
            shutil.rmtree(never, ignore_errors=True)

    def test_kafka_brokers_out_of_range_is_a_clear_error(self):
        never = tempfile.mkdtemp(prefix="sagadeck-stack-cli-brokers-")
        try:
            rc, out = stack("up", "--kafka-brokers", "4", state_dir=never)
            self.assertEqual(rc, 1, out)
            self.assertIn("--kafka-brokers must be between 1 and 3", out)
            self.assertFalse(os.path.exists(os.path.join(never, "stack.json")), "nothing may start")
        finally:
            shutil.rmtree(never, ignore_errors=True)


class StackConfig(unittest.TestCase):
    """--kafka-brokers and the ports, without starting anything."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sagadeck-stack-cfg-")
        self.stack = stack_module()
        self.env = {k: os.environ.pop(k) for k in list(os.environ)
                    if k.startswith("SAGADECK_") and k.endswith("_PORT")}

    def tearDown(self):
        os.environ.update(self.env)
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_three_brokers_are_saved_and_reused(self):
        cfg = self.stack.Config(self.dir, PORT_BASE, 3)
        cfg.save()
        again = self.stack.Config(self.dir, None, None)  # status, down, a later up
        self.assertEqual(again.kafka_brokers, 3)
        self.assertEqual(again.ports, cfg.ports)
        with open(os.path.join(self.dir, "stack.json")) as f:
            kafka = json.load(f)["kafka"]
        self.assertEqual([b["id"] for b in kafka["brokers"]], [1, 2, 3])
        self.assertEqual(kafka["bootstrap"].split(","), [b["address"] for b in kafka["brokers"]])
        self.assertEqual(kafka["secure_bootstrap"].split(","), [b["secure_address"] for b in kafka["brokers"]])
        self.assertEqual([b["address"] for b in kafka["brokers"]],
                         [f"127.0.0.1:{PORT_BASE + o}" for o in (1, 12, 14)])
        self.assertEqual([b["secure_address"] for b in kafka["brokers"]],
                         [f"127.0.0.1:{PORT_BASE + o}" for o in (11, 13, 15)])
        self.assertEqual(kafka["brokers"][1]["pid_file"], os.path.join(os.path.realpath(self.dir), "kafka-2", "pid"))

        # status names every broker (all down here), and says so in its exit code
        rc, out = stack("status", state_dir=self.dir)
        self.assertEqual(rc, 3, out)
        self.assertEqual([n for n in parse_status(out) if n.startswith("kafka")], ["kafka", "kafka-2", "kafka-3"], out)

    def test_ports_are_distinct(self):
        offsets = [offset for _, _, offset in self.stack.PORTS.values()]
        self.assertEqual(len(set(offsets)), len(offsets))
        defaults = [default for _, default, _ in self.stack.PORTS.values()]
        self.assertEqual(len(set(defaults)), len(defaults))
        self.assertTrue(all(1024 <= p < 32768 for p in defaults), "defaults stay below the ephemeral range")
        self.assertEqual(len({env for env, _, _ in self.stack.PORTS.values()}), len(self.stack.PORTS))
        for env, _, offset in self.stack.PORTS.values():
            self.assertIn(env, self.stack.PORT_HELP)
            self.assertIn(f"N+{offset}" if offset else "=N", self.stack.PORT_HELP)
        # the highest --port-base accepted keeps every port valid
        rc, out = stack("status", state_dir=self.dir, port_base=65535 - max(offsets) + 1)
        self.assertEqual(rc, 2, out)
        self.assertIn(f"between 1024 and {65535 - max(offsets)}", out)

    def test_a_cluster_keeps_its_number_of_brokers(self):
        self.stack.Config(self.dir, PORT_BASE, 3).save()
        os.makedirs(os.path.join(self.dir, "kafka", "data"))
        open(os.path.join(self.dir, "kafka", "data", "meta.properties"), "w").close()  # formatted
        rc, out = stack("up", "--kafka-brokers", "1", state_dir=self.dir)
        self.assertEqual(rc, 1, out)
        self.assertIn("has 3 broker(s)", out)
        self.assertEqual(processes_mentioning(self.dir), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
