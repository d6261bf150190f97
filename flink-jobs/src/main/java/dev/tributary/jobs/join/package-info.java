/**
 * Joining labels that arrive on their own stream to their events, in event time, within an
 * attribution window: plain Java, driven by the Flink function in {@code jobs.pipeline}.
 */
package dev.tributary.jobs.join;
