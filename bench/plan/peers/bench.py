"""Side-by-side benchmark driver for bench/plan/run.sh.

1b. The 12-month plan of 5,000 feeds (>= 60,000 rows, monthly_instances.monthly) vs linprog(highs), and the
   capacity-decision MIP (monthly_instances.capacity_mip) vs milp(highs); optima must agree to 1e-6.
3. The outlook's Monte Carlo, 10,000 draws on 2 threads, against its 2 s target.
1. Feed-mix LPs of 50, 500 and 5,000 candidate feeds (feedmix_instances.generate): scipy HiGHS vs
   Circula's GLPK (circula-bench-plan lp) on the same instance files; solver time only (best of N);
   the optima must agree to 1e-6 relative.
2. Dynamic stock model, 60 years x 20 sectors x 10 elements (200 inflow-driven series, normal
   lifetimes varying by sector and element): flodym InflowDrivenDSM on (t, s, e) arrays vs
   Circula's DynamicStockModel (circula-bench-plan stock) on the same case file.
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from feedmix_instances import generate, solve_highs  # noqa: E402

import flodym as fd  # noqa: E402

binary = sys.argv[1]
repeats = 3
work = pathlib.Path(tempfile.mkdtemp(prefix="circula-bench-plan-"))
rows = []

# 1. LPs
for n in (50, 500, 5000):
    instance = generate(n, seed=1000 + n)
    path = work / f"feedmix-{n}.json"
    path.write_text(json.dumps(instance))
    highs = [solve_highs(instance) for _ in range(repeats)]
    objective_peer = highs[0][0]
    peer = min(t for _, t in highs)
    out = subprocess.run([binary, "lp", str(repeats), str(path)], check=True, capture_output=True, text=True).stdout
    ours = json.loads(out.strip().splitlines()[-1])
    diff = abs(ours["objective"] - objective_peer) / max(1.0, abs(objective_peer))
    rows.append((f"feed-mix LP, {n} feeds ({len(instance['rows'])} rows)", ours["seconds"], peer, diff,
                 "GLPK simplex vs scipy linprog(highs)"))

# 1b. The year month by month (5,000 feeds x 12 months) and the capacity-decision MIP, vs scipy HiGHS
from monthly_instances import capacity_mip, monthly, solve_highs_lp, solve_highs_milp  # noqa: E402
import os  # noqa: E402

MONTHLY_FEEDS = int(os.environ.get("BENCH_MONTHLY_FEEDS", "5000"))   # 5,000 feeds x 12 months = 60,000 balance rows
MONTHLY_REPEATS = int(os.environ.get("BENCH_MONTHLY_REPEATS", "1"))  # minutes per solve at 5,000 feeds

for label, instance, solve, what in (
        (f"12-month plan, {MONTHLY_FEEDS} feeds", monthly(MONTHLY_FEEDS, seed=12), solve_highs_lp, "GLPK simplex vs scipy linprog(highs)"),
        ("capacity-decision MIP, 2000 feeds", capacity_mip(2000, seed=3), solve_highs_milp, "GLPK intopt vs scipy milp(highs)")):
    path = work / f"{instance['name']}.json"
    path.write_text(json.dumps(instance))
    runs = MONTHLY_REPEATS if instance["name"].startswith("monthly") else repeats
    peer_runs = [solve(instance) for _ in range(runs)]
    objective_peer = peer_runs[0][0]
    peer = min(t for _, t in peer_runs)
    out = subprocess.run([binary, "lp", str(runs), str(path)], check=True, capture_output=True, text=True).stdout
    ours = json.loads(out.strip().splitlines()[-1])
    diff = abs(ours["objective"] - objective_peer) / max(1.0, abs(objective_peer))
    rows.append((f"{label} ({len(instance['rows'])} rows, {len(instance['c'])} cols)", ours["seconds"], peer, diff, what))

# 2. Stock model
years = list(range(1981, 2041))
n_s, n_e = 20, 10
rng = np.random.default_rng(7)
mean = rng.uniform(5, 50, (n_s, n_e))
std = mean * rng.uniform(0.1, 0.4, (n_s, n_e))
t = np.arange(len(years))[:, None, None]
inflow = 1000 * (1 + 0.02 * t) * rng.uniform(0.5, 2, (1, n_s, n_e))
case = {"years": years, "series": [
    {"id": f"s{s}-e{e}", "mode": "inflow", "distribution": "normal",
     "parameters": {"mean": float(mean[s, e]), "std": float(std[s, e])}, "values": inflow[:, s, e].tolist()}
    for s in range(n_s) for e in range(n_e)]}
case_path, ours_path = work / "stock-case.json", work / "stock-circula.json"
case_path.write_text(json.dumps(case))
out = subprocess.run([binary, "stock", str(repeats), str(case_path), str(ours_path)], check=True, capture_output=True, text=True).stdout
ours = json.loads(out.strip().splitlines()[-1])
dims = fd.DimensionSet(dim_list=[fd.Dimension(name="Time", letter="t", items=years),
                                 fd.Dimension(name="Sector", letter="s", items=list(range(n_s))),
                                 fd.Dimension(name="Element", letter="e", items=list(range(n_e)))])
peer_times = []
for _ in range(repeats):
    start = time.perf_counter()
    lifetime = fd.NormalLifetime(dims=dims, mean=mean, std=std)
    dsm = fd.InflowDrivenDSM(dims=dims, lifetime_model=lifetime, inflow=fd.StockArray(dims=dims, values=inflow.copy()))
    dsm.compute()
    peer_times.append(time.perf_counter() - start)
mine = json.loads(ours_path.read_text())["results"]
worst = 0.0
for k, series in enumerate(mine):
    s, e = divmod(k, n_e)
    for key, theirs in (("stock", dsm.stock.values[:, s, e]), ("outflow", dsm.outflow.values[:, s, e])):
        worst = max(worst, float(np.max(np.abs(np.asarray(series[key]) - theirs) / np.maximum(1, np.abs(theirs)))))
rows.append((f"stock model, {len(years)} y x {n_s} sectors x {n_e} elements", ours["seconds"], min(peer_times), worst,
             "DynamicStockModel vs flodym InflowDrivenDSM"))

# 3. Monte Carlo of the bundled outlook: 10,000 draws on 2 threads (target < 2 s; no peer implements this model)
out = subprocess.run([binary, "mc", str(repeats), "10000"], check=True, capture_output=True, text=True).stdout
mc = json.loads(out.strip().splitlines()[-1])
rows.append(("outlook Monte Carlo, 10,000 draws, 2 threads", mc["seconds"], 2.0, 0.0, "target 2 s (no peer; ratio = share of target)"))

print(f"{'case':<64} {'Circula [s]':>12} {'peer [s]':>10} {'ratio':>8} {'max rel diff':>13}  peer")
for name, mine_s, peer_s, diff, what in rows:
    print(f"{name:<64} {mine_s:>12.5f} {peer_s:>10.5f} {mine_s / peer_s:>8.2f} {diff:>13.2e}  {what}")
print(f"(best of {repeats} runs each; ratio = Circula / peer; instance files in {work})")
