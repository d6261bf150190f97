/**
 * Tests of the monitoring files under {@code grafana/}: the dashboards and alert rules name only
 * metrics that exist, and a real Prometheus scraping a running demo job finds data for each.
 */
package dev.tributary.jobs.monitoring;
