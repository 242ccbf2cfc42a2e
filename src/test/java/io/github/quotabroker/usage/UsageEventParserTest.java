package io.github.quotabroker.usage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.InvalidRequest;
import io.github.quotabroker.web.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

class UsageEventParserTest {

	static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");

	/** The defaults declared by {@code @DefaultValue} on {@link IngestProperties}. */
	static final IngestProperties DEFAULTS = new IngestProperties(2, 2000, 10000, Duration.ofSeconds(30), 1000,
			Duration.ofMinutes(5), Duration.ofDays(400), 100_000_000L, 100_000L, new BigDecimal("100000"));

	static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	final UsageEventParser parser = new UsageEventParser(JSON, DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

	static JsonNode json(String text) {
		return JSON.readTree(text.replace('\'', '"'));
	}

	static String event(String eventId) {
		return "{'eventId':'" + eventId + "','teamId':'platform','model':'claude-opus-4-1',"
				+ "'occurredAt':'2026-06-10T11:59:30Z','inputTokens':1200,'outputTokens':300}";
	}

	List<FieldError> errorsOf(String body) {
		return errorsOf(json(body));
	}

	List<FieldError> errorsOf(JsonNode body) {
		InvalidRequest ex = catchInvalid(body);
		assertThat(ex.problemType()).isEqualTo(ProblemType.VALIDATION);
		return ex.errors();
	}

	InvalidRequest catchInvalid(JsonNode body) {
		Throwable thrown = catchThrowable(() -> this.parser.parse(body));
		assertThat(thrown).isInstanceOf(InvalidRequest.class);
		return (InvalidRequest) thrown;
	}

	/** A valid single event with {@code field} (JSON member text) added or replaced. */
	static JsonNode with(String field) {
		ObjectNode node = (ObjectNode) json(
				"{'eventId':'e','teamId':'t','model':'m','occurredAt':'2026-06-10T11:59:00Z'}");
		node.setAll((ObjectNode) json("{" + field + "}"));
		return node;
	}

	@Test
	void theTestDefaultsAreTheOnesDeclaredOnIngestProperties() {
		IngestProperties declared = new Binder(new MapConfigurationPropertySource()).bindOrCreate("quota.ingest",
				IngestProperties.class);

		assertThat(DEFAULTS).isEqualTo(declared);
	}

	@Test
	void aValidSingleObjectBecomesOneEventWithDefaultsFilledIn() {
		List<UsageEvent> events = this.parser.parse(json(event("evt-1")));

		assertThat(events).containsExactly(new UsageEvent("evt-1", "platform", null, null, "claude-opus-4-1",
				Instant.parse("2026-06-10T11:59:30Z"), 1200, 300, 0, 0, 1, null, UsageKind.INTERACTIVE, null));
	}

	@Test
	void aValidObjectWithEveryFieldIsReadInFull() {
		List<UsageEvent> events = this.parser.parse(json("{'eventId':'run-42/step-3','teamId':'platform',"
				+ "'memberId':'alice','agentId':'ci@build+1','model':'openai/gpt-5','occurredAt':'2026-06-10T13:59:30.1234567+02:00',"
				+ "'inputTokens':1,'outputTokens':2,'cacheReadTokens':3,'cacheCreationTokens':4,'messages':5,"
				+ "'costUsd':0.012345,'kind':'AUTOMATED','reservationId':'res-1'}"));

		assertThat(events).containsExactly(new UsageEvent("run-42/step-3", "platform", "alice", "ci@build+1",
				"openai/gpt-5", Instant.parse("2026-06-10T11:59:30.123456Z"), 1, 2, 3, 4, 5, new BigDecimal("0.012345"),
				UsageKind.AUTOMATED, "res-1"));
	}

	@Test
	void workflowAndTaskTypeLabelsAreReadWhenPresent() {
		List<UsageEvent> events = this.parser.parse(json("{'eventId':'e1','teamId':'platform','model':'m',"
				+ "'occurredAt':'2026-06-10T11:59:00Z','workflowId':'session:6f1c/run+1','taskType':'code-review'}"));

		assertThat(events).extracting(UsageEvent::workflowId, UsageEvent::taskType)
			.containsExactly(tuple("session:6f1c/run+1", "code-review"));
	}

	@Test
	void badWorkflowAndTaskTypeLabelsAreRefusedNamingTheField() {
		String tooLong = "w".repeat(201);
		String body = "[{'eventId':'e1','teamId':'platform','model':'m','occurredAt':'2026-06-10T11:59:00Z',"
				+ "'workflowId':'" + tooLong + "','taskType':'has space'},"
				+ "{'eventId':'e2','teamId':'platform','model':'m','occurredAt':'2026-06-10T11:59:00Z',"
				+ "'workflowId':'-leading','taskType':''},"
				+ "{'eventId':'e3','teamId':'platform','model':'m','occurredAt':'2026-06-10T11:59:00Z',"
				+ "'workflowId':42,'taskType':true}]";

		assertThat(errorsOf(body)).extracting(FieldError::index, FieldError::field)
			.containsExactlyInAnyOrder(tuple(0, "workflowId"), tuple(0, "taskType"), tuple(1, "workflowId"),
					tuple(1, "taskType"), tuple(2, "workflowId"), tuple(2, "taskType"));
	}

	@Test
	void aLabelOf200CharactersIsAccepted() {
		String longest = "w".repeat(200);
		List<UsageEvent> events = this.parser.parse(json("{'eventId':'e1','teamId':'platform','model':'m',"
				+ "'occurredAt':'2026-06-10T11:59:00Z','workflowId':'" + longest + "','taskType':'" + longest + "'}"));

		assertThat(events.get(0).workflowId()).hasSize(200);
	}

	@Test
	void labelsArePartOfTheContentHashButAnUnlabelledEventKeepsItsEarlierHash() {
		UsageEvent plain = new UsageEvent("evt-1", "platform", null, null, "m", Instant.parse("2026-06-10T11:59:30Z"),
				1, 0, 0, 0, 1, null, UsageKind.INTERACTIVE, null);
		UsageEvent labelled = new UsageEvent("evt-1", "platform", null, null, "m",
				Instant.parse("2026-06-10T11:59:30Z"), 1, 0, 0, 0, 1, null, UsageKind.INTERACTIVE, null, "wf-1", null);

		// The hash of this event as the ledger stored it before V10 (fields joined by
		// U+0001).
		assertThat(plain.contentHash()).isEqualTo(sha256(String.join("\u0001", "evt-1", "platform", "null", "null", "m",
				"2026-06-10T11:59:30Z", "1", "0", "0", "0", "1", "null", "INTERACTIVE", "null")));
		assertThat(labelled.contentHash()).isNotEqualTo(plain.contentHash());
	}

	private static String sha256(String text) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aValidArrayBecomesEventsInOrder() {
		List<UsageEvent> events = this.parser.parse(json("[" + event("a") + "," + event("b") + "," + event("c") + "]"));

		assertThat(events).extracting(UsageEvent::eventId).containsExactly("a", "b", "c");
	}

	@Test
	void aBatchReportsEveryBadItemByIndexAndField() {
		String body = "[" + event("ok-0") + ","
				+ "{'teamId':'platform','model':'m','occurredAt':'2026-06-10T11:59:00Z'}," // 1
				+ event("ok-2") + "," + "{'eventId':'e3','teamId':'-bad','model':'m','occurredAt':'soon',"
				+ "'inputTokens':-1,'outputTokens':100000001,'costUsd':-0.5,'kind':'robot'}," // 3
				+ "{'eventId':'e4','teamId':'platform','model':'m','occurredAt':'2026-06-10T11:59:00Z','colour':'red'}" // 4
				+ "]";

		List<FieldError> errors = errorsOf(body);

		assertThat(errors).extracting(FieldError::index, FieldError::field)
			.containsExactlyInAnyOrder(tuple(1, "eventId"), tuple(3, "teamId"), tuple(3, "occurredAt"),
					tuple(3, "inputTokens"), tuple(3, "outputTokens"), tuple(3, "costUsd"), tuple(3, "kind"),
					tuple(4, "colour"));
		assertThat(errors).allSatisfy((e) -> assertThat(e.message()).isNotBlank());
	}

	@Test
	void nothingFromABatchIsAcceptedWhenOneItemIsBad() {
		String body = "[" + event("a") + "," + event("-b") + "]";

		assertThat(errorsOf(body)).containsExactly(new FieldError(1, "eventId",
				"is required: 1-200 letters, digits or . _ : @ / + = -, starting with a letter or digit"));
	}

	@Test
	void errorsOfASingleObjectHaveNoIndex() {
		List<FieldError> errors = errorsOf("{'teamId':'platform','model':'m','occurredAt':'2026-06-10T11:59:00Z'}");

		assertThat(errors).extracting(FieldError::index, FieldError::field).containsExactly(tuple(null, "eventId"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "''", "' x'", "'-x'", "'a b'", "'a#b'", "null" })
	void aMissingOrMalformedEventIdIsRejected(String eventId) {
		JsonNode body = with("'eventId':" + eventId);

		assertThat(errorsOf(body)).extracting(FieldError::field).containsExactly("eventId");
	}

	@Test
	void anEventIdOfTwoHundredCharactersIsAcceptedButNotOneMore() {
		String longest = "e" + "x".repeat(199);

		assertThat(this.parser.parse(json(event(longest)))).hasSize(1);
		assertThat(errorsOf(event(longest + "x"))).extracting(FieldError::field).containsExactly("eventId");
	}

	@Test
	void missingRequiredFieldsAreAllReported() {
		assertThat(errorsOf("{}")).extracting(FieldError::field)
			.containsExactlyInAnyOrder("eventId", "teamId", "model", "occurredAt");
	}

	@ParameterizedTest
	@ValueSource(strings = { "'inputTokens':-1", "'outputTokens':-5", "'cacheReadTokens':100000001",
			"'cacheCreationTokens':-9223372036854775808", "'messages':-1", "'messages':100001",
			"'inputTokens':9223372036854775807" })
	void negativeOrAbsurdCountsAreRejected(String field) {
		JsonNode body = with(field);
		String name = field.substring(1, field.indexOf('\'', 1));

		assertThat(errorsOf(body)).extracting(FieldError::field).containsExactly(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "'inputTokens':99999999999999999999999", "'inputTokens':1e30",
			"'messages':123456789012345678901234567890" })
	void numbersTooBigForTheirTypeAreRejectedByField(String field) {
		JsonNode body = with(field);
		String name = field.substring(1, field.indexOf('\'', 1));

		assertThat(errorsOf(body)).extracting(FieldError::field).containsExactly(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "'inputTokens':1.5", "'outputTokens':0.1", "'cacheReadTokens':2.000001",
			"'cacheCreationTokens':1e-3", "'messages':1.5" })
	void aFractionalCountIsRejectedRatherThanTruncated(String field) {
		String name = field.substring(1, field.indexOf('\'', 1));

		assertThat(errorsOf(with(field))).containsExactly(new FieldError(null, name, "must be a whole number"));
	}

	@Test
	void aWholeNumberWrittenWithADecimalPointOrExponentIsAccepted() {
		assertThat(this.parser.parse(with("'inputTokens':12.0,'outputTokens':1e3"))).singleElement().satisfies((e) -> {
			assertThat(e.inputTokens()).isEqualTo(12);
			assertThat(e.outputTokens()).isEqualTo(1000);
		});
	}

	@Test
	void theLargestAllowedCountsAreAccepted() {
		List<UsageEvent> events = this.parser
			.parse(json("{'eventId':'e','teamId':'t','model':'m','occurredAt':'2026-06-10T11:59:00Z',"
					+ "'inputTokens':100000000,'outputTokens':100000000,'cacheReadTokens':100000000,"
					+ "'cacheCreationTokens':100000000,'messages':100000,'costUsd':100000}"));

		assertThat(events).singleElement().satisfies((e) -> {
			assertThat(e.inputTokens()).isEqualTo(100_000_000);
			assertThat(e.messages()).isEqualTo(100_000);
			assertThat(e.costUsd()).isEqualByComparingTo("100000");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "-0.000001", "100000.000001", "0.0000001", "1e9" })
	void aNegativeHugeOrTooPreciseCostIsRejected(String cost) {
		JsonNode body = with("'costUsd':" + cost);

		assertThat(errorsOf(body)).extracting(FieldError::field).containsExactly("costUsd");
	}

	@Test
	void aCostWithTrailingZerosBeyondSixDecimalsIsAccepted() {
		String body = "{'eventId':'e','teamId':'t','model':'m','occurredAt':'2026-06-10T11:59:00Z','costUsd':0.1200000}";

		assertThat(this.parser.parse(json(body))).singleElement()
			.satisfies((e) -> assertThat(e.costUsd()).isEqualByComparingTo("0.12"));
	}

	@Test
	void anOccurredAtUpToFiveMinutesAheadIsAcceptedButNotBeyond() {
		String atLimit = "{'eventId':'e','teamId':'t','model':'m','occurredAt':'2026-06-10T12:05:00Z'}";
		String beyond = "{'eventId':'e','teamId':'t','model':'m','occurredAt':'2026-06-10T12:05:01Z'}";

		assertThat(this.parser.parse(json(atLimit))).hasSize(1);
		List<FieldError> errors = errorsOf(beyond);
		assertThat(errors).extracting(FieldError::field).containsExactly("occurredAt");
		assertThat(errors.get(0).message()).contains("5 minutes in the future");
	}

	@Test
	void anOccurredAtMoreThanFourHundredDaysAgoIsRejected() {
		String oldest = "{'eventId':'e','teamId':'t','model':'m','occurredAt':'2025-05-06T12:00:00Z'}";
		String older = "{'eventId':'e','teamId':'t','model':'m','occurredAt':'2025-05-06T11:59:59Z'}";

		assertThat(this.parser.parse(json(oldest))).hasSize(1);
		assertThat(errorsOf(older)).extracting(FieldError::field).containsExactly("occurredAt");
	}

	@ParameterizedTest
	@ValueSource(strings = { "'2026-06-10T11:59:00'", "'2026-06-10'", "'yesterday'", "''", "'2026-06-10 11:59:00Z'" })
	void anOccurredAtWithoutOffsetOrNotATimestampIsRejected(String occurredAt) {
		JsonNode body = with("'occurredAt':" + occurredAt);

		assertThat(errorsOf(body)).extracting(FieldError::field).containsExactly("occurredAt");
	}

	@ParameterizedTest
	@ValueSource(strings = { "'inputTokens':'many'", "'inputTokens':{}", "'inputTokens':[1]", "'costUsd':'free'",
			"'eventId':{'nested':[1,2]}", "'teamId':[]", "'occurredAt':{'epoch':1}", "'messages':'x'",
			"'outputTokens':true", "'kind':{}" })
	void aValueOfTheWrongTypeIsReportedUnderItsField(String field) {
		JsonNode body = with(field);
		String name = field.substring(1, field.indexOf('\'', 1));

		List<FieldError> errors = errorsOf(body);
		assertThat(errors).extracting(FieldError::index, FieldError::field).containsExactly(tuple(null, name));
		assertThat(errors.get(0).message()).isEqualTo("has the wrong type or is out of range");
	}

	@Test
	void anUnknownFieldIsReportedByName() {
		List<FieldError> errors = errorsOf("[" + event("a")
				+ ",{'eventId':'e','teamId':'t','model':'m','occurredAt':'2026-06-10T11:59:00Z','tokens':5}]");

		assertThat(errors).containsExactly(new FieldError(1, "tokens", "is not a field of a usage event"));
	}

	@Test
	void anUnknownKindIsRejected() {
		assertThat(
				errorsOf("{'eventId':'e','teamId':'t','model':'m','occurredAt':'2026-06-10T11:59:00Z','kind':'batch'}"))
			.extracting(FieldError::field)
			.containsExactly("kind");
	}

	@Test
	void anEmptyArrayIsRejected() {
		InvalidRequest ex = catchInvalid(json("[]"));

		assertThat(ex.errors()).containsExactly(new FieldError(null, null, "send at least one event"));
	}

	@Test
	void aBatchOfAThousandEventsIsAcceptedButNotOneMore() {
		String thousand = IntStream.range(0, 1000)
			.mapToObj((i) -> event("e-" + i))
			.collect(Collectors.joining(",", "[", "]"));
		String thousandAndOne = IntStream.range(0, 1001)
			.mapToObj((i) -> event("e-" + i))
			.collect(Collectors.joining(",", "[", "]"));

		assertThat(this.parser.parse(json(thousand))).hasSize(1000);
		assertThat(catchInvalid(json(thousandAndOne)).errors())
			.containsExactly(new FieldError(null, null, "at most 1000 events per request"));
	}

	@Test
	void itemsOfABatchThatAreNotObjectsAreReportedByIndex() {
		List<FieldError> errors = errorsOf("[1, 'x', null, [], [" + event("nested") + "], true, " + event("ok") + "]");

		assertThat(errors).extracting(FieldError::index, FieldError::field, FieldError::message)
			.containsExactly(tuple(0, null, "must be a usage event object"),
					tuple(1, null, "must be a usage event object"), tuple(2, null, "must be a usage event object"),
					tuple(3, null, "must be a usage event object"), tuple(4, null, "must be a usage event object"),
					tuple(5, null, "must be a usage event object"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "42", "'event'", "true", "null" })
	void aBodyThatIsNeitherAnObjectNorAnArrayIsRejected(String body) {
		assertThat(errorsOf(body))
			.containsExactly(new FieldError(null, null, "the body must be a usage event object or an array of them"));
	}

	@Test
	void noBodyAtAllIsRejected() {
		assertThat(errorsOf((JsonNode) null)).extracting(FieldError::message)
			.containsExactly("the body must be a usage event object or an array of them");
	}

	@Test
	void nestedGarbageInsideAnEventIsReportedUnderTheFieldThatHoldsIt() {
		List<FieldError> errors = errorsOf("[" + event("a")
				+ ",{'eventId':'e','teamId':'t','model':{'name':{'deeper':[1,{'x':null}]}},'occurredAt':'2026-06-10T11:59:00Z'}]");

		assertThat(errors).extracting(FieldError::index, FieldError::field).containsExactly(tuple(1, "model"));
	}

	@Test
	void theFirstProblemOfAnItemThatCannotBeReadDoesNotHideOtherItems() {
		List<FieldError> errors = errorsOf("[{'eventId':'e','inputTokens':'x'},{'eventId':'f','bogus':1},{}]");

		assertThat(errors).extracting(FieldError::index, FieldError::field)
			.containsExactly(tuple(0, "inputTokens"), tuple(1, "bogus"), tuple(2, "eventId"), tuple(2, "teamId"),
					tuple(2, "model"), tuple(2, "occurredAt"));
	}

	@Test
	void theMessageOfASingleErrorNamesItemAndField() {
		InvalidRequest ex = catchInvalid(json("[" + event("a") + "," + event("-b") + "]"));

		assertThat(ex.getMessage()).startsWith("item 1, eventId: ");
	}

	@Test
	void severalErrorsAreSummarised() {
		InvalidRequest ex = catchInvalid(json("{}"));

		assertThat(ex.getMessage()).isEqualTo("4 fields are invalid; see errors");
	}

	@Test
	void anInvalidRequestIsThrownRatherThanReturningPartialResults() {
		assertThatExceptionOfType(InvalidRequest.class)
			.isThrownBy(() -> this.parser.parse(json("[" + event("a") + ",{}]")));
	}

}
