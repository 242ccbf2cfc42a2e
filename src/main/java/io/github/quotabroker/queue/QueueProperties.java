package io.github.quotabroker.queue;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Queue dispatch settings ({@code quota.queue.*}).
 *
 * @param pollInterval how often each instance looks for pools whose queue is due (usage
 * rolling off, a hold's end, a deadline); changes made through an instance dispatch at
 * once without waiting for it
 * @param pollBatch due pools taken per look
 * @param dispatchThreads threads dispatching queues after quota is freed
 */
@ConfigurationProperties("quota.queue")
public record QueueProperties(@DefaultValue("PT1S") Duration pollInterval, @DefaultValue("50") int pollBatch,
		@DefaultValue("2") int dispatchThreads) {
}
