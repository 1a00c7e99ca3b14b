#!/usr/bin/env python3
"""The C++ sources keep the style of the repository's .clang-format: clang-format changes nothing.

usage: check_format.py CLANG_FORMAT [ROOT]
Exit 0: every tracked .cpp/.h is formatted; 1: some are not (listed, with clang-format's first
complaint for each); 2: clang-format or git could not be run.
"""
import subprocess
import sys
import os


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    clang_format = sys.argv[1]
    root = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        listed = subprocess.run(["git", "-C", root, "ls-files", "*.cpp", "*.h"], check=True,
                                capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"cannot list the sources with git: {e}", file=sys.stderr)
        return 2
    # stack/kube holds the Kubernetes sources we build, not ours.
    files = [f for f in listed if not f.startswith("stack/kube/")]
    bad = []
    for i in range(0, len(files), 50):
        chunk = files[i:i + 50]
        try:
            r = subprocess.run([clang_format, "--dry-run", "--Werror", "--style=file"] + chunk, cwd=root,
                               capture_output=True, text=True)
        except OSError as e:
            print(f"cannot run {clang_format}: {e} (scripts/setup installs clang-format)", file=sys.stderr)
            return 2
        if r.returncode != 0:
            for line in r.stderr.splitlines():
                if ": error: code should be clang-formatted" in line:
                    name = line.split(":", 1)[0]
                    if name not in (b[0] for b in bad):
                        bad.append((name, line))
            if not bad:
                print(r.stderr, file=sys.stderr)
                return 2
    for name, first in bad:
        print(first)
    if bad:
        print(f"{len(bad)} file(s) differ from .clang-format; run: clang-format -i FILE", file=sys.stderr)
        return 1
    print(f"{len(files)} files keep to .clang-format")
    return 0


if __name__ == "__main__":
    sys.exit(main())
