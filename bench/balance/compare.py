"""Max relative difference between Circula's and scipy's reconciled flows (NaN must match NaN)."""
import json, sys
import numpy as np
d = sys.argv[1]
a = np.fromfile(f"{d}/circula.f64"); b = np.fromfile(f"{d}/scipy.f64")
assert a.shape == b.shape
nan_a, nan_b = np.isnan(a), np.isnan(b)
if (nan_a != nan_b).any():
    print("nan-mismatch"); sys.exit(0)
ok = ~nan_a
scale = np.maximum(np.abs(b[ok]), 1e-300)
print(f"{np.max(np.abs(a[ok] - b[ok]) / np.maximum(scale, np.abs(b[ok]).max() * 1e-12)):.2e}")
