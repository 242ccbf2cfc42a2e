package io.github.quotabroker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.github.archfixtures.clock.FixtureApplication;
import io.github.archfixtures.clock.ReadsTheSystemTime;
import io.github.archfixtures.clock.StartsItsOwnClock;
import io.github.archfixtures.clock.UsesAnInjectedClock;
import io.github.archfixtures.cyclea.Alpha;
import io.github.archfixtures.cycleb.Beta;
import io.github.archfixtures.other.EntityIntruder;
import io.github.archfixtures.other.LedgerIntruder;
import io.github.archfixtures.other.RepositoryIntruder;
import io.github.archfixtures.pure.PlainArithmetic;
import io.github.archfixtures.pure.QueriesInArithmetic;
import io.github.archfixtures.pure.ServiceInArithmetic;
import io.github.archfixtures.store.UsageLedger;
import io.github.archfixtures.store.WidgetEntity;
import io.github.archfixtures.store.WidgetRepository;
import io.github.archfixtures.store.WidgetService;
import io.github.archfixtures.util.StringTools;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shows that each rule of {@link ArchitectureTest} fails on code that breaks it (and
 * passes on code that keeps it), using fixture classes outside the application's
 * packages.
 */
class ArchitectureRulesCatchViolationsTest {

	static JavaClasses classes(Class<?>... classes) {
		return new ClassFileImporter().importClasses(classes);
	}

	static EvaluationResult evaluate(ArchRule rule, Class<?>... classes) {
		return rule.evaluate(classes(classes));
	}

	static String report(EvaluationResult result) {
		return String.join("\n", result.getFailureReport().getDetails());
	}

	@Test
	void readingTheSystemTimeDirectlyIsCaughtForEveryForbiddenCall() {
		EvaluationResult result = evaluate(ArchitectureTest.neverReadsTheSystemTime(), ReadsTheSystemTime.class);

		assertThat(result.hasViolation()).isTrue();
		assertThat(report(result)).contains("Instant.now()", "LocalDateTime.now()", "ZonedDateTime.now()",
				"OffsetDateTime.now()", "LocalDate.now()", "System.currentTimeMillis()");
	}

	@Test
	void readingTheTimeFromAnInjectedClockIsAllowed() {
		assertThat(evaluate(ArchitectureTest.neverReadsTheSystemTime(), UsesAnInjectedClock.class).hasViolation())
			.isFalse();
	}

	@Test
	void creatingTheSystemClockOutsideTheApplicationIsCaught() {
		EvaluationResult result = evaluate(
				ArchitectureTest.onlyCreatesTheSystemClock(FixtureApplication.class.getName()), StartsItsOwnClock.class,
				FixtureApplication.class);

		assertThat(result.hasViolation()).isTrue();
		assertThat(report(result)).contains(StartsItsOwnClock.class.getName())
			.doesNotContain(FixtureApplication.class.getName() + ".");
	}

	@Test
	void theApplicationMayCreateTheSystemClock() {
		assertThat(evaluate(ArchitectureTest.onlyCreatesTheSystemClock(FixtureApplication.class.getName()),
				FixtureApplication.class, UsesAnInjectedClock.class)
			.hasViolation()).isFalse();
	}

	@Test
	void aRepositoryUsedFromAnotherPackageIsCaught() {
		EvaluationResult result = evaluate(ArchitectureTest.persistenceStaysInItsPackage(), WidgetRepository.class,
				RepositoryIntruder.class);

		assertThat(result.hasViolation()).isTrue();
		assertThat(report(result)).contains(RepositoryIntruder.class.getName());
	}

	@Test
	void anEntityUsedFromAnotherPackageIsCaught() {
		EvaluationResult result = evaluate(ArchitectureTest.persistenceStaysInItsPackage(), WidgetEntity.class,
				EntityIntruder.class);

		assertThat(result.hasViolation()).isTrue();
		assertThat(report(result)).contains(EntityIntruder.class.getName());
	}

	@Test
	void theUsageLedgerUsedFromAnotherPackageIsCaught() {
		EvaluationResult result = evaluate(ArchitectureTest.persistenceStaysInItsPackage(), UsageLedger.class,
				LedgerIntruder.class);

		assertThat(result.hasViolation()).isTrue();
		assertThat(report(result)).contains(LedgerIntruder.class.getName());
	}

	@Test
	void persistenceUsedWithinItsOwnPackageIsAllowed() {
		assertThat(evaluate(ArchitectureTest.persistenceStaysInItsPackage(), WidgetRepository.class, WidgetEntity.class,
				UsageLedger.class, WidgetService.class)
			.hasViolation()).isFalse();
	}

	@Test
	void aUtilPackageIsCaught() {
		EvaluationResult result = evaluate(ArchitectureTest.noGrabBagPackages(), StringTools.class,
				WidgetService.class);

		assertThat(result.hasViolation()).isTrue();
		assertThat(report(result)).contains(StringTools.class.getName()).doesNotContain(WidgetService.class.getName());
	}

	@Test
	void aCycleBetweenPackagesIsCaught() {
		EvaluationResult result = evaluate(ArchitectureTest.capabilitiesFreeOfCycles("io.github.archfixtures"),
				Alpha.class, Beta.class);

		assertThat(result.hasViolation()).isTrue();
		assertThat(report(result)).contains("cyclea", "cycleb");
	}

	@Test
	void dependenciesInOneDirectionAreNoCycle() {
		assertThat(evaluate(ArchitectureTest.capabilitiesFreeOfCycles("io.github.archfixtures"),
				RepositoryIntruder.class, WidgetRepository.class)
			.hasViolation()).isFalse();
	}

	@Test
	void arithmeticThatQueriesTheDatabaseOrIsASpringBeanIsCaught() {
		EvaluationResult result = evaluate(
				ArchitectureTest.arithmeticHasNoSpringNorDatabase("io.github.archfixtures.pure.."),
				QueriesInArithmetic.class, ServiceInArithmetic.class, PlainArithmetic.class);
		assertThat(result.hasViolation()).isTrue();
		assertThat(result.getFailureReport().getDetails()).anyMatch((d) -> d.contains("QueriesInArithmetic"))
			.anyMatch((d) -> d.contains("ServiceInArithmetic"))
			.noneMatch((d) -> d.contains("PlainArithmetic"));
	}

	@Test
	void plainArithmeticIsAllowed() {
		assertThat(evaluate(ArchitectureTest.arithmeticHasNoSpringNorDatabase("io.github.archfixtures.pure.."),
				PlainArithmetic.class)
			.hasViolation()).isFalse();
	}

}
