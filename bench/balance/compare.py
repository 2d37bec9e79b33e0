"""Max relative difference between Circula's and scipy's results (NaN must match NaN):
compare.py DIR [CIRCULA_FILE SCIPY_FILE], by default circula.f64 and scipy.f64."""
import json, sys
import numpy as np
d = sys.argv[1]
names = sys.argv[2:4] if len(sys.argv) > 3 else ["circula.f64", "scipy.f64"]
a = np.fromfile(f"{d}/{names[0]}"); b = np.fromfile(f"{d}/{names[1]}")
assert a.shape == b.shape
nan_a, nan_b = np.isnan(a), np.isnan(b)
if (nan_a != nan_b).any():
    print("nan-mismatch"); sys.exit(0)
ok = ~nan_a
scale = np.maximum(np.abs(b[ok]), 1e-300)
print(f"{np.max(np.abs(a[ok] - b[ok]) / np.maximum(scale, np.abs(b[ok]).max() * 1e-12)):.2e}")
