package io.github.quotabroker.pool;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.quotabroker.pool.PoolRequest.ConservationSpec;
import io.github.quotabroker.pool.PoolRequest.ThresholdsSpec;
import io.github.quotabroker.pool.PoolRequest.TokenWeightsSpec;
import io.github.quotabroker.pool.PoolRequest.WindowSpec;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import io.github.quotabroker.web.Zones;

/**
 * Checks a {@link PoolRequest} and turns it into a {@link Pool}, collecting every broken
 * rule so the client can fix them all at once.
 */
final class PoolDefinitions {

	/**
	 * Largest limit in base units; leaves headroom for sums of many windows in a long.
	 */
	static final long MAX_LIMIT = 1_000_000_000_000_000L;

	private static final int MAX_MODELS = 50;

	/** Most alternatives a pool may name: advice tries each, in order. */
	static final int MAX_ALTERNATIVES = 10;

	private PoolDefinitions() {
	}

	static Pool toPool(String id, PoolRequest request, Instant createdAt, Instant now) {
		return toPool(id, request, createdAt, now, null);
	}

	/**
	 * @param calibrated the pool's calibrated estimate so far, kept across a replace
	 * ({@code null}: none)
	 */
	static Pool toPool(String id, PoolRequest request, Instant createdAt, Instant now, Long calibrated) {
		List<FieldError> errors = new ArrayList<>();
		if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
			errors.add(FieldError.of("name", "is required, at most 200 characters"));
		}
		if (request.unit() == null) {
			errors.add(FieldError.of("unit", "is required: MESSAGES, TOKENS or COST_USD"));
		}
		long limit = limit(request, errors);
		Window window = window(request.window(), errors);
		List<ModelPattern> models = models(request.models(), errors);
		TokenWeights weights = weights(request.tokenWeights(), errors);
		StatusThresholds thresholds = thresholds(request.thresholds(), errors);
		PoolPolicy policy = policy(request, errors);
		LimitMode mode = limitMode(request.limitMode(), errors);
		alternatives(id, request.alternatives(), errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		PoolLimit setting = new PoolLimit(limit, mode, Boolean.TRUE.equals(request.allowAboveConfigured()), calibrated);
		return Pool.of(id, request.name().strip(), request.unit(), setting, window, models, weights, thresholds, policy,
				createdAt, now);
	}

	/**
	 * The pool's alternatives as asked, checked for what needs no database: their form,
	 * not the pool itself, each once (whether they exist is the service's check).
	 */
	static List<String> alternatives(String id, List<String> ids, List<FieldError> errors) {
		if (ids == null) {
			return List.of();
		}
		if (ids.size() > MAX_ALTERNATIVES) {
			errors.add(FieldError.of("alternatives", "at most " + MAX_ALTERNATIVES + " pools"));
			return List.of();
		}
		List<String> checked = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			String alternative = ids.get(i);
			String field = "alternatives[" + i + "]";
			if (alternative == null || !Ids.isResourceId(alternative)) {
				errors.add(FieldError.of(field, Ids.RESOURCE_ID_RULE));
			}
			else if (alternative.equals(id)) {
				errors.add(FieldError.of(field, "a pool cannot be its own alternative"));
			}
			else if (checked.contains(alternative)) {
				errors.add(FieldError.of(field, "'" + alternative + "' is named twice"));
			}
			else {
				checked.add(alternative);
			}
		}
		return checked;
	}

	private static LimitMode limitMode(String value, List<FieldError> errors) {
		if (value == null) {
			return LimitMode.CONFIGURED;
		}
		try {
			return LimitMode.valueOf(value);
		}
		catch (IllegalArgumentException ex) {
			errors.add(FieldError.of("limitMode", "must be CONFIGURED or CALIBRATED"));
			return LimitMode.CONFIGURED;
		}
	}

	private static long limit(PoolRequest request, List<FieldError> errors) {
		BigDecimal limit = request.limit();
		if (limit == null || limit.signum() <= 0) {
			errors.add(FieldError.of("limit", "is required and must be positive"));
			return 0;
		}
		if (request.unit() == null) {
			return 0;
		}
		if (request.unit() != Unit.COST_USD && limit.stripTrailingZeros().scale() > 0) {
			errors.add(FieldError.of("limit", "must be a whole number of " + request.unit()));
			return 0;
		}
		if (limit.compareTo(request.unit().fromBase(MAX_LIMIT)) > 0) {
			errors.add(FieldError.of("limit", "must be at most " + request.unit().fromBase(MAX_LIMIT)));
			return 0;
		}
		return request.unit().toBase(limit);
	}

	private static Window window(WindowSpec spec, List<FieldError> errors) {
		if (spec == null || spec.type() == null) {
			errors.add(FieldError.of("window.type", "is required: ROLLING or CALENDAR"));
			return null;
		}
		switch (spec.type()) {
			case "ROLLING":
				return rolling(spec, errors);
			case "CALENDAR":
				return calendar(spec, errors);
			default:
				errors.add(FieldError.of("window.type", "must be ROLLING or CALENDAR"));
				return null;
		}
	}

	private static Window rolling(WindowSpec spec, List<FieldError> errors) {
		if (spec.period() != null || spec.resetTime() != null || spec.resetDay() != null || spec.timezone() != null) {
			errors.add(FieldError.of("window", "a ROLLING window takes only duration"));
		}
		try {
			Duration duration = Duration.parse(String.valueOf(spec.duration()));
			if (duration.compareTo(RollingWindow.MIN) < 0 || duration.compareTo(RollingWindow.MAX) > 0
					|| duration.toSecondsPart() != 0 || duration.toNanosPart() != 0) {
				errors.add(FieldError.of("window.duration", "must be whole minutes from PT1M to P31D"));
				return null;
			}
			return new RollingWindow(duration);
		}
		catch (DateTimeParseException ex) {
			errors.add(FieldError.of("window.duration", "is required, an ISO-8601 duration such as PT5H"));
			return null;
		}
	}

	private static Window calendar(WindowSpec spec, List<FieldError> errors) {
		int before = errors.size();
		if (spec.duration() != null) {
			errors.add(FieldError.of("window.duration", "a CALENDAR window has no duration; use period"));
		}
		if (spec.period() == null) {
			errors.add(FieldError.of("window.period", "is required: DAILY, WEEKLY or MONTHLY"));
		}
		LocalTime resetTime = LocalTime.MIDNIGHT;
		if (spec.resetTime() != null) {
			try {
				resetTime = LocalTime.parse(spec.resetTime());
				if (resetTime.getSecond() != 0 || resetTime.getNano() != 0) {
					errors.add(FieldError.of("window.resetTime", "must be whole minutes, HH:mm"));
				}
			}
			catch (DateTimeParseException ex) {
				errors.add(FieldError.of("window.resetTime", "must be a local time HH:mm"));
			}
		}
		ZoneId zone = Zones.parse("window.timezone", spec.timezone(), errors);
		DayOfWeek dayOfWeek = null;
		Integer dayOfMonth = null;
		if (spec.period() == CalendarPeriod.WEEKLY) {
			dayOfWeek = dayOfWeek(spec.resetDay(), errors);
		}
		else if (spec.period() == CalendarPeriod.MONTHLY) {
			dayOfMonth = dayOfMonth(spec.resetDay(), errors);
		}
		else if (spec.resetDay() != null) {
			errors.add(FieldError.of("window.resetDay", "only WEEKLY and MONTHLY windows take a resetDay"));
		}
		if (errors.size() > before) {
			return null;
		}
		return new CalendarWindow(spec.period(), resetTime, dayOfWeek, dayOfMonth, zone);
	}

	private static DayOfWeek dayOfWeek(Object resetDay, List<FieldError> errors) {
		if (resetDay instanceof String s) {
			try {
				return DayOfWeek.valueOf(s.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				// reported below
			}
		}
		errors.add(FieldError.of("window.resetDay", "a WEEKLY window needs a day of the week, such as MONDAY"));
		return null;
	}

	private static Integer dayOfMonth(Object resetDay, List<FieldError> errors) {
		if (resetDay instanceof Integer day && day >= 1 && day <= 28) {
			return day;
		}
		errors.add(FieldError.of("window.resetDay", "a MONTHLY window needs a day of the month from 1 to 28"));
		return null;
	}

	private static List<ModelPattern> models(List<String> globs, List<FieldError> errors) {
		if (globs == null || globs.isEmpty() || globs.size() > MAX_MODELS) {
			errors.add(FieldError.of("models", "is required: 1 to " + MAX_MODELS + " glob patterns such as claude-*"));
			return List.of();
		}
		List<ModelPattern> patterns = new ArrayList<>();
		for (int i = 0; i < globs.size(); i++) {
			String glob = globs.get(i);
			if (glob == null || !glob.matches("[A-Za-z0-9._:@/+*?-]{1,200}")) {
				errors.add(FieldError.of("models[" + i + "]",
						"must be 1-200 letters, digits, '.', '_', ':', '@', '/', '+', '-' or the wildcards * and ?"));
			}
			else {
				patterns.add(ModelPattern.of(glob));
			}
		}
		return patterns;
	}

	private static TokenWeights weights(TokenWeightsSpec spec, List<FieldError> errors) {
		if (spec == null) {
			return TokenWeights.DEFAULT;
		}
		return new TokenWeights(weight("tokenWeights.input", spec.input(), errors),
				weight("tokenWeights.output", spec.output(), errors),
				weight("tokenWeights.cacheRead", spec.cacheRead(), errors),
				weight("tokenWeights.cacheCreation", spec.cacheCreation(), errors));
	}

	private static BigDecimal weight(String field, BigDecimal value, List<FieldError> errors) {
		if (value == null) {
			return BigDecimal.ONE;
		}
		if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(1000)) > 0 || value.scale() > 6) {
			errors.add(FieldError.of(field, "must be from 0 to 1000 with at most 6 decimals"));
			return BigDecimal.ONE;
		}
		return value;
	}

	private static StatusThresholds thresholds(ThresholdsSpec spec, List<FieldError> errors) {
		if (spec == null) {
			return StatusThresholds.DEFAULT;
		}
		StatusThresholds d = StatusThresholds.DEFAULT;
		int yellow = (spec.yellow() != null) ? spec.yellow() : d.yellow();
		int orange = (spec.orange() != null) ? spec.orange() : d.orange();
		int red = (spec.red() != null) ? spec.red() : d.red();
		try {
			return new StatusThresholds(yellow, orange, red);
		}
		catch (IllegalArgumentException ex) {
			errors.add(FieldError.of("thresholds", "must satisfy 1 <= yellow < orange < red <= 100"));
			return d;
		}
	}

	private static PoolPolicy policy(PoolRequest request, List<FieldError> errors) {
		PoolPolicy d = PoolPolicy.DEFAULT;
		int safetyBuffer = percent("safetyBufferPercent", request.safetyBufferPercent(), d.safetyBufferPercent(), 0, 50,
				errors);
		int automationCap = percent("automationCapPercent", request.automationCapPercent(), d.automationCapPercent(), 1,
				100, errors);
		ConservationSpec spec = (request.conservation() != null) ? request.conservation()
				: new ConservationSpec(null, null, null);
		int before = errors.size();
		int low = percent("conservation.lowBelowPercent", spec.lowBelowPercent(), d.lowDeferredBelowPercent(), 0, 100,
				errors);
		int medium = percent("conservation.mediumBelowPercent", spec.mediumBelowPercent(),
				d.mediumDeferredBelowPercent(), 0, 100, errors);
		int high = percent("conservation.highBelowPercent", spec.highBelowPercent(), d.highDeferredBelowPercent(), 0,
				100, errors);
		// Order is only worth reporting once every level is in range.
		if (errors.size() == before && !(high <= medium && medium <= low)) {
			errors.add(FieldError.of("conservation",
					"must satisfy 0 <= highBelowPercent <= mediumBelowPercent <= lowBelowPercent <= 100"));
		}
		Duration aging = d.agingInterval();
		if (request.agingInterval() != null) {
			try {
				aging = Duration.parse(request.agingInterval());
				if (aging.compareTo(PoolPolicy.MIN_AGING) < 0 || aging.compareTo(PoolPolicy.MAX_AGING) > 0
						|| aging.getNano() != 0) {
					errors.add(FieldError.of("agingInterval", "must be whole seconds from PT1M to P31D"));
				}
			}
			catch (DateTimeParseException ex) {
				errors.add(FieldError.of("agingInterval", "must be an ISO-8601 duration such as PT1H"));
			}
		}
		Integer maxActiveHolds = request.maxActiveHolds();
		if (maxActiveHolds != null && (maxActiveHolds < 1 || maxActiveHolds > PoolPolicy.MAX_ACTIVE_HOLDS)) {
			errors.add(FieldError.of("maxActiveHolds", "must be from 1 to " + PoolPolicy.MAX_ACTIVE_HOLDS));
			maxActiveHolds = null;
		}
		try {
			return new PoolPolicy(safetyBuffer, automationCap, low, medium, high, aging, maxActiveHolds);
		}
		catch (IllegalArgumentException ex) {
			// already reported above
			return d;
		}
	}

	private static int percent(String field, Integer value, int defaultValue, int min, int max,
			List<FieldError> errors) {
		if (value == null) {
			return defaultValue;
		}
		if (value < min || value > max) {
			errors.add(FieldError.of(field, "must be from " + min + " to " + max));
			return defaultValue;
		}
		return value;
	}

	static void checkId(String id) {
		Ids.requireResourceId("poolId", id);
	}

}
