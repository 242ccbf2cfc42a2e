package io.github.quotabroker.pool;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * A shared budget of quota: {@code limit} base units of {@code unit} per {@code window},
 * drawn on by the usage of every model that one of {@code models} matches.
 *
 * @param limit in base units of {@code unit} (see {@link Unit}), positive
 * @param policy how reservations and admission checks treat the pool
 */
public record Pool(String id, String name, Unit unit, long limit, Window window, List<ModelPattern> models,
		TokenWeights tokenWeights, StatusThresholds thresholds, PoolPolicy policy, Instant createdAt,
		Instant updatedAt) {

	public Pool {
		models = List.copyOf(models);
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
