package io.github.archfixtures.other;

import io.github.archfixtures.store.UsageLedger;

public class LedgerIntruder {

	void write(UsageLedger ledger) {
		ledger.append("x");
	}

}
