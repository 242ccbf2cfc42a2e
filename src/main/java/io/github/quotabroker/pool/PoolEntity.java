package io.github.quotabroker.pool;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** JPA mapping of the {@code pools} table; the domain works with {@link Pool}. */
@Entity
@Table(name = "pools")
class PoolEntity {

	@Id
	String id;

	String name;

	String unit;

	@Column(name = "limit_amount")
	long limitAmount;

	String windowType;

	Long rollingSeconds;

	String calendarPeriod;

	LocalTime resetTime;

	String resetDayOfWeek;

	Short resetDayOfMonth;

	String timezone;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(columnDefinition = "text[]")
	List<String> models;

	BigDecimal weightInput;

	BigDecimal weightOutput;

	BigDecimal weightCacheRead;

	@Column(name = "weight_cache_create")
	BigDecimal weightCacheCreation;

	short yellowPercent;

	short orangePercent;

	short redPercent;

	short safetyBufferPercent;

	short automationCapPercent;

	short lowDeferredBelowPercent;

	short mediumDeferredBelowPercent;

	short highDeferredBelowPercent;

	int agingSeconds;

	String limitMode = LimitMode.CONFIGURED.name();

	boolean allowAboveConfigured;

	/** Kept by the calibration through {@link PoolCatalogue#recordCalibratedLimit}. */
	@Column(insertable = false, updatable = false)
	Long calibratedLimit;

	Integer maxActiveHolds;

	Instant createdAt;

	Instant updatedAt;

	@Version
	long version;

}
