package io.github.quotabroker.forecast.backtest;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;

/**
 * The seeded generator of the backtest's traces: eight weeks of hourly usage of one team,
 * each with a daily rhythm (busy in working hours in the team's timezone, a lunch dip,
 * shoulders, quiet nights) and a weekly one (weekends at a fifth), multiplicative
 * log-normal noise per hour, and tokens per message drawn around 3,000. The four kinds
 * add what the issue names: a trend with spikes, a regime change, and a quiet team that
 * wakes up. The same seed always gives the same traces; each kind draws from its own
 * {@link Random} so adding a kind does not change the others.
 */
final class TraceGenerator {

	/** A Monday: the weekly pool resets on Mondays, the monthly one on the 1st. */
	static final Instant START = Instant.parse("2026-09-07T00:00:00Z");

	static final int WEEKS = 8;

	/** Three weeks: the history the seasonal model needs (two to start, one held out). */
	static final int WARM_UP = 3 * 168;

	private TraceGenerator() {
	}

	static List<Trace> generate(long seed) {
		return List.of(rhythm(seed), trendAndSpikes(seed), regimeChange(seed), quietWakesUp(seed));
	}

	/** Daily and weekly rhythm only, in New York. */
	static Trace rhythm(long seed) {
		Random random = new Random(seed * 31 + 1);
		ZoneId zone = ZoneId.of("America/New_York");
		return trace("rhythm", "daily and weekly rhythm, peak 40 messages/h, New York working hours", random,
				(h, local) -> 40 * profile(local, 9, 18), zone);
	}

	/**
	 * A level growing from 25 to 55 per peak hour over the eight weeks, and spikes: an
	 * hour starts one with probability 1 %, lasting 2 to 5 hours at 3 to 6 times the
	 * rate.
	 */
	static Trace trendAndSpikes(long seed) {
		Random random = new Random(seed * 31 + 2);
		ZoneId zone = ZoneId.of("Europe/Berlin");
		double[] spike = new double[WEEKS * 168];
		for (int h = 0; h < spike.length; h++) {
			spike[h] = Math.max(spike[h], 1);
			if (random.nextDouble() < 0.01) {
				int length = 2 + random.nextInt(4);
				double factor = 3 + 3 * random.nextDouble();
				for (int k = h; k < Math.min(spike.length, h + length); k++) {
					spike[k] = factor;
				}
			}
		}
		return trace("trend+spikes", "peak rate growing 25 to 55 messages/h over 8 weeks; 1 % of hours start a 2-5 h"
				+ " spike at 3-6x; Berlin working hours", random, (h, local) -> {
					double level = 25 + 30.0 * h / (WEEKS * 168);
					// A spike lifts quiet hours too: someone's batch job, not only busier
					// people.
					return Math.max(level * profile(local, 9, 18), (spike[h] > 1) ? 4 : 0) * spike[h];
				}, zone);
	}

	/**
	 * Five weeks at a peak of 30 messages/h in 09-18, then twice the rate, working hours
	 * moved to 11-20 and a new nightly batch of 25/h from 01 to 04 (Los Angeles).
	 */
	static Trace regimeChange(long seed) {
		Random random = new Random(seed * 31 + 3);
		ZoneId zone = ZoneId.of("America/Los_Angeles");
		int change = 5 * 168;
		return trace("regime change", "peak 30 messages/h in 09-18 for 5 weeks, then 60/h in 11-20 plus a nightly"
				+ " batch of 25/h at 01-04 (Los Angeles)", random, (h, local) -> {
					if (h < change) {
						return 30 * profile(local, 9, 18);
					}
					int hour = local.getHour();
					double batch = (hour >= 1 && hour < 4) ? 25 : 0;
					return 60 * profile(local, 11, 20) + batch;
				}, zone);
	}

	/**
	 * Four weeks nearly silent (a peak of 1.5 messages/h), then a ramp over three days to
	 * a peak of 45/h (Tokyo).
	 */
	static Trace quietWakesUp(long seed) {
		Random random = new Random(seed * 31 + 4);
		ZoneId zone = ZoneId.of("Asia/Tokyo");
		int wake = 4 * 168;
		return trace("quiet wakes up", "peak 1.5 messages/h for 4 weeks, then a 3-day ramp to 45/h (Tokyo)", random,
				(h, local) -> {
					double ramp = Math.min(1, Math.max(0, (h - wake) / 72.0));
					return (1.5 + 43.5 * ramp) * profile(local, 9, 18);
				}, zone);
	}

	interface Rate {

		double at(int hour, ZonedDateTime local);

	}

	private static Trace trace(String name, String description, Random random, Rate rate, ZoneId zone) {
		int hours = WEEKS * 168;
		long[] messages = new long[hours];
		long[] tokens = new long[hours];
		for (int h = 0; h < hours; h++) {
			ZonedDateTime local = START.plusSeconds(3600L * h + 1800).atZone(zone);
			double mean = rate.at(h, local);
			// Log-normal noise with mean 1 (sigma 0.35), then a Poisson-like rounding.
			double noisy = mean * Math.exp(0.35 * random.nextGaussian() - 0.35 * 0.35 / 2);
			messages[h] = Math.max(0, Math.round(noisy + Math.sqrt(noisy) * random.nextGaussian() * 0.5));
			tokens[h] = Math.round(messages[h] * 3000 * Math.exp(0.25 * random.nextGaussian() - 0.25 * 0.25 / 2));
		}
		return new Trace(name, description, START, messages, tokens, WARM_UP);
	}

	/**
	 * The share of the peak rate at a local time: 1 in working hours (0.6 over lunch),
	 * 0.35 in the two hours either side, 0.04 at night; weekends at a fifth.
	 */
	static double profile(ZonedDateTime local, int startHour, int endHour) {
		int hour = local.getHour();
		double share;
		if (hour >= startHour && hour < endHour) {
			share = (hour == 12 || hour == 13) ? 0.6 : 1;
		}
		else if ((hour >= startHour - 2 && hour < startHour) || (hour >= endHour && hour < endHour + 2)) {
			share = 0.35;
		}
		else {
			share = 0.04;
		}
		DayOfWeek day = local.getDayOfWeek();
		return (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) ? share / 5 : share;
	}

}
