package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.Unit;

/**
 * Answer of {@code GET /pools/{poolId}/coordination}: the pool's follow-the-sun plan in
 * hourly slices. Amounts in the pool's unit.
 *
 * @param safetyBuffer kept free in every slice
 * @param demandBasis where the expected demand comes from
 */
public record CoordinationResponse(String poolId, Unit unit, String window, BigDecimal limit, BigDecimal safetyBuffer,
		Instant at, Instant from, Instant to, String demandBasis, List<SliceView> slices) {

	/**
	 * One hour.
	 *
	 * @param available what the pool can give in the hour after what is recorded,
	 * reserved and planned for earlier hours, less the safety buffer
	 * @param returning what stops counting during the hour
	 * @param idle what no working team's expected demand needs (for automated and
	 * overnight work)
	 * @param conflictTeams working teams that expect more than the hour can give them all
	 */
	public record SliceView(Instant start, Instant end, BigDecimal available, BigDecimal returning, BigDecimal idle,
			boolean conflict, List<String> conflictTeams, List<TeamView> teams) {
	}

	/**
	 * A team in one hour.
	 *
	 * @param localStart the hour's start in the team's timezone (ISO-8601 with offset)
	 * @param membersWorking members inside their own working hours during the hour
	 * @param membersLocal the hour's start in each working member's own timezone
	 * @param budget what the plan proposes the team may use in the hour
	 */
	public record TeamView(String teamId, String zone, String localStart, boolean working, List<String> membersWorking,
			List<MemberLocal> membersLocal, BigDecimal expectedDemand, BigDecimal budget) {
	}

	/** The hour's start in a member's timezone (ISO-8601 with offset). */
	public record MemberLocal(String memberId, String zone, String localStart) {
	}

}
