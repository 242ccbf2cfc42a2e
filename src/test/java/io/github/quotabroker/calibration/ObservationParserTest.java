package io.github.quotabroker.calibration;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.CalendarWindow;
import io.github.quotabroker.pool.ModelPattern;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolPolicy;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.StatusThresholds;
import io.github.quotabroker.pool.TokenWeights;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.Window;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.InvalidRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservationParserTest {

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Pool pool(Unit unit, Window window) {
		return new Pool("p", "p", unit, 1000, window, List.of(ModelPattern.of("claude-*")), TokenWeights.DEFAULT,
				StatusThresholds.DEFAULT, PoolPolicy.DEFAULT, NOW, NOW);
	}

	private static final Pool FIVE_HOURS = pool(Unit.MESSAGES, new RollingWindow(Duration.ofHours(5)));

	private static final Pool WEEKLY = pool(Unit.MESSAGES,
			CalendarWindow.weekly(java.time.DayOfWeek.MONDAY, java.time.LocalTime.of(9, 0), java.time.ZoneOffset.UTC));

	private static final Pool DAILY = pool(Unit.MESSAGES,
			CalendarWindow.daily(java.time.LocalTime.MIDNIGHT, java.time.ZoneOffset.UTC));

	private static final String STATUS_LINE = """
			{"source":"status-line","observedAt":"2026-12-07T11:59:00Z","memberId":"ana",
			 "rateLimits":{"five_hour":{"used_percentage":62.0,"resets_at":1796652000},
			               "seven_day":{"used_percentage":41.0,"resets_at":1796900000}}}
			""";

	private static ObservationParser.Parsed parse(String json, Pool pool) {
		return ObservationParser.parse(JSON.readTree(json), pool, NOW);
	}

	@Test
	void aRollingFiveHourPoolTakesTheStatusLinesFiveHourEntry() {
		ObservationParser.Parsed parsed = parse(STATUS_LINE, FIVE_HOURS);
		assertThat(parsed.observations()).singleElement().satisfies((o) -> {
			assertThat(o.signal()).isEqualTo("five_hour");
			assertThat(o.usedPercent()).isEqualByComparingTo("62");
			assertThat(o.resetsAt()).isEqualTo(Instant.ofEpochSecond(1796652000));
			assertThat(o.providerWindowStart()).isEqualTo(Instant.ofEpochSecond(1796652000).minus(Duration.ofHours(5)));
			assertThat(o.memberId()).isEqualTo("ana");
		});
		assertThat(parsed.ignored()).singleElement().satisfies((i) -> assertThat(i.signal()).isEqualTo("seven_day"));
	}

	@Test
	void aWeeklyPoolTakesTheSevenDayEntryAndADailyPoolNeither() {
		assertThat(parse(STATUS_LINE, WEEKLY).observations()).extracting(Observation::signal)
			.containsExactly("seven_day");
		ObservationParser.Parsed daily = parse(STATUS_LINE, DAILY);
		assertThat(daily.observations()).isEmpty();
		assertThat(daily.ignored()).extracting(IgnoredReading::reason)
			.allSatisfy((r) -> assertThat(r).contains("the pool's window is daily"));
	}

	@Test
	void aStatusLineWithoutRateLimitsIsNormalAndRecordsNothing() {
		ObservationParser.Parsed parsed = parse("""
				{"source":"status-line","observedAt":"2026-12-07T11:59:00Z","memberId":"ana"}
				""", FIVE_HOURS);
		assertThat(parsed.observations()).isEmpty();
	}

	@Test
	void badInputNamesTheField() {
		assertThatThrownBy(() -> parse(
				"""
						{"source":"status-line","observedAt":"yesterday","rateLimits":{"five_hour":{"used_percentage":120,"resets_at":"soon"}}}
						""",
				FIVE_HOURS))
			.isInstanceOfSatisfying(InvalidRequest.class,
					(ex) -> assertThat(ex.errors()).extracting(FieldError::field)
						.containsExactlyInAnyOrder("observedAt", "rateLimits.five_hour.used_percentage",
								"rateLimits.five_hour.resets_at"));
		assertThatThrownBy(() -> parse("{\"source\":\"rumour\"}", FIVE_HOURS)).isInstanceOfSatisfying(
				InvalidRequest.class,
				(ex) -> assertThat(ex.errors()).extracting(FieldError::field).containsExactly("source"));
		assertThatThrownBy(() -> parse("""
				{"source":"limit-hit","observedAt":"2026-12-07T13:00:00Z"}
				""", FIVE_HOURS)).isInstanceOfSatisfying(InvalidRequest.class,
				(ex) -> assertThat(ex.errors()).extracting(FieldError::message)
					.containsExactly("must not be in the future"));
		assertThatThrownBy(() -> parse("{\"source\":\"http-headers\"}", FIVE_HOURS)).isInstanceOfSatisfying(
				InvalidRequest.class,
				(ex) -> assertThat(ex.errors()).extracting(FieldError::field).containsExactly("headers"));
	}

	@Test
	void anthropicUnifiedHeadersAreAFractionWithAnEpochReset() {
		ObservationParser.Parsed parsed = parse("""
				{"source":"http-headers","observedAt":"2026-12-07T11:59:00Z","headers":{
				  "Anthropic-Ratelimit-Unified-5h-Utilization":"0.62",
				  "anthropic-ratelimit-unified-5h-reset":"1796652000",
				  "anthropic-ratelimit-unified-5h-status":"allowed",
				  "anthropic-ratelimit-unified-7d-utilization":"0.41",
				  "anthropic-ratelimit-unified-7d-reset":"1796900000"}}
				""", FIVE_HOURS);
		assertThat(parsed.observations()).singleElement().satisfies((o) -> {
			assertThat(o.signal()).isEqualTo("unified-5h");
			assertThat(o.usedPercent()).isEqualByComparingTo("62");
			assertThat(o.resetsAt()).isEqualTo(Instant.ofEpochSecond(1796652000));
		});
	}

	@Test
	void unreadableProviderHeadersAreIgnoredWithTheReasonNotRefused() {
		ObservationParser.Parsed parsed = parse("""
				{"source":"http-headers","headers":{"anthropic-ratelimit-unified-5h-utilization":"lots",
				  "x-codex-primary-used-percent":"37.5"}}
				""", FIVE_HOURS);
		assertThat(parsed.observations()).isEmpty();
		assertThat(parsed.ignored()).extracting(IgnoredReading::signal).containsExactly("unified-5h", "codex-primary");
	}

	@Test
	void codexHeadersSayTheirWindowInMinutes() {
		String body = """
				{"source":"http-headers","observedAt":"2026-12-07T11:59:00Z","headers":{
				  "x-codex-primary-used-percent":"37.5","x-codex-primary-window-minutes":"300",
				  "x-codex-primary-reset-at":"1796652000",
				  "x-codex-secondary-used-percent":"12","x-codex-secondary-window-minutes":"10080",
				  "x-codex-secondary-reset-after-seconds":"3600"}}
				""";
		assertThat(parse(body, FIVE_HOURS).observations()).singleElement()
			.satisfies((o) -> assertThat(o.usedPercent()).isEqualByComparingTo("37.5"));
		assertThat(parse(body, WEEKLY).observations()).singleElement().satisfies((o) -> {
			assertThat(o.signal()).isEqualTo("codex-secondary");
			assertThat(o.resetsAt()).isEqualTo(Instant.parse("2026-12-07T12:59:00Z"));
		});
	}

	@Test
	void statedLimitsCountForOneMinutePoolsOfTheirUnit() {
		Pool tokensPerMinute = pool(Unit.TOKENS, new RollingWindow(Duration.ofMinutes(1)));
		ObservationParser.Parsed parsed = parse("""
				{"source":"http-headers","observedAt":"2026-12-07T11:59:00Z","headers":{
				  "anthropic-ratelimit-tokens-limit":"80000","anthropic-ratelimit-tokens-remaining":"60000",
				  "anthropic-ratelimit-tokens-reset":"2026-12-07T11:59:30Z",
				  "anthropic-ratelimit-requests-limit":"50","anthropic-ratelimit-requests-remaining":"49",
				  "x-ratelimit-limit-tokens":"150000","x-ratelimit-remaining-tokens":"149000",
				  "x-ratelimit-reset-tokens":"6m0s"}}
				""", tokensPerMinute);
		assertThat(parsed.observations()).extracting(Observation::signal)
			.containsExactly("anthropic-tokens", "openai-tokens");
		assertThat(parsed.observations().get(0).usedPercent()).isEqualByComparingTo("25");
		assertThat(parsed.observations().get(0).statedLimit()).isEqualTo(80000);
		assertThat(parsed.observations().get(1).resetsAt()).isEqualTo(Instant.parse("2026-12-07T12:05:00Z"));
		assertThat(parsed.ignored()).extracting(IgnoredReading::signal).containsExactly("anthropic-requests");
	}

	@Test
	void goDurationsAreRead() {
		assertThat(ObservationParser.goDuration("6m0s")).isEqualTo(Duration.ofMinutes(6));
		assertThat(ObservationParser.goDuration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
		assertThat(ObservationParser.goDuration("20ms")).isEqualTo(Duration.ofMillis(20));
		assertThat(ObservationParser.goDuration("soon")).isNull();
		assertThat(ObservationParser.goDuration("6m garbage")).isNull();
	}

	@Test
	void aLimitHitCountsAsAFullWindowUnlessItResetsAfterThePoolsWindow() {
		ObservationParser.Parsed hit = parse("""
				{"source":"limit-hit","observedAt":"2026-12-07T11:00:00Z","resetsAt":"2026-12-07T14:00:00Z"}
				""", FIVE_HOURS);
		assertThat(hit.observations()).singleElement()
			.satisfies((o) -> assertThat(o.usedPercent()).isEqualByComparingTo(BigDecimal.valueOf(100)));
		ObservationParser.Parsed weekly = parse("""
				{"source":"limit-hit","observedAt":"2026-12-07T11:00:00Z","resetsAt":1796900000}
				""", FIVE_HOURS);
		assertThat(weekly.observations()).isEmpty();
		assertThat(weekly.ignored()).singleElement()
			.satisfies((i) -> assertThat(i.reason()).contains("resets after more than"));
	}

	@Test
	void aReadingWhoseWindowHadAlreadyResetIsStale() {
		ObservationParser.Parsed parsed = parse("""
				{"source":"status-line","observedAt":"2026-12-07T11:59:00Z",
				 "rateLimits":{"five_hour":{"used_percentage":90,"resets_at":1765000000}}}
				""", FIVE_HOURS);
		assertThat(parsed.observations()).isEmpty();
		assertThat(parsed.ignored()).singleElement().satisfies((i) -> assertThat(i.reason()).contains("stale"));
	}

	static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
