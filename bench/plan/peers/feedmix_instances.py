"""Generated feed-mix LPs (same structure as Circula's FeedMixModel) and their scipy HiGHS optima.

An instance is JSON: {"name", "sense": "max", "c", "lower", "upper",
"rows": [{"name", "lower", "upper", "idx", "val"}]} with 0-based variable indices; null = unbounded.
"""
import json
import time

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix


def generate(n, seed):
    rng = np.random.default_rng(seed)
    kind = rng.choice(["conc", "escrap", "scrap"], size=n, p=[0.5, 0.2, 0.3])
    cu = np.where(kind == "conc", rng.uniform(0.20, 0.35, n), np.where(kind == "escrap", rng.uniform(0.06, 0.29, n), rng.uniform(0.6, 0.99, n)))
    arsenic = np.where(kind == "conc", rng.lognormal(np.log(0.0015), 0.8, n), rng.uniform(0, 0.0005, n))
    net = np.where(kind == "conc", rng.normal(180, 60, n), np.where(kind == "escrap", rng.normal(2000, 800, n), rng.normal(400, 300, n)))
    upper = rng.uniform(10_000, 1_500_000, n) * (5 / max(n, 5)) ** 0.5
    lower = np.where(rng.random(n) < 0.05, upper * rng.uniform(0, 0.2, n), 0.0)
    cathode_cu = cu * 0.98
    recycled = (kind != "conc").astype(float)
    smelter = (kind != "scrap") | (rng.random(n) < 0.5)
    total_cu = float(np.sum(cathode_cu * upper))
    rows = []

    def row(name, coef, lo=None, hi=None):
        idx = [int(j) for j in np.nonzero(coef)[0]]
        rows.append({"name": name, "lower": lo, "upper": hi, "idx": idx, "val": [float(coef[j]) for j in idx]})

    row("cathode capacity", cathode_cu, hi=0.45 * total_cu)
    row("smelter feed capacity", smelter.astype(float), hi=float(0.6 * np.sum(upper * smelter)))
    row("e-scrap share", np.where(smelter, (kind == "escrap") - 0.10, 0.0), hi=0.0)
    row("concentrate share", np.where(smelter, (kind == "conc") - 0.75, 0.0), lo=0.0)
    row("blend As", np.where(smelter, arsenic - 0.005, 0.0), hi=0.0)
    row("recycling ratio", (recycled - 0.2) * cathode_cu, lo=0.0)
    for k in range(3):
        impurity = rng.lognormal(np.log(0.002), 1.0, n)
        row(f"impurity {k}", np.where(smelter, impurity - 0.004, 0.0), hi=0.0)
    return {"name": f"feedmix-{n}-{seed}", "sense": "max", "c": net.tolist(), "lower": lower.tolist(),
            "upper": upper.tolist(), "rows": rows}


def solve_highs(instance):
    """Returns (objective of the max problem or None if infeasible, solver seconds)."""
    n = len(instance["c"])
    data, ri, ci, b = [], [], [], []
    r = 0
    for row in instance["rows"]:
        for sign, bound in ((1.0, row["upper"]), (-1.0, row["lower"])):
            if bound is None:
                continue
            for j, v in zip(row["idx"], row["val"]):
                data.append(sign * v); ri.append(r); ci.append(j)
            b.append(sign * bound)
            r += 1
    a = csr_matrix((data, (ri, ci)), shape=(r, n))
    c = -np.asarray(instance["c"])
    bounds = list(zip(instance["lower"], instance["upper"]))
    start = time.perf_counter()
    result = linprog(c, A_ub=a, b_ub=np.asarray(b), bounds=bounds, method="highs")
    seconds = time.perf_counter() - start
    return (-result.fun if result.status == 0 else None), seconds


if __name__ == "__main__":
    print(json.dumps(generate(5, 1), indent=1)[:400])
