/** Test fixtures shared by the trainer's tests: seeded synthetic streams, real data, metrics. */
package dev.tributary.trainer.testing;
