package io.github.quotabroker.imports;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of transcript imports ({@code quota.imports.*}).
 *
 * @param batchSize calls recorded per ingest batch (at most
 * {@code quota.ingest.max-group-events})
 * @param batchesInFlight batches being written while the next one is read
 * @param rememberedCalls calls remembered per import so that their repeated lines are not
 * sent again
 * @param maxLineSize longest transcript line read; a longer one is skipped as
 * {@code too_long}
 */
@ConfigurationProperties("quota.imports")
public record ImportProperties(@DefaultValue("1000") int batchSize, @DefaultValue("2") int batchesInFlight,
		@DefaultValue("100000") int rememberedCalls, @DefaultValue("32MB") DataSize maxLineSize) {

	public ImportProperties {
		if (batchSize < 1 || batchesInFlight < 1 || rememberedCalls < 0 || maxLineSize.toBytes() < 1024
				|| maxLineSize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(
					"quota.imports: batch-size and batches-in-flight must be positive, max-line-size from 1KB to 2GB");
		}
	}

}
