package io.github.quotabroker;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.persistence.Entity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Rules of the code base's shape, checked against the main classes. Each rule is built by
 * a method so that {@link ArchitectureRulesCatchViolationsTest} can show that it fails on
 * code that breaks it.
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	static final String ROOT = "io.github.quotabroker";

	@ArchTest
	static final ArchRule mainCodeNeverReadsTheSystemTimeDirectly = neverReadsTheSystemTime();

	@ArchTest
	static final ArchRule onlyTheApplicationCreatesTheSystemClock = onlyCreatesTheSystemClock(
			QuotaBrokerApplication.class.getName());

	@ArchTest
	static final ArchRule repositoriesLedgerQueriesAndEntitiesAreOnlyUsedInTheirOwnPackage = persistenceStaysInItsPackage();

	@ArchTest
	static final ArchRule capacityFairShareAndThePlannerHaveNoSpringNorDatabase = arithmeticHasNoSpringNorDatabase(
			ROOT + ".capacity..", ROOT + ".fairshare..");

	@ArchTest
	static final ArchRule noPackageIsAGrabBagOfUtilities = noGrabBagPackages();

	@ArchTest
	static final ArchRule capabilityPackagesDoNotDependOnEachOtherInACycle = capabilitiesFreeOfCycles(ROOT);

	/** Time comes from the injected {@link Clock}, so tests can move it. */
	static ArchRule neverReadsTheSystemTime() {
		return noClasses().should()
			.callMethod(Instant.class, "now")
			.orShould()
			.callMethod(LocalDateTime.class, "now")
			.orShould()
			.callMethod(ZonedDateTime.class, "now")
			.orShould()
			.callMethod(OffsetDateTime.class, "now")
			.orShould()
			.callMethod(LocalDate.class, "now")
			.orShould()
			.callMethod(LocalTime.class, "now")
			.orShould()
			.callMethod(System.class, "currentTimeMillis")
			.because("the current time must come from the injected Clock");
	}

	/**
	 * The one {@link Clock} bean is made by {@code clockOwner}; everything else injects
	 * it.
	 */
	static ArchRule onlyCreatesTheSystemClock(String clockOwner) {
		return noClasses().that()
			.doNotHaveFullyQualifiedName(clockOwner)
			.should()
			.callMethod(Clock.class, "systemUTC")
			.orShould()
			.callMethod(Clock.class, "systemDefaultZone")
			.because("only " + clockOwner + " creates the system clock; everything else injects it");
	}

	/**
	 * Persistence is private to its capability: other packages go through the
	 * capability's service.
	 */
	static ArchRule persistenceStaysInItsPackage() {
		return classes().that()
			.haveSimpleNameEndingWith("Repository")
			.or()
			.haveSimpleName("UsageLedger")
			.or()
			.haveSimpleName("UsageQueries")
			.or()
			.areAnnotatedWith(Entity.class)
			.should(onlyBeUsedFromTheirOwnPackage());
	}

	/**
	 * The arithmetic that decides quota (capacity, fair share, the queue's order) works
	 * on values: no Spring, no SQL, so it can be unit-tested exhaustively and read alone.
	 */
	static ArchRule arithmeticHasNoSpringNorDatabase(String... arithmetic) {
		return noClasses().that()
			.resideInAnyPackage(arithmetic)
			.or()
			.haveFullyQualifiedName(ROOT + ".queue.QueuePlanner")
			.or()
			.haveFullyQualifiedName(ROOT + ".schedule.SlotFinder")
			.or()
			.haveFullyQualifiedName(ROOT + ".schedule.CoordinationPlan")
			.or()
			.haveFullyQualifiedName(ROOT + ".schedule.SchedulePlanner")
			.or()
			.haveFullyQualifiedName(ROOT + ".schedule.Knapsack")
			.or()
			.haveFullyQualifiedName(ROOT + ".schedule.Feasibility")
			.or()
			.haveFullyQualifiedName(ROOT + ".modelchoice.ModelChoice")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..", "jakarta.persistence..")
			.because("decisions are computed from snapshots; services read and write around them");
	}

	static ArchRule noGrabBagPackages() {
		return noClasses().should()
			.resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..", "..manager..",
					"..managers..")
			.because("code belongs to the capability it serves");
	}

	static ArchRule capabilitiesFreeOfCycles(String root) {
		return slices().matching(root + ".(*)..").should().beFreeOfCycles();
	}

	private static ArchCondition<JavaClass> onlyBeUsedFromTheirOwnPackage() {
		return new ArchCondition<>("only be used from their own package") {

			@Override
			public void check(JavaClass target, ConditionEvents events) {
				for (Dependency dependency : target.getDirectDependenciesToSelf()) {
					JavaClass origin = dependency.getOriginClass();
					if (!origin.getPackageName().equals(target.getPackageName())) {
						events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
					}
				}
			}

		};
	}

}
