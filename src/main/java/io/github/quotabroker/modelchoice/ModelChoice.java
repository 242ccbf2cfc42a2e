package io.github.quotabroker.modelchoice;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.capacity.Wording;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.usage.UsageKind;

/**
 * Picks the alternative pool to name when work is deferred or denied (issue #14,
 * model-choice advice), from snapshots, without Spring or a database.
 *
 * <p>
 * A pool's {@code alternatives} are listed the nearest class first and the cheapest last
 * (an Opus-class pool names its Sonnet-class pool, then its Haiku-class one). The
 * conservation matrix is the pools' {@code conservation} levels read together: per
 * priority, the remaining percent below which that priority may not use each pool; the
 * default levels (40, 20, 10 %, CRITICAL never held back) are the seed's matrix. So:
 * <ul>
 * <li>LOW work tries the alternatives cheapest first: below 40 % of the scarce pool it
 * goes to the cheapest class that admits it;</li>
 * <li>other priorities try them in order, the nearest class first, so the work loses as
 * little capability as it can;</li>
 * <li>an alternative is named only if the team is allocated to it, it counts in the same
 * unit (so the amount means the same there), the work does not draw on it already, and
 * the admission check would admit the work on it now ({@link AdmissionTrial}).</li>
 * </ul>
 */
public final class ModelChoice {

	private ModelChoice() {
	}

	/**
	 * The work that was deferred or denied.
	 *
	 * @param amount in base units of the pools' unit
	 */
	public record Work(String teamId, long amount, UsageKind kind, Priority priority) {
	}

	/** The order in which a pool's alternatives are tried for work of this priority. */
	public static List<String> order(List<String> alternatives, Priority priority) {
		if (priority != Priority.LOW) {
			return alternatives;
		}
		List<String> cheapestFirst = new ArrayList<>(alternatives);
		Collections.reverse(cheapestFirst);
		return cheapestFirst;
	}

	/**
	 * The first alternative that admits the work now, or {@code null}.
	 * @param refused the pools that deferred or denied it, the strictest first
	 * @param alternativesOf each pool's alternatives, in their configured order
	 * @param loads the loads of the refused pools and of their alternatives the team is
	 * allocated to (a pool without a load is not a candidate)
	 * @param drawn the pools the work already draws on
	 * @param admits whether the admission check admits the work on a pool now
	 */
	public static Alternative choose(List<Pool> refused, Map<String, List<String>> alternativesOf,
			Map<String, PoolLoad> loads, Set<String> drawn, Priority priority, Predicate<PoolLoad> admits) {
		for (Pool pool : refused) {
			PoolLoad refusedLoad = loads.get(pool.id());
			if (refusedLoad == null) {
				continue;
			}
			for (String id : order(alternativesOf.getOrDefault(pool.id(), List.of()), priority)) {
				PoolLoad candidate = loads.get(id);
				if (candidate == null || drawn.contains(id) || candidate.pool().unit() != pool.unit()) {
					continue;
				}
				if (admits.test(candidate)) {
					return alternative(refusedLoad, candidate);
				}
			}
		}
		return null;
	}

	private static Alternative alternative(PoolLoad refused, PoolLoad candidate) {
		Pool from = refused.pool();
		Pool to = candidate.pool();
		String used = Wording.percent(occupied(refused), from.limit());
		String left = Wording.percent(Math.max(0, to.limit() - occupied(candidate)), to.limit());
		String message = from.id() + " " + from.window().label() + " is at " + used + "%; " + to.id() + " "
				+ to.window().label() + " has " + left + "% left and admits this now";
		return new Alternative(to.id(), to.window().label(), new BigDecimal(left), from.id(), new BigDecimal(used),
				message);
	}

	private static long occupied(PoolLoad load) {
		return load.usage().used() + load.reserved();
	}

	/**
	 * The answer's sentence with the advice after it: "... Retry at 14:00 Europe/Berlin.
	 * Alternative: opus weekly is at 92%; sonnet weekly has 61% left and admits this
	 * now."
	 */
	public static String withAdvice(String sentence, Alternative alternative) {
		if (alternative == null) {
			return sentence;
		}
		String first = (sentence == null || sentence.isEmpty()) ? ""
				: sentence.endsWith(".") ? sentence + " " : sentence + ". ";
		return first + "Alternative: " + alternative.message() + ".";
	}

}
