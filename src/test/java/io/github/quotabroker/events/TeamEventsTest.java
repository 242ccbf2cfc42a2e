package io.github.quotabroker.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** How an event is made to fit one PostgreSQL notification. */
class TeamEventsTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final TeamEvents events = new TeamEvents(null, this.json, new SimpleMeterRegistry(), (event) -> {
	});

	@Test
	void aShortEventIsSentAsItIs() {
		TeamEvent event = event("Reservation 'r' holds 20 messages");
		assertThat(this.events.fitted(event)).isEqualTo(event);
	}

	@Test
	void aLongMessageIsCutToFitOnACodePointBoundaryAndSaysSo() {
		for (String unit : new String[] { "a", "é", "\"", "😀", "\n" }) {
			TeamEvent fitted = this.events.fitted(event(unit.repeat(12_000)));
			int bytes = this.json.writeValueAsString(fitted).getBytes(StandardCharsets.UTF_8).length;
			assertThat(bytes).as("payload bytes for %s", unit).isLessThanOrEqualTo(TeamEvents.MAX_PAYLOAD_BYTES);
			assertThat(bytes).as("payload bytes for %s", unit).isGreaterThan(TeamEvents.MAX_PAYLOAD_BYTES - 200);
			assertThat(fitted.message()).endsWith("…").startsWith(unit);
			String kept = fitted.message().substring(0, fitted.message().length() - 1);
			assertThat(kept.replace(unit, "")).isEmpty();
		}
	}

	private static TeamEvent event(String message) {
		return new TeamEvent(TeamEventType.PREEMPTED, "platform", "session", "r", "PREEMPTED", message,
				Instant.parse("2026-11-25T12:00:00Z"));
	}

}
