/**
 * The Flink adapter for file replay: a bounded FLIP-27 source with one split per file whose
 * checkpointed state is the number of records emitted, so that a restore resumes exactly there.
 */
package dev.tributary.connectors.file.source;
