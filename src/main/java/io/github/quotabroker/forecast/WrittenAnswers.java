package io.github.quotabroker.forecast;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of forecast answers, kept while {@link ForecastReuse} hands out the very same
 * answer object. A 3-pool weekly answer is about 70 KB of numbers and instants: under
 * load most requests get a reused answer, and writing it again took more CPU than the
 * rest of the request (docs/benchmarks.md, "Forecast read latency"). Bytes come from the
 * application's own {@link JsonMapper}, so they are what the message converter would
 * write.
 */
final class WrittenAnswers {

	/** About 70 KB each: under 20 MB at most. */
	private static final int MAX_ENTRIES = 256;

	private record Entry(Object answer, byte[] json) {
	}

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final JsonMapper json;

	WrittenAnswers(JsonMapper json) {
		this.json = json;
	}

	/**
	 * The JSON of {@code answer}, written once per answer object asked for by
	 * {@code key}.
	 */
	byte[] of(String key, Object answer) {
		Entry entry = this.entries.get(key);
		// Identity on purpose: ForecastReuse returns the same object while it is current.
		if (entry != null && entry.answer() == answer) {
			return entry.json();
		}
		byte[] bytes = this.json.writeValueAsBytes(answer);
		if (this.entries.size() >= MAX_ENTRIES) {
			this.entries.clear();
		}
		this.entries.put(key, new Entry(answer, bytes));
		return bytes;
	}

}
