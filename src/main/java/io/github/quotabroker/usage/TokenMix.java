package io.github.quotabroker.usage;

/**
 * A team's tokens by kind over a span, of the events counted against one pool.
 */
public record TokenMix(String teamId, long input, long output, long cacheRead, long cacheCreation) {

	public long total() {
		return this.input + this.output + this.cacheRead + this.cacheCreation;
	}

	/** Cache reads as a share of all tokens; 0 without tokens. */
	public double cacheReadShare() {
		long total = total();
		return (total > 0) ? this.cacheRead / (double) total : 0;
	}

}
