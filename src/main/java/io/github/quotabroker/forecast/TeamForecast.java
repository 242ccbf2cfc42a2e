package io.github.quotabroker.forecast;

import java.time.Instant;
import java.util.List;

/** Answer of {@code GET /teams/{teamId}/forecast}: one outlook per pool. */
public record TeamForecast(String teamId, String timezone, Instant at, String horizon, String step,
		List<Outlook> pools) {
}
