"""Writes Tests/CirculaPlanTests/Fixtures/linprog-fixture.json: generated feed-mix LPs with the optimum
of scipy.optimize.linprog(method="highs"). The Swift test solves each with GLPK and compares to 1e-6 relative.

Run: .venv-bench/bin/python bench/plan/peers/linprog_fixture.py
"""
import json
import pathlib
import sys

import scipy

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from feedmix_instances import generate, solve_highs  # noqa: E402

root = pathlib.Path(__file__).resolve().parents[3]
out = root / "Tests" / "CirculaPlanTests" / "Fixtures" / "linprog-fixture.json"
instances = []
for seed, n in enumerate([3, 5, 8, 12, 20, 30, 40, 60, 80, 120, 5, 10, 25, 50, 100, 7, 15, 35, 70, 150]):
    instance = generate(n, seed)
    objective, _ = solve_highs(instance)
    instance["scipy_objective"] = objective
    instances.append(instance)
out.write_text(json.dumps({"generator": "bench/plan/peers/linprog_fixture.py", "scipy": scipy.__version__,
                           "instances": instances}, indent=None, separators=(",", ":")))
print(f"{len(instances)} instances, {sum(i['scipy_objective'] is None for i in instances)} infeasible -> {out}")
