/** The Flink sink that publishes model artifacts from a job into the model registry. */
package dev.tributary.connectors.registry.sink;
