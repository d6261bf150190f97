/**
 * The training job as a Flink graph: thin functions around the plain-Java featurizer, the job
 * topology with stable uids, the sinks of its outputs and the runtime configuration.
 */
package dev.tributary.jobs.pipeline;
