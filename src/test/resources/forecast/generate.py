#!/usr/bin/python3
"""Reference figures for HoltWintersReferenceTest, from Debian's python3-statsmodels.

Run with Debian's interpreter (/usr/bin/python3, statsmodels 0.13.5+dfsg):
    /usr/bin/python3 src/test/resources/forecast/generate.py > src/test/resources/forecast/holtwinters-reference.json
The build never runs this; the test reads the JSON it wrote.
"""
import json

import numpy as np
import statsmodels
from statsmodels.tsa.holtwinters import ExponentialSmoothing


def series(weeks, seed):
    """Hourly usage with a daily and a weekly rhythm, a slow trend and noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(weeks * 168)
    hour = t % 24
    day = (t // 24) % 7
    working = np.where((hour >= 8) & (hour < 19), 1.0, 0.15)
    weekday = np.where(day < 5, 1.0, 0.3)
    return 40 * working * weekday + 0.01 * t + rng.normal(0, 3, t.size) + 5


def initial(y, m):
    """The same starting state as HoltWinters.initial."""
    first = y[:m].mean()
    second = y[m:2 * m].mean()
    return first, (second - first) / m, y[:m] - first


def case(name, y, m, alpha, beta, gamma, phi, steps):
    level, trend, seasonal = initial(y, m)
    model = ExponentialSmoothing(y, trend="add", damped_trend=True, seasonal="add", seasonal_periods=m,
                                 initialization_method="known", initial_level=level, initial_trend=trend,
                                 initial_seasonal=seasonal)
    known = model.fit(smoothing_level=alpha, smoothing_trend=beta, smoothing_seasonal=gamma,
                      damping_trend=phi, optimized=False)
    # statsmodels' optimised weights (phi held at HoltWinters.PHI), then their one-step error
    # from our start (optimized=True also moves the initial state, which ours does not): the
    # grid's error is compared with this.
    weights = model.fit(damping_trend=0.98, optimized=True).params
    optimum = model.fit(smoothing_level=weights["smoothing_level"], smoothing_trend=weights["smoothing_trend"],
                        smoothing_seasonal=weights["smoothing_seasonal"], damping_trend=0.98, optimized=False)
    return {
        "name": name, "period": m, "alpha": alpha, "beta": beta, "gamma": gamma, "phi": phi,
        "series": list(map(float, y)),
        "fitted": list(map(float, known.fittedvalues)),
        "forecast": list(map(float, known.forecast(steps))),
        "optimumSse": float(optimum.sse),
        "optimumParameters": {k: float(optimum.params[k]) for k in
                              ("smoothing_level", "smoothing_trend", "smoothing_seasonal")},
    }


print(json.dumps({
    "reference": "statsmodels " + statsmodels.__version__ + " ExponentialSmoothing (Debian python3-statsmodels)",
    "cases": [
        case("weekly-3w", series(3, 12), 168, 0.2, 0.02, 0.1, 0.98, 200),
        case("weekly-8w", series(8, 7), 168, 0.05, 0.005, 0.2, 0.98, 168),
        case("daily-10d", series(2, 3)[:240], 24, 0.5, 0.05, 0.35, 0.9, 50),
    ],
}, indent=1))
