package io.github.quotabroker.imports;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One model call read from a line of a Claude Code transcript. Claude Code writes one
 * line per content block of a response, each repeating the response's {@code usage}, so
 * several lines may carry the same call: they share its {@code key}.
 *
 * @param key the call's identity: message id and request id (the message id alone when
 * the request id is missing)
 * @param model the model, with {@code -fast} appended for fast-mode calls as ccusage
 * does; {@code unknown} when the line names none
 * @param costUsd the cost the line states (older Claude Code versions), or {@code null}
 * @param sidechain whether the line is a sidechain replay ({@code isSidechain})
 * @param sessionId the Claude Code session, or {@code null}
 * @param agentId the subagent that made the call ({@code agentId} of the line), or
 * {@code null}
 */
record TranscriptCall(String key, String model, Instant timestamp, long inputTokens, long outputTokens,
		long cacheReadTokens, long cacheCreationTokens, BigDecimal costUsd, boolean sidechain, String sessionId,
		String agentId) {

	long totalTokens() {
		return this.inputTokens + this.outputTokens + this.cacheReadTokens + this.cacheCreationTokens;
	}

	/**
	 * Whether this line is a better record of the call than {@code other}: the main chain
	 * over a sidechain replay, then the larger token total ({@code output_tokens} grows
	 * across the lines of one message; only the last is final). On a tie the line seen
	 * first stays.
	 */
	boolean supersedes(TranscriptCall other) {
		if (this.sidechain != other.sidechain) {
			return !this.sidechain;
		}
		return totalTokens() > other.totalTokens();
	}

}
