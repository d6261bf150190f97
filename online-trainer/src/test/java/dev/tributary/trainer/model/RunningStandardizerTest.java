package dev.tributary.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunningStandardizerTest {

    @Test
    void tracksTheWeightedMeanAndPopulationVariance() {
        RunningStandardizer s = new RunningStandardizer(1);
        SplittableRandom random = new SplittableRandom(1L);
        int count = 1_000;
        double[] xs = new double[count];
        double[] ws = new double[count];
        for (int i = 0; i < count; i++) {
            xs[i] = random.nextDouble(-5, 20);
            ws[i] = random.nextDouble(0.1, 3);
            s.update(new double[] {xs[i]}, ws[i]);
        }
        double weightSum = 0;
        double weighted = 0;
        for (int i = 0; i < count; i++) {
            weightSum += ws[i];
            weighted += ws[i] * xs[i];
        }
        double mean = weighted / weightSum;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            squares += ws[i] * (xs[i] - mean) * (xs[i] - mean);
        }

        assertThat(s.count()).isEqualTo(count);
        assertThat(s.weightSum()).isCloseTo(weightSum, within(1e-9));
        assertThat(s.mean()[0]).isCloseTo(mean, within(1e-10));
        assertThat(s.invStd()[0]).isCloseTo(1 / Math.sqrt(squares / weightSum), within(1e-12));
    }

    @Test
    void invStdIsOneUntilTwoExamplesAndForAConstantFeature() {
        RunningStandardizer s = new RunningStandardizer(2);
        assertThat(s.invStd()).containsExactly(1.0, 1.0);

        s.update(new double[] {4.0, 7.0}, 1.0);
        assertThat(s.mean()).containsExactly(4.0, 7.0);
        assertThat(s.invStd()).containsExactly(1.0, 1.0);

        s.update(new double[] {6.0, 7.0}, 1.0);
        assertThat(s.mean()).containsExactly(5.0, 7.0);
        assertThat(s.invStd()).containsExactly(1.0, 1.0);

        s.update(new double[] {8.0, 7.0}, 2.0);
        // weighted variance of 4, 6, 8, 8 around 6.5 is (6.25 + 0.25 + 2 * 2.25) / 4 = 2.75
        assertThat(s.invStd()[0]).isCloseTo(1 / Math.sqrt(2.75), within(1e-15));
        assertThat(s.invStd()[1]).isEqualTo(1.0);
    }

    @Test
    void ignoresNonPositiveWeights() {
        RunningStandardizer s = new RunningStandardizer(1);
        s.update(new double[] {3.0}, 0.0);
        s.update(new double[] {3.0}, -1.0);
        assertThat(s.count()).isZero();
        assertThat(s.mean()).containsExactly(0.0);
    }

    @Test
    void roundTripsWithTheSameDerivedInvStd() throws IOException {
        RunningStandardizer s = new RunningStandardizer(2);
        s.update(new double[] {1.0, 10.0}, 1.0);
        s.update(new double[] {2.5, 11.0}, 0.5);
        s.update(new double[] {4.0, 13.0}, 2.0);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(buffer));

        RunningStandardizer read =
                RunningStandardizer.read(TestingModels.input(buffer.toByteArray()), 2);

        assertThat(read.mean()).isEqualTo(s.mean());
        assertThat(read.invStd()).isEqualTo(s.invStd());
        assertThat(read.count()).isEqualTo(3);
    }
}
