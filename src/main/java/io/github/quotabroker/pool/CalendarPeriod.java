package io.github.quotabroker.pool;

/** How often a calendar window resets. */
public enum CalendarPeriod {

	DAILY, WEEKLY, MONTHLY

}
