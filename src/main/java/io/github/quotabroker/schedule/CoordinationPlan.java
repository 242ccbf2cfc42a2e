package io.github.quotabroker.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.github.quotabroker.capacity.CapacityCheck;
import io.github.quotabroker.capacity.CapacityProfile;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.fairshare.FairShare;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.team.WorkingHours;

/**
 * The follow-the-sun plan of one shared pool (issue #14): hour by hour, who is inside
 * their working hours, what each team is expected to use then (its measured demand at
 * that hour of the week), and a proposed budget per team that honours guarantees and fair
 * share.
 *
 * <p>
 * The plan walks the hours in order over the pool's projection ({@link PoolLoad}): what
 * is recorded and reserved now, rolling off or reset as the window says. Each hour may
 * spend what the pool has free then (less its safety buffer); what the plan gives an hour
 * is counted as used from then on until it would stop counting (one window length after
 * the hour for a rolling pool, the next reset for a calendar one), so capacity returns
 * {@code duration} later, which is what makes staggering work across zones pay. In an
 * hour that cannot give every team what it expects, the teams short of their guaranteed
 * minimum are served first, then the rest is shared by weight (water-filling), never past
 * a team's fair-share cap. Capacity no one's working hours need is {@code idle}
 * (suggested for automated and overnight work); an hour whose working teams expect more
 * than it can give is a {@code conflict}.
 */
public final class CoordinationPlan {

	private static final Duration HOUR = Duration.ofHours(1);

	/** Hours in a week: demand is measured by hour of the week (UTC). */
	public static final int WEEK_HOURS = 168;

	private CoordinationPlan() {
	}

	/**
	 * One team of the pool.
	 *
	 * @param members each member's working hours, by member id (members without hours are
	 * left out)
	 * @param demandByHourOfWeek expected use per hour, indexed by {@link #hourOfWeek}
	 */
	public record TeamInput(String teamId, Map<String, WorkingHours> members, long[] demandByHourOfWeek) {
	}

	/**
	 * A team in one hour.
	 *
	 * @param membersWorking the members inside their working hours at some point of the
	 * hour
	 * @param budget what the plan proposes the team may use in the hour
	 */
	public record TeamSlice(String teamId, List<String> membersWorking, long expectedDemand, long budget) {

		public boolean working() {
			return !this.membersWorking.isEmpty();
		}

	}

	/**
	 * One hour of the plan.
	 *
	 * @param available what the pool can give in the hour: free less the safety buffer,
	 * after what is recorded, reserved and planned for earlier hours
	 * @param returning what stops counting during the hour (recorded usage, and what the
	 * plan gave earlier hours)
	 * @param idle what no working team's expected demand needs
	 * @param conflictTeams the working teams that expect more than the hour can give them
	 * all (empty: no conflict)
	 */
	public record Slice(Instant start, Instant end, long available, long returning, long idle,
			List<String> conflictTeams, List<TeamSlice> teams) {

		public boolean conflict() {
			return !this.conflictTeams.isEmpty();
		}

	}

	/** The UTC hour of the week of {@code at}: Monday 00:00 is 0. */
	public static int hourOfWeek(Instant at) {
		var utc = at.atZone(ZoneOffset.UTC);
		return (utc.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + utc.getHour();
	}

	/**
	 * Hourly amounts from {@code since} (on the hour) folded into the mean per hour of
	 * the week over {@code weeks} weeks, rounded up: a little expected use is still some.
	 */
	public static long[] demandByHourOfWeek(Instant since, long[] hourly, int weeks) {
		long[] sum = new long[WEEK_HOURS];
		for (int i = 0; i < hourly.length; i++) {
			sum[hourOfWeek(since.plus(HOUR.multipliedBy(i)))] += hourly[i];
		}
		for (int i = 0; i < sum.length; i++) {
			sum[i] = (sum[i] + weeks - 1) / weeks;
		}
		return sum;
	}

	/**
	 * The plan for {@code hours} hours from {@code from} (on the hour, not before the
	 * load's instant less an hour).
	 */
	public static List<Slice> plan(PoolLoad load, List<TeamInput> teams, Instant from, int hours) {
		Pool pool = load.pool();
		CapacityProfile profile = load.profile();
		long ceiling = pool.limit() - CapacityCheck.bufferOf(pool);
		FairShare fair = load.fair();
		// What the plan gave, by team: amount by the instant it stops counting.
		Map<String, NavigableMap<Instant, Long>> planned = new HashMap<>();
		Map<String, NavigableMap<Instant, Long>> recorded = new HashMap<>();
		for (TeamInput t : teams) {
			planned.put(t.teamId(), new TreeMap<>());
			recorded.put(t.teamId(), load.teamFreed(t.teamId()));
		}
		List<Slice> slices = new ArrayList<>(hours);
		for (int h = 0; h < hours; h++) {
			Instant start = from.plus(HOUR.multipliedBy(h));
			Instant end = start.plus(HOUR);
			CapacityProfile.Load tightest = profile.tightest(start, end);
			long plannedNow = 0;
			long plannedReturning = 0;
			for (NavigableMap<Instant, Long> p : planned.values()) {
				plannedNow += sum(p.tailMap(start, false));
				plannedReturning += sum(p.subMap(start, false, end, true));
			}
			long available = Math.max(0, ceiling - tightest.usage() - tightest.reserved() - plannedNow);
			long returning = Math.max(0, profile.at(start).usage() - profile.at(end).usage()) + plannedReturning;
			int hourOfWeek = hourOfWeek(start);
			Map<String, Long> demand = new LinkedHashMap<>();
			Map<String, List<String>> working = new LinkedHashMap<>();
			long neededByWorking = 0;
			for (TeamInput t : teams) {
				long d = Math.max(0, t.demandByHourOfWeek()[hourOfWeek]);
				demand.put(t.teamId(), d);
				List<String> in = new ArrayList<>();
				t.members().forEach((member, wh) -> {
					if (!wh.spans(start, end).isEmpty()) {
						in.add(member);
					}
				});
				in.sort(null);
				working.put(t.teamId(), in);
				if (!in.isEmpty()) {
					neededByWorking += d;
				}
			}
			Map<String, Long> budgets = share(available, demand, teams, fair, planned, recorded, start);
			List<TeamSlice> teamSlices = new ArrayList<>();
			List<String> conflictTeams = new ArrayList<>();
			for (TeamInput t : teams) {
				String id = t.teamId();
				long budget = budgets.getOrDefault(id, 0L);
				if (budget > 0) {
					planned.get(id).merge(CapacityProfile.countsUntil(pool.window(), end), budget, Long::sum);
				}
				teamSlices.add(new TeamSlice(id, working.get(id), demand.get(id), budget));
				if (neededByWorking > available && !working.get(id).isEmpty() && demand.get(id) > 0) {
					conflictTeams.add(id);
				}
			}
			slices.add(new Slice(start, end, available, returning, Math.max(0, available - neededByWorking),
					conflictTeams, teamSlices));
		}
		return slices;
	}

	/**
	 * Shares what an hour can give among the teams' demands: first what each lacks of its
	 * guaranteed minimum, then by weight (their fair shares) until demands are met or
	 * nothing is left; never past a team's cap less what it already has counting.
	 */
	private static Map<String, Long> share(long available, Map<String, Long> demand, List<TeamInput> teams,
			FairShare fair, Map<String, NavigableMap<Instant, Long>> planned,
			Map<String, NavigableMap<Instant, Long>> recorded, Instant at) {
		Map<String, Long> need = new LinkedHashMap<>();
		Map<String, Long> weight = new LinkedHashMap<>();
		Map<String, Long> guaranteeGap = new LinkedHashMap<>();
		for (TeamInput t : teams) {
			String id = t.teamId();
			long counting = sum(planned.get(id).tailMap(at, false)) + sum(recorded.get(id).tailMap(at, false));
			FairShare.Standing s = (fair != null) ? fair.standing(id) : null;
			long room = (s == null || s.cap() == Long.MAX_VALUE) ? Long.MAX_VALUE : Math.max(0, s.cap() - counting);
			need.put(id, Math.min(demand.get(id), room));
			weight.put(id, (s != null) ? Math.max(1, s.share()) : 1);
			guaranteeGap.put(id, (s != null) ? Math.max(0, s.guaranteed() - counting) : 0);
		}
		Map<String, Long> given = new LinkedHashMap<>();
		need.keySet().forEach((id) -> given.put(id, 0L));
		long left = available;
		// Guarantees first, in proportion when they cannot all be met.
		long gaps = 0;
		for (String id : need.keySet()) {
			gaps += Math.min(need.get(id), guaranteeGap.get(id));
		}
		if (gaps > 0) {
			for (String id : need.keySet()) {
				long want = Math.min(need.get(id), guaranteeGap.get(id));
				long give = (gaps <= left) ? want : (long) ((double) want * left / gaps);
				given.put(id, give);
			}
			left -= given.values().stream().mapToLong(Long::longValue).sum();
		}
		// Then by weight among the teams still short, until they are met or nothing is
		// left.
		while (left > 0) {
			long totalWeight = 0;
			for (String id : need.keySet()) {
				if (given.get(id) < need.get(id)) {
					totalWeight += weight.get(id);
				}
			}
			if (totalWeight == 0) {
				break;
			}
			long handed = 0;
			for (String id : need.keySet()) {
				long short_ = need.get(id) - given.get(id);
				if (short_ <= 0) {
					continue;
				}
				long portion = Math.max(1, left * weight.get(id) / totalWeight);
				long give = Math.min(short_, Math.min(portion, left - handed));
				given.put(id, given.get(id) + give);
				handed += give;
				if (handed == left) {
					break;
				}
			}
			left -= handed;
			if (handed == 0) {
				break;
			}
		}
		return given;
	}

	private static long sum(Map<Instant, Long> amounts) {
		long sum = 0;
		for (long a : amounts.values()) {
			sum += a;
		}
		return sum;
	}

}
