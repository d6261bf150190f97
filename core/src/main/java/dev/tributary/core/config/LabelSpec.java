package dev.tributary.core.config;

import dev.tributary.core.model.BinaryLabel;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The label of an experiment: the field that holds it and how its text becomes a target.
 *
 * <ul>
 *   <li>binary: {@code 0/1} or {@code true/false};
 *   <li>multiclass: a class index {@code 0..classes-1}, or, with {@code buckets}, a number put in
 *       its bucket: class {@code k} is the number of bounds at or below it ({@code buckets: [0, 15,
 *       60]} makes four classes: below 0, 0 to 15, 15 to 60, 60 and above);
 *   <li>regression: any finite number.
 * </ul>
 *
 * @param field the event (or label record) field holding the label
 * @param task what the label is
 * @param classes the number of classes: 2 for binary, 1 for regression
 * @param buckets ascending bounds that turn a number into a class; empty otherwise
 */
public record LabelSpec(String field, Task task, int classes, List<Double> buckets)
        implements Serializable {

    public LabelSpec {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(task, "task");
        buckets = List.copyOf(buckets);
        int expected =
                switch (task) {
                    case BINARY -> 2;
                    case MULTICLASS -> buckets.isEmpty() ? classes : buckets.size() + 1;
                    case REGRESSION -> 1;
                };
        if (classes != expected || (task == Task.MULTICLASS && classes < 2)) {
            throw new IllegalArgumentException(
                    "a "
                            + task.yamlName()
                            + " label with "
                            + buckets
                            + " has no "
                            + classes
                            + " classes");
        }
        if (!buckets.isEmpty() && task != Task.MULTICLASS) {
            throw new IllegalArgumentException("only a multiclass label has buckets");
        }
        for (int i = 1; i < buckets.size(); i++) {
            if (!(buckets.get(i) > buckets.get(i - 1))) {
                throw new IllegalArgumentException("buckets must ascend: " + buckets);
            }
        }
    }

    /** A binary label in {@code field}. */
    public static LabelSpec binary(String field) {
        return new LabelSpec(field, Task.BINARY, 2, List.of());
    }

    /**
     * The target of a label's text, or {@code NaN} when the text is not a label of this kind (the
     * caller dead-letters it as {@code BAD_LABEL}, with {@link #expectation}).
     */
    public double parse(String text) {
        if (text == null) {
            return Double.NaN;
        }
        if (task == Task.BINARY) {
            return BinaryLabel.parse(text);
        }
        String number = text.trim();
        // Decimal notation only: Java would also read "3d", "0x1p1" and "Infinity".
        if (!number.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Double.NaN;
        }
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        if (!Double.isFinite(value)) {
            return Double.NaN;
        }
        return switch (task) {
            case MULTICLASS -> buckets.isEmpty() ? classIndex(value) : bucket(value);
            default -> value;
        };
    }

    /** Whether {@code target} is a valid target of this label (a default label, say). */
    public boolean isTarget(double target) {
        return switch (task) {
            case BINARY -> target == 0 || target == 1;
            case MULTICLASS -> target >= 0 && target < classes && target == Math.rint(target);
            case REGRESSION -> Double.isFinite(target);
        };
    }

    private double classIndex(double value) {
        return isTarget(value) ? value : Double.NaN;
    }

    private double bucket(double value) {
        int k = 0;
        while (k < buckets.size() && buckets.get(k) <= value) {
            k++;
        }
        return k;
    }

    /** What a label's text must be, for a dead letter's detail. */
    public String expectation() {
        return switch (task) {
            case BINARY -> "a binary label (0/1, true/false)";
            case MULTICLASS ->
                    buckets.isEmpty()
                            ? "a class index in 0.." + (classes - 1)
                            : "a number (put in buckets " + buckets + ")";
            case REGRESSION -> "a finite number";
        };
    }
}
