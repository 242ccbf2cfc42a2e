package io.github.quotabroker.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * The demo profile's week (the same seed, people and automations as
 * {@link DemoDataLoader}), summed over its three teams per hour: for the forecast
 * backtest, which replays it as one team.
 */
public final class DemoWeek {

	private DemoWeek() {
	}

	/**
	 * Calls ({@code [0]}, one message each) and tokens, input plus output ({@code [1]}),
	 * per hour of the week starting at {@code start}.
	 */
	public static long[][] hourly(Instant start) {
		int hours = 7 * 24;
		long[][] out = new long[2][hours];
		for (DemoUsage.Call call : new DemoUsage(DemoDataLoader.SEED).generate(DemoDataLoader.people(),
				DemoDataLoader.agents(), start.plus(Duration.ofHours(hours)), Duration.ofHours(hours))) {
			int hour = (int) Duration.between(start, call.occurredAt()).toHours();
			out[0][hour]++;
			out[1][hour] += call.inputTokens() + call.outputTokens();
		}
		return out;
	}

}
