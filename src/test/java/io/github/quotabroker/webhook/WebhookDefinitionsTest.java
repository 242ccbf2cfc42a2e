package io.github.quotabroker.webhook;

import java.time.Duration;
import java.util.List;

import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.InvalidRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WebhookDefinitionsTest {

	private static final String SECRET = "0123456789abcdef0123";

	@Test
	void aMinimalRequestGetsTheDefaults() {
		WebhookDefinitions.Definition d = WebhookDefinitions.check(new WebhookRequest("https://hooks.example.com/q",
				List.of("threshold_crossed"), null, null, SECRET, null), true);
		assertThat(d.events()).containsExactly(NoticeType.THRESHOLD_CROSSED);
		assertThat(d.thresholds()).containsExactly(80, 95);
		assertThat(d.queueWaitAbove()).isEqualTo(Duration.ofMinutes(15));
		assertThat(d.format()).isEqualTo(WebhookFormat.JSON);
	}

	@Test
	void thresholdsAreSortedAndTheSecretMayBeKeptOnAReplacement() {
		WebhookDefinitions.Definition d = WebhookDefinitions.check(new WebhookRequest("http://127.0.0.1:9/x",
				List.of("ANOMALY", "QUEUE_WAIT_EXCEEDED"), List.of(95, 50, 80), "PT30M", null, "slack"), false);
		assertThat(d.thresholds()).containsExactly(50, 80, 95);
		assertThat(d.secret()).isNull();
		assertThat(d.format()).isEqualTo(WebhookFormat.SLACK);
		assertThat(d.queueWaitAbove()).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void everyBrokenFieldIsNamed() {
		InvalidRequest ex = catchThrowableOfType(InvalidRequest.class,
				() -> WebhookDefinitions.check(new WebhookRequest("ftp://example.com/x",
						List.of("THRESHOLD_CROSSED", "NOPE"), List.of(0, 80, 80, 101), "PT10S", "short", "xml"), true));
		assertThat(ex.errors()).extracting(FieldError::field)
			.containsExactlyInAnyOrder("url", "events[1]", "thresholds[0]", "thresholds[2]", "thresholds[3]",
					"queueWaitAbove", "secret", "format");
	}

	@Test
	void urlsMustBeHttpWithAHost() {
		for (String url : List.of("", "javascript:alert(1)", "https://", "http:///path", "https://host/x#frag",
				"not a url", "file:///etc/passwd")) {
			InvalidRequest ex = catchThrowableOfType(InvalidRequest.class, () -> WebhookDefinitions
				.check(new WebhookRequest(url, List.of("ANOMALY"), null, null, SECRET, null), true));
			assertThat(ex).as(url).isNotNull();
			assertThat(ex.errors()).extracting(FieldError::field).containsExactly("url");
		}
	}

	@Test
	void aNewWebhookNeedsASecretAndAtLeastOneEvent() {
		InvalidRequest ex = catchThrowableOfType(InvalidRequest.class, () -> WebhookDefinitions
			.check(new WebhookRequest("https://example.com/x", List.of(), null, null, null, null), true));
		assertThat(ex.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("events", "secret");
	}

}
