package io.github.quotabroker.usage;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.UnknownTeam;
import io.github.quotabroker.usage.EventOutcome.Status;
import io.github.quotabroker.usage.UsageLedger.BucketDelta;
import io.github.quotabroker.usage.UsageLedger.NewEvent;
import io.github.quotabroker.usage.UsageLedger.Stored;
import io.github.quotabroker.web.ApiException;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Unavailable;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes usage events to the ledger with group commit: concurrent requests queue up, a
 * writer takes everything waiting and records it in one transaction, and each request is
 * acknowledged only after that transaction commits. Each request stays all-or-nothing: a
 * request with a conflicting event id is answered 409 and none of its events are written,
 * while the other requests of the group commit.
 */
@Service
public class UsageIngestService implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UsageIngestService.class);

	private static final int MAX_ATTEMPTS = 5;

	private final UsageLedger ledger;

	private final PoolService pools;

	private final TeamService teams;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final IngestProperties properties;

	private final Clock clock;

	private final DistributionSummary groupSize;

	private final BlockingQueue<Submission> queue;

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running;

	UsageIngestService(UsageLedger ledger, PoolService pools, TeamService teams,
			PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
			IngestProperties properties, Clock clock, MeterRegistry registry) {
		this.ledger = ledger;
		this.pools = pools;
		this.teams = teams;
		this.transactions = new TransactionTemplate(transactionManager);
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
		this.groupSize = DistributionSummary.builder("quota.ingest.group.events")
			.description("Events written per group-commit transaction")
			.register(registry);
	}

	/**
	 * Records the events (all of them or none) and answers once they are durable.
	 * @throws EventIdConflict when an event id was used before for other content
	 * @throws Unavailable when the service is shutting down, overloaded or the database
	 * failed; retrying is safe
	 */
	public List<EventOutcome> ingest(List<UsageEvent> events) {
		if (!this.running) {
			throw new Unavailable("The service is shutting down; retry on another instance");
		}
		Submission submission = new Submission(events);
		if (!this.queue.offer(submission)) {
			throw new Unavailable("Too many usage events are waiting to be written; retry shortly");
		}
		try {
			return submission.result.get(this.properties.acknowledgeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new Unavailable("The events were not confirmed in time; retrying is safe (duplicates are "
					+ "acknowledged, never counted twice)");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Unavailable("Interrupted while waiting for the events to be written");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof ApiException api) {
				throw api;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	private static final class Submission {

		final List<UsageEvent> events;

		final CompletableFuture<List<EventOutcome>> result = new CompletableFuture<>();

		Submission(List<UsageEvent> events) {
			this.events = events;
		}

	}

	/** Thrown inside a group transaction to roll it back and try again. */
	private static final class ConcurrentInsert extends RuntimeException {

		ConcurrentInsert() {
			super(null, null, false, false);
		}

	}

	private void writeLoop() {
		List<Submission> group = new ArrayList<>();
		// A request that did not fit the last group starts the next one.
		// Writers only ever poll, so two writers never take the same request.
		Submission carried = null;
		while (this.running || carried != null || !this.queue.isEmpty()) {
			group.clear();
			try {
				Submission first = (carried != null) ? carried : this.queue.poll(100, TimeUnit.MILLISECONDS);
				carried = null;
				if (first == null) {
					continue;
				}
				group.add(first);
				int size = first.events.size();
				Submission next;
				while ((next = this.queue.poll()) != null) {
					if (size + next.events.size() > this.properties.maxGroupEvents()) {
						carried = next;
						break;
					}
					group.add(next);
					size += next.events.size();
				}
				write(group);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				if (carried != null) {
					carried.result.completeExceptionally(new Unavailable("The service is stopping; retry"));
				}
				return;
			}
			catch (RuntimeException ex) {
				// A writer must survive anything: answer the group and carry on.
				log.error("Usage writer failed on a group of {} requests", group.size(), ex);
				group.forEach((s) -> s.result.completeExceptionally(new Unavailable("Writing usage failed; retry")));
			}
		}
	}

	private void write(List<Submission> group) {
		// The first try assumes every event is new (the common case): no look-up of ids.
		// When an insert finds an id taken, the group is rolled back and redone with it.
		boolean lookUpExisting = false;
		for (int attempt = 1;; attempt++) {
			try {
				boolean lookUp = lookUpExisting;
				Map<Submission, Object> answers = this.transactions.execute((status) -> writeOnce(group, lookUp));
				int recorded = 0;
				List<UsageEvent> newlyRecorded = new ArrayList<>();
				for (Submission s : group) {
					if (answers.get(s) instanceof List<?> outcomes) {
						for (int i = 0; i < outcomes.size(); i++) {
							if (((EventOutcome) outcomes.get(i)).status() == Status.RECORDED) {
								recorded++;
								newlyRecorded.add(s.events.get(i));
							}
						}
					}
				}
				this.groupSize.record(recorded);
				// Published before anyone is answered.
				// A client reading right after its acknowledgement
				// never gets an answer from before its usage.
				if (!newlyRecorded.isEmpty()) {
					this.events.publishEvent(new UsageRecorded(newlyRecorded));
				}
				for (Submission s : group) {
					Object answer = answers.get(s);
					if (answer instanceof ApiException ex) {
						s.result.completeExceptionally(ex);
					}
					else {
						@SuppressWarnings("unchecked")
						List<EventOutcome> outcomes = (List<EventOutcome>) answer;
						s.result.complete(outcomes);
					}
				}
				return;
			}
			catch (ConcurrentInsert | TransientDataAccessException ex) {
				lookUpExisting = true;
				if (attempt >= MAX_ATTEMPTS) {
					fail(group, ex);
					return;
				}
			}
			catch (DataAccessException ex) {
				if (group.size() > 1) {
					// Isolate the request that broke the group: the others still commit.
					group.forEach((s) -> write(List.of(s)));
				}
				else {
					fail(group, ex);
				}
				return;
			}
		}
	}

	private void fail(List<Submission> group, RuntimeException ex) {
		log.error("Could not write {} usage requests", group.size(), ex);
		group.forEach((s) -> s.result
			.completeExceptionally(new Unavailable("The ledger could not be written just now; retrying is safe")));
	}

	/**
	 * One attempt at the group, inside its transaction: answers outcomes or an exception
	 * per request.
	 */
	private Map<Submission, Object> writeOnce(List<Submission> group, boolean lookUpExisting) {
		List<Pool> catalogue = this.pools.all();
		List<String> ids = new ArrayList<>();
		Set<String> teamIds = new HashSet<>();
		group.forEach((s) -> s.events.forEach((e) -> {
			ids.add(e.eventId());
			teamIds.add(e.teamId());
		}));
		// Checked per group, not per request: one query however many requests wait.
		Set<String> unknownTeams = this.teams.unknown(teamIds);
		Map<String, Stored> existing = lookUpExisting ? this.ledger.findExisting(ids) : Map.of();
		Map<String, NewEvent> accepted = new HashMap<>();
		List<NewEvent> toInsert = new ArrayList<>();
		Map<Submission, Object> answers = new IdentityHashMap<>();
		for (Submission s : group) {
			if (!unknownTeams.isEmpty()) {
				UnknownTeam unknown = unknownTeamsOf(s, unknownTeams);
				if (unknown != null) {
					answers.put(s, unknown);
					continue;
				}
			}
			Map<String, NewEvent> mine = new LinkedHashMap<>();
			List<EventOutcome> outcomes = new ArrayList<>(s.events.size());
			List<FieldError> conflicts = new ArrayList<>();
			for (int i = 0; i < s.events.size(); i++) {
				UsageEvent e = s.events.get(i);
				String hash = e.contentHash();
				Stored stored = existing.get(e.eventId());
				NewEvent pending = (stored == null) ? mine.getOrDefault(e.eventId(), accepted.get(e.eventId())) : null;
				if (stored != null || pending != null) {
					String otherHash = (stored != null) ? stored.contentHash() : pending.contentHash();
					if (!otherHash.equals(hash)) {
						conflicts.add(new FieldError((s.events.size() > 1) ? i : null, "eventId",
								"'" + e.eventId() + "' was already used for an event with different content"));
					}
					List<String> poolsOfOther = (stored != null) ? stored.countedPools() : pending.pools();
					outcomes.add(new EventOutcome(e.eventId(), Status.DUPLICATE, poolsOfOther));
					continue;
				}
				NewEvent fresh = counted(e, hash, catalogue);
				mine.put(e.eventId(), fresh);
				outcomes.add(new EventOutcome(e.eventId(), Status.RECORDED, fresh.pools()));
			}
			if (!conflicts.isEmpty()) {
				answers.put(s, new EventIdConflict(conflicts));
				continue;
			}
			accepted.putAll(mine);
			toInsert.addAll(mine.values());
			answers.put(s, outcomes);
		}
		if (!toInsert.isEmpty()) {
			// Sorted so that concurrent writers take index and bucket locks in one order.
			toInsert.sort(Comparator.comparing((NewEvent ne) -> ne.event().eventId()));
			Set<String> inserted = this.ledger.insert(toInsert, this.clock.instant());
			if (inserted.size() != toInsert.size()) {
				toInsert = acceptRacedDuplicates(toInsert, inserted, answers);
			}
			// Reservations before buckets: a reservation commit locks them in that order.
			drawDownReservations(toInsert);
			addToBuckets(toInsert);
			announceCounted(toInsert);
		}
		return answers;
	}

	/**
	 * Another writer (of this or another instance) committed some of the ids between our
	 * read and our insert, which skipped them. Where its content is ours, the event is a
	 * duplicate: answer so and keep the rest of the group, instead of retrying a group
	 * that may lose the same race again under sustained concurrent re-delivery. Only an
	 * id raced with other content (a conflict, which must leave its request unwritten)
	 * still rolls the group back for a retry, which then sees the stored event.
	 * @return the events this transaction did insert
	 */
	private List<NewEvent> acceptRacedDuplicates(List<NewEvent> toInsert, Set<String> inserted,
			Map<Submission, Object> answers) {
		List<String> skipped = toInsert.stream()
			.map((ne) -> ne.event().eventId())
			.filter((id) -> !inserted.contains(id))
			.toList();
		// READ COMMITTED: this new statement sees the rows the insert waited for.
		Map<String, Stored> raced = this.ledger.findExisting(skipped);
		for (NewEvent ne : toInsert) {
			Stored stored = raced.get(ne.event().eventId());
			if (!inserted.contains(ne.event().eventId())
					&& (stored == null || !stored.contentHash().equals(ne.contentHash()))) {
				throw new ConcurrentInsert();
			}
		}
		for (Object answer : answers.values()) {
			if (answer instanceof List<?> list) {
				@SuppressWarnings("unchecked")
				List<EventOutcome> outcomes = (List<EventOutcome>) list;
				outcomes.replaceAll((o) -> (o.status() == Status.RECORDED && raced.containsKey(o.eventId()))
						? new EventOutcome(o.eventId(), Status.DUPLICATE, raced.get(o.eventId()).countedPools()) : o);
			}
		}
		return toInsert.stream().filter((ne) -> inserted.contains(ne.event().eventId())).toList();
	}

	private static UnknownTeam unknownTeamsOf(Submission s, Set<String> unknownTeams) {
		List<FieldError> errors = new ArrayList<>();
		Set<String> names = new TreeSet<>();
		for (int i = 0; i < s.events.size(); i++) {
			String teamId = s.events.get(i).teamId();
			if (unknownTeams.contains(teamId)) {
				names.add(teamId);
				errors.add(new FieldError((s.events.size() > 1) ? i : null, "teamId",
						"team '" + teamId + "' does not exist"));
			}
		}
		return errors.isEmpty() ? null
				: new UnknownTeam("Unknown team " + String.join(", ", names) + "; nothing was recorded", errors);
	}

	private static NewEvent counted(UsageEvent event, String hash, List<Pool> catalogue) {
		List<String> poolIds = new ArrayList<>(3);
		List<Long> amounts = new ArrayList<>(3);
		for (Pool pool : catalogue) {
			if (pool.counts(event.model())) {
				poolIds.add(pool.id());
				amounts.add(pool.amountOf(event.consumption()));
			}
		}
		return new NewEvent(event, hash, List.copyOf(poolIds), amounts.stream().mapToLong(Long::longValue).toArray());
	}

	private void drawDownReservations(List<NewEvent> events) {
		List<UsageAgainstReservations.Drawdown> drawdowns = new ArrayList<>();
		for (NewEvent ne : events) {
			if (ne.event().reservationId() != null) {
				for (int i = 0; i < ne.pools().size(); i++) {
					drawdowns.add(new UsageAgainstReservations.Drawdown(ne.event().reservationId(), ne.event().teamId(),
							ne.pools().get(i), ne.amounts()[i]));
				}
			}
		}
		if (!drawdowns.isEmpty()) {
			this.events.publishEvent(new UsageAgainstReservations(drawdowns));
		}
	}

	/**
	 * Records one event counted against exactly the given pools, in the caller's
	 * transaction; answers whether it was new (an event with its id was not recorded
	 * before).
	 */
	boolean recordInTransaction(UsageEvent event, List<String> poolIds, long[] amounts) {
		NewEvent ne = new NewEvent(event, event.contentHash(), List.copyOf(poolIds), amounts);
		if (this.ledger.insert(List.of(ne), this.clock.instant()).isEmpty()) {
			return false;
		}
		addToBuckets(List.of(ne));
		announceCounted(List.of(ne));
		return true;
	}

	private void announceCounted(List<NewEvent> events) {
		Map<String, Long> added = new HashMap<>(4);
		for (NewEvent ne : events) {
			for (int i = 0; i < ne.pools().size(); i++) {
				added.merge(ne.pools().get(i), ne.amounts()[i], Long::sum);
			}
		}
		if (!added.isEmpty()) {
			this.events.publishEvent(new UsageCounted(added));
		}
	}

	private void addToBuckets(List<NewEvent> events) {
		Map<BucketKey, long[]> minutes = new HashMap<>();
		Map<BucketKey, long[]> hours = new HashMap<>();
		for (NewEvent ne : events) {
			Instant minute = ne.event().occurredAt().truncatedTo(ChronoUnit.MINUTES);
			Instant hour = ne.event().occurredAt().truncatedTo(ChronoUnit.HOURS);
			for (int i = 0; i < ne.pools().size(); i++) {
				add(minutes, new BucketKey(ne.pools().get(i), minute, ne.event().teamId()), ne.amounts()[i]);
				add(hours, new BucketKey(ne.pools().get(i), hour, ne.event().teamId()), ne.amounts()[i]);
			}
		}
		this.ledger.addToBuckets("usage_minute_buckets", sorted(minutes));
		this.ledger.addToBuckets("usage_hour_buckets", sorted(hours));
	}

	private record BucketKey(String poolId, Instant start, String teamId) {
	}

	private static final Comparator<BucketKey> BUCKET_ORDER = Comparator.comparing(BucketKey::poolId)
		.thenComparing(BucketKey::start)
		.thenComparing(BucketKey::teamId);

	private static void add(Map<BucketKey, long[]> buckets, BucketKey key, long amount) {
		long[] sums = buckets.computeIfAbsent(key, (k) -> new long[2]);
		sums[0] += amount;
		sums[1]++;
	}

	private static List<BucketDelta> sorted(Map<BucketKey, long[]> buckets) {
		return buckets.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(BUCKET_ORDER))
			.map((e) -> new BucketDelta(e.getKey().poolId(), e.getKey().start(), e.getKey().teamId(), e.getValue()[0],
					e.getValue()[1]))
			.toList();
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.properties.writers(); i++) {
			Thread writer = new Thread(this::writeLoop, "usage-writer-" + i);
			writer.setDaemon(true);
			writer.start();
			this.writers.add(writer);
		}
	}

	@Override
	public void stop() {
		// Stop taking requests, then let the writers drain what was already accepted.
		this.running = false;
		for (Thread writer : this.writers) {
			try {
				writer.join(this.properties.acknowledgeTimeout().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.writers.clear();
		log.info("Usage writers stopped; {} requests left unwritten", this.queue.size());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the web server has finished its in-flight requests, which wait on the
	 * writers.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	int queued() {
		return this.queue.size();
	}

}
