package dev.tributary.jobs.report;

/**
 * One decision of the run (a line of {@code decisions.jsonl}), as far as the report needs it.
 *
 * @param kind the kind in upper case ({@code DRIFT}, {@code PROMOTE}, ...); kinds this report does
 *     not know are kept and drawn plainly
 * @param model the model it concerns
 * @param version that model's version when decided
 * @param eventTime event time of the triggering example, epoch milliseconds
 * @param examples labelled examples seen when decided
 * @param traffic the model's share of served traffic after it; {@code NaN} where unchanged
 * @param source for a promotion the champion it replaces; otherwise the configuration it came from,
 *     or empty
 * @param reason why, in words
 */
record DecisionPoint(
        String kind,
        String model,
        long version,
        long eventTime,
        long examples,
        double traffic,
        String source,
        String reason) {}
