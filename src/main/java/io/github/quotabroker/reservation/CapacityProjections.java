package io.github.quotabroker.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.capacity.CapacityForecast;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.stereotype.Service;

/** {@code GET /pools/{poolId}/capacity}: a pool's projected free capacity per step. */
@Service
class CapacityProjections {

	private final DecisionDefinitions definitions;

	private final PoolLoads loads;

	private final Clock clock;

	CapacityProjections(DecisionDefinitions definitions, PoolLoads loads, Clock clock) {
		this.definitions = definitions;
		this.loads = loads;
		this.clock = clock;
	}

	/**
	 * Projected free capacity of a pool per step over {@code [from, to)}: for each step,
	 * its tightest instant, if nothing more is used than is recorded or reserved.
	 */
	CapacityForecast capacity(String poolId, Instant from, Instant to, Duration step) {
		Ids.requireResourceId("poolId", poolId);
		Pool pool = this.definitions.pool(poolId);
		Instant now = this.clock.instant();
		Instant start = (from != null) ? from : now;
		List<FieldError> errors = new ArrayList<>();
		if (start.isBefore(now.minus(Duration.ofMinutes(1)))) {
			errors.add(FieldError.of("from", "must not be in the past: capacity is projected from now on"));
		}
		if (start.isBefore(now)) {
			start = now;
		}
		Duration stepLength = (step != null) ? step : Duration.ofHours(1);
		if (stepLength.compareTo(Duration.ofMinutes(1)) < 0 || stepLength.compareTo(Duration.ofDays(31)) > 0) {
			errors.add(FieldError.of("step", "must be from PT1M to P31D"));
		}
		Instant end = (to != null) ? to : start.plus(Duration.ofDays(1));
		if (!end.isAfter(start)) {
			errors.add(FieldError.of("to", "must be after from"));
		}
		else if (Duration.between(start, end).compareTo(ReservationRequests.MAX_AHEAD) > 0) {
			errors.add(FieldError.of("to",
					"must be at most " + ReservationRequests.MAX_AHEAD.toDays() + " days after from"));
		}
		else if (errors.isEmpty() && Duration.between(start, end).dividedBy(stepLength) >= 1000) {
			errors.add(FieldError.of("step", "gives more than 1000 steps; choose a longer step or a shorter range"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		return CapacityForecast.of(pool, this.loads.load(pool, now).profile(), now, start, end, stepLength);
	}

}
