package io.github.quotabroker.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.quotabroker.webhook.DeliveryStore.Claimed;
import io.github.quotabroker.webhook.QueueWatchStore.Watch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox. Every instance runs one worker; each round it claims due rows with
 * {@code FOR UPDATE SKIP LOCKED} and a lease ({@link DeliveryStore#claim}), so that a row
 * is sent by one instance at a time, and a row whose instance died is claimed again when
 * its lease runs out: delivered at least once, never lost, each attempt carrying the same
 * event id for the receiver to drop duplicates. Each attempt is signed
 * ({@link Signature}); a failure (no answer in time, or a status other than 2xx) is tried
 * again after {@link Backoff}, up to {@code quota.webhooks.max-attempts}.
 *
 * <p>
 * The same round turns queued requests that waited past a webhook's bound into
 * deliveries.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	static final String EVENT_ID_HEADER = "X-Quota-Event-Id";

	static final String EVENT_TYPE_HEADER = "X-Quota-Event-Type";

	static final String ATTEMPT_HEADER = "X-Quota-Attempt";

	private final DeliveryStore deliveries;

	private final QueueWatchStore watches;

	private final WebhookStore webhooks;

	private final Notices notices;

	private final ThresholdWatch thresholds;

	private final WebhookMetrics metrics;

	private final WebhookProperties properties;

	private final Backoff backoff;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final HttpClient http;

	private ScheduledExecutorService executor;

	DeliveryWorker(DeliveryStore deliveries, QueueWatchStore watches, WebhookStore webhooks, Notices notices,
			ThresholdWatch thresholds, WebhookMetrics metrics, WebhookProperties properties,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.deliveries = deliveries;
		this.watches = watches;
		this.webhooks = webhooks;
		this.notices = notices;
		this.thresholds = thresholds;
		this.metrics = metrics;
		this.properties = properties;
		this.backoff = properties.backoff();
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	/**
	 * One round: thresholds crossed by usage other instances counted, queue waits that
	 * became due, then due deliveries until none is left.
	 */
	void round() {
		if (this.thresholds.watching()) {
			// Only then a transaction: a round runs every poll interval on every
			// instance.
			this.transactions.executeWithoutResult((tx) -> this.thresholds.recheck());
		}
		watchQueues();
		while (deliverDue() == this.properties.batch()) {
			// A full batch: more may be due.
		}
		this.metrics.pending(this.deliveries.pending());
	}

	/**
	 * Turns the queue watches due now into deliveries, each batch in one transaction.
	 * @return the watches taken
	 */
	int watchQueues() {
		int total = 0;
		while (true) {
			Instant now = this.clock.instant();
			Integer taken = this.transactions.execute((tx) -> {
				List<Watch> due = this.watches.takeDue(now, this.properties.batch());
				if (due.isEmpty()) {
					return 0;
				}
				Map<Long, Webhook> byKey = new HashMap<>();
				this.webhooks.byKeys(due.stream().map(Watch::webhookKey).distinct().toList())
					.forEach((w) -> byKey.put(w.key(), w));
				for (Watch w : due) {
					Webhook webhook = byKey.get(w.webhookKey());
					if (webhook != null) {
						this.notices.recordFor(List.of(webhook), queueWait(w, webhook, now));
					}
				}
				return due.size();
			});
			total += taken;
			if (taken < this.properties.batch()) {
				return total;
			}
		}
	}

	static Notice queueWait(Watch w, Webhook webhook, Instant now) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("reservationId", w.reservationId());
		details.put("queuedAt", w.queuedAt().toString());
		details.put("waitAbove", webhook.queueWaitAbove().toString());
		return new Notice(NoticeType.QUEUE_WAIT_EXCEEDED, w.teamId(), w.poolId(),
				w.reservationId() + "/" + webhook.queueWaitAbove(),
				"Team " + w.teamId() + ": request " + w.reservationId() + " has waited in the queue of pool "
						+ w.poolId() + " for more than " + webhook.queueWaitAbove().toMinutes() + " minutes.",
				now, details);
	}

	/**
	 * Claims one batch of due deliveries and sends them, in parallel, waiting for every
	 * answer (or its timeout).
	 * @return the rows claimed
	 */
	int deliverDue() {
		List<Claimed> claimed = this.deliveries.claim(this.clock.instant(), this.properties.lease(),
				this.properties.batch());
		if (claimed.isEmpty()) {
			return 0;
		}
		Map<Long, Webhook> byKey = new HashMap<>();
		this.webhooks.byKeys(claimed.stream().map(Claimed::webhookKey).distinct().toList())
			.forEach((w) -> byKey.put(w.key(), w));
		List<CompletableFuture<Void>> sent = new ArrayList<>();
		for (Claimed c : claimed) {
			Webhook webhook = byKey.get(c.webhookKey());
			if (webhook == null) {
				this.deliveries.dropOrphan(c);
				this.metrics.attempt("dropped");
				continue;
			}
			sent.add(send(c, webhook));
		}
		try {
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
				.get(this.properties.lease().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			// Stopping: the leases run out and another instance delivers.
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Webhook deliveries did not all finish: {}", ex.toString());
		}
		return claimed.size();
	}

	private CompletableFuture<Void> send(Claimed c, Webhook webhook) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.url()))
			.timeout(this.properties.requestTimeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "quota-broker-webhooks/1")
			.header(EVENT_ID_HEADER, c.eventId())
			.header(EVENT_TYPE_HEADER, c.type().name())
			.header(ATTEMPT_HEADER, Integer.toString(c.attempt()))
			.header(Signature.HEADER, Signature.header(webhook.secret(), this.clock.instant(), c.body()))
			.POST(HttpRequest.BodyPublishers.ofString(c.body()))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
			record(c, webhook, response, error);
			return null;
		});
	}

	private void record(Claimed c, Webhook webhook, HttpResponse<?> response, Throwable error) {
		try {
			Instant now = this.clock.instant();
			if (response != null && response.statusCode() / 100 == 2) {
				if (this.deliveries.delivered(c, response.statusCode(), now)) {
					this.metrics.attempt("delivered");
				}
				return;
			}
			Integer status = (response != null) ? response.statusCode() : null;
			String why = (response != null) ? "HTTP " + response.statusCode()
					: describe((error.getCause() != null) ? error.getCause() : error);
			Instant retryAt = this.backoff.retries(c.attempt())
					? now.plus(this.backoff.pauseAfter(c.attempt(), ThreadLocalRandom.current().nextDouble())) : null;
			if (this.deliveries.failed(c, status, why, retryAt)) {
				this.metrics.attempt((retryAt != null) ? "retry" : "failed");
			}
			log.warn("Webhook {} delivery {} attempt {} failed ({}); {}", webhook.path(), c.eventId(), c.attempt(), why,
					(retryAt != null) ? "retry at " + retryAt : "given up");
		}
		catch (RuntimeException ex) {
			// The lease runs out and the row is tried again.
			log.warn("Could not record the outcome of webhook delivery {}: {}", c.eventId(), ex.getMessage());
		}
	}

	private static String describe(Throwable error) {
		String name = error.getClass().getSimpleName();
		return (error.getMessage() != null) ? name + ": " + error.getMessage() : name;
	}

	private void roundSafely() {
		try {
			round();
		}
		catch (RuntimeException ex) {
			log.warn("Webhook delivery round failed: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "webhook-deliveries");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.properties.pollInterval().toMillis();
		this.executor.scheduleWithFixedDelay(this::roundSafely, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.executor.shutdownNow();
		this.executor = null;
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/** The timeout of one request, for tests that wait for it. */
	Duration requestTimeout() {
		return this.properties.requestTimeout();
	}

}
