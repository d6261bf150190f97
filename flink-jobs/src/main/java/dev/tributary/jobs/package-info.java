/**
 * The runnable side of Tributary: job graphs, the operators that clean and featurize events, and
 * the {@code tributary} command line.
 */
package dev.tributary.jobs;
