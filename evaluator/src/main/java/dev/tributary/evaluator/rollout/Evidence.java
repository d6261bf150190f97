package dev.tributary.evaluator.rollout;

/**
 * The evidence behind a verdict, as the decision log records it.
 *
 * @param verdict the conclusion
 * @param pairs the valid paired examples judged (both models scored the same example, both losses
 *     finite)
 * @param invalid examples refused as evidence (a missing or non-finite loss of either model)
 * @param meanDifference the mean of {@code champion loss - challenger loss} (positive: the
 *     challenger is better); {@code NaN} without pairs
 * @param lower the lower end of the always-valid confidence interval of that mean
 * @param upper its upper end
 * @param statistic the test statistic the verdict was read from (the test's Javadoc says which)
 */
public record Evidence(
        Verdict verdict,
        long pairs,
        long invalid,
        double meanDifference,
        double lower,
        double upper,
        double statistic) {}
