package io.github.quotabroker.fairshare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The fair-share terms of pools' allocations, read in one query for a decision. */
@Repository
public class AllocationTerms {

	/** One allocation's terms; {@code borrowLimitPercent} null: without limit. */
	public record Terms(String teamId, BigDecimal weight, long guaranteed, Integer borrowLimitPercent,
			boolean preemptible) {
	}

	private final JdbcClient jdbc;

	AllocationTerms(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Pool id to its allocations' terms, ordered by team. */
	public Map<String, List<Terms>> of(List<String> poolIds) {
		Map<String, List<Terms>> terms = new HashMap<>();
		if (poolIds.isEmpty()) {
			return terms;
		}
		this.jdbc.sql("""
				select pool_id, team_id, weight, guaranteed, borrow_limit_percent, preemptible
				from allocations where pool_id = any(?) order by pool_id, team_id
				""").param(poolIds.toArray(String[]::new)).query((rs, n) -> {
			int borrow = rs.getInt("borrow_limit_percent");
			Integer borrowLimit = rs.wasNull() ? null : borrow;
			return terms.computeIfAbsent(rs.getString("pool_id"), (k) -> new ArrayList<>())
				.add(new Terms(rs.getString("team_id"), rs.getBigDecimal("weight"), rs.getLong("guaranteed"),
						borrowLimit, rs.getBoolean("preemptible")));
		}).list();
		return terms;
	}

	/**
	 * Builds a pool's fair share from its allocations and what each team uses and holds.
	 */
	public static FairShare fairShare(long limit, long poolUsed, long poolHeld, List<Terms> terms,
			Map<String, Long> usedByTeam, Map<String, Long> heldByTeam) {
		List<FairShare.Claim> claims = new ArrayList<>(terms.size());
		for (Terms t : terms) {
			claims.add(new FairShare.Claim(t.teamId(), t.weight(), t.guaranteed(), t.borrowLimitPercent(),
					usedByTeam.getOrDefault(t.teamId(), 0L), heldByTeam.getOrDefault(t.teamId(), 0L)));
		}
		return new FairShare(limit, poolUsed, poolHeld, claims);
	}

}
