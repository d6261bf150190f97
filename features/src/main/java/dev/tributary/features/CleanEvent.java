package dev.tributary.features;

/**
 * An event that passed cleaning: every field typed, in the order of the feature spec.
 *
 * @param id event id
 * @param eventTime epoch milliseconds
 * @param numbers per field, a number's value after imputation, {@code log1p} and fixed clipping
 *     ({@code NaN} when missing and the model imputes it, and for fields that are not numbers); a
 *     boolean's 0 or 1
 * @param missing per field, whether the value was absent
 * @param tokens per field, the one discrete token of a category, boolean or integer ({@code null}
 *     when absent or for other types)
 * @param texts per field, a text field's value ({@code null} otherwise)
 * @param times per field, a timestamp's epoch milliseconds (meaningless when missing)
 * @param label the label, 0 or 1, or {@code NaN} when it comes later on its own stream
 * @param entityKey the entity the event is about, or empty
 */
record CleanEvent(
        String id,
        long eventTime,
        double[] numbers,
        boolean[] missing,
        String[] tokens,
        String[] texts,
        long[] times,
        double label,
        String entityKey) {

    CleanEvent withLabel(double newLabel) {
        return new CleanEvent(
                id, eventTime, numbers, missing, tokens, texts, times, newLabel, entityKey);
    }
}
