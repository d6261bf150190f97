/**
 * Immutable records that flow through a Tributary job: raw events, feature vectors, labelled
 * examples, predictions, model versions with their provenance, decisions and dead letters.
 */
package dev.tributary.core.model;
