/**
 * The run report: reads a finished run's folder (summary, progress, decisions) and writes one
 * self-contained HTML file of plots drawn as inline SVG. Plain Java, no Flink, no JavaScript.
 */
package dev.tributary.jobs.report;
