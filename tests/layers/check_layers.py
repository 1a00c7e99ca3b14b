#!/usr/bin/env python3
"""The layers of docs/architecture.md, checked on every #include of the product code.

Data flows feeds -> models -> ui and intent ui -> actions -> feeds; app/ wires them. An include
that crosses a "never" line fails this test, with the file, the line and the rule:
  - models/ includes nothing of feeds/, actions/, ui/ or app/ (no I/O, no widgets);
  - feeds/ includes nothing of actions/, ui/ or app/;
  - actions/ includes nothing of ui/ or app/;
  - ui/ includes nothing of feeds/ or app/ (pages reach servers only through models and actions);
  - feeds/, models/ and actions/ include no Qt Widgets or Qt Charts header.

usage: check_layers.py [ROOT]      (default: the repository this file is in)
       check_layers.py --self-test (a tree with one crossing include of each kind must fail)
Exit 0: every include keeps to the layers; 1: some do not (listed).
"""
import os
import re
import sys
import tempfile

LAYERS = ("models", "feeds", "actions", "ui", "app")
NEVER = {
    "models": {"feeds", "actions", "ui", "app"},
    "feeds": {"actions", "ui", "app"},
    "actions": {"ui", "app"},
    "ui": {"feeds", "app"},
    "app": set(),
}
NO_WIDGETS = {"models", "feeds", "actions"}
QT_INCLUDE = "/usr/include/x86_64-linux-gnu/qt6"
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def widget_headers():
    """Every header name of Qt Widgets and Qt Charts (QLabel, QtWidgets/QLabel, QChartView...)."""
    names = {"QtWidgets", "QtCharts"}
    for module in ("QtWidgets", "QtCharts"):
        folder = os.path.join(QT_INCLUDE, module)
        if os.path.isdir(folder):
            for f in os.listdir(folder):
                if not f.endswith(".h"):
                    names.add(f)
                    names.add(f"{module}/{f}")
    # Without the Qt headers installed, the ones this code base would reach for first.
    names.update({"QWidget", "QLabel", "QPushButton", "QApplication", "QDialog", "QChartView", "QChart"})
    return names


def sources(root, layer):
    for folder, _, files in os.walk(os.path.join(root, layer)):
        for f in files:
            if f.endswith((".h", ".cpp")):
                yield os.path.join(folder, f)


def owner_of_headers(root):
    """Header file name -> the layer it belongs to (names are unique across the layers)."""
    owner = {}
    for layer in LAYERS:
        for path in sources(root, layer):
            if path.endswith(".h"):
                owner[os.path.basename(path)] = layer
    return owner


def violations(root):
    owner = owner_of_headers(root)
    widgets = widget_headers()
    found = []
    for layer in LAYERS:
        for path in sources(root, layer):
            with open(path, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    kind, name = m.groups()
                    where = f"{os.path.relpath(path, root)}:{number}: #include {kind}{name}{'>' if kind == '<' else kind}"
                    if kind == '"':
                        other = owner.get(os.path.basename(name))
                        if other and other in NEVER[layer]:
                            found.append(f"{where} — {layer}/ may not include {other}/")
                    elif layer in NO_WIDGETS and name in widgets:
                        found.append(f"{where} — {layer}/ may not use widgets")
    return found


def self_test():
    """A small tree with one crossing include of each kind, and one include that is allowed."""
    with tempfile.TemporaryDirectory() as root:
        files = {
            "models/Saga.h": "#pragma once\n#include <QString>\n",
            "models/Bad.cpp": '#include "KafkaFeed.h"\n',          # models -> feeds
            "feeds/KafkaFeed.h": '#include "Saga.h"\n',            # allowed: feeds -> models
            "feeds/Bad.cpp": '#include "ActionPipeline.h"\n',      # feeds -> actions
            "actions/ActionPipeline.h": "#include <QLabel>\n",     # actions -> widgets
            "ui/SagasPage.cpp": '#include "KafkaFeed.h"\n',        # ui -> feeds
            "app/main.cpp": '#include "SagasPage.h"\n#include "KafkaFeed.h"\n',   # allowed
        }
        for rel, text in files.items():
            os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as f:
                f.write(text)
        found = violations(root)
        expected = ["models/Bad.cpp:1", "feeds/Bad.cpp:1", "actions/ActionPipeline.h:1", "ui/SagasPage.cpp:1"]
        missing = [e for e in expected if not any(v.startswith(e) for v in found)]
        extra = [v for v in found if not any(v.startswith(e) for e in expected)]
        if missing or extra:
            print("check_layers self-test FAILED", "missed:", missing, "wrongly flagged:", extra)
            return 1
        print(f"check_layers self-test: all {len(expected)} crossing includes found, nothing else")
        return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    found = violations(root)
    for v in found:
        print(v)
    if found:
        print(f"{len(found)} include(s) cross a layer line (docs/architecture.md)")
        return 1
    print("every include of app/ ui/ models/ feeds/ actions/ keeps to the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
