#!/usr/bin/python3
"""Reference figures for ChangepointsReferenceTest, from Debian's python3-statsmodels.

Run with Debian's interpreter (/usr/bin/python3, statsmodels 0.13.5+dfsg, scipy 1.10.1):
    /usr/bin/python3 src/test/resources/forecast/generate_changepoints.py \
        > src/test/resources/forecast/changepoints-reference.json
The build never runs this; the test reads the JSON it wrote.
"""
import json

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.diagnostic import breaks_cusumolsresid


def daily(days, seed, shift_at=None, shift=0.0, weekly=True):
    """Daily totals with a weekday rhythm (weekends at 30 %), noise, and perhaps a shift."""
    rng = np.random.default_rng(seed)
    d = np.arange(days)
    level = np.where((d % 7) < 5, 1000.0, 300.0) if weekly else np.full(days, 1000.0)
    y = level + rng.normal(0, 60, days)
    if shift_at is not None:
        y[shift_at:] += shift
    return np.round(y, 3)


def case(name, y):
    n = len(y)
    weekly = n >= 14
    if weekly:
        # OLS on one dummy per weekday: the residuals are the totals less their weekday's mean.
        x = np.zeros((n, 7))
        x[np.arange(n), np.arange(n) % 7] = 1.0
        ddof = 7
    else:
        x = np.ones((n, 1))
        ddof = 1
    resid = sm.OLS(y, x).fit().resid
    sup_b, pval, _ = breaks_cusumolsresid(resid, ddof=ddof)
    # The day of the shift: the step that, with the weekday dummies (or the constant),
    # leaves the least residual sum of squares, at least 3 days from either end.
    rss = {}
    for k in range(3, n - 2):
        step = (np.arange(n) >= k).astype(float)
        rss[k] = sm.OLS(y, np.column_stack([x, step])).fit().ssr
    day = min(rss, key=rss.get)
    fit = sm.OLS(y, np.column_stack([x, (np.arange(n) >= day).astype(float)])).fit()
    return {"name": name, "series": y.tolist(), "ddof": ddof, "residuals": resid.tolist(),
            "statistic": float(sup_b), "pValue": float(pval), "shiftDay": int(day),
            "step": float(fit.params[-1])}


cases = [
    case("steady-28d", daily(28, 1)),
    case("up-28d-at-19", daily(28, 2, shift_at=19, shift=400.0)),
    case("down-56d-at-30", daily(56, 3, shift_at=30, shift=-350.0)),
    case("flat-10d-at-6", daily(10, 4, shift_at=6, shift=250.0, weekly=False)),
    case("up-28d-at-24", daily(28, 5, shift_at=24, shift=500.0)),
]
xs = [0.05, 0.3, 0.5, 0.8, 0.99, 1.0, 1.22, 1.36, 1.63, 2.0, 3.0]
print(json.dumps({
    "reference": "statsmodels %s breaks_cusumolsresid, scipy %s kstwobign.sf, numpy %s"
                 % (statsmodels.__version__, scipy.__version__, np.__version__),
    "cases": cases,
    "kolmogorov": [{"x": x, "sf": float(stats.kstwobign.sf(x))} for x in xs],
}, indent=1))
