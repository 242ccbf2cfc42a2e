package io.github.quotabroker.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.github.quotabroker.pool.Window;

/**
 * A pool's projected load from now on, if nothing more is used than is already recorded
 * or reserved: usage still counted at each instant (falling as rolling windows forget it
 * or a calendar window resets) plus the reservations that occupy it. Every quota decision
 * and projection is answered from it.
 *
 * <p>
 * A reservation occupies the pool from its start until the usage it may still turn into
 * stops counting: for a rolling window, one window length after its end; for a calendar
 * window, until the reset after its end. Whatever is used of it before then would be
 * counted that long, so granting that capacity to someone else could oversubscribe the
 * pool.
 *
 * <p>
 * Load only ever rises where a reservation begins, so the tightest instant of any
 * interval is its start or one of those beginnings. Not thread-safe; build one per
 * decision (or per batch of decisions, adding each grant with {@link #add}).
 */
public final class CapacityProfile {

	/**
	 * A reservation's claim on the pool: {@code amount} from {@code from} (inclusive) to
	 * {@code until} (exclusive).
	 */
	public record Occupancy(Instant from, Instant until, long amount) {
	}

	/**
	 * The load at one instant.
	 *
	 * @param free {@code limit - usage - reserved}; negative when the pool is
	 * oversubscribed (usage arrives whether or not it was reserved)
	 */
	public record Load(Instant at, long usage, long reserved, long free) {
	}

	private final long limit;

	private final Instant now;

	private long baseUsage;

	private long baseReserved;

	/** Changes after now: [0] usage, [1] reserved. */
	private final TreeMap<Instant, long[]> changes = new TreeMap<>();

	private Instant[] times;

	private long[] usage;

	private long[] reserved;

	/**
	 * @param usedNow usage counted in the window in force at {@code now}
	 * @param usageFreed when parts of {@code usedNow} stop counting (instants after
	 * {@code now}; the amounts sum to at most {@code usedNow})
	 */
	public CapacityProfile(long limit, Instant now, long usedNow, Map<Instant, Long> usageFreed) {
		this.limit = limit;
		this.now = now;
		this.baseUsage = usedNow;
		usageFreed.forEach((at, amount) -> {
			if (at.isAfter(now)) {
				change(at)[0] -= amount;
			}
			else {
				this.baseUsage -= amount;
			}
		});
	}

	/**
	 * A copy to add occupancies to (a what-if: others' expected use) without changing
	 * this profile, which decisions of the same batch read.
	 */
	public CapacityProfile copy() {
		CapacityProfile copy = new CapacityProfile(this.limit, this.now, this.baseUsage, Map.of());
		copy.baseReserved = this.baseReserved;
		this.changes.forEach((at, change) -> copy.changes.put(at, change.clone()));
		return copy;
	}

	/** A reservation now occupies the pool too. */
	public CapacityProfile add(Occupancy o) {
		if (!o.until().isAfter(this.now) || o.amount() == 0) {
			return this;
		}
		Instant from = o.from().isAfter(this.now) ? o.from() : this.now;
		if (o.from().isAfter(this.now)) {
			this.changes.computeIfAbsent(from, (k) -> new long[2])[1] += o.amount();
		}
		else {
			this.baseReserved += o.amount();
		}
		this.changes.computeIfAbsent(o.until(), (k) -> new long[2])[1] -= o.amount();
		if (this.times != null) {
			// Kept up to date in place.
			// A queue's estimates add one occupancy after another, reading it in between;
			// rebuilding it each time would cost O(n²).
			int a = point(from);
			int b = point(o.until());
			for (int j = a; j < b; j++) {
				this.reserved[j] += o.amount();
			}
		}
		return this;
	}

	/**
	 * Index of the change point at {@code at}, inserted with its segment's load if new.
	 */
	private int point(Instant at) {
		int i = segment(at);
		if (this.times[i].equals(at)) {
			return i;
		}
		int n = this.times.length;
		Instant[] t = new Instant[n + 1];
		long[] u = new long[n + 1];
		long[] r = new long[n + 1];
		System.arraycopy(this.times, 0, t, 0, i + 1);
		System.arraycopy(this.usage, 0, u, 0, i + 1);
		System.arraycopy(this.reserved, 0, r, 0, i + 1);
		t[i + 1] = at;
		u[i + 1] = this.usage[i];
		r[i + 1] = this.reserved[i];
		System.arraycopy(this.times, i + 1, t, i + 2, n - i - 1);
		System.arraycopy(this.usage, i + 1, u, i + 2, n - i - 1);
		System.arraycopy(this.reserved, i + 1, r, i + 2, n - i - 1);
		this.times = t;
		this.usage = u;
		this.reserved = r;
		return i + 1;
	}

	private long[] change(Instant at) {
		this.times = null;
		return this.changes.computeIfAbsent(at, (k) -> new long[2]);
	}

	public long limit() {
		return this.limit;
	}

	public Instant now() {
		return this.now;
	}

	/** Usage, reservations and free capacity at {@code at} (not before now). */
	public Load at(Instant at) {
		build();
		int i = segment(at);
		return load(i, at);
	}

	/**
	 * The instant of {@code [from, until)} with the least free capacity, the earliest.
	 */
	public Load tightest(Instant from, Instant until) {
		build();
		int i = segment(from);
		Load worst = load(i, max(from, this.now));
		for (int j = i + 1; j < this.times.length && this.times[j].isBefore(until); j++) {
			if (occupied(j) > worst.usage() + worst.reserved()) {
				worst = load(j, this.times[j]);
			}
		}
		return worst;
	}

	/** The least free capacity over {@code [from, until)}. */
	public long minFree(Instant from, Instant until) {
		return tightest(from, until).free();
	}

	/**
	 * The earliest instant at or after {@code from} from which the load stays at most
	 * {@code maxOccupied} for {@code span}, or {@code null} if that never happens.
	 */
	public Instant earliest(long maxOccupied, Instant from, Duration span) {
		build();
		int i = segment(from);
		Instant candidate = max(from, this.now);
		int n = this.times.length;
		while (true) {
			if (occupied(i) > maxOccupied) {
				i++;
				if (i >= n) {
					return null;
				}
				candidate = this.times[i];
				continue;
			}
			Instant end = candidate.plus(span);
			int j = i + 1;
			while (j < n && this.times[j].isBefore(end) && occupied(j) <= maxOccupied) {
				j++;
			}
			if (j >= n || !this.times[j].isBefore(end)) {
				return candidate;
			}
			// Every start up to times[j] would include it: continue after it.
			i = j;
		}
	}

	/** The next instant after {@code after} at which free capacity grows, if any. */
	public Instant nextIncrease(Instant after) {
		build();
		for (int j = segment(after) + 1; j < this.times.length; j++) {
			if (occupied(j) < occupied(j - 1)) {
				return this.times[j];
			}
		}
		return null;
	}

	/** The next instant after {@code after} at which the load changes, if any. */
	public Instant nextChange(Instant after) {
		return this.changes.higherKey(after);
	}

	/**
	 * Until when usage at instants before {@code end} may still count in {@code window}.
	 */
	public static Instant countsUntil(Window window, Instant end) {
		return window.freedAt(end.minusNanos(1));
	}

	private Load load(int i, Instant at) {
		return new Load(at, this.usage[i], this.reserved[i], this.limit - this.usage[i] - this.reserved[i]);
	}

	private long occupied(int i) {
		return this.usage[i] + this.reserved[i];
	}

	/** Index of the segment holding {@code at}: the last change at or before it. */
	private int segment(Instant at) {
		int lo = 0;
		int hi = this.times.length - 1;
		while (lo < hi) {
			int mid = (lo + hi + 1) >>> 1;
			if (this.times[mid].isAfter(at)) {
				hi = mid - 1;
			}
			else {
				lo = mid;
			}
		}
		return lo;
	}

	private void build() {
		if (this.times != null) {
			return;
		}
		int n = this.changes.size() + 1;
		this.times = new Instant[n];
		this.usage = new long[n];
		this.reserved = new long[n];
		this.times[0] = this.now;
		this.usage[0] = Math.max(0, this.baseUsage);
		this.reserved[0] = this.baseReserved;
		long u = this.baseUsage;
		long r = this.baseReserved;
		int i = 1;
		for (Map.Entry<Instant, long[]> e : this.changes.entrySet()) {
			u += e.getValue()[0];
			r += e.getValue()[1];
			this.times[i] = e.getKey();
			this.usage[i] = Math.max(0, u);
			this.reserved[i] = r;
			i++;
		}
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
