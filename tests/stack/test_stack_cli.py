#!/usr/bin/env python3
"""The stack's command line, end to end, on a stack of its own (own state dir and ports), so
that killing its servers cannot disturb the integration tests that share the default stack."""
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


if __name__ == "__main__":
    unittest.main(verbosity=2)
