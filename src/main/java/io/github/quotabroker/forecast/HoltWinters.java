package io.github.quotabroker.forecast;

import java.util.Arrays;

/**
 * Additive Holt-Winters smoothing with a damped trend, ETS(A,Ad,A), over an hourly
 * series. One seasonal period of 168 hours carries both rhythms the issue asks for: the
 * daily one (each hour of the day) and the weekly one (weekdays unlike weekends). The
 * recursion is statsmodels'
 * {@code ExponentialSmoothing(trend="add", damped_trend=True, seasonal="add")} exactly;
 * {@code HoltWintersReferenceTest} checks it against statsmodels 0.13.5 figures. Pure
 * arithmetic: no Spring, no clock.
 */
public final class HoltWinters {

	/** Smoothing weights, each in [0, 1]; {@code phi} damps the trend. */
	public record Parameters(double alpha, double beta, double gamma, double phi) {

		public Parameters {
			for (double p : new double[] { alpha, beta, gamma, phi }) {
				if (!(p >= 0 && p <= 1)) {
					throw new IllegalArgumentException("smoothing parameters lie in [0, 1]");
				}
			}
		}

	}

	/**
	 * Level, trend and the seasonal terms of the {@code period} steps that start at the
	 * state's time.
	 */
	public record State(double level, double trend, double[] seasonal) {

		public State {
			seasonal = seasonal.clone();
		}

		@Override
		public double[] seasonal() {
			return this.seasonal.clone();
		}

	}

	/**
	 * A fitted model: one-step fitted values over the history and the state after its
	 * last value, from which {@link #forecast(int)} projects. {@code clipped} is what
	 * clipping took off each value (robust runs only; null otherwise).
	 */
	public record Fit(Parameters parameters, int period, double[] fitted, State end, double sse, double[] clipped) {

		/** Mean forecast for the next {@code steps} hours. */
		public double[] forecast(int steps) {
			return HoltWinters.forecast(this.end, this.parameters.phi(), steps);
		}

	}

	/**
	 * How {@link #run(double[], int, Parameters, State, State[], Robust)} clips large
	 * errors.
	 *
	 * @param k errors beyond {@code k} times the running mean relative error are clipped
	 * to it
	 * @param floor the smallest denominator of a relative error, so quiet hours do not
	 * make every error large
	 */
	public record Robust(double k, double floor) {

		/** Relative errors seen before any is clipped: a day. */
		static final int WARM_UP = 24;

		/** The running mean's weight of a new error: about a week's memory. */
		static final double RATE = 1.0 / 168;

		/**
		 * Hours in a row beyond the bound that are still clipped; after them, a new
		 * level.
		 */
		static final int LONGEST_SPIKE = 6;

	}

	/** The damping used when fitting: close to 1 so a trend lasts days, not weeks. */
	static final double PHI = 0.98;

	private static final double[] ALPHAS = { 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7 };

	private static final double[] BETAS = { 0, 0.005, 0.02, 0.05 };

	private static final double[] GAMMAS = { 0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.35 };

	private HoltWinters() {
	}

	/**
	 * Runs the recursion over {@code y} from {@code start}. The state at time {@code t}
	 * (before {@code y[t]} is seen) is reported to {@code states} when not null, so
	 * callers can forecast from earlier origins without refitting.
	 */
	public static Fit run(double[] y, int period, Parameters p, State start, State[] states) {
		return run(y, period, p, start, states, null);
	}

	/**
	 * The recursion with large one-step errors clipped before they move level, trend and
	 * season (when {@code robust} is not null; null is statsmodels' recursion exactly).
	 * The error of step {@code t} is measured relative to the fitted value (at least
	 * {@code robust.floor()}), and clipped at {@code robust.k()} times the running mean
	 * of those relative errors, for at most {@link Robust#LONGEST_SPIKE} hours in a row
	 * (a change that lasts longer is believed): a spike of a few hours then moves the
	 * level by little and is not copied into next week's season. The sum of squared
	 * errors is of the clipped errors, so a spike does not choose the weights either.
	 */
	public static Fit run(double[] y, int period, Parameters p, State start, State[] states, Robust robust) {
		return run(y, period, p, start, states, robust, (t) -> true);
	}

	/**
	 * The recursion reporting the states only at the times {@code keep} accepts (each
	 * costs a copy of the seasonal terms; a forecaster needs a few dozen of them, not one
	 * per hour).
	 */
	public static Fit run(double[] y, int period, Parameters p, State start, State[] states, Robust robust,
			java.util.function.IntPredicate keep) {
		if (start.seasonal.length != period) {
			throw new IllegalArgumentException("one seasonal term per step of the period");
		}
		int n = y.length;
		double[] s = Arrays.copyOf(start.seasonal, n + period);
		double level = start.level;
		double trend = start.trend;
		double[] fitted = new double[n];
		double sse = 0;
		// The running mean relative error: learnt over the second period (the first one
		// is the start's own seasonal terms, so its errors are too small), then an EWMA.
		double scale = 0;
		int seen = 0;
		double[] clipped = (robust != null) ? new double[n] : null;
		// Consecutive errors beyond the bound, signed: a spike lasts hours, a level step
		// lasts; past a few hours the errors are believed.
		int beyond = 0;
		for (int t = 0; t < n; t++) {
			if (states != null && keep.test(t)) {
				states[t] = new State(level, trend, Arrays.copyOfRange(s, t, t + period));
			}
			double damped = level + p.phi() * trend;
			fitted[t] = damped + s[t];
			double error = y[t] - fitted[t];
			double observed = y[t];
			if (robust != null && t >= period) {
				double denominator = Math.max(Math.abs(fitted[t]), robust.floor());
				double bound = robust.k() * scale * denominator;
				if (Math.abs(error) > bound) {
					beyond = (Math.signum(error) == Math.signum(beyond)) ? beyond + (int) Math.signum(error)
							: (int) Math.signum(error);
				}
				else {
					beyond = 0;
				}
				if (seen >= Robust.WARM_UP && beyond != 0 && Math.abs(beyond) <= Robust.LONGEST_SPIKE) {
					error = Math.copySign(bound, error);
					observed = fitted[t] + error;
					clipped[t] = y[t] - observed;
				}
				seen++;
				double rate = Math.max(Robust.RATE, 1.0 / seen);
				scale += rate * (Math.abs(error) / denominator - scale);
			}
			sse += error * error;
			double newLevel = p.alpha() * (observed - s[t]) + (1 - p.alpha()) * damped;
			trend = p.beta() * (newLevel - level) + (1 - p.beta()) * p.phi() * trend;
			s[t + period] = p.gamma() * (observed - damped) + (1 - p.gamma()) * s[t];
			level = newLevel;
		}
		return new Fit(p, period, fitted, new State(level, trend, Arrays.copyOfRange(s, n, n + period)), sse, clipped);
	}

	/**
	 * Mean forecast from a state: level, damped trend and the seasonal term of each step.
	 */
	public static double[] forecast(State state, double phi, int steps) {
		int period = state.seasonal.length;
		double[] out = new double[steps];
		double dampedSum = 0;
		double phiPower = 1;
		for (int h = 1; h <= steps; h++) {
			phiPower *= phi;
			dampedSum += phiPower;
			out[h - 1] = state.level + dampedSum * state.trend + state.seasonal[(h - 1) % period];
		}
		return out;
	}

	/**
	 * The starting state from the first two periods: level is the first period's mean,
	 * trend the change of the mean per step, seasonal terms the first period's
	 * deviations.
	 */
	public static State initial(double[] y, int period) {
		if (y.length < 2 * period) {
			throw new IllegalArgumentException("at least two periods of history are needed");
		}
		double first = 0;
		double second = 0;
		for (int i = 0; i < period; i++) {
			first += y[i];
			second += y[period + i];
		}
		first /= period;
		second /= period;
		double[] seasonal = new double[period];
		for (int i = 0; i < period; i++) {
			seasonal[i] = y[i] - first;
		}
		return new State(first, (second - first) / period, seasonal);
	}

	/**
	 * Fits by least one-step squared error over a grid of weights (phi fixed at
	 * {@link #PHI}), starting from {@link #initial}. A grid rather than a numerical
	 * optimiser: it cannot diverge, costs a few hundred passes (about a millisecond for 8
	 * weeks), and the reference test shows its error within a few percent of statsmodels'
	 * optimum.
	 */
	public static Fit fit(double[] y, int period) {
		return fit(y, period, null);
	}

	/**
	 * The grid fit with large errors clipped ({@code robust}, see
	 * {@link #run(double[], int, Parameters, State, State[], Robust)}), or not (null).
	 */
	public static Fit fit(double[] y, int period, Robust robust) {
		State start = initial(y, period);
		Fit best = null;
		for (double alpha : ALPHAS) {
			for (double beta : BETAS) {
				for (double gamma : GAMMAS) {
					Fit candidate = run(y, period, new Parameters(alpha, beta, gamma, PHI), start, null, robust);
					if (best == null || candidate.sse() < best.sse()) {
						best = candidate;
					}
				}
			}
		}
		return best;
	}

}
