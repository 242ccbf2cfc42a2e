package io.github.quotabroker.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallMergerTest {

	static TranscriptCall call(String key, long output) {
		return call(key, output, false);
	}

	static TranscriptCall call(String key, long output, boolean sidechain) {
		return new TranscriptCall(key, "claude-opus-4-1", Instant.parse("2026-11-20T09:00:00Z"), 10, output, 0, 0, null,
				sidechain, null, null);
	}

	@Test
	void theLinesOfOneResponseBecomeOneCallWithTheFinalCount() {
		CallMerger merger = new CallMerger(10, 100);
		merger.add(call("a", 1));
		merger.add(call("a", 250));
		merger.add(call("a", 250));
		List<TranscriptCall> batch = merger.finish();
		assertThat(batch).containsExactly(call("a", 250));
		assertThat(merger.repeatedLines()).isEqualTo(2);
	}

	@Test
	void aSidechainReplayNeverReplacesTheMainChainLine() {
		CallMerger merger = new CallMerger(10, 100);
		merger.add(call("a", 5, true));
		merger.add(call("a", 5, false));
		merger.add(call("a", 9, true));
		assertThat(merger.finish()).containsExactly(call("a", 5, false));
	}

	@Test
	void aFullBatchHoldsBackTheCallStillBeingWritten() {
		CallMerger merger = new CallMerger(2, 100);
		assertThat(merger.add(call("a", 1))).isEmpty();
		assertThat(merger.add(call("b", 1))).isEmpty();
		List<TranscriptCall> batch = merger.add(call("c", 1));
		assertThat(batch).extracting(TranscriptCall::key).containsExactly("a", "b");
		// c's later line still counts
		assertThat(merger.add(call("c", 7))).isEmpty();
		assertThat(merger.finish()).containsExactly(call("c", 7));
	}

	@Test
	void aRepeatOfACallAlreadySentIsNotSentAgainUnlessItIsBetter() {
		CallMerger merger = new CallMerger(1, 100);
		merger.add(call("a", 5));
		assertThat(merger.add(call("b", 5))).containsExactly(call("a", 5));
		assertThat(merger.add(call("a", 5))).isEmpty();
		assertThat(merger.repeatedLines()).isEqualTo(1);
		// a better line of a sent call goes to the ledger, which decides (a conflict)
		List<TranscriptCall> sent = new ArrayList<>(merger.add(call("a", 6)));
		sent.addAll(merger.finish());
		assertThat(sent).contains(call("a", 6));
	}

	@Test
	void memoryIsBoundedByTheBatchAndTheRememberedCalls() {
		CallMerger merger = new CallMerger(100, 1000);
		long sent = 0;
		for (int i = 0; i < 100_000; i++) {
			sent += merger.add(call("k" + i, 1)).size();
		}
		sent += merger.finish().size();
		assertThat(sent).isEqualTo(100_000);
		// forgotten long ago: sent again, and the ledger answers it as a duplicate
		assertThat(merger.add(call("k0", 1))).isEmpty();
		assertThat(merger.finish()).hasSize(1);
	}

}
