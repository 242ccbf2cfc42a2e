package io.github.archfixtures.store;

public class UsageLedger {

	public void append(String eventId) {
	}

}
