package dev.tributary.features;

import dev.tributary.core.model.DeadLetter;

/** The outcome of cleaning one event: exactly one of the two is set. */
record Cleaning(CleanEvent clean, DeadLetter rejected) {

    static Cleaning accepted(CleanEvent event) {
        return new Cleaning(event, null);
    }

    static Cleaning rejected(DeadLetter deadLetter) {
        return new Cleaning(null, deadLetter);
    }
}
