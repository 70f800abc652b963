#!/usr/bin/python3
"""Export the real datasets shipped with Debian's python3-sklearn to data/*.csv (reference tooling only).

Run: /usr/bin/python3 scripts/export-datasets.py   (needs: apt-get install -y python3-sklearn)
Writes one CSV per set (header = feature names + "target") and data/manifest.json (task, classes, source).
"""
import csv
import json
import os
import sys

from sklearn import __version__ as sk_version
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def fmt(v):
    # repr keeps every digit the source file had, without float noise such as 0.30000000000000004
    s = repr(float(v))
    return s[:-2] if s.endswith(".0") else s


def write(name, bunch, task):
    path = os.path.join(OUT, f"{name}.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([*bunch.feature_names, "target"])
        for row, t in zip(bunch.data, bunch.target):
            w.writerow([*(fmt(v) for v in row), int(t) if task == "classification" else fmt(t)])
    entry = {"file": f"{name}.csv", "task": task, "rows": int(bunch.data.shape[0]), "features": int(bunch.data.shape[1])}
    if task == "classification":
        entry["classes"] = [str(c) for c in bunch.target_names]
    return entry


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {
        "generatedBy": f"scripts/export-datasets.py from Debian python3-sklearn {sk_version}",
        "datasets": {
            "iris": write("iris", load_iris(), "classification"),
            "wine": write("wine", load_wine(), "classification"),
            "breast-cancer": write("breast-cancer", load_breast_cancer(), "classification"),
            # raw (unscaled) measurements, as published by Efron et al.; sklearn's default copy is mean-centred
            "diabetes": write("diabetes", load_diabetes(scaled=False), "regression"),
            # 8x8 images, pixel counts 0..16: the first set here big enough to show the trees' speed (1,797 × 64, 10 classes)
            "digits": write("digits", load_digits(), "classification"),
        },
    }
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(json.dumps(manifest, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
