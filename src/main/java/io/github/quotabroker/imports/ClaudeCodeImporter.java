package io.github.quotabroker.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.usage.IngestProperties;
import io.github.quotabroker.usage.UsageEvent;
import io.github.quotabroker.usage.UsageKind;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.usage.UsageService.BatchOutcome;
import io.github.quotabroker.web.Caller;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Imports Claude Code transcripts: reads a JSONL stream line by line (never the whole
 * body), folds the lines of each call into one usage event ({@link CallMerger}) and
 * records them in batches through the usage capability, so that an import is idempotent:
 * running it again records nothing new. A bad line is counted and skipped, never fatal.
 */
@Service
public class ClaudeCodeImporter implements DisposableBean {

	private final UsageService usage;

	private final TeamService teams;

	private final JsonMapper jsonMapper;

	private final ImportProperties properties;

	private final IngestProperties ingest;

	private final Clock clock;

	private final ExecutorService writers = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "claude-code-import");
		thread.setDaemon(true);
		return thread;
	});

	ClaudeCodeImporter(UsageService usage, TeamService teams, JsonMapper jsonMapper, ImportProperties properties,
			IngestProperties ingest, Clock clock) {
		this.usage = usage;
		this.teams = teams;
		this.jsonMapper = jsonMapper;
		this.properties = properties;
		this.ingest = ingest;
		this.clock = clock;
	}

	/** Who the imported usage belongs to. {@code agentId} may be null. */
	public record Target(String teamId, String memberId, String agentId, UsageKind kind) {
	}

	/**
	 * Imports every call of the stream for {@code target}.
	 * @throws io.github.quotabroker.team.UnknownTeam before reading anything when the
	 * team does not exist
	 */
	public ImportAnswer importTranscript(Caller caller, Target target, InputStream body) {
		if (caller != null) {
			caller.requireTeam(target.teamId());
		}
		this.teams.get(target.teamId());
		Run run = new Run(target);
		try {
			run.read(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return run.answer();
	}

	@Override
	public void destroy() {
		this.writers.shutdown();
	}

	/** One import: its counters and the batches being written. */
	private final class Run {

		private final Target target;

		private final CallMerger merger;

		private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);

		private final Deque<CompletableFuture<BatchOutcome>> inFlight = new ArrayDeque<>();

		private long lines;

		private long imported;

		private long duplicates;

		Run(Target target) {
			this.target = target;
			this.merger = new CallMerger(ClaudeCodeImporter.this.properties.batchSize(),
					ClaudeCodeImporter.this.properties.rememberedCalls());
		}

		void read(InputStream body) throws IOException {
			LineReader reader = new LineReader(body, (int) ClaudeCodeImporter.this.properties.maxLineSize().toBytes());
			Instant now = ClaudeCodeImporter.this.clock.instant();
			while (reader.next()) {
				if (reader.length() == 0 && !reader.tooLong()) {
					continue;
				}
				this.lines++;
				if (reader.tooLong()) {
					skip(SkipReason.TOO_LONG);
					continue;
				}
				TranscriptLines.Read read = TranscriptLines.read(ClaudeCodeImporter.this.jsonMapper, reader.bytes(),
						reader.length());
				if (read.skipped() != null) {
					skip(read.skipped());
					continue;
				}
				TranscriptCall call = read.call();
				if (!withinLimits(call, now)) {
					continue;
				}
				send(this.merger.add(call));
			}
			send(this.merger.finish());
			while (!this.inFlight.isEmpty()) {
				collect(this.inFlight.removeFirst());
			}
		}

		private boolean withinLimits(TranscriptCall call, Instant now) {
			IngestProperties limits = ClaudeCodeImporter.this.ingest;
			if (call.timestamp().isAfter(now.plus(limits.maxClockSkew()))
					|| call.timestamp().isBefore(now.minus(limits.maxEventAge()))) {
				skip(SkipReason.OUT_OF_RANGE);
				return false;
			}
			long max = limits.maxTokensPerEvent();
			if (call.inputTokens() > max || call.outputTokens() > max || call.cacheReadTokens() > max
					|| call.cacheCreationTokens() > max
					|| (call.costUsd() != null && call.costUsd().compareTo(limits.maxCostUsdPerEvent()) > 0)) {
				skip(SkipReason.INVALID);
				return false;
			}
			return true;
		}

		private void send(List<TranscriptCall> batch) {
			if (batch.isEmpty()) {
				return;
			}
			List<UsageEvent> events = new ArrayList<>(batch.size());
			for (TranscriptCall call : batch) {
				events.add(event(call));
			}
			if (this.inFlight.size() >= ClaudeCodeImporter.this.properties.batchesInFlight()) {
				collect(this.inFlight.removeFirst());
			}
			this.inFlight.addLast(CompletableFuture.supplyAsync(() -> ClaudeCodeImporter.this.usage.recordBatch(events),
					ClaudeCodeImporter.this.writers));
		}

		private void collect(CompletableFuture<BatchOutcome> future) {
			BatchOutcome outcome;
			try {
				outcome = future.join();
			}
			catch (CompletionException ex) {
				// Whatever failed is answered as it would be on its own (503, 404, ...).
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw ex;
			}
			this.imported += outcome.recorded();
			this.duplicates += outcome.duplicates();
			if (outcome.conflicts() > 0) {
				this.skipped.merge(SkipReason.CONFLICT, (long) outcome.conflicts(), Long::sum);
			}
		}

		private UsageEvent event(TranscriptCall call) {
			String agentId = (call.agentId() != null) ? call.agentId() : this.target.agentId();
			return new UsageEvent(call.key(), this.target.teamId(), this.target.memberId(), agentId, call.model(),
					call.timestamp(), call.inputTokens(), call.outputTokens(), call.cacheReadTokens(),
					call.cacheCreationTokens(), 1, call.costUsd(), this.target.kind(), null, call.sessionId(), null);
		}

		private void skip(SkipReason reason) {
			this.skipped.merge(reason, 1L, Long::sum);
		}

		ImportAnswer answer() {
			Map<String, Long> reasons = new LinkedHashMap<>();
			this.skipped.forEach((reason, count) -> reasons.put(reason.label(), count));
			return new ImportAnswer(this.lines, this.imported, this.duplicates, this.merger.repeatedLines(), reasons);
		}

	}

}
