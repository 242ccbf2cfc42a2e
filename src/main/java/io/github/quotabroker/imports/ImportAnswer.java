package io.github.quotabroker.imports;

import java.util.Map;

/**
 * Answer of {@code POST /imports/claude-code}.
 *
 * @param lines lines read
 * @param imported calls newly recorded in the ledger
 * @param duplicates calls that were already in the ledger (an earlier import)
 * @param repeatedLines lines that repeated a call counted in this import: Claude Code
 * writes one line per content block of a response, and resumed sessions repeat earlier
 * calls
 * @param skipped lines or calls not imported, by reason (only reasons that occurred)
 */
public record ImportAnswer(long lines, long imported, long duplicates, long repeatedLines, Map<String, Long> skipped) {
}
