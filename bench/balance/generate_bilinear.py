"""Generates a bilinear reconciliation case: the flowsheet of generate.py (FLOWS streams, FLOWS/2 processes,
recycles), one element. Each process splits its mass by random fractions and the element by random
transfer coefficients (different ones), so concentrations differ between its outputs; true masses and
element flows come from the forward balance; every stream's mass (sd 2%) and concentration (sd 3%) is
measured with random errors. Writes the binary files circula-bench-balance bilinear and peer_bilinear.py read."""
import json, os, sys
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from generate import flowsheet

def split(rng, processes, frm):
    share = rng.uniform(0.2, 1.0, frm.size)
    out_sum = np.zeros(processes)
    np.add.at(out_sum, frm[frm >= 0], share[frm >= 0])
    return np.where(frm >= 0, share / np.where(frm >= 0, out_sum[np.maximum(frm, 0)], 1), 0)

def forward(processes, frm, to, fraction, boundary):
    """Flows of every stream: boundary inputs given, (I − M) u = b for the process inputs u."""
    internal = (frm >= 0) & (to >= 0)
    m = sp.csc_matrix((fraction[internal], (to[internal], frm[internal])), shape=(processes, processes))
    inputs = np.flatnonzero(frm < 0)
    b = np.zeros(processes); np.add.at(b, to[inputs], boundary)
    u = spla.splu((sp.identity(processes, format="csc") - m).tocsc()).solve(b)
    flow = np.zeros(frm.size)
    flow[inputs] = boundary
    flow[frm >= 0] = fraction[frm >= 0] * u[frm[frm >= 0]]
    return flow

def generate(flows, directory, seed=2):
    rng = np.random.default_rng(seed)
    processes, frm, to = flowsheet(flows, rng)
    mass_split, transfer = split(rng, processes, frm), split(rng, processes, frm)
    inputs = np.flatnonzero(frm < 0)
    feed_mass = rng.uniform(10, 1000, inputs.size)
    mass = forward(processes, frm, to, mass_split, feed_mass)
    element = forward(processes, frm, to, transfer, feed_mass * rng.uniform(0.01, 0.3, inputs.size))
    conc = element / mass
    mass_sd, conc_sd = 0.02 * mass, 0.03 * conc
    os.makedirs(directory, exist_ok=True)
    frm.tofile(f"{directory}/from.i32"); to.tofile(f"{directory}/to.i32")
    transfer.astype(np.float64).tofile(f"{directory}/transfer.f64")
    (mass + rng.standard_normal(flows) * mass_sd).tofile(f"{directory}/mass.f64"); (mass_sd ** 2).tofile(f"{directory}/mass_var.f64")
    (conc + rng.standard_normal(flows) * conc_sd).tofile(f"{directory}/conc.f64"); (conc_sd ** 2).tofile(f"{directory}/conc_var.f64")
    with open(f"{directory}/meta.json", "w") as out:
        json.dump({"processes": processes, "flows": flows, "recycles": int(((to >= 0) & (frm >= 0) & (to <= frm)).sum())}, out)

if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2])
