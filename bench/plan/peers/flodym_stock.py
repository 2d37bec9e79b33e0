"""Runs flodym (PyPI) on a stock-model case written by Circula and writes flodym's results.

    circula outlook --export-case case.json
    python flodym_stock.py case.json out.json          # results only
    python flodym_stock.py case.json --fixture F.json  # case + results, the fixture the Swift test reads

Case: {"years": [...], "series": [{"id", "mode": "inflow"|"stock", "distribution", "parameters", "values"}]}.
flodym's default convention is used (inflow_at="middle", one point per interval): sf[m,c] = S(m - c + 0.5).
"""
import json
import sys
from importlib.metadata import version

import flodym as fd
import numpy as np

LIFETIMES = {"normal": fd.NormalLifetime, "lognormal": fd.LogNormalLifetime,
             "weibull": fd.WeibullLifetime, "fixed": fd.FixedLifetime}


def run_series(years, series):
    dims = fd.DimensionSet(dim_list=[fd.Dimension(name="Time", letter="t", items=list(years))])
    lifetime = LIFETIMES[series["distribution"]](dims=dims, **series["parameters"])
    values = np.asarray(series["values"], dtype=float)
    if series["mode"] == "inflow":
        dsm = fd.InflowDrivenDSM(dims=dims, lifetime_model=lifetime, inflow=fd.StockArray(dims=dims, values=values))
    else:
        dsm = fd.StockDrivenDSM(dims=dims, lifetime_model=lifetime, stock=fd.StockArray(dims=dims, values=values))
    dsm.compute()
    return {"id": series["id"], "inflow": dsm.inflow.values.tolist(), "stock": dsm.stock.values.tolist(),
            "outflow": dsm.outflow.values.tolist()}


def main():
    case = json.load(open(sys.argv[1]))
    results = [run_series(case["years"], s) for s in case["series"]]
    if len(sys.argv) > 3 and sys.argv[2] == "--fixture":
        out = {"generator": "bench/plan/peers/flodym_stock.py", "flodym": version("flodym"),
               "case": case, "results": results}
        json.dump(out, open(sys.argv[3], "w"))
    else:
        json.dump({"results": results}, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
