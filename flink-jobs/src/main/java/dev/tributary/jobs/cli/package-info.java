/**
 * The {@code tributary} command line: {@code demo}, {@code run}, {@code --help}, {@code --version}.
 */
package dev.tributary.jobs.cli;
