/**
 * A deliberate rule breaker: proves that {@code TrainerArchitectureTest} notices a logic class that
 * uses Flink. Never part of the production jar.
 */
package dev.tributary.trainer.archfixture;
