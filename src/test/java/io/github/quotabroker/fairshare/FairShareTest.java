package io.github.quotabroker.fairshare;

import java.math.BigDecimal;
import java.util.List;

import io.github.quotabroker.fairshare.FairShare.Claim;
import io.github.quotabroker.fairshare.FairShare.Standing;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FairShareTest {

	static Claim claim(String team, int weight, long guaranteed, Integer borrow, long used, long held) {
		return new Claim(team, BigDecimal.valueOf(weight), guaranteed, borrow, used, held);
	}

	@Test
	void sharesFollowTheWeightsAndCapsTheBorrowingLimit() {
		FairShare fair = new FairShare(1000, 0, 0,
				List.of(claim("a", 2, 0, 20, 0, 0), claim("b", 1, 0, 50, 0, 0), claim("c", 1, 0, null, 0, 0)));

		assertThat(fair.standing("a").share()).isEqualTo(500);
		assertThat(fair.standing("a").cap()).isEqualTo(600);
		assertThat(fair.standing("b").share()).isEqualTo(250);
		assertThat(fair.standing("b").cap()).isEqualTo(375);
		assertThat(fair.standing("c").cap()).isEqualTo(Long.MAX_VALUE);
		assertThat(fair.available("a")).isEqualTo(600);
		assertThat(fair.available("c")).isEqualTo(1000);
		assertThat(fair.available("nobody")).isZero();
		assertThat(fair.standing("nobody")).isNull();
	}

	@Test
	void availableIsTheLesserOfTheCapAndWhatThePoolHasLeftAfterOthersGuarantees() {
		// 1000 split 1:1; b guarantees 300 and uses 100 of it: 200 stay protected.
		FairShare fair = new FairShare(1000, 450, 0,
				List.of(claim("a", 1, 0, null, 350, 0), claim("b", 1, 300, 20, 100, 0)));

		Standing a = fair.standing("a");
		assertThat(a.protectedForOthers()).isEqualTo(200);
		assertThat(a.available()).isEqualTo(1000 - 450 - 200);
		assertThat(a.borrowing()).isZero();
		Standing b = fair.standing("b");
		assertThat(b.protectedForOthers()).isZero();
		assertThat(b.available()).isEqualTo(500);
	}

	@Test
	void borrowingIsWhatIsUsedAndHeldAboveTheShare() {
		FairShare fair = new FairShare(100, 70, 10, List.of(claim("a", 1, 0, 50, 60, 10), claim("b", 1, 0, 50, 0, 0)));

		Standing a = fair.standing("a");
		assertThat(a.share()).isEqualTo(50);
		assertThat(a.cap()).isEqualTo(75);
		assertThat(a.borrowing()).isEqualTo(20);
		assertThat(a.available()).isEqualTo(5);
		assertThat(a.shareUsed()).isEqualTo(1.4);
	}

	@Test
	void aTeamOverItsCapMayTakeNothingAndUsageOfUnallocatedTeamsCountsForThePool() {
		// 200 used by a team without allocation.
		FairShare fair = new FairShare(1000, 900, 0, List.of(claim("a", 1, 0, 0, 600, 0), claim("b", 1, 0, 0, 100, 0)));

		assertThat(fair.available("a")).isZero();
		assertThat(fair.available("b")).isEqualTo(100);
		assertThat(fair.poolFree()).isEqualTo(100);
	}

	@Test
	void grantsOnTheSnapshotAreSeenByTheNextDecision() {
		FairShare fair = new FairShare(100, 0, 0, List.of(claim("a", 1, 0, 20, 0, 0), claim("b", 1, 40, 20, 0, 0)));

		assertThat(fair.available("a")).isEqualTo(60);
		fair.hold("a", 50);
		assertThat(fair.available("a")).isEqualTo(10);
		fair.hold("b", 30);
		// b's own hold counts against its guarantee: only 10 of it is still protected.
		assertThat(fair.standing("a").protectedForOthers()).isEqualTo(10);
		assertThat(fair.available("a")).isEqualTo(10);
		fair.unhold("a", 50);
		assertThat(fair.available("a")).isEqualTo(60);
		assertThat(fair.guaranteedOfOthers("a")).isEqualTo(40);
		assertThat(fair.protectedAtMost("a")).isEqualTo(10);
	}

	@Test
	void aTinyWeightGetsAZeroShareAndAnInfiniteShareUsed() {
		FairShare fair = new FairShare(10, 0, 0,
				List.of(new Claim("a", new BigDecimal("0.0001"), 0, 20, 1, 0), claim("b", 1000, 0, 20, 0, 0)));

		assertThat(fair.standing("a").share()).isZero();
		assertThat(fair.shareUsed("a")).isInfinite();
		assertThat(fair.available("a")).isZero();
	}

}
