package dev.tributary.jobs.join;

import dev.tributary.core.model.LabelledExample;

/**
 * What the joiner remembers about one event id, between its event and its label.
 *
 * @param id the event id
 * @param status where the join stands
 * @param event the event, while it waits for its label (null otherwise)
 * @param label the label, while it waits for its event (NaN otherwise)
 * @param labelTime the label's event time, while it waits for its event
 * @param closesAt event time at which the current status expires (the next timer)
 */
public record JoinState(
        String id,
        JoinState.Status status,
        LabelledExample event,
        double label,
        long labelTime,
        long closesAt) {

    /** Where a join stands. */
    public enum Status {
        /** The event arrived; its label has not. */
        WAITING_FOR_LABEL,
        /** A label arrived before its event. */
        WAITING_FOR_EVENT,
        /** Joined and emitted; kept until the window closes to recognise duplicates. */
        JOINED,
        /** The window closed without a label; kept one more window to recognise late labels. */
        TIMED_OUT
    }
}
