/**
 * In-job serving: the champion of each experiment, and the canaries of a rollout, kept current from
 * the training operator's serving snapshots, score every event as it arrives, routed by its entity.
 * Plain Java; the Flink broadcast function around it lives in {@code jobs.pipeline}.
 */
package dev.tributary.jobs.serve;
