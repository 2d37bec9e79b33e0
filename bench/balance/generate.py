"""Generates a reconciliation case: a flowsheet of FLOWS streams on about FLOWS/2 processes with
forward links, recycles (loops), inputs and outputs; true flows of LAYERS elements from a forward
balance; measurements with 2% random errors; about 1% of the internal streams unmeasured (no two
sharing a process); with "shuffled" the processes are numbered at random. Writes little-endian binary files both Circula and the scipy peer read."""
import json, os, sys
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

def flowsheet(flows, rng):
    """FLOWS streams on FLOWS/2 processes: a chain (so every process drains to the last one), then inputs,
    outputs, forward links and recycles at random. Returns (processes, from, to); −1 is outside."""
    processes = flows // 2
    frm, to = [], []
    for p in range(processes - 1):          # a chain, so every process drains to the last one
        frm.append(p); to.append(p + 1)
    frm.append(processes - 1); to.append(-1)
    frm.append(-1); to.append(0)
    while len(frm) < flows:
        kind = rng.random()
        p = int(rng.integers(processes))
        if kind < 0.15:
            frm.append(-1); to.append(p)                                  # input
        elif kind < 0.45:
            frm.append(p); to.append(-1)                                  # output
        elif kind < 0.85 and p < processes - 1:
            q = int(min(processes - 1, p + 1 + rng.integers(1, 20)))      # forward
            frm.append(p); to.append(q)
        elif p > 0:
            q = int(max(0, p - rng.integers(1, 20)))                      # recycle
            frm.append(p); to.append(q)
    return processes, np.array(frm, dtype=np.int32), np.array(to, dtype=np.int32)

def generate(flows, layers, directory, seed=1, shuffle=False):
    rng = np.random.default_rng(seed)
    processes, frm, to = flowsheet(flows, rng)
    # Split fractions per process over its outflows, the same for all layers (like transfer coefficients).
    share = rng.uniform(0.2, 1.0, flows)
    out_sum = np.zeros(processes)
    np.add.at(out_sum, frm[frm >= 0], share[frm >= 0])
    fraction = np.where(frm >= 0, share / np.where(frm >= 0, out_sum[np.maximum(frm, 0)], 1), 0)
    internal = (frm >= 0) & (to >= 0)
    m = sp.csc_matrix((fraction[internal], (to[internal], frm[internal])), shape=(processes, processes))
    system = (sp.identity(processes, format="csc") - m).tocsc()
    inputs = np.flatnonzero(frm < 0)
    lu = spla.splu(system)
    truth = np.zeros((layers, flows))
    for layer in range(layers):
        b_flow = rng.uniform(10, 1000, inputs.size) * rng.uniform(0.01, 10)
        b = np.zeros(processes); np.add.at(b, to[inputs], b_flow)
        u = lu.solve(b)
        truth[layer, inputs] = b_flow
        truth[layer, frm >= 0] = fraction[frm >= 0] * u[frm[frm >= 0]]
    # One covariance structure for all layers: sd 2% of the stream's mean flow over the layers.
    sd = 0.02 * truth.mean(axis=0)
    values = truth + rng.standard_normal((layers, flows)) * sd
    measured = np.ones(flows, dtype=np.uint8)
    used = set()
    candidates = rng.permutation(np.flatnonzero(internal & (frm != to)))
    want = max(3, flows // 100)
    for f in candidates:
        if flows - int(measured.sum()) >= want:
            break
        if frm[f] in used or to[f] in used:
            continue
        measured[f] = 0; used.add(int(frm[f])); used.add(int(to[f]))
    if shuffle:   # number the processes at random: the balance matrix loses its band (AMD ordering path)
        perm = rng.permutation(processes).astype(np.int32)
        frm = np.where(frm >= 0, perm[np.maximum(frm, 0)], -1).astype(np.int32)
        to = np.where(to >= 0, perm[np.maximum(to, 0)], -1).astype(np.int32)
    os.makedirs(directory, exist_ok=True)
    frm.tofile(f"{directory}/from.i32"); to.tofile(f"{directory}/to.i32"); measured.tofile(f"{directory}/measured.u8")
    (sd * sd).astype(np.float64).tofile(f"{directory}/variances.f64"); values.astype(np.float64).tofile(f"{directory}/values.f64")
    with open(f"{directory}/meta.json", "w") as out:
        json.dump({"processes": processes, "flows": flows, "layers": layers, "unmeasured": int(flows - measured.sum()),
                   "recycles": int(((to >= 0) & (frm >= 0) & (to <= frm)).sum())}, out)

if __name__ == "__main__":
    generate(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], shuffle=len(sys.argv) > 4 and sys.argv[4] == "shuffled")
