/**
 * The evaluator: prequential metrics and the supervisor that the training operator consults about
 * its models. Plain Java; no package of this module depends on Flink.
 */
package dev.tributary.evaluator;
