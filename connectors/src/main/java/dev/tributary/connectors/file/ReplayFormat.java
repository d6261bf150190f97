package dev.tributary.connectors.file;

/** The text format of a replay file. Either may be gzipped; the reader detects that by itself. */
public enum ReplayFormat {
    /**
     * Comma-separated values with a header row naming the columns; fields may be double-quoted as
     * in RFC 4180 (a quoted field may contain commas, line breaks and doubled quotes).
     */
    CSV,
    /** JSON Lines: one JSON object per line. */
    JSONL
}
