package dev.tributary.jobs.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One line of {@code progress.jsonl}, as far as the report needs it.
 *
 * @param examples labelled examples the experiment had trained on
 * @param eventTime event time of the latest of them, epoch milliseconds
 * @param wallTime when the line was written, epoch milliseconds; empty in files written before
 *     progress lines were stamped
 * @param models every model's state, champion first
 */
record ProgressPoint(long examples, long eventTime, OptionalLong wallTime, List<Model> models) {

    ProgressPoint {
        models = List.copyOf(models);
    }

    /**
     * A model at that point.
     *
     * @param id the model id
     * @param version its current version (0 before its first publication)
     * @param arm {@code CHAMPION}, {@code SHADOW} or {@code CANARY}
     * @param window its metrics over the recent window; {@code NaN} where undefined
     */
    record Model(String id, long version, String arm, Map<Metric, Double> window) {

        Model {
            EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
            copy.putAll(window);
            window = Collections.unmodifiableMap(copy);
        }

        /** The metric over the window, {@code NaN} where undefined or absent. */
        double value(Metric metric) {
            return window.getOrDefault(metric, Double.NaN);
        }
    }
}
