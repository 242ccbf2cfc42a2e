package io.github.quotabroker.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.quotabroker.capacity.CapacityProfile;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.pool.CalendarWindow;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.Window;
import io.github.quotabroker.schedule.SlotFinder.Answer;
import io.github.quotabroker.schedule.SlotFinder.Draw;
import io.github.quotabroker.schedule.SlotFinder.PoolMargin;
import io.github.quotabroker.schedule.SlotFinder.Request;
import io.github.quotabroker.schedule.SlotFinder.Slot;
import io.github.quotabroker.support.PoolLoadBuilder;
import io.github.quotabroker.team.WorkingHours;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slot finder on hand-made pools (roll-off, resets, scheduled windows, share, buffer,
 * automation cap, working hours across a DST change), and against a brute-force search
 * over every minute on random pools.
 */
class SlotFinderTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final Duration FIVE_HOURS = Duration.ofHours(5);

	static PoolLoadBuilder rolling(long limit) {
		// No safety buffer unless a test asks for one: the arithmetic reads plainly.
		return PoolLoadBuilder.rolling(limit, FIVE_HOURS).now(NOW).safetyBufferPercent(0).askedBy("t");
	}

	static Draw draw(PoolLoad load) {
		return new Draw(load, "t", false, 100);
	}

	static Request request(long amount, Duration duration, Instant deadline, int maxResults) {
		return new Request(amount, duration, NOW, deadline, null, maxResults);
	}

	static Answer find(Request request, Draw... draws) {
		return SlotFinder.find(List.of(draws), request, NOW, ZoneOffset.UTC);
	}

	@Test
	void anEmptyPoolFitsFromTheNextWholeMinuteAndSlotsDoNotOverlap() {
		Answer answer = find(request(10, Duration.ofHours(1), NOW.plus(Duration.ofDays(1)), 3),
				draw(rolling(100).build()));

		assertThat(answer.fits()).isTrue();
		assertThat(answer.slots()).extracting(Slot::start).containsExactly(at("12:01"), at("13:01"), at("14:01"));
		assertThat(answer.slots().get(0).end()).isEqualTo(at("13:01"));
		assertThat(answer.slots().get(0).margin()).isEqualTo(90);
	}

	@Test
	void usageRollingOffOpensTheFirstSlot() {
		// 80 of 100 used at 09:30 counts until 14:31; 50 more fit only then.
		PoolLoad load = rolling(100).used("t", 80, at("09:30")).build();

		Answer answer = find(request(50, Duration.ofMinutes(30), NOW.plus(Duration.ofDays(1)), 1), draw(load));

		assertThat(answer.slots()).singleElement().satisfies((s) -> {
			assertThat(s.start()).isEqualTo(at("14:31"));
			assertThat(s.margin()).isEqualTo(50);
		});
	}

	@Test
	void aScheduledWindowOfAnotherTeamIsWorkedAround() {
		// 70 of 100 are scheduled from 14:00 to 15:00 (occupying until 20:00 on a 5-hour
		// pool): 40 for an hour fits before it only if it ends (and stops counting) in
		// time, which it cannot; so it waits until 20:00.
		PoolLoad load = rolling(100).hold("o", 70, at("14:00"), at("15:00"), false).build();

		Answer answer = find(request(40, Duration.ofHours(1), NOW.plus(Duration.ofDays(1)), 1), draw(load));

		assertThat(answer.slots()).extracting(Slot::start).containsExactly(at("20:00"));
		assertThat(answer.slots().get(0).pools()).containsExactly(new PoolMargin("pool", 60, at("20:00")));
	}

	@Test
	void aCalendarPoolFitsAfterItsReset() {
		PoolLoad load = PoolLoadBuilder.daily(100, LocalTime.of(18, 0), ZoneOffset.UTC)
			.now(NOW)
			.safetyBufferPercent(0)
			.used("t", 90, at("08:00"))
			.build();

		Answer answer = find(request(20, Duration.ofHours(2), NOW.plus(Duration.ofDays(1)), 1), draw(load));

		assertThat(answer.slots()).extracting(Slot::start).containsExactly(at("18:00"));
	}

	/**
	 * Other teams' demand by hour of the week: {@code amount} in the hour of
	 * {@code hour}.
	 */
	static long[] othersExpect(long amount, Instant hour) {
		long[] demand = new long[CoordinationPlan.WEEK_HOURS];
		demand[CoordinationPlan.hourOfWeek(hour)] = amount;
		return demand;
	}

	@Test
	void otherTeamsExpectedUseKeepsASlotOutOfTheirBusyHours() {
		// Others are expected to use 80 in the 14:00 hour: counted from 14:00 until
		// 20:00 on a 5-hour pool. 30 for an hour from 12:01 would still count at 14:00
		// (until 18:01): 110 of 100. It waits until 20:00; 20 fits at once.
		PoolLoad load = rolling(100).build();
		Draw busy = new Draw(load, "t", false, 100, othersExpect(80, at("14:00")));

		Answer thirty = find(request(30, Duration.ofHours(1), NOW.plus(Duration.ofDays(1)), 1), busy);
		Answer twenty = find(request(20, Duration.ofHours(1), NOW.plus(Duration.ofDays(1)), 1), busy);

		assertThat(thirty.slots()).extracting(Slot::start).containsExactly(at("20:00"));
		assertThat(twenty.slots()).extracting(Slot::start).containsExactly(at("12:01"));
		assertThat(twenty.slots().get(0).pools()).containsExactly(new PoolMargin("pool", 0, at("14:00")));
		// The pool's own snapshot is not changed: without the demand 30 fits at once.
		assertThat(find(request(30, Duration.ofHours(1), NOW.plus(Duration.ofDays(1)), 1), draw(load)).slots())
			.extracting(Slot::start)
			.containsExactly(at("12:01"));
	}

	@Test
	void noSlotForOthersExpectedUseSaysHowMuchOfTheLoadItIs() {
		// Deadline 16:00: every slot would still count at 14:00.
		Draw busy = new Draw(rolling(100).used("t", 10, at("11:00")).build(), "t", false, 100,
				othersExpect(80, at("14:00")));

		Answer answer = find(request(30, Duration.ofHours(1), at("16:00"), 1), busy);

		assertThat(answer.fits()).isFalse();
		assertThat(answer.bestPartial()).isEqualTo(10);
		assertThat(answer.reason()).contains("pool 'pool' has 90 MESSAGES used or reserved at")
			.contains("(80 MESSAGES of it other teams' expected use)");
	}

	@Test
	void theHourUnderWayCountsOthersExpectedUseForWhatIsLeftOfIt() {
		// At 12:20, two thirds of the hour's 90 are still to come (60), counted from now
		// until 18:00; the next hour's 30 from 13:00 until 19:00; nothing after.
		Instant now = at("12:20");
		long[] demand = othersExpect(90, at("12:00"));
		demand[CoordinationPlan.hourOfWeek(at("13:00"))] = 30;

		assertThat(SlotFinder.expectedUse(new RollingWindow(FIVE_HOURS), demand, now, at("15:00"))).containsExactly(
				new CapacityProfile.Occupancy(at("12:00"), at("18:00"), 60),
				new CapacityProfile.Occupancy(at("13:00"), at("19:00"), 30));
	}

	@Test
	void theSafetyBufferAndTheAutomationCapLowerWhatFits() {
		PoolLoad load = rolling(100).safetyBufferPercent(10)
			.automationCapPercent(80)
			.used("t", 20, at("11:00"))
			.build();
		Request r = request(75, Duration.ofMinutes(10), NOW.plus(Duration.ofHours(2)), 1);

		// Interactive: 100 - 10 buffer - 20 used = 70 < 75; automated: 80 cap - 20 = 60.
		Answer interactive = find(r, draw(load));
		Answer automated = SlotFinder.find(List.of(new Draw(load, "t", true, 100)), r, NOW, ZoneOffset.UTC);

		assertThat(interactive.fits()).isFalse();
		assertThat(interactive.bestPartial()).isEqualTo(70);
		assertThat(interactive.reason()).contains("10% safety buffer");
		assertThat(automated.bestPartial()).isEqualTo(60);
		assertThat(automated.reason()).contains("automated work may fill it to 80 MESSAGES");
	}

	@Test
	void theTeamsShareRoomIsAHardLimitWithAReason() {
		// Equal weights: t's share is 50, it may borrow 20 % more: 60.
		PoolLoad load = rolling(100).allocation("t", 1, 0, 20, false).allocation("o", 1).build();

		Answer answer = find(request(70, Duration.ofHours(1), NOW.plus(Duration.ofDays(2)), 1), draw(load));

		assertThat(answer.fits()).isFalse();
		assertThat(answer.bestPartial()).isEqualTo(60);
		assertThat(answer.reason()).contains("team 't' may reserve at most 60 MESSAGES of pool 'pool'");
	}

	@Test
	void everyPoolMustFitAndTheMarginIsTheLeast() {
		PoolLoad a = rolling(100).id("a").used("t", 30, at("11:00")).build();
		PoolLoad b = rolling(1000).id("b").used("t", 990, at("10:00")).build();

		Answer answer = find(request(50, Duration.ofMinutes(30), NOW.plus(Duration.ofDays(1)), 1), draw(a), draw(b));

		// b frees its 990 at 15:01; a still has 30 counted until 16:01.
		assertThat(answer.slots()).singleElement().satisfies((s) -> {
			assertThat(s.start()).isEqualTo(at("15:01"));
			assertThat(s.margin()).isEqualTo(20);
			assertThat(s.pools()).extracting(PoolMargin::poolId).containsExactly("a", "b");
		});
	}

	@Test
	void slotsStayInsideWorkingHoursAcrossTheDstWeekBerlinAndNewYorkDisagree() {
		// 2026-03-09..13: New York is on EDT already, Berlin still on CET. A Berlin
		// member working 09:00-17:00 is 08:00-16:00 UTC; New York's 09:00-17:00 is
		// 13:00-21:00 UTC.
		Instant now = Instant.parse("2026-03-10T10:00:00Z");
		PoolLoad load = PoolLoadBuilder.rolling(100, FIVE_HOURS).now(now).safetyBufferPercent(0).build();
		Instant deadline = now.plus(Duration.ofDays(3));
		WorkingHours berlin = new WorkingHours(ZoneId.of("Europe/Berlin"), LocalTime.of(9, 0), LocalTime.of(17, 0));
		WorkingHours newYork = new WorkingHours(ZoneId.of("America/New_York"), LocalTime.of(9, 0), LocalTime.of(17, 0));

		Answer inBerlin = SlotFinder.find(List.of(draw(load)),
				new Request(10, Duration.ofHours(7), now, deadline, berlin.spans(now, deadline), 2), now,
				ZoneOffset.UTC);
		Answer inNewYork = SlotFinder.find(List.of(draw(load)),
				new Request(10, Duration.ofHours(7), now, deadline, newYork.spans(now, deadline), 2), now,
				ZoneOffset.UTC);

		// Berlin has only 6 hours left today: tomorrow 08:00 UTC.
		assertThat(inBerlin.slots()).extracting(Slot::start)
			.containsExactly(Instant.parse("2026-03-11T08:00:00Z"), Instant.parse("2026-03-12T08:00:00Z"));
		assertThat(inNewYork.slots()).extracting(Slot::start)
			.containsExactly(Instant.parse("2026-03-10T13:00:00Z"), Instant.parse("2026-03-11T13:00:00Z"));
	}

	@Test
	void noWorkingSpanLongEnoughSaysSo() {
		WorkingHours berlin = new WorkingHours(ZoneId.of("Europe/Berlin"), LocalTime.of(9, 0), LocalTime.of(12, 0));
		Instant deadline = NOW.plus(Duration.ofDays(2));

		Answer answer = SlotFinder.find(List.of(draw(rolling(100).build())),
				new Request(10, Duration.ofHours(4), NOW, deadline, berlin.spans(NOW, deadline), 3), NOW,
				ZoneOffset.UTC);

		assertThat(answer.fits()).isFalse();
		assertThat(answer.bestPartial()).isZero();
		assertThat(answer.reason()).contains("lies within the working hours");
	}

	@Test
	void anEarliestStartInTheFutureIsKeptAndRoundedUpToAMinute() {
		Instant earliest = Instant.parse("2026-11-25T18:30:20Z");

		Answer answer = find(
				new Request(10, Duration.ofHours(1), earliest, earliest.plus(Duration.ofHours(3)), null, 5),
				draw(rolling(100).build()));

		assertThat(answer.slots()).extracting(Slot::start).containsExactly(at("18:31"), at("19:31"));
	}

	// ---- against brute force ----------------------------------------------------

	/** A random pool as raw facts, kept to check the finder independently. */
	record RawPool(String id, long limit, Window window, int bufferPercent, int automationCapPercent,
			List<long[]> usage, List<Object[]> holds, int teamWeight, int otherWeight, long otherGuaranteed,
			Integer teamBorrow, long[] othersDemand) {
	}

	@Test
	void theFinderAnswersWhatASearchOverEveryMinuteAnswers() {
		Random random = new Random(14);
		int fitting = 0;
		for (int i = 0; i < 300; i++) {
			Instant now = NOW.plusSeconds(random.nextInt(2) * 30);
			List<RawPool> raws = new ArrayList<>();
			int poolCount = 1 + random.nextInt(2);
			for (int p = 0; p < poolCount; p++) {
				raws.add(randomPool("p" + p, random, now));
			}
			long amount = 1 + random.nextInt(80);
			Duration duration = Duration.ofMinutes(1 + random.nextInt(180));
			Instant earliest = now.plus(Duration.ofMinutes(random.nextInt(600) - 60));
			Instant deadline = earliest.plus(Duration.ofMinutes(random.nextInt(24 * 60)));
			boolean automated = random.nextBoolean();
			int teamCap = 50 + random.nextInt(51);
			List<WorkingHours.Span> spans = null;
			if (random.nextInt(3) == 0) {
				ZoneId zone = ZoneId
					.of(List.of("Europe/Berlin", "America/New_York", "Asia/Tokyo").get(random.nextInt(3)));
				WorkingHours hours = new WorkingHours(zone, LocalTime.of(random.nextInt(24), 15 * random.nextInt(4)),
						LocalTime.of(random.nextInt(24), 0));
				spans = hours.spans(earliest.isBefore(now) ? now : earliest, deadline);
			}
			int maxResults = 1 + random.nextInt(4);
			Request request = new Request(amount, duration, earliest, deadline, spans, maxResults);
			List<Draw> draws = new ArrayList<>();
			for (RawPool raw : raws) {
				draws.add(new Draw(load(raw, now), "t", automated, teamCap, raw.othersDemand()));
			}

			Answer answer = SlotFinder.find(draws, request, now, ZoneOffset.UTC);
			Answer expected = bruteForce(raws, request, automated, teamCap, now);

			String described = "case " + i + ": " + raws + " " + request + " automated=" + automated + " teamCap="
					+ teamCap;
			assertThat(answer.slots()).as(described).isEqualTo(expected.slots());
			assertThat(answer.fits()).as(described).isEqualTo(expected.fits());
			if (!answer.fits()) {
				assertThat(answer.bestPartial()).as(described).isEqualTo(expected.bestPartial());
			}
			fitting += answer.fits() ? 1 : 0;
		}
		// Both kinds of answer are exercised.
		assertThat(fitting).isBetween(60, 240);
	}

	private static RawPool randomPool(String id, Random random, Instant now) {
		long limit = 50 + random.nextInt(200);
		Window window = random.nextBoolean() ? new RollingWindow(Duration.ofMinutes(30 + random.nextInt(300)))
				: CalendarWindow.daily(LocalTime.of(random.nextInt(24), 0), ZoneId.of("Europe/Berlin"));
		Instant nowMinute = now.truncatedTo(ChronoUnit.MINUTES);
		List<long[]> usage = new ArrayList<>();
		for (int u = random.nextInt(6); u > 0; u--) {
			// Minutes still counted now: after the window's start, at or before now.
			Instant windowStart = window.boundsAt(now).countsFrom();
			long span = Math.max(1, Duration.between(windowStart, nowMinute).toMinutes());
			Instant at = nowMinute.minus(Duration.ofMinutes(random.nextInt((int) Math.min(span, 2000))));
			if (!at.isBefore(windowStart) && window.freedAt(at).isAfter(now)) {
				usage.add(new long[] { at.getEpochSecond(), 1 + random.nextInt(30) });
			}
		}
		List<Object[]> holds = new ArrayList<>();
		for (int h = random.nextInt(6); h > 0; h--) {
			Instant start = nowMinute.plus(Duration.ofMinutes(random.nextInt(1500) - 60));
			Instant end = start.plus(Duration.ofMinutes(1 + random.nextInt(240)));
			if (end.isAfter(now)) {
				holds.add(new Object[] { random.nextBoolean() ? "t" : "o", start, end, 1L + random.nextInt(40) });
			}
		}
		// Other teams' expected use in a few hours of the week (in half of the pools).
		long[] othersDemand = null;
		if (random.nextBoolean()) {
			othersDemand = new long[CoordinationPlan.WEEK_HOURS];
			Instant hour = now.truncatedTo(ChronoUnit.HOURS);
			for (int h = 0; h < 48; h++) {
				if (random.nextInt(4) == 0) {
					othersDemand[CoordinationPlan.hourOfWeek(hour.plus(Duration.ofHours(h)))] = 1 + random.nextInt(40);
				}
			}
		}
		return new RawPool(id, limit, window, random.nextInt(21), 50 + random.nextInt(51), usage, holds,
				1 + random.nextInt(3), 1 + random.nextInt(3), random.nextInt(3) * limit / 10,
				random.nextBoolean() ? null : random.nextInt(101), othersDemand);
	}

	private static PoolLoad load(RawPool raw, Instant now) {
		PoolLoadBuilder b = (raw.window() instanceof CalendarWindow c)
				? PoolLoadBuilder.daily(raw.limit(), c.resetTime(), c.zone())
				: PoolLoadBuilder.rolling(raw.limit(), ((RollingWindow) raw.window()).duration());
		b.id(raw.id())
			.now(now)
			.askedBy("t")
			.safetyBufferPercent(raw.bufferPercent())
			.automationCapPercent(raw.automationCapPercent());
		raw.usage().forEach((u) -> b.used("t", u[1], Instant.ofEpochSecond(u[0])));
		raw.holds().forEach((h) -> b.hold((String) h[0], (Long) h[3], (Instant) h[1], (Instant) h[2], false));
		b.allocation("t", raw.teamWeight(), 0, raw.teamBorrow(), false);
		b.allocation("o", raw.otherWeight(), raw.otherGuaranteed(), null, false);
		return b.build();
	}

	/**
	 * Every whole minute from the first allowed start, each pool's load counted minute by
	 * minute from the raw facts.
	 */
	private static Answer bruteForce(List<RawPool> raws, Request r, boolean automated, int teamCap, Instant now) {
		Instant first = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
		if (r.earliestStart().isAfter(now)) {
			Instant e = r.earliestStart();
			first = e.equals(e.truncatedTo(ChronoUnit.MINUTES)) ? e
					: e.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
		}
		// Each pool's load per minute from the first start until everything has stopped
		// counting (a daily reset at most a day after the deadline).
		long base = first.getEpochSecond() / 60;
		int minutes = (int) (Duration.between(first, r.deadline()).toMinutes() + 2 * 24 * 60 + 400);
		List<long[]> loads = new ArrayList<>();
		for (RawPool raw : raws) {
			long[] load = new long[Math.max(0, minutes)];
			for (long[] u : raw.usage()) {
				add(load, base, first, raw.window().freedAt(Instant.ofEpochSecond(u[0])), u[1]);
			}
			for (Object[] h : raw.holds()) {
				Instant start = ((Instant) h[1]).isBefore(first) ? first : (Instant) h[1];
				long from = start.getEpochSecond() / 60 - base;
				long until = raw.window().freedAt(((Instant) h[2]).minusNanos(1)).getEpochSecond() / 60 - base;
				for (long m = from; m < until && m < load.length; m++) {
					load[(int) m] += (Long) h[3];
				}
			}
			if (raw.othersDemand() != null) {
				// Each hour's expected use from its start (the hour under way: from now,
				// what is left of it, rounded up) until it stops counting.
				for (Instant h = now.truncatedTo(ChronoUnit.HOURS); h.getEpochSecond() / 60 - base < load.length; h = h
					.plus(Duration.ofHours(1))) {
					long amount = raw.othersDemand()[CoordinationPlan.hourOfWeek(h)];
					if (h.isBefore(now)) {
						amount = (amount * Duration.between(now, h.plusSeconds(3600)).getSeconds() + 3599) / 3600;
					}
					long from = Math.max(0, h.getEpochSecond() / 60 - base);
					long until = raw.window().freedAt(h.plusSeconds(3600).minusNanos(1)).getEpochSecond() / 60 - base;
					for (long m = from; m < until && m < load.length; m++) {
						load[(int) m] += amount;
					}
				}
			}
			loads.add(load);
		}
		List<Slot> slots = new ArrayList<>();
		long best = Long.MIN_VALUE;
		Instant cursor = first;
		for (Instant s = first; !s.plus(r.duration()).isAfter(r.deadline())
				&& slots.size() < r.maxResults(); s = s.plus(Duration.ofMinutes(1))) {
			Instant end = s.plus(r.duration());
			if (s.isBefore(cursor) || !inside(r.within(), s, end)) {
				continue;
			}
			long least = Long.MAX_VALUE;
			List<PoolMargin> margins = new ArrayList<>();
			for (int p = 0; p < raws.size(); p++) {
				RawPool raw = raws.get(p);
				long[] load = loads.get(p);
				long ceiling = raw.limit() - (raw.limit() * raw.bufferPercent() + 99) / 100;
				if (automated) {
					ceiling = Math.min(ceiling, raw.limit() * Math.min(raw.automationCapPercent(), teamCap) / 100);
				}
				long share = raw.limit() * raw.teamWeight() / (raw.teamWeight() + raw.otherWeight());
				long cap = (raw.teamBorrow() == null) ? Long.MAX_VALUE : share * (100 + raw.teamBorrow()) / 100;
				long room = Math.min(cap, raw.limit() - raw.otherGuaranteed());
				long from = s.getEpochSecond() / 60 - base;
				long until = raw.window().freedAt(end.minusNanos(1)).getEpochSecond() / 60 - base;
				long worst = -1;
				long worstAt = -1;
				for (long m = from; m < until; m++) {
					if (load[(int) m] > worst) {
						worst = load[(int) m];
						worstAt = m;
					}
				}
				long most = Math.min(room, ceiling - worst);
				margins.add(new PoolMargin(raw.id(), most - r.amount(), Instant.ofEpochSecond((base + worstAt) * 60)));
				least = Math.min(least, most);
			}
			best = Math.max(best, least);
			if (least >= r.amount()) {
				slots.add(new Slot(s, end, least - r.amount(), margins));
				cursor = end;
			}
		}
		return new Answer(slots, (best == Long.MIN_VALUE) ? 0 : Math.max(0, best), null, null);
	}

	/** Usage counts from the first start (it was recorded before) until it is freed. */
	private static void add(long[] load, long base, Instant first, Instant freed, long amount) {
		long until = freed.getEpochSecond() / 60 - base;
		for (long m = 0; m < until && m < load.length; m++) {
			load[(int) m] += amount;
		}
	}

	private static boolean inside(List<WorkingHours.Span> spans, Instant start, Instant end) {
		if (spans == null) {
			return true;
		}
		// Touching spans (a whole-day member on consecutive days) are one stretch.
		Instant from = null;
		Instant to = null;
		for (WorkingHours.Span s : spans) {
			if (to != null && !s.start().isAfter(to)) {
				to = s.end().isAfter(to) ? s.end() : to;
			}
			else {
				if (from != null && !start.isBefore(from) && !end.isAfter(to)) {
					return true;
				}
				from = s.start();
				to = s.end();
			}
		}
		return from != null && !start.isBefore(from) && !end.isAfter(to);
	}

	private static Instant at(String time) {
		return Instant.parse("2026-11-25T" + time + ":00Z");
	}

}
