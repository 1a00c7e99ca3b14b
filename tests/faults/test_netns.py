#!/usr/bin/env python3
"""Fault mode "iptables in a network namespace": the console runs in a namespace of its own,
reaching Postgres over a veth pair through a faultproxy on the host side; an iptables DROP rule
in the namespace then swallows its packets at the kernel (no RST, no answer: TCP retransmits),
which no userspace proxy can imitate. Promised: a snapshot run during the drop fails within its
timeout naming Postgres as not Live with a reason, and succeeds again once the rule is gone.

Exit 77 (ctest: skipped, never passed) when the machine cannot do it: not root, no `ip netns`,
no iptables, or veth links refused.
"""
import json, os, shutil, subprocess, sys, tempfile, time

SKIP = 77
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def skip(why):
    print(f"SKIPPED: {why}")
    record("iptables DROP in a network namespace", f"skipped: {why}", "skipped")
    sys.exit(SKIP)


def record(fault, observed, result):
    path = os.environ.get("SAGADECK_FAULT_REPORT")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps({"test": "tst_fault_netns", "fault": fault, "target": "Postgres (snapshot in the namespace)",
                                "expected": "fails within its timeout with Postgres not Live and a reason; works again after",
                                "observed": observed, "result": result, "build": build_flavour()}) + "\n")


def build_flavour():
    # The same build tree names the sanitizer build (CMakePresets.json: build/asan).
    return "asan+ubsan" if "/build/asan/" in os.environ.get("SAGADECK_BIN", "") else "dev"


def sh(*cmd, check=True, **kw):
    return subprocess.run(list(cmd), check=check, text=True, capture_output=True, **kw)


def main():
    if os.geteuid() != 0:
        skip("needs root for network namespaces and iptables")
    for tool in ("ip", "iptables"):
        if not shutil.which(tool):
            skip(f"{tool} is not installed")
    stack_dir = os.environ["SAGADECK_STACK_DIR"]
    bin_ = os.environ["SAGADECK_BIN"]
    proxy_bin = os.path.join(os.path.dirname(sys.argv[1]) if len(sys.argv) > 1 else "", "faultproxy")
    stack = json.load(open(os.path.join(stack_dir, "stack.json")))
    pg = stack["postgres"]
    tag = f"sdf{os.getpid() % 100000}"
    ns, host_if, ns_if = tag, tag + "a", tag + "b"
    # A subnet no other namespace here uses (the dev and asan passes may run this at once).
    taken = subprocess.run(["ip", "-4", "-o", "addr", "show"], capture_output=True, text=True).stdout
    net = next(n for n in ((os.getpid() + i) % 251 for i in range(251)) if f" 10.231.{n}." not in taken)
    host_ip, ns_ip = f"10.231.{net}.1", f"10.231.{net}.2"
    tmp = tempfile.mkdtemp(prefix="netns-")
    proxy = None
    try:
        try:
            sh("ip", "netns", "add", ns)
            sh("ip", "link", "add", host_if, "type", "veth", "peer", "name", ns_if)
        except subprocess.CalledProcessError as e:
            skip(f"network namespace or veth refused: {e.stderr.strip()}")
        sh("ip", "link", "set", ns_if, "netns", ns)
        sh("ip", "addr", "add", f"{host_ip}/30", "dev", host_if)
        sh("ip", "link", "set", host_if, "up")
        sh("ip", "netns", "exec", ns, "ip", "addr", "add", f"{ns_ip}/30", "dev", ns_if)
        sh("ip", "netns", "exec", ns, "ip", "link", "set", ns_if, "up")
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
        try:
            sh("ip", "netns", "exec", ns, "iptables", "-L", "OUTPUT")
        except subprocess.CalledProcessError as e:
            skip(f"iptables does not work in the namespace: {e.stderr.strip()}")

        proxy = subprocess.Popen([proxy_bin, "--target", f"127.0.0.1:{pg['port']}", "--bind", host_ip],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        port = int(proxy.stdout.readline().split()[1])
        # The stack's profile, Postgres only, at the proxy; a pgpass line for that address.
        pgpass = os.path.join(tmp, "pgpass")
        with open(pg["passfile"]) as src, open(pgpass, "w") as dst:
            for line in src:
                dst.write("*:*:" + line.split(":", 2)[2])
        os.chmod(pgpass, 0o600)
        profile = os.path.join(tmp, "profiles.yaml")
        with open(profile, "w") as f:
            f.write("current: netns\nprofiles:\n  netns:\n    postgres:\n"
                    f"      conninfo: \"host={host_ip} port={port} dbname={pg['database']} user={pg['console_user']} passfile={pgpass}\"\n"
                    "      refresh_ms: 2000\n")

        def snapshot(timeout_s):
            out = os.path.join(tmp, "snap.json")
            if os.path.exists(out):
                os.unlink(out)
            began = time.monotonic()
            r = subprocess.run(["ip", "netns", "exec", ns, bin_, "snapshot", "--config", profile, "--page", "sagas",
                                "--json", out, "--timeout", str(timeout_s)],
                               text=True, capture_output=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                               timeout=timeout_s + 60)
            took = time.monotonic() - began
            data = json.load(open(out)) if os.path.exists(out) else {}
            return r.returncode, took, data.get("feeds", {}).get("postgres", {}), r.stderr

        code, took, before, err = snapshot(20)
        if code != 0 or before.get("state") != "Live":
            raise SystemExit(f"FAIL: no Postgres through the namespace before the fault: {code} {before} {err}")
        sh("ip", "netns", "exec", ns, "iptables", "-A", "OUTPUT", "-d", host_ip, "-p", "tcp", "-j", "DROP")
        code, took, during, err = snapshot(15)
        sh("ip", "netns", "exec", ns, "iptables", "-D", "OUTPUT", "-d", host_ip, "-p", "tcp", "-j", "DROP")
        code_after, _, after, err_after = snapshot(20)
        observed = (f"during the drop: exit {code} after {took:.1f} s, Postgres {during.get('state')} "
                    f"({during.get('reason', '')[:90]}); after: exit {code_after}, Postgres {after.get('state')}")
        ok = (code == 1 and took <= 15 + 10 and during.get("state") != "Live" and during.get("reason")
              and code_after == 0 and after.get("state") == "Live")
        record("iptables DROP in a network namespace", observed, "pass" if ok else "FAIL")
        print(observed)
        if not ok:
            print("FAIL", err, err_after)
            return 1
        return 0
    finally:
        if proxy:
            proxy.stdin.close()
            proxy.wait(timeout=5)
        subprocess.run(["ip", "link", "del", host_if], capture_output=True)
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
