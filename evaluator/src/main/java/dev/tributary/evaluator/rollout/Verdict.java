package dev.tributary.evaluator.rollout;

/** What a sequential comparison of a challenger with the champion concludes so far. */
public enum Verdict {
    /** Not enough valid evidence for either conclusion: never a reason to advance a rollout. */
    INCONCLUSIVE,
    /** The challenger's expected loss is lower than the champion's, at the test's confidence. */
    CHALLENGER_BETTER,
    /** The challenger's expected loss is higher than the champion's, at the test's confidence. */
    CHALLENGER_WORSE
}
