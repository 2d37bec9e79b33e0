"""Generated 12-month feed plans (same structure as Circula's MonthlyModel) and the capacity-decision MIP
(FeedMixModel with capacity options and minimum lots), in the LPInstance JSON of feedmix_instances.py,
with scipy HiGHS solutions (linprog for the LP, milp for the MIP).
"""
import time

import numpy as np
from scipy.optimize import LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix


def _feeds(n, rng):
    kind = rng.choice(["conc", "escrap", "scrap"], size=n, p=[0.5, 0.2, 0.3])
    cu = np.where(kind == "conc", rng.uniform(0.20, 0.35, n), np.where(kind == "escrap", rng.uniform(0.06, 0.29, n), rng.uniform(0.6, 0.99, n)))
    arsenic = np.where(kind == "conc", rng.lognormal(np.log(0.0015), 0.8, n), rng.uniform(0, 0.0005, n))
    net = np.where(kind == "conc", rng.normal(180, 60, n), np.where(kind == "escrap", rng.normal(2000, 800, n), rng.normal(400, 300, n)))
    upper = rng.uniform(10_000, 1_500_000, n) * (5 / max(n, 5)) ** 0.5
    smelter = (kind != "scrap") | (rng.random(n) < 0.5)
    return kind, cu * 0.98, arsenic, net, upper, smelter


def monthly(n, seed):
    """12 months: buy/use/stock per feed and month, anode stock and refined copper per month."""
    rng = np.random.default_rng(seed)
    kind, cathode, arsenic, net, upper, smelter = _feeds(n, rng)
    profile = rng.dirichlet(np.full(12, 8.0), size=n)          # monthly shares of max_t
    minimum = np.where(rng.random(n) < 0.05, upper * rng.uniform(0, 0.3, n), 0.0)
    c, lo, hi, rows = [], [], [], []

    def var(obj, l=0.0, h=None):
        c.append(float(obj)); lo.append(l); hi.append(h)
        return len(c) - 1

    hold = 3.0
    buy = [[var(0.0, 0.0, float(upper[f] * profile[f, m])) for m in range(12)] for f in range(n)]
    season = 1 + 0.03 * np.sin(np.arange(12) * np.pi / 6) + rng.uniform(-0.005, 0.005, (n, 12))   # monthly prices
    use = [[var(net[f] * season[f, m]) for m in range(12)] for f in range(n)]
    stock = [[var(-hold) for m in range(12)] for f in range(n)]
    anode_max = 0.02 * float(np.sum(cathode * upper))
    anode = [var(-hold, 0.0, 0.0 if m == 11 else anode_max) for m in range(12)]
    capacity = 0.45 * float(np.sum(cathode * upper)) / 12
    refine = [var(0.0, 0.0, capacity) for m in range(12)]

    def row(name, idx, val, l=None, h=None):
        rows.append({"name": name, "lower": l, "upper": h, "idx": [int(i) for i in idx], "val": [float(v) for v in val]})

    for f in range(n):
        for m in range(12):
            idx, val = [buy[f][m], use[f][m], stock[f][m]], [1.0, -1.0, -1.0]
            if m > 0:
                idx.append(stock[f][m - 1]); val.append(1.0)
            row(f"stock balance {f} {m}", idx, val, 0.0, 0.0)
    sm = np.nonzero(smelter)[0]
    smelter_cap = 0.6 * float(np.sum(upper * smelter)) / 12
    for m in range(12):
        idx = [use[f][m] for f in range(n)] + [refine[m], anode[m]]
        val = list(cathode) + [-1.0, -1.0]
        if m > 0:
            idx.append(anode[m - 1]); val.append(1.0)
        row(f"anode balance {m}", idx, val, 0.0, 0.0)
        row(f"smelter capacity {m}", [use[f][m] for f in sm], [1.0] * len(sm), None, smelter_cap)
        row(f"e-scrap share {m}", [use[f][m] for f in sm], [(kind[f] == "escrap") - 0.10 for f in sm], None, 0.0)
        row(f"concentrate share {m}", [use[f][m] for f in sm], [(kind[f] == "conc") - 0.75 for f in sm], 0.0, None)
        row(f"blend As {m}", [use[f][m] for f in sm], [arsenic[f] - 0.005 for f in sm], None, 0.0)
        row(f"storage {m}", [stock[f][m] for f in range(n)], [1.0] * n, None, 0.25 * float(np.sum(upper)) / 12)
    for f in np.nonzero(minimum)[0]:
        row(f"contract minimum {f}", buy[f], [1.0] * 12, float(minimum[f]), None)
    recycled = (kind != "conc").astype(float)
    row("recycling ratio", [use[f][m] for f in range(n) for m in range(12)],
        [(recycled[f] - 0.2) * cathode[f] for f in range(n) for m in range(12)], 0.0, None)
    return {"name": f"monthly-{n}-{seed}", "sense": "max", "c": c, "lower": lo, "upper": hi, "rows": rows}


def capacity_mip(n, seed, lots=0.2):
    """The annual mix with capacity options (keep, cut 10/20/30 %, close) and minimum lots, as in FeedMixModel."""
    rng = np.random.default_rng(seed)
    kind, cathode, arsenic, net, upper, smelter = _feeds(n, rng)
    c = list(net * 0.4)
    lo = [0.0] * n
    hi = [float(u) for u in upper]
    integer, rows = [], []

    def row(name, idx, val, l=None, h=None):
        rows.append({"name": name, "lower": l, "upper": h, "idx": [int(i) for i in idx], "val": [float(v) for v in val]})

    fixed = 0.35 * float(np.sum(np.maximum(net, 0) * upper)) * 0.4
    options = [(1.0, 1.0, 0.0), (0.9, 0.97, 0.01), (0.8, 0.93, 0.02), (0.7, 0.89, 0.04), (0.0, 0.4, 0.15)]
    z = []
    for level, share, one_off in options:
        c.append(-(share * fixed + one_off * fixed)); lo.append(0.0); hi.append(1.0)
        z.append(len(c) - 1); integer.append(len(c) - 1)
    row("one capacity option", z, [1.0] * len(z), 1.0, 1.0)
    cap = 0.45 * float(np.sum(cathode * upper))
    row("cathode capacity", list(range(n)) + z, list(cathode) + [-lv * cap for lv, _, _ in options], None, 0.0)
    sm = np.nonzero(smelter)[0]
    scap = 0.6 * float(np.sum(upper * smelter))
    row("smelter capacity", list(sm) + z, [1.0] * len(sm) + [-lv * scap for lv, _, _ in options], None, 0.0)
    row("e-scrap share", sm, [(kind[f] == "escrap") - 0.10 for f in sm], None, 0.0)
    row("concentrate share", sm, [(kind[f] == "conc") - 0.75 for f in sm], 0.0, None)
    row("blend As", sm, [arsenic[f] - 0.005 for f in sm], None, 0.0)
    for f in np.nonzero(rng.random(n) < lots)[0]:
        c.append(0.0); lo.append(0.0); hi.append(1.0)
        y = len(c) - 1
        integer.append(y)
        lot = float(upper[f] * rng.uniform(0.3, 0.8))
        row(f"minimum lot {f}", [int(f), y], [1.0, -lot], 0.0, None)
        row(f"bought only if chosen {f}", [int(f), y], [1.0, -float(upper[f])], None, 0.0)
    return {"name": f"capacity-mip-{n}-{seed}", "sense": "max", "c": c, "lower": lo, "upper": hi, "rows": rows, "integer": integer}


def _matrix(instance):
    n = len(instance["c"])
    data, ri, ci, lb, ub = [], [], [], [], []
    for r, row in enumerate(instance["rows"]):
        data += row["val"]; ri += [r] * len(row["idx"]); ci += row["idx"]
        lb.append(-np.inf if row["lower"] is None else row["lower"])
        ub.append(np.inf if row["upper"] is None else row["upper"])
    return csr_matrix((data, (ri, ci)), shape=(len(instance["rows"]), n)), np.array(lb), np.array(ub)


def solve_highs_lp(instance):
    """scipy linprog(method="highs"); rows with equal bounds go to A_eq. Returns (objective of the max problem, seconds)."""
    a, lb, ub = _matrix(instance)
    eq = np.isfinite(lb) & np.isfinite(ub) & (lb == ub)
    up = np.isfinite(ub) & ~eq
    low = np.isfinite(lb) & ~eq
    from scipy.sparse import vstack
    a_ub = vstack([a[up], -a[low]]).tocsr()
    b_ub = np.concatenate([ub[up], -lb[low]])
    c = -np.asarray(instance["c"])
    bounds = [(l, h) for l, h in zip(instance["lower"], instance["upper"])]
    start = time.perf_counter()
    result = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a[eq], b_eq=lb[eq], bounds=bounds, method="highs")
    seconds = time.perf_counter() - start
    return (-result.fun if result.status == 0 else None), seconds


def solve_highs_milp(instance):
    """scipy milp (HiGHS branch and cut). Returns (objective of the max problem, seconds)."""
    from scipy.optimize import Bounds
    a, lb, ub = _matrix(instance)
    n = len(instance["c"])
    integrality = np.zeros(n)
    integrality[instance.get("integer", [])] = 1
    lower = np.array([-np.inf if v is None else v for v in instance["lower"]])
    upper = np.array([np.inf if v is None else v for v in instance["upper"]])
    start = time.perf_counter()
    result = milp(-np.asarray(instance["c"]), constraints=LinearConstraint(a, lb, ub), integrality=integrality,
                  bounds=Bounds(lower, upper), options={"mip_rel_gap": 1e-9})
    seconds = time.perf_counter() - start
    return (-result.fun if result.status == 0 else None), seconds
