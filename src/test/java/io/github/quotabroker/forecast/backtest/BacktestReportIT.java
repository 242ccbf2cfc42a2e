package io.github.quotabroker.forecast.backtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merges the sums of backtest runs made in parallel (one trace per JVM, by
 * {@code bench/backtest.sh}) into one report: {@code backtest.dir} holds their
 * {@code *.sums.tsv} and {@code *.traces.md} files; the report goes to
 * {@code backtest.dir/report.md}. Tagged {@code benchmark}: not part of the build.
 */
@Tag("benchmark")
class BacktestReportIT {

	@Test
	void mergesTheSumsOfEveryRun() throws IOException {
		Path dir = Path.of(System.getProperty("backtest.dir", "target/backtest"));
		Scoreboard board = new Scoreboard();
		StringBuilder traces = new StringBuilder();
		List<Path> sums = new ArrayList<>();
		try (Stream<Path> files = Files.list(dir)) {
			files.filter((f) -> f.toString().endsWith(".sums.tsv")).sorted().forEach(sums::add);
		}
		for (Path f : sums) {
			board.merge(Files.readAllLines(f));
			String name = f.getFileName().toString().replace(".sums.tsv", ".traces.md");
			traces.append(Files.readString(f.resolveSibling(name)));
		}
		assertThat(sums).as("runs in %s", dir).isNotEmpty();
		String report = "Traces:\n\n" + traces + "\n" + board.table();
		Files.writeString(dir.resolve("report.md"), report);
		System.out.println(report);
	}

}
