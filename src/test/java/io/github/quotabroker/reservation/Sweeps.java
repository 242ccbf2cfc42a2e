package io.github.quotabroker.reservation;

import org.springframework.context.ApplicationContext;

/** Runs the expiry sweep of an application, for tests of other packages. */
public final class Sweeps {

	private Sweeps() {
	}

	/** One sweep now; answers the reservations it changed. */
	public static int sweep(ApplicationContext context) {
		return context.getBean(ExpirySweeper.class).sweep();
	}

}
