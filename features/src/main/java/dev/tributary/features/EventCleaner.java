package dev.tributary.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.config.FieldSpec;
import dev.tributary.core.config.NumericTransform;
import dev.tributary.core.model.BinaryLabel;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Types a raw event according to the feature spec, or rejects it with a reason code and the field
 * at fault. Never throws on bad data: a streaming job must keep running, and every rejection must
 * be visible in the dead letters.
 */
final class EventCleaner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FeatureSpec spec;
    private final FieldSpec[] fields;
    private final boolean labelRequired;

    /**
     * @param labelRequired whether an event must carry its label inline; when labels come on their
     *     own stream, an event without one is accepted with {@code NaN} as its label
     */
    EventCleaner(FeatureSpec spec, boolean labelRequired) {
        this.labelRequired = labelRequired;
        this.spec = spec;
        this.fields = spec.fields().toArray(FieldSpec[]::new);
    }

    Cleaning clean(RawEvent event) {
        if (!event.isReadable()) {
            return Cleaning.rejected(event.rejection());
        }
        if (event.eventTime() == RawEvent.NO_TIME) {
            return reject(event, ReasonCode.BAD_TIMESTAMP, "", "event time missing or unreadable");
        }
        Map<String, String> values = event.fields();
        double[] numbers = new double[fields.length];
        String[] categories = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            FieldSpec field = fields[i];
            String text = values.get(field.name());
            numbers[i] = Double.NaN;
            if (text == null || text.isBlank()) {
                if (field.required()) {
                    return reject(
                            event,
                            ReasonCode.MISSING_FIELD,
                            field.name(),
                            "required field is missing");
                }
                continue;
            }
            switch (field.type()) {
                case CATEGORY -> categories[i] = text;
                case BOOLEAN -> {
                    double b = BinaryLabel.parse(text);
                    if (Double.isNaN(b)) {
                        return reject(
                                event,
                                ReasonCode.BAD_TYPE,
                                field.name(),
                                "\"" + text + "\" is not a boolean");
                    }
                    numbers[i] = b;
                }
                case INTEGER -> {
                    long n;
                    try {
                        n = Long.parseLong(text.trim());
                    } catch (NumberFormatException e) {
                        return reject(
                                event,
                                ReasonCode.BAD_TYPE,
                                field.name(),
                                "\"" + text + "\" is not an integer");
                    }
                    numbers[i] = n;
                }
                case NUMBER -> {
                    double x;
                    try {
                        x = Double.parseDouble(text.trim());
                    } catch (NumberFormatException e) {
                        return reject(
                                event,
                                ReasonCode.BAD_TYPE,
                                field.name(),
                                "\"" + text + "\" is not a number");
                    }
                    if (!Double.isFinite(x)) {
                        return reject(
                                event,
                                ReasonCode.NOT_FINITE,
                                field.name(),
                                "\"" + text + "\" is not finite");
                    }
                    numbers[i] = x;
                }
            }
            if (field.transform() == NumericTransform.LOG1P) {
                if (!(numbers[i] > -1)) {
                    return reject(
                            event,
                            ReasonCode.OUT_OF_RANGE,
                            field.name(),
                            numbers[i] + " is not > -1, as log1p needs");
                }
                numbers[i] = Math.log1p(numbers[i]);
            }
        }
        String labelText = values.get(spec.labelField());
        if (labelText == null || labelText.isBlank()) {
            if (!labelRequired) {
                // Its label comes later, on its own stream.
                return Cleaning.accepted(
                        new CleanEvent(
                                event.id(),
                                event.eventTime(),
                                numbers,
                                categories,
                                LabelledExample.NO_LABEL,
                                entityOf(values)));
            }
            return reject(
                    event, ReasonCode.MISSING_FIELD, spec.labelField(), "the label is missing");
        }
        double label = BinaryLabel.parse(labelText);
        if (Double.isNaN(label)) {
            return reject(
                    event,
                    ReasonCode.BAD_LABEL,
                    spec.labelField(),
                    "\"" + labelText + "\" is not a binary label (0/1, true/false)");
        }
        return Cleaning.accepted(
                new CleanEvent(
                        event.id(),
                        event.eventTime(),
                        numbers,
                        categories,
                        label,
                        entityOf(values)));
    }

    private String entityOf(Map<String, String> values) {
        return spec.entityField() == null ? "" : values.getOrDefault(spec.entityField(), "");
    }

    private static Cleaning reject(RawEvent event, ReasonCode reason, String field, String detail) {
        return Cleaning.rejected(
                new DeadLetter(event.id(), reason, field, detail, toJson(event.fields())));
    }

    /** The fields as a JSON object with sorted keys: a rejected event's raw text. */
    static String toJson(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(fields));
        } catch (JsonProcessingException e) {
            return fields.toString();
        }
    }
}
