package dev.tributary.connectors.file.source;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;

/** A source reader context that counts split requests. */
final class TestingSourceReaderContext implements SourceReaderContext {

    int splitRequests;

    @Override
    public SourceReaderMetricGroup metricGroup() {
        return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
    }

    @Override
    public Configuration getConfiguration() {
        return new Configuration();
    }

    @Override
    public String getLocalHostName() {
        return "localhost";
    }

    @Override
    public int getIndexOfSubtask() {
        return 0;
    }

    @Override
    public void sendSplitRequest() {
        splitRequests++;
    }

    @Override
    public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {
        throw new UnsupportedOperationException("the file replay source sends no events");
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
        ClassLoader loader = getClass().getClassLoader();
        return new UserCodeClassLoader() {
            @Override
            public ClassLoader asClassLoader() {
                return loader;
            }

            @Override
            public void registerReleaseHookIfAbsent(String name, Runnable hook) {}
        };
    }
}
