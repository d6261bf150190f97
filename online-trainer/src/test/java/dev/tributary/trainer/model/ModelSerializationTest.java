package dev.tributary.trainer.model;

import static dev.tributary.trainer.model.TestingModels.bytes;
import static dev.tributary.trainer.model.TestingModels.input;
import static dev.tributary.trainer.model.TestingModels.logistic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.testing.LabelledVector;
import dev.tributary.trainer.testing.SyntheticLogisticStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSerializationTest {

    private static final FtrlConfig FTRL = new FtrlConfig(0.1, 1.0, 1.0, 1.0);
    private static final List<LabelledVector> STREAM = SyntheticLogisticStream.generate(11L, 6_000);

    @Test
    void aRestoredModelContinuesBitForBitLikeTheOriginal() throws IOException {
        OnlineModel original = TestingModels.synthetic(FTRL);
        train(original, STREAM.subList(0, 3_000));

        OnlineModel restored =
                OnlineModels.read(
                        logistic(FTRL), TestingModels.SYNTHETIC_SPACE, input(bytes(original)));
        assertThat(restored.examplesTrained()).isEqualTo(3_000);

        for (LabelledVector example : STREAM.subList(3_000, 6_000)) {
            double expected = original.predict(example.x());
            assertThat(Double.doubleToRawLongBits(restored.predict(example.x())))
                    .isEqualTo(Double.doubleToRawLongBits(expected));
            original.train(example.x(), example.label(), 1.0);
            restored.train(example.x(), example.label(), 1.0);
        }
        assertThat(bytes(restored)).isEqualTo(bytes(original));
        assertThat(restored.examplesTrained()).isEqualTo(6_000);
    }

    @Test
    void stateSizeFollowsTheFeaturesSeenNotTheHashSpace() {
        FeatureSpace wide = FeatureSpace.of(20, List.of("d0", "d1"));
        OnlineModel model = new LogisticRegression(logistic(FTRL), wide);
        train(model, STREAM.subList(0, 1_000));

        // 13 touched coordinates of 2^20: 20 bytes each plus a small fixed part, not 16 MB.
        assertThat(bytes(model).length).isLessThan(1_000);
        assertThat(bytes(model.freeze()).length).isLessThan(1_000);
    }

    @Test
    void anUnknownFormatVersionIsRefusedWithAClearMessage() {
        OnlineModel model = TestingModels.synthetic(FTRL);
        train(model, STREAM.subList(0, 100));
        byte[] state = bytes(model);
        ByteBuffer.wrap(state).putInt(0, 99);

        assertThatThrownBy(
                        () ->
                                OnlineModels.read(
                                        logistic(FTRL),
                                        TestingModels.SYNTHETIC_SPACE,
                                        input(state)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown model state format version 99")
                .hasMessageContaining("reads versions 1 to 2");

        byte[] serving = bytes(model.freeze());
        ByteBuffer.wrap(serving).putInt(0, 3);
        assertThatThrownBy(() -> OnlineModels.readServing(input(serving)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown serving model format version 3");
    }

    @Test
    void stateOfAnotherFeatureSpaceIsRefused() {
        OnlineModel model = TestingModels.synthetic(FTRL);
        byte[] state = bytes(model);

        assertThatThrownBy(
                        () ->
                                OnlineModels.read(
                                        logistic(FTRL),
                                        FeatureSpace.of(12, List.of("d0", "d1")),
                                        input(state)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("hashBits 10");
        assertThatThrownBy(
                        () ->
                                OnlineModels.read(
                                        logistic(FTRL),
                                        FeatureSpace.of(10, List.of("d1", "d0")),
                                        input(state)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("dense features [d0, d1]");
    }

    @Test
    void aStateOfAnotherFamilyIsRefused() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(1);
        out.writeUTF("factorization-machine");

        assertThatThrownBy(
                        () ->
                                OnlineModels.read(
                                        logistic(FTRL),
                                        TestingModels.SYNTHETIC_SPACE,
                                        input(buffer.toByteArray())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'factorization-machine'");
        assertThatThrownBy(() -> OnlineModels.readServing(input(buffer.toByteArray())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown serving model family");
    }

    @Test
    void aServingModelRoundTripsToEqualBytesAndPredictions() throws IOException {
        OnlineModel model = TestingModels.synthetic(FTRL);
        train(model, STREAM.subList(0, 2_000));
        ServingModel frozen = model.freeze();

        ServingModel restored = OnlineModels.readServing(input(bytes(frozen)));

        assertThat(bytes(restored)).isEqualTo(bytes(frozen));
        for (LabelledVector example : STREAM.subList(2_000, 3_000)) {
            FeatureVector x = example.x();
            assertThat(Double.doubleToRawLongBits(restored.predict(x)))
                    .isEqualTo(Double.doubleToRawLongBits(frozen.predict(x)));
        }
    }

    private static void train(OnlineModel model, List<LabelledVector> examples) {
        for (LabelledVector example : examples) {
            model.train(example.x(), example.label(), 1.0);
        }
    }
}
