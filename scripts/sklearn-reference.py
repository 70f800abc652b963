#!/usr/bin/python3
"""scikit-learn reference figures for the ensemble scenarios (reference only, never a dependency).

Uses exactly the folds swarmbench uses: run
  npx node scripts/ensemble-cv.ts --folds-out tmp/ensemble-folds.json
  /usr/bin/python3 scripts/sklearn-reference.py tmp/ensemble-folds.json > tmp/sklearn-reference.json
(needs Debian's python3-sklearn: apt-get install -y python3-sklearn).
For each shipped dataset it scores, per fold and averaged over folds, one sklearn model per member family
swarmbench has, plus VotingClassifier (hard, soft) / StackingClassifier, or VotingRegressor / StackingRegressor.

With --trees (called by scripts/trees-vs-sklearn.ts) it only fits DecisionTreeClassifier and a 100-tree
RandomForestClassifier (single-threaded, n_jobs=1) on each fold of the datasets in the folds file and reports
each fit's wall time (time.perf_counter around fit) and the fold's accuracy.
"""
import json
import os
import sys
import time
import warnings

import numpy as np
from sklearn import __version__ as sk_version
from sklearn.ensemble import (RandomForestClassifier, RandomForestRegressor, StackingClassifier, StackingRegressor,
                              VotingClassifier, VotingRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error, r2_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def classifiers():
    return [
        ("random-forest", RandomForestClassifier(n_estimators=100, random_state=0)),
        ("decision-tree", DecisionTreeClassifier(random_state=0)),
        ("knn", make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5))),
        ("naive-bayes", GaussianNB()),
        ("logistic-regression", make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))),
    ]


def regressors():
    return [
        ("random-forest", RandomForestRegressor(n_estimators=100, random_state=0)),
        ("decision-tree", DecisionTreeRegressor(random_state=0)),
        ("knn", make_pipeline(StandardScaler(), KNeighborsRegressor(n_neighbors=5))),
        ("linear", LinearRegression()),
        ("ridge", make_pipeline(StandardScaler(), Ridge(alpha=1.0))),
    ]


def load(name):
    raw = np.loadtxt(os.path.join(DATA, f"{name}.csv"), delimiter=",", skiprows=1)
    return raw[:, :-1], raw[:, -1]


def trees(spec):
    out = {"sklearn": sk_version, "datasets": {}}
    for name, ids in spec["foldIds"].items():
        X, y = load(name)
        y = y.astype(int)
        ids = np.asarray(ids)
        res = {}
        for label, make in (("decision-tree", lambda: DecisionTreeClassifier(random_state=0)),
                            ("random-forest-100", lambda: RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=0))):
            make().fit(X[ids != 0], y[ids != 0])  # warm-up: imports and first-call costs are not timed
            fits, accs = [], []
            for f in range(spec["folds"]):
                tr, te = ids != f, ids == f
                model = make()
                t0 = time.perf_counter()
                model.fit(X[tr], y[tr])
                fits.append(time.perf_counter() - t0)
                accs.append(accuracy_score(y[te], model.predict(X[te])))
            res[label] = {"fitSeconds": fits, "accuracy": accs}
        out["datasets"][name] = res
    json.dump(out, sys.stdout)


def main():
    if sys.argv[1] == "--trees":
        trees(json.load(open(sys.argv[2])))
        return
    spec = json.load(open(sys.argv[1]))
    manifest = json.load(open(os.path.join(DATA, "manifest.json")))["datasets"]
    out = {"sklearn": sk_version, "seed": spec["seed"], "folds": spec["folds"], "datasets": {}}
    warnings.filterwarnings("ignore")
    for name, ids in spec["foldIds"].items():
        X, y = load(name)
        ids = np.asarray(ids)
        task = manifest[name]["task"]
        if task == "classification":
            y = y.astype(int)
            models = dict(classifiers())
            models["vote:hard"] = VotingClassifier(classifiers(), voting="hard")
            models["vote:soft"] = VotingClassifier(classifiers(), voting="soft")
            models["vote:stacking"] = StackingClassifier(classifiers(), final_estimator=LogisticRegression(max_iter=2000), cv=5)
        else:
            models = dict(regressors())
            models["vote:mean"] = VotingRegressor(regressors())
            models["vote:stacking"] = StackingRegressor(regressors(), cv=5)
        res = {}
        for label, model in models.items():
            scores = []
            for f in range(spec["folds"]):
                tr, te = ids != f, ids == f
                model.fit(X[tr], y[tr])
                p = model.predict(X[te])
                if task == "classification":
                    scores.append({"accuracy": accuracy_score(y[te], p), "f1": f1_score(y[te], p, average="macro")})
                else:
                    scores.append({"r2": r2_score(y[te], p), "mse": mean_squared_error(y[te], p)})
            res[label] = {k: float(np.mean([s[k] for s in scores])) for k in scores[0]}
        out["datasets"][name] = {"task": task, "results": res}
        print(name, json.dumps(res), file=sys.stderr)
    json.dump(out, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
