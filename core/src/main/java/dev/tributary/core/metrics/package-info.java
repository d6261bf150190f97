/**
 * The names of every metric Tributary exports: one catalogue, so that the operators that register
 * them, the documentation, the dashboards and the alert rules all agree (tests check each against
 * it).
 */
package dev.tributary.core.metrics;
