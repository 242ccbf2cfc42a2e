package io.github.quotabroker.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Generates a deterministic week of plausible usage: people are busy in their own working
 * hours, a little active around them and nearly silent at night, and much quieter at
 * weekends; each team also runs an automation that reviews pull requests by day and runs
 * a batch at night. The same seed and the same end instant always give the same events.
 */
final class DemoUsage {

	/** Interactive calls per hour of one person in working hours on a weekday. */
	private static final double WORKING_RATE = 27;

	/** Per hour in the two hours either side of working hours. */
	private static final double SHOULDER_RATE = 5;

	private static final double NIGHT_RATE = 0.3;

	private static final double WEEKEND_FACTOR = 0.15;

	private static final double AGENT_DAY_RATE = 3;

	private static final double AGENT_NIGHT_RATE = 10;

	/** A person who uses Claude interactively. */
	record Person(String teamId, String memberId, ZoneId zone, LocalTime start, LocalTime end, double opusShare) {
	}

	/** An automation of a team, running in the team's timezone. */
	record Agent(String teamId, String agentId, String ownerId, ZoneId zone, LocalTime start, LocalTime end) {
	}

	/** One model call, with prices applied. */
	record Call(String teamId, String memberId, String agentId, String model, Instant occurredAt, long inputTokens,
			long outputTokens, long cacheReadTokens, long cacheCreationTokens, BigDecimal costUsd, boolean automated) {
	}

	/**
	 * Price per million tokens: input, output, cache read, cache creation.
	 */
	private record Model(String name, double input, double output, double cacheRead, double cacheCreation,
			double sizeFactor) {
	}

	private static final Model SONNET = new Model("claude-sonnet-4-5", 3, 15, 0.30, 3.75, 1.0);

	private static final Model OPUS = new Model("claude-opus-4-1", 15, 75, 1.50, 18.75, 1.2);

	private static final Model HAIKU = new Model("claude-haiku-4-5", 1, 5, 0.10, 1.25, 0.6);

	private final Random random;

	DemoUsage(long seed) {
		this.random = new Random(seed);
	}

	/** Every call in {@code [end - length, end)}, oldest first. */
	List<Call> generate(List<Person> people, List<Agent> agents, Instant end, Duration length) {
		Instant from = end.minus(length);
		List<Call> calls = new ArrayList<>();
		for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); hour
			.isBefore(end); hour = hour.plus(1, ChronoUnit.HOURS)) {
			Instant middle = hour.plus(30, ChronoUnit.MINUTES);
			for (Person person : people) {
				int count = poisson(personRate(person, middle.atZone(person.zone())));
				for (int i = 0; i < count; i++) {
					Instant at = within(hour, from, end);
					if (at != null) {
						calls.add(interactive(person, at));
					}
				}
			}
			for (Agent agent : agents) {
				int count = poisson(agentRate(agent, middle.atZone(agent.zone())));
				for (int i = 0; i < count; i++) {
					Instant at = within(hour, from, end);
					if (at != null) {
						calls.add(automated(agent, at));
					}
				}
			}
		}
		calls.sort(Comparator.comparing(Call::occurredAt));
		return calls;
	}

	private static double personRate(Person person, ZonedDateTime local) {
		LocalTime time = local.toLocalTime();
		double rate;
		if (between(time, person.start(), person.end())) {
			// A dip at lunch, in the middle of the day.
			rate = between(time, LocalTime.NOON, LocalTime.of(13, 0)) ? WORKING_RATE / 2 : WORKING_RATE;
		}
		else if (between(time, person.start().minusHours(2), person.start())
				|| between(time, person.end(), person.end().plusHours(2))) {
			rate = SHOULDER_RATE;
		}
		else {
			rate = NIGHT_RATE;
		}
		return weekend(local) ? rate * WEEKEND_FACTOR : rate;
	}

	private static double agentRate(Agent agent, ZonedDateTime local) {
		LocalTime time = local.toLocalTime();
		if (between(time, LocalTime.of(1, 0), LocalTime.of(4, 0))) {
			return AGENT_NIGHT_RATE;
		}
		if (!weekend(local) && between(time, agent.start(), agent.end())) {
			return AGENT_DAY_RATE;
		}
		return 0;
	}

	private static boolean weekend(ZonedDateTime local) {
		return local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
	}

	/** Whether {@code time} is in {@code [start, end)}, which may cross midnight. */
	private static boolean between(LocalTime time, LocalTime start, LocalTime end) {
		return start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
				: !time.isBefore(start) || time.isBefore(end);
	}

	/** A random instant in the hour, or {@code null} when it falls outside the range. */
	private Instant within(Instant hour, Instant from, Instant end) {
		Instant at = hour.plusMillis(this.random.nextInt(3_600_000));
		return (at.isBefore(from) || !at.isBefore(end)) ? null : at;
	}

	private Call interactive(Person person, Instant at) {
		double pick = this.random.nextDouble();
		Model model = (pick < person.opusShare()) ? OPUS : (pick < person.opusShare() + 0.12) ? HAIKU : SONNET;
		return call(person.teamId(), person.memberId(), null, model, at, false);
	}

	private Call automated(Agent agent, Instant at) {
		Model model = (this.random.nextDouble() < 0.7) ? HAIKU : SONNET;
		return call(agent.teamId(), agent.ownerId(), agent.agentId(), model, at, true);
	}

	/**
	 * Token counts shaped like a coding assistant's: a modest fresh prompt, a large
	 * cached context, and output a fraction of the input.
	 */
	private Call call(String teamId, String memberId, String agentId, Model model, Instant at, boolean automated) {
		long input = tokens(2_500 * model.sizeFactor(), 0.8, 200, 60_000);
		long output = tokens(700 * model.sizeFactor(), 0.9, 20, 16_000);
		long cacheRead = (this.random.nextDouble() < 0.85) ? tokens(40_000 * model.sizeFactor(), 0.7, 1_000, 180_000)
				: 0;
		long cacheCreation = (this.random.nextDouble() < 0.3) ? tokens(6_000, 0.8, 500, 50_000) : 0;
		BigDecimal cost = BigDecimal
			.valueOf(input * model.input() + output * model.output() + cacheRead * model.cacheRead()
					+ cacheCreation * model.cacheCreation())
			.divide(BigDecimal.valueOf(1_000_000), 6, RoundingMode.HALF_UP);
		return new Call(teamId, memberId, agentId, model.name(), at, input, output, cacheRead, cacheCreation, cost,
				automated);
	}

	/** A log-normal count around {@code median}, clamped to {@code [min, max]}. */
	private long tokens(double median, double sigma, long min, long max) {
		long value = Math.round(median * Math.exp(sigma * this.random.nextGaussian()));
		return Math.max(min, Math.min(max, value));
	}

	/** Knuth's method; rates here stay small enough for it. */
	private int poisson(double mean) {
		if (mean <= 0) {
			return 0;
		}
		double limit = Math.exp(-mean);
		double product = this.random.nextDouble();
		int count = 0;
		while (product > limit) {
			count++;
			product *= this.random.nextDouble();
		}
		return count;
	}

}
