package io.github.quotabroker.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/** Admission counters; names are listed in docs/metrics.md. */
@Component
class AdmissionMetrics {

	private final MeterRegistry registry;

	AdmissionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void decided(AdmissionResponse answer) {
		Counter.builder("quota.admission.decisions")
			.description("Admission checks answered, by decision, kind of work and priority")
			.tag("decision", answer.decision().name())
			.tag("kind", String.valueOf(answer.kind()))
			.tag("priority", String.valueOf(answer.priority()))
			.register(this.registry)
			.increment();
	}

}
