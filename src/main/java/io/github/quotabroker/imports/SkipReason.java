package io.github.quotabroker.imports;

/** Why a transcript line was not imported; counted in the import's answer. */
enum SkipReason {

	/** Not JSON, or not a JSON object. */
	MALFORMED,

	/** Longer than {@code quota.imports.max-line-bytes}. */
	TOO_LONG,

	/**
	 * No {@code message.usage} with input and output tokens (user turns, summaries, ...).
	 */
	NO_USAGE,

	/** Claude Code's own messages ({@code <synthetic>} model), such as API errors. */
	SYNTHETIC,

	/** Usage present but unusable: no timestamp, negative or fractional tokens, ... */
	INVALID,

	/** Older than {@code quota.ingest.max-event-age} or too far in the future. */
	OUT_OF_RANGE,

	/**
	 * The call was recorded before with other content (another member, or an earlier,
	 * smaller line of a message still being written): the ledger keeps what it has.
	 */
	CONFLICT;

	/** The name used in answers: lower case. */
	String label() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
