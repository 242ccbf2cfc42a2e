package io.github.quotabroker.availability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.QuotaBrokerApplication;
import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.events.TeamEvents;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.SseClient;
import io.github.quotabroker.support.SseClient.Message;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Two instances refresh the same pool's colour at once: its teams hear of each change
 * once, not once per instance.
 */
class PoolStatusChangeAcrossInstancesIT extends HttpIntegrationTestBase {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	Environment environment;

	@Autowired
	AvailabilityMetrics metrics;

	@Autowired
	TeamEvents events;

	private ConfigurableApplicationContext second;

	@BeforeEach
	void twoInstancesAndAPoolOfTwoTeams() throws Exception {
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.team("research", "UTC");
		this.api.allocate("session", "platform");
		this.api.allocate("session", "research");
		this.second = new SpringApplicationBuilder(QuotaBrokerApplication.class, TestBeans.class).run("--server.port=0",
				"--quota.metrics.refresh-interval=PT1H", "--quota.reservations.sweep-interval=PT1H",
				"--quota.queue.poll-interval=PT1H", "--quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
				"--spring.datasource.hikari.maximum-pool-size=4",
				"--spring.datasource.url=" + this.environment.getProperty("spring.datasource.url"),
				"--spring.datasource.username=" + this.environment.getProperty("spring.datasource.username"),
				"--spring.datasource.password=" + this.environment.getProperty("spring.datasource.password", ""));
		this.second.getBean(MutableClock.class).set(this.clock.instant());
	}

	@AfterEach
	void stopSecond() {
		if (this.second != null) {
			this.second.close();
		}
	}

	@Test
	void eachChangeOfColourIsAnnouncedOnceToEachTeamOfThePool() throws Exception {
		try (SseClient platform = connected("platform"); SseClient research = connected("research")) {
			List<SseClient> streams = List.of(platform, research);
			refreshBothAtOnce();
			// First sight of the pool is no change.
			assertStatusChanges(streams, "first-sight");
			this.api.usage("u1", "platform", "claude-sonnet-4-5", "2026-11-25T11:50:00Z", 80)
				.andExpect(status().isOk());
			refreshBothAtOnce();
			List<Message> yellow = assertStatusChanges(streams, "yellow", "YELLOW");
			assertThat(JsonPath.<String>read(yellow.get(0).data(), "$.teamId")).isEqualTo("platform");
			assertThat(JsonPath.<String>read(yellow.get(0).data(), "$.poolId")).isEqualTo("session");
			assertThat(JsonPath.<String>read(yellow.get(0).data(), "$.message"))
				.isEqualTo("Pool 'session' is now YELLOW: 80 % of its limit is used (it was GREEN)");
			assertThat(JsonPath.<String>read(yellow.get(0).data(), "$.at")).isEqualTo("2026-11-25T12:00:00Z");
			// Refreshing again without a change announces nothing.
			refreshBothAtOnce();
			assertStatusChanges(streams, "unchanged");
			// Six hours later the usage has left the five-hour window: GREEN again, once.
			advance(Duration.ofHours(6));
			refreshBothAtOnce();
			assertStatusChanges(streams, "green", "GREEN");
		}
	}

	private void refreshBothAtOnce() {
		AvailabilityMetrics other = this.second.getBean(AvailabilityMetrics.class);
		CompletableFuture<Void> first = CompletableFuture.runAsync(this.metrics::refreshNow);
		CompletableFuture<Void> second = CompletableFuture.runAsync(other::refreshNow);
		CompletableFuture.allOf(first, second).join();
	}

	/**
	 * Publishes a marker to both teams and checks that the status changes each stream got
	 * before it are exactly {@code colours}; answers those of the first stream.
	 */
	private List<Message> assertStatusChanges(List<SseClient> streams, String marker, String... colours)
			throws Exception {
		for (String team : List.of("platform", "research")) {
			this.events.publish(new TeamEvent(TeamEventType.RELEASED, team, "session", marker + "-" + team, "RELEASED",
					"marker", this.clock.instant()));
		}
		List<Message> first = null;
		for (SseClient stream : streams) {
			List<Message> received = stream.eventsUntil(marker + "-", WAIT);
			List<Message> changes = received.stream().filter((m) -> "STATUS_CHANGED".equals(m.name())).toList();
			assertThat(changes).extracting((m) -> JsonPath.<String>read(m.data(), "$.status")).containsExactly(colours);
			assertThat(received).hasSize(colours.length + 1);
			first = (first != null) ? first : changes;
		}
		return first;
	}

	private void advance(Duration duration) {
		this.clock.advance(duration);
		this.second.getBean(MutableClock.class).set(this.clock.instant());
	}

	private SseClient connected(String teamId) throws Exception {
		SseClient stream = SseClient.open(this.port, TestBeans.ADMIN_TOKEN, "/teams/" + teamId + "/events");
		assertThat(stream.status()).isEqualTo(200);
		assertThat(stream.next(WAIT, (m) -> "connected".equals(m.comment()))).isNotNull();
		return stream;
	}

}
