package io.github.quotabroker.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.simulation.FairShareSimulation.Broker;
import io.github.quotabroker.simulation.FairShareSimulation.Job;
import io.github.quotabroker.simulation.FairShareSimulation.Submitted;

/**
 * Plain first come, first served on the same pool arithmetic as the service (a hold takes
 * its amount until its work commits; committed usage counts one rolling window): no
 * shares, no priorities, no aging, no backfill; the oldest request blocks the line until
 * it fits.
 */
final class FifoBroker implements Broker {

	private final long limit;

	private final Duration window;

	private final Deque<Job> line = new ArrayDeque<>();

	private final Map<String, Long> held = new HashMap<>();

	/** Committed usage: when it stops counting, and how much. */
	private final List<Map.Entry<Instant, Long>> used = new ArrayList<>();

	private final List<String> granted = new ArrayList<>();

	FifoBroker(long limit, Duration window) {
		this.limit = limit;
		this.window = window;
	}

	@Override
	public String name() {
		return "FIFO";
	}

	@Override
	public Submitted submit(Job job, Instant now) {
		this.line.add(job);
		grant(now);
		return new Submitted(null);
	}

	@Override
	public void complete(Job job, Instant now) {
		this.held.remove(job.id());
		this.used.add(Map.entry(FairShareSimulation.freedAt(now, this.window), job.actual()));
	}

	@Override
	public List<String> granted(Instant now, boolean dispatch) {
		if (dispatch) {
			grant(now);
		}
		List<String> answer = new ArrayList<>(this.granted);
		this.granted.clear();
		return answer;
	}

	private void grant(Instant now) {
		this.used.removeIf((u) -> !u.getKey().isAfter(now));
		long occupied = this.used.stream().mapToLong(Map.Entry::getValue).sum()
				+ this.held.values().stream().mapToLong(Long::longValue).sum();
		while (!this.line.isEmpty() && occupied + this.line.peek().amount() <= this.limit) {
			Job job = this.line.poll();
			this.held.put(job.id(), job.amount());
			occupied += job.amount();
			this.granted.add(job.id());
		}
	}

	@Override
	public Instant nextWake(Instant now) {
		if (this.line.isEmpty()) {
			return null;
		}
		return this.used.stream()
			.map(Map.Entry::getKey)
			.filter((t) -> t.isAfter(now))
			.min(Instant::compareTo)
			.orElse(null);
	}

}
