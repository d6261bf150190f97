/**
 * Judging a challenger against the champion on the same labelled traffic, and rolling it out step
 * by step (shadow, canary steps, promotion) or back: plain Java, deterministic, where absent, NaN
 * or too little evidence is always inconclusive and never a pass.
 */
package dev.tributary.evaluator.rollout;
