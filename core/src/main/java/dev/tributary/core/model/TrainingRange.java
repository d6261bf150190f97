package dev.tributary.core.model;

/**
 * The stretch of the stream a model version learned from.
 *
 * @param firstEventTime event time of the first example trained on, epoch milliseconds
 * @param lastEventTime event time of the last example trained on, epoch milliseconds
 * @param examples number of examples trained on, in all
 */
public record TrainingRange(long firstEventTime, long lastEventTime, long examples) {}
