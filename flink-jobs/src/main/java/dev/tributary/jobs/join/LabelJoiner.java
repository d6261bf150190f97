package dev.tributary.jobs.join;

import dev.tributary.core.config.LabelJoinConfig;
import dev.tributary.core.config.LabelSpec;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.jobs.join.JoinState.Status;

/**
 * Joins events to labels that arrive on their own stream, per event id, in event time.
 *
 * <p>An event waits for its label until {@code eventTime + window}; a label that comes first waits
 * for its event for as long. When an event's window closes without a label, it is trained on with
 * the default label (the "no click" case) or dropped, as configured, and counted either way. A
 * joined or timed-out id is remembered for one more window, so that a repeated label is ignored and
 * counted, and a label after the window is dead-lettered as {@link ReasonCode#LATE_LABEL}. Events
 * that carry their label inline pass straight through.
 *
 * <p>Each method takes the id's current state ({@code null} for none) and returns its next one
 * ({@code null} to clear it); the caller keeps it in keyed state and sets an event-time timer at
 * {@link JoinState#closesAt()}.
 */
public final class LabelJoiner {

    private final long window;
    private final LabelJoinConfig config;
    private final LabelSpec label;

    /** A joiner of binary labels. */
    public LabelJoiner(LabelJoinConfig config) {
        this(config, LabelSpec.binary("label"));
    }

    /**
     * @param label how a label's text becomes a target; its field is not read here (the label
     *     decoder has read it)
     */
    public LabelJoiner(LabelJoinConfig config, LabelSpec label) {
        this.config = config;
        this.label = label;
        this.window = config.attributionWindow().toMillis();
    }

    /** An event arrives. */
    public JoinState onEvent(JoinState state, LabelledExample event, JoinOutput out) {
        if (state == null) {
            if (event.hasLabel()) {
                out.count(JoinCounter.INLINE);
                out.joined(event);
                return null;
            }
            return new JoinState(
                    event.id(),
                    Status.WAITING_FOR_LABEL,
                    event,
                    Double.NaN,
                    0,
                    event.eventTime() + window);
        }
        if (state.status() == Status.WAITING_FOR_EVENT) {
            if (state.labelTime() > event.eventTime() + window) {
                out.count(JoinCounter.LATE_LABEL);
                out.deadLetter(
                        late(event.id(), state.label(), state.labelTime(), event.eventTime()));
                return timedOut(event, event.eventTime() + window, out);
            }
            out.count(JoinCounter.JOINED);
            out.joined(event.withLabel(state.label()));
            return new JoinState(
                    event.id(), Status.JOINED, null, Double.NaN, 0, event.eventTime() + window);
        }
        out.count(JoinCounter.DUPLICATE_EVENT);
        out.deadLetter(
                new DeadLetter(
                        event.id(),
                        ReasonCode.DUPLICATE,
                        "",
                        "event id seen before, within the attribution window",
                        ""));
        return state;
    }

    /** A label arrives; {@code labelText} is parsed here so a bad one is dead-lettered. */
    public JoinState onLabel(
            JoinState state, String id, String labelText, long labelTime, JoinOutput out) {
        double label = this.label.parse(labelText);
        if (Double.isNaN(label)) {
            out.count(JoinCounter.BAD_LABEL);
            out.deadLetter(
                    new DeadLetter(
                            id,
                            ReasonCode.BAD_LABEL,
                            "label",
                            "\"" + labelText + "\" is not " + this.label.expectation(),
                            String.valueOf(labelText)));
            return state;
        }
        if (labelTime == RawEvent.NO_TIME) {
            // Without a time the label can be neither attributed nor judged late.
            out.count(JoinCounter.BAD_TIMESTAMP);
            out.deadLetter(
                    new DeadLetter(
                            id,
                            ReasonCode.BAD_TIMESTAMP,
                            "",
                            "label time missing or unreadable",
                            String.valueOf(labelText)));
            return state;
        }
        if (state == null) {
            return new JoinState(
                    id, Status.WAITING_FOR_EVENT, null, label, labelTime, labelTime + window);
        }
        switch (state.status()) {
            case WAITING_FOR_LABEL -> {
                LabelledExample event = state.event();
                if (labelTime > event.eventTime() + window) {
                    out.count(JoinCounter.LATE_LABEL);
                    out.deadLetter(late(id, label, labelTime, event.eventTime()));
                    return state;
                }
                out.count(JoinCounter.JOINED);
                out.joined(event.withLabel(label));
                return new JoinState(id, Status.JOINED, null, Double.NaN, 0, state.closesAt());
            }
            case TIMED_OUT -> {
                out.count(JoinCounter.LATE_LABEL);
                out.deadLetter(
                        new DeadLetter(
                                id,
                                ReasonCode.LATE_LABEL,
                                "label",
                                "the attribution window of "
                                        + config.attributionWindow()
                                        + " had closed",
                                labelText));
                return state;
            }
            default -> {
                out.count(JoinCounter.DUPLICATE_LABEL);
                return state;
            }
        }
    }

    /** The watermark passed {@link JoinState#closesAt()}. */
    public JoinState onTimer(JoinState state, long timestamp, JoinOutput out) {
        if (state == null || timestamp < state.closesAt()) {
            return state;
        }
        return switch (state.status()) {
            case WAITING_FOR_LABEL -> timedOut(state.event(), timestamp, out);
            case WAITING_FOR_EVENT -> {
                out.count(JoinCounter.ORPHAN_LABEL);
                out.deadLetter(
                        new DeadLetter(
                                state.id(),
                                ReasonCode.ORPHAN_LABEL,
                                "label",
                                "no event arrived within " + config.attributionWindow(),
                                Double.toString(state.label())));
                yield null;
            }
            case JOINED, TIMED_OUT -> null;
        };
    }

    private JoinState timedOut(LabelledExample event, long now, JoinOutput out) {
        if (config.defaultOnTimeout()) {
            out.count(JoinCounter.DEFAULTED);
            out.joined(event.withLabel(config.defaultLabel()));
        } else {
            out.count(JoinCounter.DROPPED);
        }
        return new JoinState(event.id(), Status.TIMED_OUT, null, Double.NaN, 0, now + window);
    }

    private DeadLetter late(String id, double label, long labelTime, long eventTime) {
        return new DeadLetter(
                id,
                ReasonCode.LATE_LABEL,
                "label",
                "label at "
                        + labelTime
                        + " is more than "
                        + config.attributionWindow()
                        + " after its event at "
                        + eventTime,
                Double.toString(label));
    }
}
