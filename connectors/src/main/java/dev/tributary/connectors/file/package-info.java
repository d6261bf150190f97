/**
 * Reading replay files (CSV or JSON Lines, optionally gzipped) into {@code RawEvent}s, in plain
 * Java so that the parsing can be tested and benchmarked without Flink.
 */
package dev.tributary.connectors.file;
