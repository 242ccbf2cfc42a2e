package io.github.quotabroker.calibration;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * One reading of what a provider says about a quota: how much of a window is used (a
 * percent), or a limit it states outright with what remains of it.
 *
 * @param source {@code status-line}, {@code http-headers} or {@code limit-hit}
 * @param signal which reading of the source: {@code five_hour}, {@code unified-7d},
 * {@code codex-primary}, {@code anthropic-tokens}, {@code openai-requests},
 * {@code limit-hit}, ...
 * @param window the length of the provider's window the reading is about; {@code null}
 * when the source does not say (a limit hit without its reset)
 * @param usedPercent 0 to 100; {@code null} for a stated limit
 * @param resetsAt when the provider's window resets; {@code null}: not said
 * @param statedLimit a limit the provider states (requests or tokens per its window)
 * @param remaining what the provider says remains of {@code statedLimit}
 */
public record Observation(String source, String signal, String memberId, Instant observedAt, Duration window,
		BigDecimal usedPercent, Instant resetsAt, Long statedLimit, Long remaining) {

	public static final String STATUS_LINE = "status-line";

	public static final String HTTP_HEADERS = "http-headers";

	public static final String LIMIT_HIT = "limit-hit";

	/** Where the provider's window that this reading is about started, if it says. */
	public Instant providerWindowStart() {
		return (this.resetsAt != null && this.window != null) ? this.resetsAt.minus(this.window) : null;
	}

}
