/**
 * JMH benchmarks of Tributary's plain-Java kernels (training, serving, evaluation, publication,
 * featurization) on real flights, each measured against a baseline in the same run so that results
 * read as ratios.
 */
package dev.tributary.benchmarks;
