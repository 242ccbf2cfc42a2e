package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.usage.TokenMix;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.usage.WorkflowTotal;

import org.springframework.stereotype.Component;

/**
 * Finds the anomalies of a pool's teams in a range of complete hours: reads the hourly
 * buckets and the ledger breakdowns through {@link UsageService}, and leaves the
 * arithmetic to {@link AnomalyDetector} and {@link Changepoints}.
 * <p>
 * An hour's expectation depends only on the history before it, and the model's weights
 * and scale are chosen once per UTC day on the history before that day's 00:00, so the
 * answer for an hour is the same whatever range it is asked in, and the same on every
 * instance: what the scheduled detection announced is what the anomalies answer shows.
 */
@Component
class AnomalyFinder {

	private static final Duration HOUR = Duration.ofHours(1);

	private static final Duration DAY = Duration.ofDays(1);

	/** How far back a workflow's tokens are summed. */
	static final Duration WORKFLOW_SPAN = Duration.ofDays(7);

	private final UsageService usage;

	private final ForecastProperties forecast;

	private final AnomalyProperties properties;

	AnomalyFinder(UsageService usage, ForecastProperties forecast, AnomalyProperties properties) {
		this.usage = usage;
		this.forecast = forecast;
		this.properties = properties;
	}

	/**
	 * What a look at [from, to) found for the given teams of a pool.
	 *
	 * @param expectations per team, the expectation of the last day examined
	 * @param findings every anomaly found, by team, then hour
	 */
	record Scan(Map<String, AnomalyDetector.Expectation> expectations, List<Finding> findings) {

	}

	/**
	 * Anomalies of {@code teamIds} in {@code pool} in [from, to), both on the hour.
	 */
	Scan scan(Pool pool, List<String> teamIds, Instant from, Instant to) {
		Map<String, AnomalyDetector.Expectation> expectations = new LinkedHashMap<>();
		List<Finding> findings = new ArrayList<>();
		if (!from.isBefore(to) || teamIds.isEmpty()) {
			return new Scan(expectations, findings);
		}
		Instant firstDay = from.truncatedTo(ChronoUnit.DAYS);
		int historyHours = (int) this.forecast.history().toHours();
		// Changepoints look at whole days before the day of 'to'.
		Instant lastDay = to.truncatedTo(ChronoUnit.DAYS);
		Instant changepointFrom = lastDay.minus(Duration.ofDays(this.properties.changepointDays()));
		Instant start = min(firstDay.minus(Duration.ofHours(historyHours)), changepointFrom);
		Map<String, long[]> byTeam = this.usage.hourlyByTeam(pool.id(), start, to);
		int hours = (int) Duration.between(start, to).toHours();
		double[] whole = new double[hours];
		byTeam.values().forEach((amounts) -> {
			for (int i = 0; i < hours; i++) {
				whole[i] += amounts[i];
			}
		});
		for (String teamId : teamIds) {
			long[] amounts = byTeam.get(teamId);
			double[] own = new double[hours];
			if (amounts != null) {
				for (int i = 0; i < hours; i++) {
					own[i] = amounts[i];
				}
			}
			hourly(pool, teamId, own, whole, start, firstDay, from, to, historyHours, expectations, findings);
			changepoint(pool, teamId, own, start, changepointFrom, lastDay, from, to).ifPresent(findings::add);
		}
		cacheReadShares(pool, teamIds, from, to, findings);
		workflows(pool, teamIds, from, to, findings);
		findings.sort((a, b) -> {
			int byHour = a.hour().compareTo(b.hour());
			return (byHour != 0) ? byHour : a.kind().compareTo(b.kind());
		});
		return new Scan(expectations, findings);
	}

	private void hourly(Pool pool, String teamId, double[] own, double[] whole, Instant start, Instant firstDay,
			Instant from, Instant to, int historyHours, Map<String, AnomalyDetector.Expectation> expectations,
			List<Finding> findings) {
		for (Instant day = firstDay; day.isBefore(to); day = day.plus(DAY)) {
			Instant examinedFrom = max(day, from);
			Instant examinedTo = min(day.plus(DAY), to);
			// Every day sees the same span of history before its 00:00.
			int offset = (int) Duration.between(start, day).toHours() - historyHours;
			int end = (int) Duration.between(start, examinedTo).toHours();
			double[] team = java.util.Arrays.copyOfRange(own, offset, end);
			double[] all = java.util.Arrays.copyOfRange(whole, offset, end);
			AnomalyDetector.Expectation e = AnomalyDetector.expect(team, all, historyHours, end - offset - historyHours,
					this.properties.scaleFloor());
			expectations.put(teamId, e);
			if (!e.available()) {
				continue;
			}
			int skip = (int) Duration.between(day, examinedFrom).toHours();
			for (int i = skip; i < e.expected().length; i++) {
				double actual = team[historyHours + i];
				double z = e.z(i, actual);
				AnomalySeverity severity = AnomalyDetector.severity(z, this.properties.warningZ(),
						this.properties.anomalyZ());
				if (severity != null) {
					findings.add(new Finding(teamId, pool.id(), AnomalyKind.HOURLY_USAGE, severity,
							day.plus(Duration.ofHours(i)), "", e.expected()[i], actual, z));
				}
			}
		}
	}

	/**
	 * A shift of the team's daily mean over the days before {@code lastDay}, reported
	 * when its first day lies in [from, to).
	 */
	private Optional<Finding> changepoint(Pool pool, String teamId, double[] own, Instant start, Instant fromDay,
			Instant lastDay, Instant from, Instant to) {
		int days = (int) Duration.between(fromDay, lastDay).toDays();
		int offset = (int) Duration.between(start, fromDay).toHours();
		double[] daily = new double[days];
		for (int d = 0; d < days; d++) {
			for (int h = 0; h < 24; h++) {
				daily[d] += own[offset + d * 24 + h];
			}
		}
		return Changepoints
			.find(daily, this.properties.changepointMinDays(), this.properties.changepointWarning(),
					this.properties.changepointMinChange())
			.map((shift) -> new Finding(teamId, pool.id(), AnomalyKind.CHANGEPOINT,
					(shift.pValue() <= this.properties.changepointAnomaly()) ? AnomalySeverity.ANOMALY
							: AnomalySeverity.WARNING,
					fromDay.plus(Duration.ofDays(shift.day())), "", shift.before(), shift.after(), shift.pValue()))
			.filter((f) -> !f.hour().isBefore(from.truncatedTo(ChronoUnit.DAYS)) && f.hour().isBefore(to));
	}

	/** The cache-read share of each UTC day of the range (up to {@code to}). */
	private void cacheReadShares(Pool pool, List<String> teamIds, Instant from, Instant to, List<Finding> findings) {
		String onlyTeam = (teamIds.size() == 1) ? teamIds.get(0) : null;
		for (Instant day = from.truncatedTo(ChronoUnit.DAYS); day.isBefore(to); day = day.plus(DAY)) {
			Map<String, TokenMix> mix = this.usage.tokenMix(pool.id(), onlyTeam, day, min(day.plus(DAY), to));
			for (String teamId : teamIds) {
				TokenMix tokens = mix.get(teamId);
				if (tokens == null || tokens.total() == 0 || tokens.total() < this.properties.cacheReadMinTokens()) {
					continue;
				}
				double share = tokens.cacheReadShare();
				AnomalySeverity severity = (share < this.properties.cacheReadShareAnomaly()) ? AnomalySeverity.ANOMALY
						: (share < this.properties.cacheReadShareWarning()) ? AnomalySeverity.WARNING : null;
				if (severity != null) {
					findings.add(new Finding(teamId, pool.id(), AnomalyKind.CACHE_READ_SHARE, severity, day, "",
							this.properties.cacheReadShareWarning(), share, share));
				}
			}
		}
	}

	/** Workflow runs with events in the range whose tokens reach the warning size. */
	private void workflows(Pool pool, List<String> teamIds, Instant from, Instant to, List<Finding> findings) {
		String onlyTeam = (teamIds.size() == 1) ? teamIds.get(0) : null;
		Map<String, Boolean> wanted = new HashMap<>();
		teamIds.forEach((t) -> wanted.put(t, true));
		for (WorkflowTotal run : this.usage.largeWorkflows(pool.id(), onlyTeam, from.minus(WORKFLOW_SPAN), from, to,
				this.properties.workflowTokensWarning())) {
			if (!wanted.containsKey(run.teamId())) {
				continue;
			}
			AnomalySeverity severity = (run.tokens() >= this.properties.workflowTokensAnomaly())
					? AnomalySeverity.ANOMALY : AnomalySeverity.WARNING;
			findings.add(new Finding(run.teamId(), pool.id(), AnomalyKind.WORKFLOW_SIZE, severity,
					run.startedAt().truncatedTo(ChronoUnit.HOURS), run.workflowId(),
					this.properties.workflowTokensWarning(), run.tokens(), run.tokens()));
		}
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
