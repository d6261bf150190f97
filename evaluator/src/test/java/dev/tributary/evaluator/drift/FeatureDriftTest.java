package dev.tributary.evaluator.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.FeatureDriftConfig;
import dev.tributary.core.supervision.FeatureStability;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureDriftTest {

    private static final FeatureDriftConfig SMALL = new FeatureDriftConfig(2000, 2000, 10);
    private static final List<String> FEATURES = List.of("distance", "seats", "delay_1h");

    /**
     * Three features, of which one moves (its mean by one standard deviation) and one starts to go
     * missing after the reference: each is read for what it is, the unchanged one stays stable.
     */
    @Test
    void aMovedFeatureAndOneGoingMissingStandOutFromAStableOne() {
        FeatureDrift drift = new FeatureDrift(SMALL, FEATURES);
        Random random = new Random(5);
        for (int i = 0; i < 6000; i++) {
            boolean after = i >= 3000;
            drift.observe(
                    new double[] {
                        random.nextGaussian() + (after ? 1.0 : 0.0),
                        random.nextGaussian(),
                        after && random.nextDouble() < 0.5 ? Double.NaN : random.nextGaussian()
                    });
        }

        FeatureStability[] stabilities = drift.stabilities();

        assertThat(stabilities)
                .extracting(FeatureStability::feature, FeatureStability::shift)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("distance", "significant"),
                        org.assertj.core.groups.Tuple.tuple("seats", "stable"),
                        org.assertj.core.groups.Tuple.tuple("delay_1h", "significant"));
        assertThat(stabilities[1].psi()).isLessThan(0.05);
        assertThat(stabilities[0].psi()).isGreaterThan(0.5);
        assertThat(stabilities[0].observations()).isEqualTo(6000);
    }

    @Test
    void nothingIsReadBeforeTheReferenceAndAWindowAreFull() {
        FeatureDrift drift = new FeatureDrift(SMALL, FEATURES);
        for (int i = 0; i < 3999; i++) {
            drift.observe(new double[] {i, i, i});
        }

        assertThat(drift.stabilities())
                .allSatisfy(
                        s -> {
                            assertThat(s.psi()).isNaN();
                            assertThat(s.shift()).isEqualTo("undefined");
                        });
        assertThatThrownBy(() -> drift.observe(new double[] {1, 2}))
                .hasMessage("2 dense values for 3 dense features");
    }

    @Test
    void aRestoredDriftContinuesExactlyAndChangedFeaturesOrSizesStartAfresh() throws IOException {
        FeatureDrift uninterrupted = new FeatureDrift(SMALL, FEATURES);
        FeatureDrift interrupted = new FeatureDrift(SMALL, FEATURES);
        Random random = new Random(9);
        for (int i = 0; i < 5000; i++) {
            double[] dense = {random.nextGaussian(), random.nextDouble(), random.nextInt(4)};
            uninterrupted.observe(dense);
            interrupted.observe(dense);
            if (i == 1000 || i == 3500) {
                byte[] written = bytes(interrupted);
                interrupted = FeatureDrift.read(input(written), SMALL, FEATURES);
                assertThat(bytes(interrupted)).isEqualTo(written);
            }
        }
        assertThat(interrupted.stabilities()).containsExactly(uninterrupted.stabilities());
        byte[] written = bytes(uninterrupted);

        FeatureDrift renamed =
                FeatureDrift.read(input(written), SMALL, List.of("seats", "distance_km"));
        FeatureDrift resized =
                FeatureDrift.read(input(written), new FeatureDriftConfig(500, 500, 10), FEATURES);

        assertThat(renamed.stabilities()[0]).isEqualTo(uninterrupted.stabilities()[1]);
        assertThat(renamed.stabilities()[1].observations()).isZero();
        assertThat(resized.stabilities()).allSatisfy(s -> assertThat(s.observations()).isZero());
        assertThat(FeatureDrift.read(input(written), null, FEATURES)).isNull();
    }

    private static byte[] bytes(FeatureDrift drift) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        drift.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
