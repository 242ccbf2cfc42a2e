package io.github.quotabroker.usage;

/** Whether a person or an automation drove the model call. */
public enum UsageKind {

	INTERACTIVE, AUTOMATED

}
