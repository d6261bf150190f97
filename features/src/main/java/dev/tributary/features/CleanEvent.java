package dev.tributary.features;

/**
 * An event that passed cleaning: every field typed, in the order of the feature spec.
 *
 * @param id event id
 * @param eventTime epoch milliseconds
 * @param numbers per spec field, the transformed numeric value ({@code NaN} for category fields and
 *     for absent optional numbers)
 * @param categories per spec field, the category value ({@code null} for dense fields and absent
 *     optional categories)
 * @param label the label, 0 or 1
 * @param entityKey the entity the event is about, or empty
 */
record CleanEvent(
        String id,
        long eventTime,
        double[] numbers,
        String[] categories,
        double label,
        String entityKey) {}
