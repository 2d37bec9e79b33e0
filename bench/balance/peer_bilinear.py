"""The scipy.sparse peer of NetworkBilinearReconciliation: the same successive linearisation on the same
files, the same start (the measurements) and convergence criterion (largest relative change of a variable
< 1e-10, at most 50 iterations). Constraints: node mass balances, m_k c_k − t_k Σ_{j into from(k)} m_j c_j = 0
for every stream leaving a process. Each iteration: J at x₀, d = J x₀ − g(x₀), S = J V Jᵀ factorised by
scipy.sparse.linalg.splu (the fastest of its orderings on the case), x̂ = y − V Jᵀ S⁻¹ (J y − d), χ² = (J y − d)ᵀ S⁻¹ (J y − d).
Prints `wall-seconds cpu-seconds iterations` (best of REPEATS) and writes scipy-bilinear.f64."""
import json, sys, time
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

def reconcile(processes, frm, to, t, y, v, tolerance=1e-10, max_iterations=50, ordering="MMD_ATA"):
    k = frm.size
    leaving = np.flatnonzero(frm >= 0)                       # one transfer row per stream leaving a process
    rows = processes + leaving.size
    row_of = -np.ones(k, dtype=np.int64); row_of[leaving] = processes + np.arange(leaving.size)
    # Pattern of the transfer rows' input terms: (row of s, stream j) for every j entering from(s).
    into = np.flatnonzero(to >= 0)
    order = np.argsort(to[into], kind="stable"); into = into[order]
    starts = np.searchsorted(to[into], np.arange(processes + 1))
    offsets = starts[frm[leaving]]; counts = starts[frm[leaving] + 1] - offsets
    pair_s = np.repeat(leaving, counts)
    pair_j = into[np.repeat(offsets - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())]
    # Node balances (constant): +1 at to, −1 at from.
    nb_rows = np.concatenate([to[to >= 0], frm[frm >= 0]])
    nb_cols = np.concatenate([np.flatnonzero(to >= 0), np.flatnonzero(frm >= 0)])
    nb_vals = np.concatenate([np.ones(int((to >= 0).sum())), -np.ones(int((frm >= 0).sum()))])
    node = sp.csr_matrix((nb_vals, (nb_rows, nb_cols)), shape=(rows, 2 * k))
    x = y.copy()
    for iteration in range(1, max_iterations + 1):
        m, c = x[:k], x[k:]
        # J of the transfer rows: own terms (c_s, m_s), input terms (−t_s c_j, −t_s m_j).
        r_own = row_of[leaving]
        r_in = row_of[pair_s]
        tr_rows = np.concatenate([r_own, r_own, r_in, r_in])
        tr_cols = np.concatenate([leaving, k + leaving, pair_j, k + pair_j])
        tr_vals = np.concatenate([c[leaving], m[leaving], -t[pair_s] * c[pair_j], -t[pair_s] * m[pair_j]])
        j = node + sp.csr_matrix((tr_vals, (tr_rows, tr_cols)), shape=(rows, 2 * k))
        element_in = np.zeros(processes); np.add.at(element_in, to[into], m[into] * c[into])
        g = node @ x
        g[r_own] = m[leaving] * c[leaving] - t[leaving] * element_in[frm[leaving]]
        d = j @ x - g
        r = j @ y - d
        s = (j @ sp.diags(v) @ j.T).tocsc()
        w = spla.splu(s, permc_spec=ordering).solve(r)
        chi2 = float(r @ w)
        nxt = y - v * (j.T @ w)
        change = np.max(np.abs(nxt - x) / np.maximum(np.abs(nxt), 1e-12))
        x = nxt
        if change < tolerance:
            return x, iteration, chi2
    raise RuntimeError(f"no convergence in {max_iterations} iterations (change {change})")

def main(directory, repeats):
    meta = json.load(open(f"{directory}/meta.json"))
    frm = np.fromfile(f"{directory}/from.i32", dtype=np.int32).astype(np.int64)
    to = np.fromfile(f"{directory}/to.i32", dtype=np.int32).astype(np.int64)
    t = np.fromfile(f"{directory}/transfer.f64")
    y = np.concatenate([np.fromfile(f"{directory}/mass.f64"), np.fromfile(f"{directory}/conc.f64")])
    v = np.concatenate([np.fromfile(f"{directory}/mass_var.f64"), np.fromfile(f"{directory}/conc_var.f64")])
    # The strongest of SuperLU's orderings on this case (chosen on one untimed run each).
    timings = {}
    for ordering in ["COLAMD", "MMD_ATA", "MMD_AT_PLUS_A"]:
        start = time.perf_counter()
        reconcile(meta["processes"], frm, to, t, y, v, ordering=ordering)
        timings[ordering] = time.perf_counter() - start
    ordering = min(timings, key=timings.get)
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.thread_time()
        x, iterations, chi2 = reconcile(meta["processes"], frm, to, t, y, v, ordering=ordering)
        best_cpu = min(best_cpu, time.thread_time() - cpu)
        best = min(best, time.perf_counter() - start)
    x.tofile(f"{directory}/scipy-bilinear.f64")
    print(f"  scipy bilinear: splu ordering {ordering}; chi2 {chi2:.6g} (dof {meta['processes'] + int((frm >= 0).sum())})", file=sys.stderr)
    print(f"{best:.6f} {best_cpu:.6f} {iterations}")

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
