package io.github.quotabroker.contract;

import java.util.List;

import io.swagger.v3.oas.models.media.Schema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shows that the checker behind {@link OpenApiContractIT} rejects bodies that break the
 * contract, so that a passing conformance test means something.
 */
class SchemaCheckerTest {

	private static final Contract contract = Contract.load();

	private static final String POOL = """
			{"id":"max-session","name":"Claude Max session","unit":"MESSAGES","limit":900,
			 "window":{"type":"ROLLING","duration":"PT5H"},"models":["claude-*"],
			 "tokenWeights":{"input":1,"output":1,"cacheRead":1,"cacheCreation":1},
			 "thresholds":{"yellow":70,"orange":85,"red":95},"safetyBufferPercent":10,"automationCapPercent":90,"agingInterval":"PT1H",
			 "conservation":{"lowBelowPercent":40,"mediumBelowPercent":20,"highBelowPercent":10},
			 "createdAt":"2026-11-25T12:00:00Z","updatedAt":"2026-11-25T12:00:00Z"}""";

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aPoolAsTheApplicationAnswersItConforms() {
		assertThat(violations("Pool", POOL)).isEmpty();
	}

	@Test
	void aBodyMissingARequiredFieldIsRejected() {
		assertThat(violations("Pool", POOL.replace("\"models\":[\"claude-*\"],", "")))
			.containsExactly("$: required property 'models' is missing");
	}

	@Test
	void aRequiredFieldMissingDeepInsideIsRejectedWithItsPath() {
		assertThat(violations("Pool", POOL.replace("\"orange\":85,", "")))
			.containsExactly("$.thresholds: required property 'orange' is missing");
	}

	@Test
	void aPropertyOfTheWrongTypeIsRejected() {
		assertThat(violations("Pool", POOL.replace("\"limit\":900", "\"limit\":\"900\"")))
			.containsExactly("$.limit: expected number but was a string \"900\"");
		assertThat(violations("Thresholds", "{\"yellow\":70.5,\"orange\":85,\"red\":95}"))
			.containsExactly("$.yellow: expected integer but was a number 70.5");
		assertThat(violations("Problem", """
				{"type":"https://quota-broker.github.io/problems/conflict","title":"Conflict","status":409,
				 "detail":"d","retryable":"no"}"""))
			.containsExactly("$.retryable: expected boolean but was a string \"no\"");
	}

	@Test
	void anUndeclaredPropertyIsRejectedWhenAdditionalPropertiesAreClosed() {
		assertThat(violations("Pool", POOL.replace("\"id\":", "\"version\":3,\"id\":")))
			.containsExactly("$: property 'version' is not declared (additionalProperties: false)");
	}

	@Test
	void aNullIsRejectedBecauseTheApplicationOmitsNullFields() {
		assertThat(violations("Member", "{\"id\":\"ana\",\"timezone\":\"UTC\",\"workingHours\":null}"))
			.containsExactly("$.workingHours: is null but the schema does not allow null");
	}

	@Test
	void aValueOutsideTheEnumIsRejected() {
		assertThat(violations("Pool", POOL.replace("\"MESSAGES\"", "\"REQUESTS\"")))
			.containsExactly("$.unit: REQUESTS is not one of [MESSAGES, TOKENS, COST_USD]");
	}

	@Test
	void anArrayItemIsCheckedAgainstTheItemSchema() {
		assertThat(violations("IngestAnswer", """
				{"recorded":1,"duplicates":0,"events":[{"eventId":"e1","status":"RECORDED","countedAgainst":[7]}]}"""))
			.containsExactly("$.events[0].countedAgainst[0]: expected string but was an integer 7");
	}

	@Test
	void aBodyMatchingNoOneOfBranchIsRejected() {
		List<String> violations = violations("Pool", POOL.replace("\"duration\":\"PT5H\"", "\"period\":\"DAILY\""));
		assertThat(violations).hasSize(1);
		assertThat(violations.get(0)).startsWith("$.window: must match exactly one oneOf branch but matches 0");
		assertThat(violations("CalendarWindow", """
				{"type":"CALENDAR","period":"WEEKLY","resetTime":"09:00","resetDay":true,"timezone":"UTC"}"""))
			.singleElement()
			.asString()
			.startsWith("$.resetDay: must match exactly one oneOf branch but matches 0");
		assertThat(violations("CalendarWindow", """
				{"type":"CALENDAR","period":"MONTHLY","resetTime":"09:00","resetDay":1,"timezone":"UTC"}""")).isEmpty();
	}

	@Test
	void aTimestampThatIsNotRfc3339IsRejected() {
		assertThat(violations("Pool",
				POOL.replace("\"createdAt\":\"2026-11-25T12:00:00Z\"", "\"createdAt\":\"yesterday\"")))
			.containsExactly("$.createdAt: 'yesterday' is not an RFC 3339 date-time");
	}

	@Test
	void aStringNotMatchingThePatternIsRejected() {
		assertThat(violations("Pool", POOL.replace("\"id\":\"max-session\"", "\"id\":\"-session\""))).singleElement()
			.asString()
			.startsWith("$.id: '-session' does not match");
	}

	@Test
	void aSchemaReferenceThatLeadsNowhereFailsLoudly() {
		Schema<?> dangling = new Schema<>().$ref("#/components/schemas/NoSuchSchema");
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> contract.checker().check(dangling, this.json.readTree("{}")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("NoSuchSchema");
	}

	private List<String> violations(String schemaName, String body) {
		JsonNode node = this.json.readTree(body);
		Schema<?> schema = new Schema<>().$ref("#/components/schemas/" + schemaName);
		return contract.checker().check(schema, node);
	}

}
