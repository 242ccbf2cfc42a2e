package io.github.quotabroker.calibration;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.quotabroker.pool.LimitMode;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.usage.UsageService;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Provider-signal calibration (issue #16): stores what providers say about the quota a
 * pool models, estimates the pool's effective limit from it and the ledger
 * ({@link LimitEstimator}), and keeps a {@code CALIBRATED} pool's limit with the estimate
 * through {@link PoolService#recordCalibratedLimit}.
 */
@Service
public class CalibrationService {

	/** How many of the newest readings an answer shows. */
	private static final int SHOWN = 10;

	private final ObservationStore store;

	private final PoolService pools;

	private final UsageService usage;

	private final CalibrationProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/** When this instance last estimated each pool. */
	private final Map<String, Instant> estimatedAt = new ConcurrentHashMap<>();

	CalibrationService(ObservationStore store, PoolService pools, UsageService usage, CalibrationProperties properties,
			ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.pools = pools;
		this.usage = usage;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	/** What {@code POST /pools/{poolId}/observations} answers. */
	public record Recorded(String poolId, int recorded, List<Observation> observations, List<IgnoredReading> ignored) {
	}

	/**
	 * Stores the body's readings that are about the pool's window; the pool is estimated
	 * again at most every {@code recomputeEvery} per instance.
	 */
	@Transactional
	public Recorded record(String poolId, JsonNode body) {
		Pool pool = this.pools.get(poolId);
		Instant now = this.clock.instant();
		ObservationParser.Parsed parsed = ObservationParser.parse(body, pool, now);
		if (!parsed.observations().isEmpty()) {
			this.store.insert(poolId, parsed.observations(), now);
			this.store.prune(poolId, now.minus(this.properties.maxAge().multipliedBy(2)));
			this.events.publishEvent(new ObservationsRecorded(poolId));
			Instant last = this.estimatedAt.get(poolId);
			if (last == null || !now.isBefore(last.plus(this.properties.recomputeEvery()))) {
				calibrate(pool, now);
			}
		}
		return new Recorded(poolId, parsed.observations().size(), parsed.observations(), parsed.ignored());
	}

	/**
	 * The pool's calibration now; keeps a decidable estimate for the pool's decisions.
	 */
	@Transactional
	public Calibration calibration(String poolId) {
		Pool pool = this.pools.get(poolId);
		return calibrate(pool, this.clock.instant());
	}

	/**
	 * The provider's latest percent for each pool that has one about its current window:
	 * what availability shows beside the ledger's own percent.
	 */
	@Transactional(readOnly = true)
	public Map<String, Observation> providerPercents(List<String> poolIds, Instant now) {
		return this.store.latest(poolIds, now, now.minus(this.properties.freshFor()));
	}

	private Calibration calibrate(Pool pool, Instant now) {
		this.estimatedAt.put(pool.id(), now);
		List<Observation> readings = this.store.since(pool.id(), now.minus(this.properties.maxAge()),
				this.properties.maxReadings());
		Unit unit = pool.unit();
		List<Observation> percents = new ArrayList<>();
		List<Observation> stated = new ArrayList<>();
		for (Observation o : readings) {
			(o.statedLimit() != null ? stated : percents).add(o);
		}
		Instant from = Readings.earliestStart(pool, percents, now);
		LedgerSums ledger = new LedgerSums(
				percents.isEmpty() ? List.of() : this.usage.minuteUsageAsOf(pool.id(), from, now));
		List<LimitEstimator.Sample> samples = Readings.samples(pool, percents, ledger);
		Map<String, Integer> skipped = new LinkedHashMap<>();
		LimitEstimator.Estimate found = stated.isEmpty()
				? LimitEstimator.estimate(samples, now, this.properties.settings(), skipped) : stated(stated);
		Calibration.Estimate estimate = null;
		BigDecimal suggested = null;
		Calibration.Drift drift = null;
		Long decided = null;
		if (found != null) {
			boolean decidable = found.kept() >= this.properties.minReadings()
					&& found.windows() >= this.properties.minWindows()
					&& found.relativeHalfWidth() <= this.properties.maxRelativeHalfWidth();
			estimate = new Calibration.Estimate(stated.isEmpty() ? "percent" : "stated", unit.fromBase(found.limit()),
					unit.fromBase(found.lower()), unit.fromBase(found.upper()),
					BigDecimal.valueOf(found.relativeHalfWidth() * 100).setScale(1, RoundingMode.HALF_UP), found.kept(),
					found.windows(), decidable);
			suggested = threeDigitsDown(unit.fromBase(found.lower()));
			if (found.earlier() != null && found.earlier() > 0) {
				drift = new Calibration.Drift(unit.fromBase(found.earlier()), unit.fromBase(found.recent()),
						BigDecimal.valueOf((found.recent() - found.earlier()) * 100.0 / found.earlier())
							.setScale(1, RoundingMode.HALF_UP));
			}
			decided = decidable ? found.limit() : null;
		}
		Pool kept = keep(pool, decided);
		Calibration.Gap gap = gap(kept, percents, ledger, found, now);
		Calibration.Alignment alignment = alignment(pool, readings, now);
		List<Calibration.Reading> latest = new ArrayList<>();
		for (int i = Math.max(0, readings.size() - SHOWN); i < readings.size(); i++) {
			Observation o = readings.get(i);
			long used = (o.statedLimit() == null) ? ledger.between(Readings.windowStart(pool, o), o.observedAt()) : 0;
			BigDecimal implied = (o.statedLimit() != null) ? unit.fromBase(o.statedLimit())
					: (o.usedPercent().signum() > 0)
							? unit.fromBase(Math.round(used * 100 / o.usedPercent().doubleValue())) : null;
			latest.add(new Calibration.Reading(o.observedAt(), o.source(), o.signal(), o.memberId(), o.usedPercent(),
					o.resetsAt(), (o.statedLimit() != null) ? unit.fromBase(o.statedLimit()) : null,
					(o.statedLimit() == null) ? unit.fromBase(used) : null, implied));
		}
		return new Calibration(pool.id(), unit, pool.window().label(), pool.limitSetting().mode(),
				unit.fromBase(pool.configuredLimit()), unit.fromBase(kept.limit()), estimate, suggested, drift, gap,
				alignment, new Calibration.Evidence(readings.size(), skipped, latest),
				message(kept, estimate, drift, readings.size()));
	}

	/**
	 * Keeps a decidable estimate for the pool's decisions (or none); a change of less
	 * than half a percent is not worth a new limit, so readings arriving one by one do
	 * not move the pool's limit with every one.
	 */
	private Pool keep(Pool pool, Long decided) {
		Long current = pool.limitSetting().calibrated();
		if (decided != null && current != null && Math.abs(decided - current) * 200 < current) {
			return pool;
		}
		if (decided == null && current == null) {
			return pool;
		}
		this.pools.recordCalibratedLimit(pool.id(), decided);
		return pool.withCalibratedLimit(decided);
	}

	/** Limits the provider states: their median, the interval their range. */
	private static LimitEstimator.Estimate stated(List<Observation> stated) {
		List<Long> limits = new ArrayList<>();
		java.util.Set<String> signals = new java.util.HashSet<>();
		for (Observation o : stated) {
			limits.add(o.statedLimit());
			signals.add(o.signal());
		}
		limits.sort(Long::compare);
		return new LimitEstimator.Estimate(limits.get(limits.size() / 2), limits.get(0), limits.get(limits.size() - 1),
				limits.size(), Map.of(), limits.size(), null, null);
	}

	private Calibration.Gap gap(Pool pool, List<Observation> percents, LedgerSums ledger, LimitEstimator.Estimate found,
			Instant now) {
		Observation latest = null;
		for (Observation o : percents) {
			boolean current = (o.resetsAt() != null) ? o.resetsAt().isAfter(now)
					: !o.observedAt().isBefore(now.minus(this.properties.freshFor()));
			if (current && (latest == null || o.observedAt().isAfter(latest.observedAt()))) {
				latest = o;
			}
		}
		if (latest == null) {
			return null;
		}
		long used = ledger.between(Readings.windowStart(pool, latest), latest.observedAt());
		BigDecimal ledgerPercent = BigDecimal.valueOf(used * 100.0 / pool.limit()).setScale(1, RoundingMode.HALF_UP);
		BigDecimal provider = latest.usedPercent();
		BigDecimal unseen = null;
		if (found != null) {
			long seen = Math.round(found.limit() * provider.doubleValue() / 100);
			unseen = pool.unit().fromBase(Math.max(0, seen - used));
		}
		return new Calibration.Gap(latest.observedAt(), latest.signal(), provider, ledgerPercent,
				provider.subtract(ledgerPercent).setScale(1, RoundingMode.HALF_UP), unseen);
	}

	/**
	 * The provider's window beside the pool's, from the newest reading that says when its
	 * window resets. A weekly provider window repeats every seven days, so its next reset
	 * is projected from the newest one seen; a pool whose reset differs is told by how
	 * much.
	 */
	private static Calibration.Alignment alignment(Pool pool, List<Observation> readings, Instant now) {
		Observation latest = null;
		for (Observation o : readings) {
			if (o.resetsAt() != null && o.window() != null
					&& (latest == null || o.observedAt().isAfter(latest.observedAt()))) {
				latest = o;
			}
		}
		if (latest == null) {
			return null;
		}
		Duration length = latest.window();
		Instant resets = latest.resetsAt();
		var bounds = pool.window().boundsAt(now);
		if (!ProviderWindows.resets(pool)) {
			String message = resets.isAfter(now)
					? "The provider's " + ProviderWindows.words(length) + " window started at "
							+ latest.providerWindowStart() + " (the first message of its session) and resets at "
							+ resets + "; the pool's rolling window counts usage from " + bounds.countsFrom()
							+ ", and calibration sets the ledger against the provider's window."
					: "The provider's latest window seen reset at " + resets
							+ "; a new one starts with the next message.";
			return new Calibration.Alignment(latest.providerWindowStart(), resets, bounds.countsFrom(), null, null,
					message);
		}
		while (!resets.isAfter(now)) {
			resets = resets.plus(length);
		}
		Instant poolReset = bounds.nextReset();
		Duration offset = Duration.between(poolReset, resets);
		// Within one period: the nearer of the two readings of the same weekly reset.
		if (offset.compareTo(length.dividedBy(2)) > 0) {
			offset = offset.minus(length);
		}
		else if (offset.compareTo(length.dividedBy(2).negated()) <= 0) {
			offset = offset.plus(length);
		}
		String message = (offset.abs().compareTo(Duration.ofMinutes(1)) <= 0)
				? "The provider's window resets with the pool's (next at " + poolReset + ")."
				: "The provider's window resets at " + resets + ", the pool's at " + poolReset + ": "
						+ words(offset.abs()) + ((offset.isNegative()) ? " earlier" : " later")
						+ " than the pool's; calibration sets the ledger against the provider's window. Set the pool's "
						+ "window.resetDay and window.resetTime to match if the move is lasting.";
		return new Calibration.Alignment(resets.minus(length), resets, bounds.countsFrom(), poolReset, offset, message);
	}

	private static String words(Duration d) {
		long hours = d.toHours();
		long minutes = d.toMinutesPart();
		return (hours > 0) ? hours + " h " + minutes + " min" : minutes + " min";
	}

	private static String message(Pool pool, Calibration.Estimate e, Calibration.Drift drift, int readings) {
		Unit unit = pool.unit();
		if (e == null) {
			return (readings == 0) ? "No provider readings about this pool's window yet."
					: "No usable reading yet: readings below the minimum percent or without ledger usage say too little.";
		}
		StringBuilder s = new StringBuilder("The provider's readings put the effective limit at "
				+ e.limit().toPlainString() + " " + unit + " (95 % interval " + e.lower().toPlainString() + " to "
				+ e.upper().toPlainString() + ", from " + e.readings() + " readings in " + e.windows()
				+ " windows); the configured limit is " + unit.fromBase(pool.configuredLimit()).toPlainString() + ".");
		if (pool.limitSetting().mode() == LimitMode.CALIBRATED) {
			s.append(e.decidable() ? " Decisions use " + unit.fromBase(pool.limit()).toPlainString() + "."
					: " Too little evidence yet to decide with: decisions use "
							+ unit.fromBase(pool.limit()).toPlainString() + ".");
		}
		if (drift != null && drift.changePercent().abs().compareTo(BigDecimal.valueOf(5)) >= 0) {
			s.append(" The limit drifted by ")
				.append(drift.changePercent().toPlainString())
				.append(" % from the older to the newer readings.");
		}
		return s.toString();
	}

	/** Rounded down to three significant digits, in the unit's scale. */
	private static BigDecimal threeDigitsDown(BigDecimal value) {
		if (value.signum() <= 0) {
			return value;
		}
		BigDecimal rounded = value.round(new MathContext(3, RoundingMode.FLOOR));
		return (rounded.scale() < 0) ? rounded.setScale(0) : rounded.stripTrailingZeros();
	}

}
