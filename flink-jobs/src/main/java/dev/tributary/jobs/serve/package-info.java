/**
 * In-job serving: the champion of each experiment, kept current from the training operator's
 * serving snapshots, scores every event as it arrives. Plain Java; the Flink broadcast function
 * around it lives in {@code jobs.pipeline}.
 */
package dev.tributary.jobs.serve;
