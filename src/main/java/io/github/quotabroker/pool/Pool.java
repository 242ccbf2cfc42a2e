package io.github.quotabroker.pool;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * A shared budget of quota: {@code limit} base units of {@code unit} per {@code window},
 * drawn on by the usage of every model that one of {@code models} matches.
 *
 * @param limit in base units of {@code unit} (see {@link Unit}), positive: the limit
 * every decision uses, {@code limitSetting.effective()}; this is the single point where a
 * calibrated limit replaces the configured one (issue #16)
 * @param policy how reservations and admission checks treat the pool
 * @param limitSetting the configured limit and, for a calibrated pool, its estimate
 */
public record Pool(String id, String name, Unit unit, long limit, Window window, List<ModelPattern> models,
		TokenWeights tokenWeights, StatusThresholds thresholds, PoolPolicy policy, Instant createdAt, Instant updatedAt,
		PoolLimit limitSetting) {

	public Pool {
		models = List.copyOf(models);
		if (limitSetting == null) {
			limitSetting = PoolLimit.configured(limit);
		}
		if (limit != limitSetting.effective()) {
			throw new IllegalArgumentException("limit must be the setting's effective limit");
		}
	}

	/** A pool whose limit is the configured one. */
	public Pool(String id, String name, Unit unit, long limit, Window window, List<ModelPattern> models,
			TokenWeights tokenWeights, StatusThresholds thresholds, PoolPolicy policy, Instant createdAt,
			Instant updatedAt) {
		this(id, name, unit, limit, window, models, tokenWeights, thresholds, policy, createdAt, updatedAt,
				PoolLimit.configured(limit));
	}

	/** A pool whose limit follows {@code setting}. */
	static Pool of(String id, String name, Unit unit, PoolLimit setting, Window window, List<ModelPattern> models,
			TokenWeights tokenWeights, StatusThresholds thresholds, PoolPolicy policy, Instant createdAt,
			Instant updatedAt) {
		return new Pool(id, name, unit, setting.effective(), window, models, tokenWeights, thresholds, policy,
				createdAt, updatedAt, setting);
	}

	/** The same pool with another calibrated estimate (its limit follows). */
	public Pool withCalibratedLimit(Long estimate) {
		PoolLimit setting = this.limitSetting.withCalibrated(estimate);
		return new Pool(this.id, this.name, this.unit, setting.effective(), this.window, this.models, this.tokenWeights,
				this.thresholds, this.policy, this.createdAt, this.updatedAt, setting);
	}

	/**
	 * The limit an admin configured (base units); {@link #limit()} is what decisions use.
	 */
	public long configuredLimit() {
		return this.limitSetting.configured();
	}

	/** Whether usage of {@code model} counts against this pool. */
	public boolean counts(String model) {
		for (ModelPattern pattern : this.models) {
			if (pattern.matches(model)) {
				return true;
			}
		}
		return false;
	}

	/** The base units that {@code consumption} takes from this pool. */
	public long amountOf(Consumption consumption) {
		return switch (this.unit) {
			case MESSAGES -> consumption.messages();
			case TOKENS -> weighted(consumption);
			case COST_USD -> (consumption.costUsd() != null) ? this.unit.toBase(consumption.costUsd()) : 0;
		};
	}

	private long weighted(Consumption c) {
		TokenWeights w = this.tokenWeights;
		BigDecimal total = w.input()
			.multiply(BigDecimal.valueOf(c.inputTokens()))
			.add(w.output().multiply(BigDecimal.valueOf(c.outputTokens())))
			.add(w.cacheRead().multiply(BigDecimal.valueOf(c.cacheReadTokens())))
			.add(w.cacheCreation().multiply(BigDecimal.valueOf(c.cacheCreationTokens())));
		// A fraction of a token is still quota spent: round up.
		return total.setScale(0, RoundingMode.CEILING).longValueExact();
	}

	public List<String> modelGlobs() {
		return this.models.stream().map(ModelPattern::glob).toList();
	}

}
