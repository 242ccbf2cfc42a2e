package io.github.quotabroker.calibration;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Observations against the real ledger: three 5-hour provider windows whose readings all
 * imply a limit of 1,000 messages, on a pool configured at 1,500 (the clock stands at
 * 2026-11-25T12:00Z).
 */
class CalibrationIT extends IntegrationTestBase {

	private static final String[] WINDOW_STARTS = { "2026-11-24T16:00:00Z", "2026-11-25T00:00:00Z",
			"2026-11-25T09:00:00Z" };

	@BeforeEach
	void poolTeamAndUsage() throws Exception {
		this.api.pool("session", """
				{"name":"session","unit":"MESSAGES","limit":1500,"window":{"type":"ROLLING","duration":"PT5H"},
				 "models":["claude-*"],"limitMode":"CALIBRATED"}
				""");
		this.api.team("platform", "UTC");
		this.api.allocate("session", "platform");
		for (int w = 0; w < WINDOW_STARTS.length; w++) {
			java.time.Instant start = java.time.Instant.parse(WINDOW_STARTS[w]);
			this.api.usage("w" + w + "-a", "platform", "claude-x", start.plusSeconds(600).toString(), 300)
				.andExpect(status().is2xxSuccessful());
			this.api.usage("w" + w + "-b", "platform", "claude-x", start.plusSeconds(7200).toString(), 200)
				.andExpect(status().is2xxSuccessful());
		}
	}

	private void observe(String window, long afterMinutes, int percent) throws Exception {
		java.time.Instant start = java.time.Instant.parse(window);
		this.api
			.post("/pools/session/observations", """
					{"source":"status-line","observedAt":"%s","memberId":"ana",
					 "rateLimits":{"five_hour":{"used_percentage":%d,"resets_at":%d},
					               "seven_day":{"used_percentage":12,"resets_at":%d}}}
					""".formatted(start.plusSeconds(afterMinutes * 60), percent,
					start.plusSeconds(5 * 3600).getEpochSecond(), start.plusSeconds(5 * 86400).getEpochSecond()))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.recorded").value(1))
			.andExpect(jsonPath("$.ignored[0].signal").value("seven_day"));
	}

	@Test
	void readingsSetAgainstTheLedgerCalibrateTheLimitThatDecisionsAndAvailabilityUse() throws Exception {
		this.api.get("/pools/session/calibration")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.estimate").doesNotExist())
			.andExpect(jsonPath("$.effectiveLimit").value(1500));
		for (String window : WINDOW_STARTS) {
			observe(window, 60, 30);
			observe(window, 150, 50);
			observe(window, 180, 50);
		}
		this.api.get("/pools/session/calibration")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.estimate.limit").value(1000))
			.andExpect(jsonPath("$.estimate.decidable").value(true))
			.andExpect(jsonPath("$.estimate.windows").value(3))
			.andExpect(jsonPath("$.configuredLimit").value(1500))
			.andExpect(jsonPath("$.effectiveLimit").value(1000))
			.andExpect(jsonPath("$.gap.providerPercent").value(50))
			.andExpect(jsonPath("$.alignment.providerWindowStart").value("2026-11-25T09:00:00Z"))
			.andExpect(jsonPath("$.evidence.latest[*].impliedLimit", hasItem(1000)));
		this.api.get("/pools/session")
			.andExpect(jsonPath("$.limit").value(1500))
			.andExpect(jsonPath("$.effectiveLimit").value(1000))
			.andExpect(jsonPath("$.limitMode").value("CALIBRATED"));
		// The limit that decisions use changed without an admin: the audit log says so.
		this.api.get("/audit?resourceType=pool")
			.andExpect(jsonPath("$[0].action").value("CALIBRATE"))
			.andExpect(jsonPath("$[0].resourceId").value("session"))
			.andExpect(jsonPath("$[0].before.effectiveLimit").value(1500))
			.andExpect(jsonPath("$[0].after.effectiveLimit").value(1000));
		// 500 of the calibrated 1,000 used in the pool's window; the provider says 50 %.
		this.api.get("/teams/platform/availability")
			.andExpect(jsonPath("$.pools[0].limit").value(1000))
			.andExpect(jsonPath("$.pools[0].percentUsed").value(50))
			.andExpect(jsonPath("$.pools[0].providerPercent").value(50))
			.andExpect(jsonPath("$.pools[0].providerPercentAt").value("2026-11-25T12:00:00Z"));
		// Holds are decided against 1,000, not 1,500: 500 are free, less the buffer-free
		// hold rule; 600 do not fit.
		this.api.post("/reservations", "{\"teamId\":\"platform\",\"poolId\":\"session\",\"amount\":600}")
			.andExpect(status().isConflict());
		this.api.post("/reservations", "{\"teamId\":\"platform\",\"poolId\":\"session\",\"amount\":400}")
			.andExpect(status().isCreated());
	}

	@Test
	void aCalibratedLimitNeverExceedsTheConfiguredOneUnlessAllowed() throws Exception {
		this.api.pool("session", """
				{"name":"session","unit":"MESSAGES","limit":800,"window":{"type":"ROLLING","duration":"PT5H"},
				 "models":["claude-*"],"limitMode":"CALIBRATED"}
				""");
		for (String window : WINDOW_STARTS) {
			observe(window, 60, 30);
			observe(window, 150, 50);
			observe(window, 180, 50);
		}
		this.api.get("/pools/session/calibration")
			.andExpect(jsonPath("$.estimate.limit").value(1000))
			.andExpect(jsonPath("$.effectiveLimit").value(800));
		this.api.pool("session", """
				{"name":"session","unit":"MESSAGES","limit":800,"window":{"type":"ROLLING","duration":"PT5H"},
				 "models":["claude-*"],"limitMode":"CALIBRATED","allowAboveConfigured":true}
				""");
		this.api.get("/pools/session").andExpect(jsonPath("$.effectiveLimit").value(1000));
	}

	@Test
	void badObservationsAreRefusedNamingTheField() throws Exception {
		this.api.post("/pools/session/observations", """
				{"source":"status-line","observedAt":"2026-11-25T11:00:00Z",
				 "rateLimits":{"five_hour":{"used_percentage":"lots","resets_at":1796652000}}}
				""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("rateLimits.five_hour.used_percentage"));
		this.api.post("/pools/session/observations", "{\"source\":\"limit-hit\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("observedAt")));
		this.api
			.post("/pools/nowhere/observations", "{\"source\":\"limit-hit\",\"observedAt\":\"2026-11-25T11:00:00Z\"}")
			.andExpect(status().isNotFound());
	}

}
