package io.github.quotabroker.support;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Short calls for integration tests: JSON in, {@link ResultActions} out. */
public final class Api {

	private final MockMvc mvc;

	public Api(MockMvc mvc) {
		this.mvc = mvc;
	}

	public ResultActions put(String path, String json) throws Exception {
		return this.mvc.perform(MockMvcRequestBuilders.put(path).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	public ResultActions post(String path, String json) throws Exception {
		return this.mvc
			.perform(MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	public ResultActions post(String path, byte[] body) throws Exception {
		return this.mvc
			.perform(MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(body));
	}

	public ResultActions get(String path) throws Exception {
		return this.mvc.perform(MockMvcRequestBuilders.get(path));
	}

	public ResultActions delete(String path) throws Exception {
		return this.mvc.perform(MockMvcRequestBuilders.delete(path));
	}

	/** A rolling pool counting messages of the matching models. */
	public void rollingPool(String id, long limit, String duration, String... models) throws Exception {
		put("/pools/" + id, """
				{"name":"%s","unit":"MESSAGES","limit":%d,"window":{"type":"ROLLING","duration":"%s"},"models":[%s]}
				""".formatted(id, limit, duration, quoted(models))).andExpect(status().is2xxSuccessful());
	}

	/** Creates or replaces a pool from its JSON definition. */
	public void pool(String id, String json) throws Exception {
		put("/pools/" + id, json).andExpect(status().is2xxSuccessful());
	}

	/** A calendar pool counting messages of the matching models. */
	public void calendarPool(String id, long limit, String period, String resetTime, Object resetDay, String timezone,
			String... models) throws Exception {
		String day = (resetDay == null) ? ""
				: (resetDay instanceof String) ? ",\"resetDay\":\"" + resetDay + "\"" : ",\"resetDay\":" + resetDay;
		pool(id, """
				{"name":"%s","unit":"MESSAGES","limit":%d,"window":{"type":"CALENDAR","period":"%s","resetTime":"%s"%s,"timezone":"%s"},"models":[%s]}
				"""
			.formatted(id, limit, period, resetTime, day, timezone, quoted(models)));
	}

	public void team(String id, String timezone) throws Exception {
		put("/teams/" + id, """
				{"name":"%s","timezone":"%s"}
				""".formatted(id, timezone)).andExpect(status().is2xxSuccessful());
	}

	public void allocate(String poolId, String teamId) throws Exception {
		put("/pools/" + poolId + "/allocations/" + teamId, "{\"weight\":1}").andExpect(status().is2xxSuccessful());
	}

	public ResultActions usage(String eventId, String teamId, String model, String occurredAt, long messages)
			throws Exception {
		return post("/usage-events", event(eventId, teamId, model, occurredAt, messages));
	}

	public static String event(String eventId, String teamId, String model, String occurredAt, long messages) {
		return """
				{"eventId":"%s","teamId":"%s","model":"%s","occurredAt":"%s","messages":%d,"inputTokens":100,"outputTokens":50}
				"""
			.formatted(eventId, teamId, model, occurredAt, messages);
	}

	private static String quoted(String... values) {
		StringBuilder s = new StringBuilder();
		for (String v : values) {
			s.append(s.isEmpty() ? "" : ",").append('"').append(v).append('"');
		}
		return s.toString();
	}

}
