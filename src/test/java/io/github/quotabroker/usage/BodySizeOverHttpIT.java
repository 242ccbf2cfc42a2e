package io.github.quotabroker.usage;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.Ledger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 1 MiB body limit over real HTTP, with a declared length and with a chunked body.
 */
class BodySizeOverHttpIT extends HttpIntegrationTestBase {

	Http http;

	@BeforeEach
	void setUp() throws Exception {
		this.http = new Http(this.port);
		new Api(this.mvc).team("platform", "UTC");
	}

	@Test
	void aBodyOverOneMebibyteWithContentLengthIsTooLarge() throws Exception {
		HttpResponse<String> response = this.http.post("/usage-events",
				BodyPublishers.ofByteArray(UsageBatchIT.oversizedBatch()));
		assertTooLarge(response);
	}

	@Test
	void aChunkedBodyThatGrowsPastOneMebibyteIsTooLarge() throws Exception {
		byte[] body = UsageBatchIT.oversizedBatch();
		HttpResponse<String> response = this.http.post("/usage-events",
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
		assertThat(response.request().headers().firstValue("Content-Length")).isEmpty();
		assertTooLarge(response);
	}

	@Test
	void aSmallChunkedBodyIsRecorded() throws Exception {
		byte[] body = Api.event("chunked", "platform", "gpt-5", "2026-11-25T11:00:00Z", 1)
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = this.http.post("/usage-events",
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"RECORDED\"");
		assertThat(new Ledger(this.jdbc).events()).isEqualTo(1);
	}

	private void assertTooLarge(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"status\":413")
			.contains("https://quota-broker.github.io/problems/body-too-large");
		assertThat(new Ledger(this.jdbc).allRows()).isZero();
	}

}
