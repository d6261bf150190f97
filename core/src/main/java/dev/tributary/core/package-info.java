/**
 * Tributary's shared vocabulary: the data model every module passes around, the job configuration
 * and the supervisor contract between the trainer and the evaluator. No Flink in here.
 */
package dev.tributary.core;
