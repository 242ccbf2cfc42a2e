package io.github.quotabroker.pool;

import java.time.Instant;
import java.util.List;

import io.github.quotabroker.support.IntegrationTestBase;
import io.github.quotabroker.support.Ledger;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class PoolApiIT extends IntegrationTestBase {

	@Autowired
	PoolService poolService;

	private static final String ROLLING = """
			{"name":"Session","unit":"MESSAGES","limit":100,"window":{"type":"ROLLING","duration":"PT1H"},"models":["claude-*"]}
			""";

	@Test
	void aNewPoolIsCreatedAndAnExistingOneReplaced() throws Exception {
		this.api.put("/pools/session", ROLLING)
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/pools/session"))
			.andExpect(jsonPath("$.id").value("session"))
			.andExpect(jsonPath("$.limit").value(100))
			.andExpect(jsonPath("$.window.type").value("ROLLING"))
			.andExpect(jsonPath("$.window.duration").value("PT1H"))
			.andExpect(jsonPath("$.thresholds.yellow").value(70))
			.andExpect(jsonPath("$.createdAt").value("2026-11-25T12:00:00Z"));
		this.clock.set(TestBeans.START.plusSeconds(60));
		this.api.put("/pools/session", ROLLING.replace("100", "250"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.limit").value(250))
			.andExpect(jsonPath("$.createdAt").value("2026-11-25T12:00:00Z"))
			.andExpect(jsonPath("$.updatedAt").value("2026-11-25T12:01:00Z"));
		this.api.get("/pools/session").andExpect(status().isOk()).andExpect(jsonPath("$.limit").value(250));
	}

	@Test
	void poolsAreListedById() throws Exception {
		this.api.put("/pools/zeta", ROLLING).andExpect(status().isCreated());
		this.api.put("/pools/alpha", """
				{"name":"Weekly","unit":"TOKENS","limit":5000000,"window":{"type":"CALENDAR","period":"WEEKLY",
				 "resetTime":"09:00","resetDay":"monday","timezone":"Europe/Berlin"},"models":["*"],
				 "tokenWeights":{"cacheRead":0.1}}
				""").andExpect(status().isCreated());
		this.api.get("/pools")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasSize(2)))
			.andExpect(jsonPath("$[0].id").value("alpha"))
			.andExpect(jsonPath("$[0].window.period").value("WEEKLY"))
			.andExpect(jsonPath("$[0].window.resetDay").value("MONDAY"))
			.andExpect(jsonPath("$[0].window.resetTime").value("09:00"))
			.andExpect(jsonPath("$[0].window.timezone").value("Europe/Berlin"))
			.andExpect(jsonPath("$[0].tokenWeights.cacheRead").value(0.1))
			.andExpect(jsonPath("$[0].tokenWeights.input").value(1))
			.andExpect(jsonPath("$[1].id").value("zeta"));
	}

	@Test
	void anUnknownPoolIsNotFound() throws Exception {
		this.api.get("/pools/nothing")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
		this.api.delete("/pools/nothing").andExpect(status().isNotFound());
	}

	@Test
	void everyInvalidFieldOfARollingPoolIsNamed() throws Exception {
		this.api.put("/pools/bad", """
				{"name":"Bad","unit":"MESSAGES","limit":0,"window":{"type":"ROLLING","duration":"PT30S"},
				 "models":["claude opus"]}
				""")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors", hasSize(3)))
			.andExpect(jsonPath("$.errors[?(@.field == 'limit')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'window.duration')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'models[0]')]").exists());
		this.api.put("/pools/bad", ROLLING.replace("100", "1.5"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("limit"));
		this.api.get("/pools/bad").andExpect(status().isNotFound());
	}

	@Test
	void everyInvalidFieldOfACalendarPoolIsNamed() throws Exception {
		this.api.put("/pools/bad", """
				{"name":"Bad","unit":"MESSAGES","limit":10,"window":{"type":"CALENDAR","period":"WEEKLY",
				 "resetDay":"FUNDAY","timezone":"EST"},"models":["*"]}
				""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors", hasSize(2)))
			.andExpect(jsonPath("$.errors[?(@.field == 'window.timezone')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'window.resetDay')]").exists());
		this.api.put("/pools/bad", """
				{"name":"Bad","unit":"MESSAGES","limit":10,"window":{"type":"CALENDAR","period":"MONTHLY",
				 "resetDay":31,"timezone":"Mars/Olympus_Mons"},"models":["*"]}
				""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[?(@.field == 'window.timezone')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'window.resetDay')]").exists());
		this.api.put("/pools/bad", """
				{"name":"Bad","unit":"MESSAGES","limit":10,"window":{"type":"CALENDAR","period":"DAILY",
				 "duration":"PT5H","timezone":"UTC"},"models":["*"]}
				""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("window.duration"));
	}

	@Test
	void aPoolWithoutPolicySettingsShowsTheDefaults() throws Exception {
		this.api.put("/pools/session", ROLLING)
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.safetyBufferPercent").value(10))
			.andExpect(jsonPath("$.automationCapPercent").value(90))
			.andExpect(jsonPath("$.conservation.lowBelowPercent").value(40))
			.andExpect(jsonPath("$.conservation.mediumBelowPercent").value(20))
			.andExpect(jsonPath("$.conservation.highBelowPercent").value(10));
		this.api.get("/pools/session")
			.andExpect(jsonPath("$.safetyBufferPercent").value(10))
			.andExpect(jsonPath("$.automationCapPercent").value(90))
			.andExpect(jsonPath("$.conservation.lowBelowPercent").value(40))
			.andExpect(jsonPath("$.conservation.mediumBelowPercent").value(20))
			.andExpect(jsonPath("$.conservation.highBelowPercent").value(10));
		assertThat(this.poolService.get("session").policy()).isEqualTo(PoolPolicy.DEFAULT);
	}

	@Test
	void customPolicySettingsAreKeptAndShownByEveryRead() throws Exception {
		this.api.put("/pools/session", rollingWith("""
				"safetyBufferPercent":0,"automationCapPercent":100,
				"conservation":{"lowBelowPercent":60,"mediumBelowPercent":35,"highBelowPercent":0}"""))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.safetyBufferPercent").value(0))
			.andExpect(jsonPath("$.automationCapPercent").value(100))
			.andExpect(jsonPath("$.conservation.lowBelowPercent").value(60))
			.andExpect(jsonPath("$.conservation.mediumBelowPercent").value(35))
			.andExpect(jsonPath("$.conservation.highBelowPercent").value(0));
		this.api.get("/pools/session")
			.andExpect(jsonPath("$.safetyBufferPercent").value(0))
			.andExpect(jsonPath("$.automationCapPercent").value(100))
			.andExpect(jsonPath("$.conservation.lowBelowPercent").value(60))
			.andExpect(jsonPath("$.conservation.mediumBelowPercent").value(35))
			.andExpect(jsonPath("$.conservation.highBelowPercent").value(0));
		// The list and the services' reads come from the plain-SQL catalogue, not from
		// JPA.
		this.api.get("/pools")
			.andExpect(jsonPath("$[0].safetyBufferPercent").value(0))
			.andExpect(jsonPath("$[0].automationCapPercent").value(100))
			.andExpect(jsonPath("$[0].conservation.lowBelowPercent").value(60))
			.andExpect(jsonPath("$[0].conservation.mediumBelowPercent").value(35))
			.andExpect(jsonPath("$[0].conservation.highBelowPercent").value(0));
		PoolPolicy expected = new PoolPolicy(0, 100, 60, 35, 0);
		assertThat(this.poolService.get("session").policy()).isEqualTo(expected);
		assertThat(this.poolService.byIds(List.of("session"))).singleElement()
			.extracting(Pool::policy)
			.isEqualTo(expected);
	}

	@Test
	void eachConservationLevelLeftOutTakesItsOwnDefault() throws Exception {
		this.api.put("/pools/session", rollingWith("""
				"safetyBufferPercent":25,"conservation":{"lowBelowPercent":50}"""))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.safetyBufferPercent").value(25))
			.andExpect(jsonPath("$.automationCapPercent").value(90))
			.andExpect(jsonPath("$.conservation.lowBelowPercent").value(50))
			.andExpect(jsonPath("$.conservation.mediumBelowPercent").value(20))
			.andExpect(jsonPath("$.conservation.highBelowPercent").value(10));
		// A replace is a whole definition: what it leaves out goes back to its default.
		this.api.put("/pools/session", ROLLING)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.safetyBufferPercent").value(10))
			.andExpect(jsonPath("$.conservation.lowBelowPercent").value(40));
	}

	@Test
	void everyInvalidPolicySettingIsNamed() throws Exception {
		this.api.put("/pools/bad", rollingWith("""
				"safetyBufferPercent":51,"automationCapPercent":0,
				"conservation":{"lowBelowPercent":101,"mediumBelowPercent":-1,"highBelowPercent":-5}"""))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors", hasSize(5)))
			.andExpect(jsonPath("$.errors[?(@.field == 'safetyBufferPercent')].message").value("must be from 0 to 50"))
			.andExpect(
					jsonPath("$.errors[?(@.field == 'automationCapPercent')].message").value("must be from 1 to 100"))
			.andExpect(jsonPath("$.errors[?(@.field == 'conservation.lowBelowPercent')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'conservation.mediumBelowPercent')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'conservation.highBelowPercent')]").exists());
		this.api.put("/pools/bad", rollingWith("""
				"safetyBufferPercent":-1,"automationCapPercent":101,
				"conservation":{"lowBelowPercent":10,"mediumBelowPercent":30}"""))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors", hasSize(3)))
			.andExpect(jsonPath("$.errors[?(@.field == 'safetyBufferPercent')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'automationCapPercent')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'conservation')].message")
				.value("must satisfy 0 <= highBelowPercent <= mediumBelowPercent <= lowBelowPercent <= 100"));
		// Left out, medium keeps its default of 20, above the low level asked for.
		this.api.put("/pools/bad", rollingWith("\"conservation\":{\"lowBelowPercent\":15}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors", hasSize(1)))
			.andExpect(jsonPath("$.errors[0].field").value("conservation"));
		this.api.put("/pools/bad", rollingWith("\"conservation\":{\"lowBelowPercent\":\"many\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("conservation.lowBelowPercent"));
		this.api.get("/pools/bad").andExpect(status().isNotFound());
	}

	/** {@link #ROLLING} with more members, given as JSON without the braces. */
	private static String rollingWith(String members) {
		String pool = ROLLING.strip();
		return pool.substring(0, pool.length() - 1) + "," + members + "}";
	}

	@Test
	void aPoolWithUsageInItsCurrentWindowCannotBeDeletedUntilTheWindowMovesOn() throws Exception {
		this.api.put("/pools/session", ROLLING).andExpect(status().isCreated());
		this.api.team("platform", "UTC");
		this.api.allocate("session", "platform");
		this.api.usage("e1", "platform", "claude-sonnet-4", "2026-11-25T11:50:30Z", 3).andExpect(status().isOk());
		this.api.delete("/pools/session")
			.andExpect(status().isConflict())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/conflict"));
		// The 11:50 minute still counts until 12:51.
		this.clock.set(Instant.parse("2026-11-25T12:50:59Z"));
		this.api.delete("/pools/session").andExpect(status().isConflict());
		this.clock.set(Instant.parse("2026-11-25T12:51:00Z"));
		this.api.delete("/pools/session").andExpect(status().isNoContent());
		this.api.get("/pools/session").andExpect(status().isNotFound());
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools").isEmpty());
		Ledger ledger = new Ledger(this.jdbc);
		assertThat(ledger.minuteBuckets()).isZero();
		assertThat(ledger.hourBuckets()).isZero();
		assertThat(ledger.events()).isEqualTo(1);
	}

	@Test
	void aCalendarPoolWithUsageThisWeekCanBeDeletedNextWeek() throws Exception {
		this.api.calendarPool("weekly", 100, "WEEKLY", "00:00", "SUNDAY", "America/New_York", "*");
		this.api.team("platform", "UTC");
		this.api.usage("e1", "platform", "gpt-5", "2026-11-25T11:00:00Z", 1).andExpect(status().isOk());
		this.api.delete("/pools/weekly").andExpect(status().isConflict());
		// Sunday 2026-11-29 00:00 EST is 05:00Z.
		this.clock.set(Instant.parse("2026-11-29T04:59:59Z"));
		this.api.delete("/pools/weekly").andExpect(status().isConflict());
		this.clock.set(Instant.parse("2026-11-29T05:00:00Z"));
		this.api.delete("/pools/weekly").andExpect(status().isNoContent());
	}

	@Test
	void aPoolWithoutUsageCanBeDeletedAtOnce() throws Exception {
		this.api.put("/pools/session", ROLLING).andExpect(status().isCreated());
		this.api.delete("/pools/session").andExpect(status().isNoContent());
		this.api.get("/pools").andExpect(jsonPath("$").isEmpty());
	}

	@Test
	void allocationsAreCreatedReplacedListedAndRemoved() throws Exception {
		this.api.put("/pools/session", ROLLING).andExpect(status().isCreated());
		this.api.team("platform", "UTC");
		this.api.team("research", "UTC");
		this.api.put("/pools/session/allocations/platform", "{\"weight\":2}")
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/pools/session/allocations/platform"))
			.andExpect(jsonPath("$.weight").value(2));
		this.api.put("/pools/session/allocations/platform", "{\"weight\":1.5}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.weight").value(1.5));
		this.api.put("/pools/session/allocations/research", "{}")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.weight").value(1));
		this.api.get("/pools/session/allocations")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasSize(2)))
			.andExpect(jsonPath("$[0].teamId").value("platform"))
			.andExpect(jsonPath("$[0].weight").value(1.5))
			.andExpect(jsonPath("$[1].teamId").value("research"));
		this.api.delete("/pools/session/allocations/platform").andExpect(status().isNoContent());
		this.api.delete("/pools/session/allocations/platform")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
		this.api.get("/pools/session/allocations")
			.andExpect(jsonPath("$", hasSize(1)))
			.andExpect(jsonPath("$[0].teamId").value("research"));
	}

	@Test
	void allocatingAnUnknownPoolOrTeamIsNotFound() throws Exception {
		this.api.put("/pools/session", ROLLING).andExpect(status().isCreated());
		this.api.team("platform", "UTC");
		this.api.put("/pools/nothing/allocations/platform", "{\"weight\":1}")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
		this.api.put("/pools/session/allocations/nobody", "{\"weight\":1}").andExpect(status().isNotFound());
		this.api.get("/pools/nothing/allocations").andExpect(status().isNotFound());
		this.api.put("/pools/session/allocations/platform", "{\"weight\":0}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("weight"));
	}

	@Test
	void alternativesAreKeptInOrderShownByEveryReadAndReplacedWithThePool() throws Exception {
		this.api.put("/pools/haiku", ROLLING).andExpect(status().isCreated());
		this.api.put("/pools/sonnet", ROLLING).andExpect(status().isCreated());
		this.api.put("/pools/opus", rollingWith("\"alternatives\":[\"sonnet\",\"haiku\"]"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.alternatives[0]").value("sonnet"))
			.andExpect(jsonPath("$.alternatives[1]").value("haiku"));
		this.api.get("/pools/opus").andExpect(jsonPath("$.alternatives", hasSize(2)));
		this.api.get("/pools")
			.andExpect(jsonPath("$[?(@.id == 'opus')].alternatives[1]").value("haiku"))
			.andExpect(jsonPath("$[?(@.id == 'haiku')].alternatives[0]").doesNotExist());
		assertThat(this.poolService.alternativesOf("opus")).containsExactly("sonnet", "haiku");
		this.api.put("/pools/opus", rollingWith("\"alternatives\":[\"haiku\"]"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.alternatives", hasSize(1)));
		// A replace without them has none, as every field left out of a PUT takes its
		// default.
		this.api.put("/pools/opus", ROLLING)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.alternatives", hasSize(0)));
		assertThat(this.poolService.alternativesOf("opus")).isEmpty();
	}

	@Test
	void everyInvalidAlternativeIsNamedByItsIndex() throws Exception {
		this.api.put("/pools/sonnet", ROLLING).andExpect(status().isCreated());
		this.api.put("/pools/opus", rollingWith("\"alternatives\":[\"opus\",\"sonnet\",\"sonnet\",\"no way\"]"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors", hasSize(3)))
			.andExpect(jsonPath("$.errors[?(@.field == 'alternatives[0]')].message")
				.value("a pool cannot be its own alternative"))
			.andExpect(jsonPath("$.errors[?(@.field == 'alternatives[2]')].message").value("'sonnet' is named twice"))
			.andExpect(jsonPath("$.errors[?(@.field == 'alternatives[3]')]").exists());
		this.api.put("/pools/opus", rollingWith("\"alternatives\":[\"sonnet\",\"nothing\"]"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors", hasSize(1)))
			.andExpect(jsonPath("$.errors[0].field").value("alternatives[1]"))
			.andExpect(jsonPath("$.errors[0].message").value("no pool is named 'nothing'"));
		this.api.get("/pools/opus").andExpect(status().isNotFound());
		this.api
			.put("/pools/sonnet",
					rollingWith("\"alternatives\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("alternatives"));
		this.api.get("/pools/sonnet").andExpect(jsonPath("$.alternatives", hasSize(0)));
	}

	@Test
	void aPoolThatIsAnotherPoolsAlternativeIsNotDeletedUntilItIsRemovedFromTheList() throws Exception {
		this.api.put("/pools/haiku", ROLLING).andExpect(status().isCreated());
		this.api.put("/pools/opus", rollingWith("\"alternatives\":[\"haiku\"]")).andExpect(status().isCreated());
		this.api.put("/pools/sonnet", rollingWith("\"alternatives\":[\"haiku\"]")).andExpect(status().isCreated());
		this.api.delete("/pools/haiku")
			.andExpect(status().isConflict())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.detail").value("Pool 'haiku' is an alternative of 'opus', 'sonnet'; remove it from "
					+ "their alternatives (PUT /pools/{poolId}) before deleting it"));
		this.api.get("/pools/haiku").andExpect(status().isOk());
		// A pool that names alternatives is deleted with its list.
		this.api.delete("/pools/opus").andExpect(status().isNoContent());
		this.api.put("/pools/sonnet", ROLLING).andExpect(status().isOk());
		this.api.delete("/pools/haiku").andExpect(status().isNoContent());
		assertThat(this.poolService.allAlternatives()).isEmpty();
	}

	@Test
	void namingAPoolAsAnAlternativeWhileItIsDeletedEndsInOneClearAnswer() throws Exception {
		PoolRequest haiku = new PoolRequest("haiku", Unit.MESSAGES, java.math.BigDecimal.TEN,
				new PoolRequest.WindowSpec("ROLLING", "PT1H", null, null, null, null), List.of("claude-*"), null, null,
				null, null, null, null);
		PoolRequest opus = new PoolRequest("opus", Unit.MESSAGES, java.math.BigDecimal.TEN,
				new PoolRequest.WindowSpec("ROLLING", "PT1H", null, null, null, null), List.of("claude-*"), null, null,
				null, null, null, null, null, null, null, List.of("haiku"));
		for (int round = 0; round < 10; round++) {
			this.poolService.put("haiku", haiku);
			java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
			java.util.concurrent.CompletableFuture<Object> naming = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> outcome(start, () -> this.poolService.put("opus", opus)));
			java.util.concurrent.CompletableFuture<Object> deleting = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> outcome(start, () -> {
					this.poolService.delete("haiku");
					return "deleted";
				}));
			Object named = naming.get(30, java.util.concurrent.TimeUnit.SECONDS);
			Object deleted = deleting.get(30, java.util.concurrent.TimeUnit.SECONDS);
			if ("deleted".equals(deleted)) {
				// The delete went first: the list could not name a pool that is gone.
				assertThat(named).isInstanceOf(io.github.quotabroker.web.InvalidRequest.class);
				assertThat(this.poolService.exists("haiku")).isFalse();
			}
			else {
				assertThat(deleted).isInstanceOf(PoolInUse.class);
				assertThat(named).isInstanceOf(PoolService.Saved.class);
				assertThat(this.poolService.alternativesOf("opus")).containsExactly("haiku");
			}
			if (this.poolService.exists("opus")) {
				this.poolService.delete("opus");
			}
		}
	}

	/** What the call returned, or the exception it threw, once both threads are ready. */
	private static Object outcome(java.util.concurrent.CyclicBarrier start,
			java.util.concurrent.Callable<Object> call) {
		try {
			start.await(10, java.util.concurrent.TimeUnit.SECONDS);
			return call.call();
		}
		catch (Exception ex) {
			return ex;
		}
	}

}
