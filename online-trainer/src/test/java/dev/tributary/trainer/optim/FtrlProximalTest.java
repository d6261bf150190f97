package dev.tributary.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.FtrlConfig;
import org.junit.jupiter.api.Test;

class FtrlProximalTest {

    private final FtrlProximal ftrl = new FtrlProximal(new FtrlConfig(0.1, 1.0, 1.0, 2.0));

    @Test
    void weightIsExactlyZeroWhileZStaysWithinL1() {
        assertThat(ftrl.weight(0.0, 0.0)).isEqualTo(0.0);
        assertThat(ftrl.weight(1.0, 9.0)).isEqualTo(0.0);
        assertThat(ftrl.weight(-1.0, 9.0)).isEqualTo(0.0);
        assertThat(ftrl.weight(-1.0000001, 9.0)).isNotEqualTo(0.0);
    }

    @Test
    void weightFollowsTheClosedFormOfTheProximalStep() {
        // w = -(z - sgn(z) l1) / ((beta + sqrt(n)) / alpha + l2) = -(-5 + 1) / (30 + 2)
        assertThat(ftrl.weight(-5.0, 4.0)).isEqualTo(0.125);
        assertThat(ftrl.weight(5.0, 4.0)).isEqualTo(-0.125);
    }

    @Test
    void unregularizedWeightIgnoresL1AndL2() {
        // -(-5) / ((1 + 2) / 0.1)
        assertThat(ftrl.unregularizedWeight(-5.0, 4.0)).isCloseTo(5.0 / 30.0, within(1e-15));
        assertThat(ftrl.unregularizedWeight(0.5, 0.0)).isCloseTo(-0.05, within(1e-15));
    }

    @Test
    void stepAccumulatesSquaredGradientAndShiftsZByTheLearningRateChange() {
        double[] z = {0.0, 7.0};
        double[] n = {0.0, 7.0};

        ftrl.step(z, n, 0, 0.0, 0.5);
        // sigma = (sqrt(0.25) - 0) / 0.1 = 5; z = 0 + 0.5 - 5 * 0
        assertThat(z[0]).isEqualTo(0.5);
        assertThat(n[0]).isEqualTo(0.25);

        ftrl.step(z, n, 0, 0.125, -1.5);
        // n = 2.5; sigma = (sqrt(2.5) - 0.5) / 0.1; z = 0.5 - 1.5 - sigma * 0.125
        assertThat(n[0]).isEqualTo(2.5);
        assertThat(z[0]).isCloseTo(-1.0 - (Math.sqrt(2.5) - 0.5) / 0.1 * 0.125, within(1e-12));
        assertThat(z[1]).as("other coordinates are untouched").isEqualTo(7.0);
        assertThat(n[1]).isEqualTo(7.0);
    }
}
