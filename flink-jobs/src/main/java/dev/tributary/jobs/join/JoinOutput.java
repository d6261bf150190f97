package dev.tributary.jobs.join;

import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;

/** Where the label joiner sends what it produces. */
public interface JoinOutput {

    /** A labelled example, ready for training. */
    void joined(LabelledExample example);

    /** A rejected label or event. */
    void deadLetter(DeadLetter deadLetter);

    /** Something worth counting happened. */
    void count(JoinCounter counter);
}
