package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.usage.Contributor;

/**
 * Words a {@link Finding} for the anomalies answer and the team's event stream: amounts
 * in the pool's unit, the message as a plain sentence, the top contributors by dimension.
 */
final class AnomalyAnswers {

	private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("EEE d MMM HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private AnomalyAnswers() {
	}

	static Anomaly answer(Finding f, Pool pool, List<Contributor> contributors, Instant announcedAt) {
		return switch (f.kind()) {
			case HOURLY_USAGE -> new Anomaly(f.kind(), f.severity(), f.poolId(), f.hour(), pool.unit().name(),
					amount(pool, f.expected()), amount(pool, f.actual()), round(f.score(), 2), null, null,
					message(f, pool, contributors), top(pool, contributors), announcedAt);
			case CHANGEPOINT -> new Anomaly(f.kind(), f.severity(), f.poolId(), f.hour(), pool.unit().name(),
					amount(pool, f.expected()), amount(pool, f.actual()), null, f.score(), null,
					message(f, pool, contributors), null, announcedAt);
			case WORKFLOW_SIZE -> new Anomaly(f.kind(), f.severity(), f.poolId(), f.hour(), "TOKENS",
					BigDecimal.valueOf((long) f.expected()), BigDecimal.valueOf((long) f.actual()), null, null,
					f.subject(), message(f, pool, contributors), null, announcedAt);
			case CACHE_READ_SHARE ->
				new Anomaly(f.kind(), f.severity(), f.poolId(), f.hour(), "SHARE", share(f.expected()),
						share(f.actual()), null, null, null, message(f, pool, contributors), null, announcedAt);
		};
	}

	static String message(Finding f, Pool pool, List<Contributor> contributors) {
		String unit = pool.unit().name().toLowerCase(Locale.ROOT).replace('_', ' ');
		return switch (f.kind()) {
			case HOURLY_USAGE -> "%s: %s %s used in pool '%s' in the hour from %s, %s expected (z %s)%s".formatted(
					f.severity(), plain(amount(pool, f.actual())), unit, f.poolId(), HOUR.format(f.hour()),
					plain(amount(pool, f.expected())), plain(round(f.score(), 1)), topWords(contributors));
			case CHANGEPOINT -> "%s: the daily use of pool '%s' moved from %s to %s %s a day on %s (CUSUM p %s)"
				.formatted(f.severity(), f.poolId(), plain(amount(pool, f.expected())), plain(amount(pool, f.actual())),
						unit, DAY.format(f.hour()), String.format(Locale.ROOT, "%.2g", f.score()));
			case WORKFLOW_SIZE ->
				"%s: workflow '%s' used %,d tokens in pool '%s' (started %s), above %,d".formatted(f.severity(),
						f.subject(), (long) f.actual(), f.poolId(), HOUR.format(f.hour()), (long) f.expected());
			case CACHE_READ_SHARE -> "%s: cache reads were %s %% of the team's tokens in pool '%s' on %s, below %s %%"
				.formatted(f.severity(), plain(share(f.actual() * 100)), f.poolId(), DAY.format(f.hour()),
						plain(share(f.expected() * 100)));
		};
	}

	private static String topWords(List<Contributor> contributors) {
		List<String> words = new ArrayList<>();
		for (String dimension : List.of("member", "agent", "model", "workflow")) {
			// Named only where the largest contributor has a name.
			contributors.stream()
				.filter((c) -> c.dimension().equals(dimension))
				.findFirst()
				.filter((c) -> c.key() != null)
				.ifPresent((c) -> words.add(dimension + " " + c.key()));
		}
		return words.isEmpty() ? "" : "; most from " + String.join(", ", words);
	}

	private static Anomaly.TopContributors top(Pool pool, List<Contributor> contributors) {
		return new Anomaly.TopContributors(shares(pool, contributors, "member"), shares(pool, contributors, "agent"),
				shares(pool, contributors, "model"), shares(pool, contributors, "workflow"));
	}

	private static List<Anomaly.Share> shares(Pool pool, List<Contributor> contributors, String dimension) {
		return contributors.stream()
			.filter((c) -> c.dimension().equals(dimension))
			.map((c) -> new Anomaly.Share(c.key(), pool.unit().fromBase(c.amount())))
			.toList();
	}

	/** A base-unit amount in the pool's unit, to two more decimals than the unit has. */
	static BigDecimal amount(Pool pool, double base) {
		BigDecimal one = pool.unit().fromBase(1);
		BigDecimal value = BigDecimal.valueOf(base)
			.multiply(one)
			.setScale(Math.max(0, one.scale()) + 2, RoundingMode.HALF_UP)
			.stripTrailingZeros();
		return (value.scale() < 0) ? value.setScale(0) : value;
	}

	private static BigDecimal share(double value) {
		BigDecimal rounded = BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
		return (rounded.scale() < 0) ? rounded.setScale(0) : rounded;
	}

	private static Double round(double value, int places) {
		return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
	}

	private static String plain(Object value) {
		return (value instanceof BigDecimal b) ? b.toPlainString() : String.valueOf(value);
	}

}
