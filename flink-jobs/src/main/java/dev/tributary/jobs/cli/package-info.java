/**
 * The {@code tributary} command line: {@code demo}, {@code run}, {@code produce}, {@code bench},
 * {@code generate}, {@code control}, {@code report}, {@code --help}, {@code --version}.
 */
package dev.tributary.jobs.cli;
