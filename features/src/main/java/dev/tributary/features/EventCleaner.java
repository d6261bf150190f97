package dev.tributary.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.config.FeatureSpec;
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
    private final FieldReader[] readers;
    private final boolean labelRequired;

    /**
     * @param labelRequired whether an event must carry its label inline; when labels come on their
     *     own stream, an event without one is accepted with {@code NaN} as its label
     */
    EventCleaner(FeatureSpec spec, boolean labelRequired) {
        this.labelRequired = labelRequired;
        this.spec = spec;
        this.readers = spec.fields().stream().map(FieldReader::new).toArray(FieldReader[]::new);
    }

    Cleaning clean(RawEvent event) {
        if (!event.isReadable()) {
            return Cleaning.rejected(event.rejection());
        }
        if (event.eventTime() == RawEvent.NO_TIME) {
            return reject(event, ReasonCode.BAD_TIMESTAMP, "", "event time missing or unreadable");
        }
        Map<String, String> values = event.fields();
        Cleaning typed = typed(event, values);
        if (typed.rejected() != null) {
            return typed;
        }
        String labelText = values.get(spec.labelField());
        if (labelText == null || labelText.isBlank()) {
            if (labelRequired) {
                return reject(
                        event, ReasonCode.MISSING_FIELD, spec.labelField(), "the label is missing");
            }
            // Its label comes later, on its own stream.
            return typed;
        }
        double label = spec.label().parse(labelText);
        if (Double.isNaN(label)) {
            return reject(
                    event,
                    ReasonCode.BAD_LABEL,
                    spec.labelField(),
                    "\"" + labelText + "\" is not " + spec.label().expectation());
        }
        return Cleaning.accepted(typed.clean().withLabel(label));
    }

    /** Types the fields alone, for scoring an event that has no label and needs no time. */
    Cleaning cleanFields(RawEvent event) {
        return typed(event, event.fields());
    }

    private Cleaning typed(RawEvent event, Map<String, String> values) {
        FieldReader.EventBuilder out = new FieldReader.EventBuilder(readers.length);
        for (int i = 0; i < readers.length; i++) {
            FieldReader reader = readers[i];
            String text = values.get(reader.field().name());
            if (text == null || text.isBlank()) {
                if (reader.field().required()) {
                    return reject(
                            event,
                            ReasonCode.MISSING_FIELD,
                            reader.field().name(),
                            "required field is missing");
                }
                reader.readMissing(i, out);
                continue;
            }
            FieldReader.Rejection rejection = reader.read(text, i, out);
            if (rejection != null) {
                return reject(event, rejection.reason(), reader.field().name(), rejection.detail());
            }
        }
        return Cleaning.accepted(
                new CleanEvent(
                        event.id(),
                        event.eventTime(),
                        out.numbers,
                        out.missing,
                        out.tokens,
                        out.texts,
                        out.times,
                        LabelledExample.NO_LABEL,
                        spec.entityField() == null
                                ? ""
                                : values.getOrDefault(spec.entityField(), "")));
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
