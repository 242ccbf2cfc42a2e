package io.github.quotabroker.admission;

import java.time.Instant;
import java.time.ZoneId;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.modelchoice.AdmissionTrial;
import io.github.quotabroker.modelchoice.ModelChoice;
import io.github.quotabroker.team.Team;
import io.github.quotabroker.usage.UsageKind;

import org.springframework.stereotype.Component;

/**
 * The admission check's rules for one pool, as the model-choice advice asks them: an
 * alternative "admits this now" only when {@code POST /teams/{teamId}/admission} on it
 * would answer ADMIT.
 */
@Component
class AdmissionTrials implements AdmissionTrial {

	@Override
	public boolean admitsNow(Team team, PoolLoad load, ModelChoice.Work work, Instant now) {
		ZoneId zone = team.zone();
		AdmissionPolicy.Verdict v = AdmissionService.withinShare(team.id(), load,
				AdmissionPolicy.decide(load.pool(), load.usage().used(), load.reserved(), load.profile(),
						team.automationCapPercent(), work.amount(), work.kind(), work.priority(), null, now, zone),
				work.amount(), null, now, zone);
		if (v.decision() != Decision.ADMIT || load.holdCapRefusal(team.id(), now, zone) != null) {
			return false;
		}
		return work.kind() != UsageKind.AUTOMATED || AdmissionPolicy.outsideAutomationWindow(team.automationWindow(),
				team.id(), Decision.ADMIT, v.reason(), null, 0, now, zone) == null;
	}

}
