package dev.tributary.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.testing.LabelledVector;
import dev.tributary.trainer.testing.SyntheticLogisticStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FreezeTest {

    private static final List<LabelledVector> STREAM = SyntheticLogisticStream.generate(5L, 4_000);

    @Test
    void aFrozenModelPredictsBitForBitWhatTheLiveModelPredicted() {
        for (FtrlConfig ftrl :
                List.of(new FtrlConfig(0.1, 1.0, 1.0, 1.0), new FtrlConfig(0.5, 0.0, 0.0, 0.0))) {
            LogisticRegression model = TestingModels.synthetic(ftrl);
            train(model, STREAM.subList(0, 2_000));

            LinearServingModel frozen = model.freeze();

            for (FeatureVector x : probes()) {
                assertThat(bits(frozen.logit(x))).isEqualTo(bits(model.logit(x)));
                assertThat(bits(frozen.predict(x))).isEqualTo(bits(model.predict(x)));
            }
        }
    }

    @Test
    void aFrozenModelDoesNotChangeWhenTheLiveModelTrainsOn() {
        LogisticRegression model = TestingModels.synthetic(new FtrlConfig(0.1, 1.0, 1.0, 1.0));
        train(model, STREAM.subList(0, 2_000));
        LinearServingModel frozen = model.freeze();
        List<FeatureVector> probes = probes();
        double[] before = probes.stream().mapToDouble(frozen::predict).toArray();
        double[] liveBefore = probes.stream().mapToDouble(model::predict).toArray();

        train(model, STREAM.subList(2_000, 4_000));

        double[] after = probes.stream().mapToDouble(frozen::predict).toArray();
        double[] liveAfter = probes.stream().mapToDouble(model::predict).toArray();
        assertThat(after).isEqualTo(before);
        assertThat(liveAfter).as("the live model did move on").isNotEqualTo(liveBefore);
    }

    /** Stream vectors plus random ones with repeated, negative-valued and unseen indices. */
    private static List<FeatureVector> probes() {
        List<FeatureVector> probes = new ArrayList<>();
        STREAM.subList(2_000, 2_500).forEach(example -> probes.add(example.x()));
        SplittableRandom random = new SplittableRandom(3L);
        for (int p = 0; p < 500; p++) {
            int k = random.nextInt(12);
            int[] indices = new int[k];
            double[] values = new double[k];
            for (int j = 0; j < k; j++) {
                indices[j] =
                        random.nextBoolean()
                                ? SyntheticLogisticStream.SPARSE_INDICES[random.nextInt(5)]
                                : random.nextInt(1 << SyntheticLogisticStream.HASH_BITS);
                values[j] = random.nextDouble(-3, 3);
            }
            double[] dense = {random.nextDouble(0, 100), random.nextDouble(-10, 5)};
            probes.add(new FeatureVector(indices, values, dense));
        }
        return probes;
    }

    private static void train(OnlineModel model, List<LabelledVector> examples) {
        for (LabelledVector example : examples) {
            model.train(example.x(), example.label(), 1.0);
        }
    }

    private static long bits(double value) {
        return Double.doubleToRawLongBits(value);
    }
}
