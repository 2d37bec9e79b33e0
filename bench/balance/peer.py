"""The scipy.sparse peer: the same reconciliation as Circula's NetworkReconciliation on the same files.
Unmeasured flows are eliminated by contracting them (connected components), G V G^T is factorised once
by scipy.sparse.linalg.splu and solved for all layers; unmeasured flows follow from node balances.
Prints the best solve-phase wall and thread-CPU seconds of REPEATS runs and writes scipy.f64."""
import json, sys, time
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse.csgraph import connected_components

def reconcile(processes, frm, to, measured, variances, values):
    unmeasured = ~measured
    internal_u = unmeasured & (frm >= 0) & (to >= 0)
    graph = sp.coo_matrix((np.ones(int(internal_u.sum())), (frm[internal_u], to[internal_u])), shape=(processes, processes))
    _, labels = connected_components(graph, directed=False)
    dead = np.zeros(labels.max() + 1, dtype=bool)
    boundary_u = unmeasured & ((frm < 0) | (to < 0))
    ends = np.where(frm[boundary_u] >= 0, frm[boundary_u], to[boundary_u])
    dead[labels[ends]] = True
    live = np.flatnonzero(~dead)
    row_of_label = -np.ones(dead.size, dtype=np.int64); row_of_label[live] = np.arange(live.size)
    mf = np.flatnonzero(measured)
    f_from, f_to = frm[mf], to[mf]
    r_from = np.where(f_from >= 0, row_of_label[labels[np.maximum(f_from, 0)]], -1)
    r_to = np.where(f_to >= 0, row_of_label[labels[np.maximum(f_to, 0)]], -1)
    cols = np.arange(mf.size)
    keep_a, keep_b = r_from >= 0, r_to >= 0
    rows = np.concatenate([r_from[keep_a], r_to[keep_b]])
    cs = np.concatenate([cols[keep_a], cols[keep_b]])
    vals = np.concatenate([-np.ones(int(keep_a.sum())), np.ones(int(keep_b.sum()))])
    g = sp.csr_matrix((vals, (rows, cs)), shape=(live.size, mf.size))
    g.eliminate_zeros()
    v = variances[mf]
    s = (g @ sp.diags(v) @ g.T).tocsc()
    y = values[:, mf].T                                  # measured x layers
    lu = spla.splu(s)
    w = lu.solve(g @ y)
    x_measured = y - v[:, None] * (g.T @ w)
    x = np.full((values.shape[0], frm.size), np.nan)
    x[:, mf] = x_measured.T
    # Unmeasured flows share no process, so each follows from the balance of one end node.
    a_rows = np.concatenate([to[to >= 0], frm[frm >= 0]])
    a_cols = np.concatenate([np.flatnonzero(to >= 0), np.flatnonzero(frm >= 0)])
    a_vals = np.concatenate([np.ones(int((to >= 0).sum())), -np.ones(int((frm >= 0).sum()))])
    self_loop = frm == to
    a = sp.csr_matrix((a_vals, (a_rows, a_cols)), shape=(processes, frm.size))
    known = np.nan_to_num(x)
    imbalance = a @ known.T                              # processes x layers, unmeasured at 0
    um = np.flatnonzero(unmeasured & ~self_loop)
    node = np.where(to[um] >= 0, to[um], frm[um])
    sign = np.where(to[um] >= 0, 1.0, -1.0)
    x[:, um] = (-imbalance[node, :] / sign[:, None]).T
    return x

def main(directory, repeats):
    meta = json.load(open(f"{directory}/meta.json"))
    frm = np.fromfile(f"{directory}/from.i32", dtype=np.int32).astype(np.int64)
    to = np.fromfile(f"{directory}/to.i32", dtype=np.int32).astype(np.int64)
    measured = np.fromfile(f"{directory}/measured.u8", dtype=np.uint8) != 0
    variances = np.fromfile(f"{directory}/variances.f64")
    values = np.fromfile(f"{directory}/values.f64").reshape(meta["layers"], meta["flows"])
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.thread_time()
        x = reconcile(meta["processes"], frm, to, measured, variances, values)
        best_cpu = min(best_cpu, time.thread_time() - cpu)
        best = min(best, time.perf_counter() - start)
    x.tofile(f"{directory}/scipy.f64")
    print(f"{best:.6f} {best_cpu:.6f}")

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
