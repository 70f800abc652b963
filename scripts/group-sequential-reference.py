# Reference values for src/compare/stats/group-sequential.ts by an independent method: the joint normal
# distribution of (Z_1..Z_k), corr(Z_i, Z_j) = sqrt(t_i / t_j), integrated by SciPy's multivariate normal CDF
# (Genz's algorithm), boundaries found by root search. Run: python3 scripts/group-sequential-reference.py
import json
import numpy as np
from scipy import stats, optimize

def spend(total, t, fam, par=None):
    if t >= 1: return total
    if fam == 'obrien-fleming': return 2 * stats.norm.sf(stats.norm.isf(total / 2) / np.sqrt(t))
    if fam == 'pocock': return total * np.log(1 + (np.e - 1) * t)
    if fam == 'hsd': return total * t if par == 0 else total * (1 - np.exp(-par * t)) / (1 - np.exp(-par))
    if fam == 'power': return total * t ** par

def cov(ts):
    ts = np.asarray(ts)
    return np.sqrt(np.minimum.outer(ts, ts) / np.maximum.outer(ts, ts))

def stay(ts, lo, hi, drift=0.0):
    k = len(ts)
    mean = drift * np.sqrt(np.asarray(ts))
    if k == 1: return stats.norm.cdf(hi[0] - mean[0]) - stats.norm.cdf(lo[0] - mean[0])
    mvn = stats.multivariate_normal(mean=mean, cov=cov(ts), seed=1, maxpts=2_000_000 * k, abseps=1e-10, releps=1e-10)
    return mvn.cdf(np.asarray(hi), lower_limit=np.asarray(lo))

def boundaries(ts, alpha, fam, par, sides):
    share = alpha / 2 if sides == 2 else alpha
    z = []
    for k in range(len(ts)):
        target = 1 - sides * spend(share, ts[k], fam, par)   # P(no crossing by look k)
        def f(c):
            hi = z + [c]; lo = [-x for x in hi] if sides == 2 else [-40.0] * len(hi)
            return stay(ts[:k + 1], lo, hi) - target
        z.append(optimize.brentq(f, 0.5, 12, xtol=1e-10))
    return z

cases = [
    dict(name='obf-2sided-4looks', ts=[1/3, 1/2, 2/3, 1], alpha=0.05, fam='obrien-fleming', par=None, sides=2),
    dict(name='pocock-1sided-3looks', ts=[0.25, 0.6, 1], alpha=0.025, fam='pocock', par=None, sides=1),
    dict(name='hsd-2-1sided-4looks', ts=[1/3, 1/2, 2/3, 1], alpha=0.1, fam='hsd', par=-2, sides=1),
    dict(name='power3-2sided-holm', ts=[1/3, 1/2, 2/3, 1], alpha=0.05 / 3, fam='power', par=3, sides=2),
]
out = {}
for c in cases:
    z = boundaries(c['ts'], c['alpha'], c['fam'], c['par'], c['sides'])
    out[c['name']] = z
# Probability that the one-sided O'Brien–Fleming test of the first case's upper boundary is crossed under drift 3.
ts = [1/3, 1/2, 2/3, 1]
z = out['obf-2sided-4looks']
# P(cross upper at some look, never below the lower) under drift 3 = 1 - P(stay) - P(cross lower first) ≈ 1 - P(stay) (lower negligible)
stay_all = stay(ts, [-x for x in z], z, 3.0)
out['obf-2sided-4looks-power-drift3'] = 1 - stay_all
print(json.dumps(out, indent=1))
