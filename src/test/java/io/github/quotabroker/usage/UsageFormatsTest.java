package io.github.quotabroker.usage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.github.quotabroker.usage.UsageEventParser.Envelope;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.InvalidRequest;
import org.junit.jupiter.api.Test;

import static io.github.quotabroker.usage.UsageEventParserTest.DEFAULTS;
import static io.github.quotabroker.usage.UsageEventParserTest.JSON;
import static io.github.quotabroker.usage.UsageEventParserTest.NOW;
import static io.github.quotabroker.usage.UsageEventParserTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/** OpenAI and Anthropic usage objects, and CloudEvents, on {@code POST /usage-events}. */
class UsageFormatsTest {

	final UsageEventParser parser = new UsageEventParser(JSON, DEFAULTS, java.time.Clock.fixed(NOW, ZoneOffset.UTC));

	static final String HEAD = "'eventId':'e-1','teamId':'platform','model':'gpt-4o','occurredAt':'2026-06-10T11:59:00Z'";

	UsageEvent one(String body) {
		List<UsageEvent> events = this.parser.parse(json(body));
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	List<FieldError> errors(String body, Envelope envelope) {
		InvalidRequest ex = catchThrowableOfType(InvalidRequest.class, () -> this.parser.parse(json(body), envelope));
		assertThat(ex).isNotNull();
		return ex.errors();
	}

	@Test
	void anOpenAiChatUsageCountsCachedTokensAsCacheReadsNotAsInput() {
		UsageEvent e = one("{'format':'openai'," + HEAD + ",'usage':{'prompt_tokens':1000,'completion_tokens':50,"
				+ "'total_tokens':1050,'prompt_tokens_details':{'cached_tokens':400},"
				+ "'completion_tokens_details':{'reasoning_tokens':10}}}");
		assertThat(e.inputTokens()).isEqualTo(600);
		assertThat(e.cacheReadTokens()).isEqualTo(400);
		assertThat(e.outputTokens()).isEqualTo(50);
		assertThat(e.cacheCreationTokens()).isZero();
		assertThat(e.eventId()).isEqualTo("e-1");
	}

	@Test
	void anOpenAiResponsesUsageIsReadToo() {
		UsageEvent e = one("{'format':'openai'," + HEAD + ",'usage':{'input_tokens':300,'output_tokens':20,"
				+ "'input_tokens_details':{'cached_tokens':100},'total_tokens':320}}");
		assertThat(e.inputTokens()).isEqualTo(200);
		assertThat(e.cacheReadTokens()).isEqualTo(100);
		assertThat(e.outputTokens()).isEqualTo(20);
	}

	@Test
	void anAnthropicUsageMapsFieldForField() {
		UsageEvent e = one("{'format':'anthropic'," + HEAD.replace("gpt-4o", "claude-sonnet-4-5")
				+ ",'usage':{'input_tokens':12,'output_tokens':340,'cache_creation_input_tokens':2048,"
				+ "'cache_read_input_tokens':15000,'service_tier':'standard'}}");
		assertThat(List.of(e.inputTokens(), e.outputTokens(), e.cacheCreationTokens(), e.cacheReadTokens()))
			.containsExactly(12L, 340L, 2048L, 15000L);
	}

	@Test
	void badProviderUsageIsNamedByItsOwnFieldAndItemIndex() {
		List<FieldError> errors = errors("[{'format':'openai'," + HEAD + ",'usage':{'completion_tokens':5}},"
				+ "{'format':'anthropic'," + HEAD + ",'usage':{'input_tokens':-1,'output_tokens':1.5}},"
				+ "{'format':'openai'," + HEAD + ",'usage':{'prompt_tokens':5,'completion_tokens':1,"
				+ "'prompt_tokens_details':{'cached_tokens':6}}}," + "{'format':'gemini'," + HEAD + "},"
				+ "{'format':'openai'," + HEAD + ",'inputTokens':3,'usage':{}}," + "{'format':'openai'," + HEAD + "}]",
				Envelope.EVENTS);
		assertThat(errors).extracting(FieldError::index, FieldError::field)
			.containsExactly(tuple(0, "usage.prompt_tokens"), tuple(1, "usage.input_tokens"),
					tuple(1, "usage.output_tokens"), tuple(2, "usage.prompt_tokens_details.cached_tokens"),
					tuple(3, "format"), tuple(4, "inputTokens"), tuple(5, "usage"));
	}

	static final String CLOUD_EVENT = "{'specversion':'1.0','id':'ce-1','source':'/agents/ci','type':'com.example.usage',"
			+ "'time':'2026-06-10T11:58:00Z','subject':'platform','datacontenttype':'application/json',"
			+ "'data':{'model':'claude-haiku-4-5','inputTokens':800,'outputTokens':120}}";

	@Test
	void aCloudEventsIdBecomesTheEventIdItsTimeAndSubjectTheDefaults() {
		List<UsageEvent> events = this.parser.parse(json(CLOUD_EVENT), Envelope.CLOUD_EVENT);
		assertThat(events).hasSize(1);
		UsageEvent e = events.get(0);
		assertThat(e.eventId()).isEqualTo("ce-1");
		assertThat(e.teamId()).isEqualTo("platform");
		assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-06-10T11:58:00Z"));
		assertThat(e.inputTokens()).isEqualTo(800);
	}

	@Test
	void aCloudEventsDataMayCarryAProviderUsageObject() {
		List<UsageEvent> events = this.parser.parse(json("[" + CLOUD_EVENT.replace(
				"'data':{'model':'claude-haiku-4-5','inputTokens':800,'outputTokens':120}",
				"'data':{'format':'openai','teamId':'other','model':'gpt-4o','usage':{'prompt_tokens':10,'completion_tokens':2}}")
				+ "]"), Envelope.CLOUD_EVENT_BATCH);
		assertThat(events.get(0).teamId()).isEqualTo("other");
		assertThat(events.get(0).inputTokens()).isEqualTo(10);
	}

	@Test
	void badCloudEventsAreNamedByAttributeOrDataField() {
		List<FieldError> errors = errors("[" + CLOUD_EVENT + ","
				+ CLOUD_EVENT.replace("'specversion':'1.0'", "'specversion':'0.3'").replace("'id':'ce-1',", "") + ","
				+ CLOUD_EVENT.replace("'inputTokens':800", "'inputTokens':-8") + ","
				+ CLOUD_EVENT.replace("'data':{", "'data':{'eventId':'x',") + ","
				+ CLOUD_EVENT.replace("'id':'ce-1'", "'id':'bad id'") + "]", Envelope.CLOUD_EVENT_BATCH);
		assertThat(errors).extracting(FieldError::index, FieldError::field)
			.containsExactly(tuple(1, "specversion"), tuple(1, "id"), tuple(2, "data.inputTokens"),
					tuple(3, "data.eventId"), tuple(4, "id"));
	}

	@Test
	void theEnvelopeMustMatchTheContentType() {
		assertThat(catchThrowableOfType(InvalidRequest.class,
				() -> this.parser.parse(json("[" + CLOUD_EVENT + "]"), Envelope.CLOUD_EVENT))
			.getMessage()).contains("application/cloudevents-batch+json");
		assertThat(catchThrowableOfType(InvalidRequest.class,
				() -> this.parser.parse(json(CLOUD_EVENT), Envelope.CLOUD_EVENT_BATCH)))
			.isNotNull();
	}

}
