package io.github.quotabroker.imports;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the lines of a transcript stream into one record per call and cuts them into
 * batches, in bounded memory. The lines of one response are written one after the other,
 * so the call seen last is held back from a full batch until a line of another call
 * arrives: its later, larger lines still replace it. Calls already sent are remembered
 * (the most recent {@code rememberedKeys} of them) so that a repeat of one is not sent
 * again, unless it is a better record of the call (main chain, more tokens): the ledger
 * then answers whether it conflicts. Pure: no Spring, no I/O.
 */
final class CallMerger {

	private final int batchSize;

	private final Map<String, TranscriptCall> pending = new LinkedHashMap<>();

	private final Map<String, TranscriptCall> sent;

	private String lastKey;

	private long repeatedLines;

	CallMerger(int batchSize, int rememberedKeys) {
		if (batchSize < 1 || rememberedKeys < 0) {
			throw new IllegalArgumentException("batchSize must be positive and rememberedKeys at least 0");
		}
		this.batchSize = batchSize;
		this.sent = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, TranscriptCall> eldest) {
				return size() > rememberedKeys;
			}

		};
	}

	/**
	 * Adds the call of one line.
	 * @return a batch ready to send, or an empty list
	 */
	List<TranscriptCall> add(TranscriptCall call) {
		TranscriptCall held = this.pending.get(call.key());
		if (held != null) {
			this.repeatedLines++;
			if (call.supersedes(held)) {
				this.pending.put(call.key(), call);
			}
			this.lastKey = call.key();
			return List.of();
		}
		TranscriptCall before = this.sent.get(call.key());
		if (before != null && !call.supersedes(before)) {
			this.repeatedLines++;
			return List.of();
		}
		this.pending.put(call.key(), call);
		this.lastKey = call.key();
		if (this.pending.size() <= this.batchSize) {
			return List.of();
		}
		List<TranscriptCall> batch = new ArrayList<>(this.batchSize);
		Iterator<TranscriptCall> it = this.pending.values().iterator();
		while (it.hasNext()) {
			TranscriptCall next = it.next();
			if (!next.key().equals(this.lastKey)) {
				batch.add(next);
				this.sent.put(next.key(), next);
				it.remove();
			}
		}
		return batch;
	}

	/** Everything still held: the last batch of the stream. */
	List<TranscriptCall> finish() {
		List<TranscriptCall> batch = new ArrayList<>(this.pending.values());
		batch.forEach((c) -> this.sent.put(c.key(), c));
		this.pending.clear();
		this.lastKey = null;
		return batch;
	}

	/** Lines that repeated a call already counted in this stream. */
	long repeatedLines() {
		return this.repeatedLines;
	}

}
