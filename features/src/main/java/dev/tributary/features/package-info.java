/**
 * Plain-Java cleaning and featurization driven by the YAML feature spec: typed parsing with a
 * reason for every rejection, then hashing, crosses and dense numeric features. The Flink function
 * around it lives in {@code dev.tributary.jobs.pipeline}.
 */
package dev.tributary.features;
