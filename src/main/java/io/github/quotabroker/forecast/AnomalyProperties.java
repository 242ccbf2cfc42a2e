package io.github.quotabroker.forecast;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Anomaly settings ({@code quota.forecast.anomalies.*}).
 *
 * @param warningZ z-score from which an hour's usage warns (issue #12: 2)
 * @param anomalyZ z-score from which it is an anomaly (issue #12: 3)
 * @param scaleFloor the smallest residual scale, as a fraction of the mean hourly usage
 * @param changepointWarning p-value of the CUSUM test at or below which a shift of the
 * daily mean warns
 * @param changepointAnomaly p-value at or below which a shift is an anomaly
 * @param changepointDays how many complete days of daily totals the test looks at
 * @param changepointMinDays days the new level must have lasted (and the old one before
 * it)
 * @param changepointMinChange the smallest change of the daily mean that counts, relative
 * to the level before
 * @param workflowTokensWarning tokens of one workflow run from which it warns
 * @param workflowTokensAnomaly tokens of one workflow run from which it is an anomaly
 * @param cacheReadShareWarning share of cache reads in a team's tokens over a day below
 * which it warns
 * @param cacheReadShareAnomaly share below which it is an anomaly
 * @param cacheReadMinTokens tokens a team must have used in the day for its share to
 * count
 * @param interval how often each instance looks for new anomalies
 * @param lookback how many complete hours each look examines (late usage lands in them)
 * @param maxRange the longest {@code from}–{@code to} range the anomalies answer covers
 * @param topContributors contributors per dimension reported for an hour
 */
@ConfigurationProperties("quota.forecast.anomalies")
public record AnomalyProperties(@DefaultValue("2") double warningZ, @DefaultValue("3") double anomalyZ,
		@DefaultValue("0.05") double scaleFloor, @DefaultValue("0.01") double changepointWarning,
		@DefaultValue("0.001") double changepointAnomaly, @DefaultValue("28") int changepointDays,
		@DefaultValue("3") int changepointMinDays, @DefaultValue("0.25") double changepointMinChange,
		@DefaultValue("2000000") long workflowTokensWarning, @DefaultValue("5000000") long workflowTokensAnomaly,
		@DefaultValue("0.5") double cacheReadShareWarning, @DefaultValue("0.25") double cacheReadShareAnomaly,
		@DefaultValue("100000") long cacheReadMinTokens, @DefaultValue("PT5M") Duration interval,
		@DefaultValue("PT3H") Duration lookback, @DefaultValue("P31D") Duration maxRange,
		@DefaultValue("3") int topContributors) {

	public AnomalyProperties {
		if (!(warningZ > 0 && anomalyZ >= warningZ)) {
			throw new IllegalArgumentException("quota.forecast.anomalies: 0 < warning-z <= anomaly-z");
		}
		if (!(scaleFloor >= 0 && scaleFloor <= 1)) {
			throw new IllegalArgumentException("quota.forecast.anomalies.scale-floor lies in [0, 1]");
		}
		if (!(changepointAnomaly > 0 && changepointAnomaly <= changepointWarning && changepointWarning < 1)) {
			throw new IllegalArgumentException(
					"quota.forecast.anomalies: 0 < changepoint-anomaly <= changepoint-warning < 1");
		}
		if (changepointMinDays < 1 || changepointDays < 2 * changepointMinDays || changepointDays > 56) {
			throw new IllegalArgumentException("quota.forecast.anomalies: 1 <= changepoint-min-days and "
					+ "2 x changepoint-min-days <= changepoint-days <= 56");
		}
		if (!(changepointMinChange >= 0)) {
			throw new IllegalArgumentException("quota.forecast.anomalies.changepoint-min-change must not be negative");
		}
		if (workflowTokensWarning < 1 || workflowTokensAnomaly < workflowTokensWarning) {
			throw new IllegalArgumentException(
					"quota.forecast.anomalies: 1 <= workflow-tokens-warning <= workflow-tokens-anomaly");
		}
		if (!(cacheReadShareAnomaly >= 0 && cacheReadShareAnomaly <= cacheReadShareWarning
				&& cacheReadShareWarning <= 1)) {
			throw new IllegalArgumentException(
					"quota.forecast.anomalies: 0 <= cache-read-share-anomaly <= cache-read-share-warning <= 1");
		}
		if (cacheReadMinTokens < 0 || topContributors < 1 || topContributors > 20) {
			throw new IllegalArgumentException(
					"quota.forecast.anomalies: cache-read-min-tokens >= 0 and 1 <= top-contributors <= 20");
		}
		if (interval.compareTo(Duration.ofSeconds(1)) < 0 || lookback.compareTo(Duration.ofHours(1)) < 0
				|| lookback.compareTo(Duration.ofDays(2)) > 0) {
			throw new IllegalArgumentException(
					"quota.forecast.anomalies: interval at least PT1S, lookback between PT1H and P2D");
		}
		if (maxRange.compareTo(Duration.ofDays(1)) < 0 || maxRange.compareTo(Duration.ofDays(92)) > 0) {
			throw new IllegalArgumentException("quota.forecast.anomalies.max-range lies between P1D and P92D");
		}
	}

}
