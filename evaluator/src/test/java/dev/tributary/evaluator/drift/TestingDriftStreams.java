package dev.tributary.evaluator.drift;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * The seeded 0/1 streams every detector's golden test reads: {@value #LENGTH} examples, example
 * {@code i} is 1 (an error) with probability {@code rate(i)}, one {@code nextDouble} of seed
 * {@value #SEED} per example, so every stream equals the stationary one before its change.
 */
final class TestingDriftStreams {

    static final long SEED = 42;
    static final int LENGTH = 20_000;
    static final int CHANGE = 10_000;
    static final int RAMP = 2_000;

    private TestingDriftStreams() {}

    /** A 0/1 stream of {@code length} examples from {@code seed}. */
    static double[] stream(long seed, int length, IntToDoubleFunction rate) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextDouble() < rate.applyAsDouble(i) ? 1 : 0;
        }
        return values;
    }

    /** A 0/1 stream of {@value #LENGTH} examples from seed {@value #SEED}. */
    static double[] errors(IntToDoubleFunction rate) {
        return stream(SEED, LENGTH, rate);
    }

    /** 0.2, then 0.6 from {@value #CHANGE}. */
    static double abrupt(int i) {
        return i < CHANGE ? 0.2 : 0.6;
    }

    /** 0.2, then a linear ramp to 0.6 over {@value #RAMP} examples from {@value #CHANGE}. */
    static double ramp(int i) {
        if (i < CHANGE) {
            return 0.2;
        }
        return i < CHANGE + RAMP ? 0.2 + 0.4 * (i - CHANGE) / RAMP : 0.6;
    }

    static byte[] bytes(DriftDetector detector) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            detector.writeTo(new DataOutputStream(buffer));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return buffer.toByteArray();
    }

    /** The indices of the WARNING and DRIFT observations of a stream. */
    record Run(List<Integer> warnings, List<Integer> drifts) {

        static Run of(DriftDetector detector, double[] stream) {
            List<Integer> warnings = new ArrayList<>();
            List<Integer> drifts = new ArrayList<>();
            for (int i = 0; i < stream.length; i++) {
                DriftState state = detector.update(stream[i]);
                if (state == DriftState.WARNING) {
                    warnings.add(i);
                } else if (state == DriftState.DRIFT) {
                    drifts.add(i);
                }
            }
            return new Run(warnings, drifts);
        }

        int firstWarningFrom(int start) {
            return first(warnings, start);
        }

        int firstDriftFrom(int start) {
            return first(drifts, start);
        }

        private static int first(List<Integer> indices, int start) {
            return indices.stream().filter(i -> i >= start).findFirst().orElse(-1);
        }
    }
}
