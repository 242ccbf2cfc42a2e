package io.github.quotabroker.availability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Reused and shared availability answers never differ from a fresh computation. */
class AvailabilityReuseIT extends IntegrationTestBase {

	@Autowired
	AvailabilityService availability;

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1000, "PT5H", "claude-*");
		this.api.team("platform", "Europe/Berlin");
		this.api.allocate("session", "platform");
	}

	@Test
	void concurrentRequestsAllSeeTheLatestUsage() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			for (int round = 1; round <= 20; round++) {
				this.api.usage("e" + round, "platform", "claude-sonnet-4", "2026-11-25T11:30:00Z", 1)
					.andExpect(status().isOk());
				CountDownLatch start = new CountDownLatch(1);
				List<Future<TeamAvailability>> answers = new ArrayList<>();
				for (int i = 0; i < 16; i++) {
					answers.add(executor.submit(() -> {
						start.await();
						return this.availability.of("platform", null, null);
					}));
				}
				start.countDown();
				for (Future<TeamAvailability> answer : answers) {
					assertThat(answer.get().pools().get(0).used()).isEqualByComparingTo(String.valueOf(round));
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aReusedAnswerEndsAtTheNextMinuteForRollingWindows() throws Exception {
		this.api.usage("e1", "platform", "claude-sonnet-4", "2026-11-25T07:00:30Z", 5).andExpect(status().isOk());
		this.clock.set(Instant.parse("2026-11-25T12:00:59.999Z"));
		assertThat(this.availability.of("platform", null, null).pools().get(0).used()).isEqualByComparingTo("5");
		// One millisecond later, well within the reuse TTL, the 07:00 bucket has left the
		// 5-hour window: the earlier answer must not be reused.
		this.clock.set(Instant.parse("2026-11-25T12:01:00Z"));
		assertThat(this.availability.of("platform", null, null).pools().get(0).used()).isEqualByComparingTo("0");
	}

}
