/**
 * Running a training job from the command line: the Flink configuration it needs, the layout of its
 * output folder, the live progress line, and the run summary.
 */
package dev.tributary.jobs.run;
