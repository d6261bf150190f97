package dev.tributary.trainer.archfixture;

import org.apache.flink.api.common.functions.MapFunction;

/** A logic-package class that depends on Flink, which the architecture rule must reject. */
public final class TestingFlinkDependent {

    private TestingFlinkDependent() {}

    public static MapFunction<String, String> identity() {
        return value -> value;
    }
}
