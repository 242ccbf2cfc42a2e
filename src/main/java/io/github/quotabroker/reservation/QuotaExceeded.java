package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.quotabroker.web.ApiException;
import io.github.quotabroker.web.ProblemType;

/**
 * A reservation does not fit the pool: says how much would, and from when the whole
 * amount would.
 */
public class QuotaExceeded extends ApiException {

	private final BigDecimal available;

	private final Instant fitsFrom;

	private final String reservationId;

	public QuotaExceeded(String detail, BigDecimal available, Instant fitsFrom, String reservationId) {
		super(ProblemType.QUOTA_EXCEEDED, detail);
		this.available = available;
		this.fitsFrom = fitsFrom;
		this.reservationId = reservationId;
	}

	@Override
	public boolean retryable() {
		return this.fitsFrom != null;
	}

	@Override
	public Instant retryAt() {
		return this.fitsFrom;
	}

	@Override
	public Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("available", this.available);
		if (this.fitsFrom != null) {
			properties.put("fitsFrom", this.fitsFrom.toString());
		}
		if (this.reservationId != null) {
			properties.put("reservationId", this.reservationId);
		}
		return properties;
	}

}
