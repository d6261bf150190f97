package dev.tributary.trainer.onnx;

import static dev.tributary.trainer.onnx.TestingProtoReader.all;
import static dev.tributary.trainer.onnx.TestingProtoReader.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tributary.trainer.onnx.TestingProtoReader.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxGraphBuilderTest {

    private static final TensorDim BATCH = TensorDim.symbolic("batch");

    /** y = ReduceSum(LeakyRelu(Transpose(x) * w), axis 1) + offset, x of shape [2, batch]. */
    private static byte[] smallModel(Map<String, String> metadata) {
        return new OnnxGraphBuilder("small")
                .input("x", OnnxElementType.DOUBLE, TensorDim.fixed(2), BATCH)
                .initializer("w", new double[] {2.0, -3.0}, 2)
                .initializer("axes", new long[] {1}, 1)
                .initializer("offset", new double[] {0.5})
                .node("Transpose", List.of("x"), List.of("xt"), OnnxAttribute.ofInts("perm", 1, 0))
                .node("Mul", List.of("xt", "w"), List.of("terms"))
                .node(
                        "LeakyRelu",
                        List.of("terms"),
                        List.of("leaky"),
                        OnnxAttribute.ofFloat("alpha", 0.25f))
                .node(
                        "ReduceSum",
                        List.of("leaky", "axes"),
                        List.of("sum"),
                        OnnxAttribute.ofInt("keepdims", 0))
                .node("Add", List.of("sum", "offset"), List.of("y"))
                .output("y", OnnxElementType.DOUBLE, BATCH)
                .build(metadata);
    }

    @Test
    void buildsAModelThatOnnxRuntimeRuns() throws OrtException {
        byte[] model = smallModel(Map.of("purpose", "test"));
        OrtEnvironment environment = OrtEnvironment.getEnvironment();

        try (OrtSession session = environment.createSession(model);
                OnnxTensor x =
                        OnnxTensor.createTensor(
                                environment, new double[][] {{1.0, 4.0}, {1.0, -2.0}});
                OrtSession.Result result = session.run(Map.of("x", x))) {
            double[] y = (double[]) result.get(0).getValue();
            // row 1: 2*1 = 2, -3*1 = -3 -> 2 + 0.25 * -3 = 1.25, + 0.5
            // row 2: 2*4 = 8, -3*-2 = 6 -> 14, + 0.5
            assertThat(y).containsExactly(1.75, 14.5);
            assertThat(session.getMetadata().getProducerName()).isEqualTo("tributary");
            assertThat(session.getMetadata().getCustomMetadata()).containsEntry("purpose", "test");
        }
    }

    @Test
    void writesIrVersionOpsetAndMetadataInKeyOrder() {
        byte[] model = smallModel(Map.of("zeta", "last", "alpha", "first"));

        List<Field> fields = TestingProtoReader.read(model);
        assertThat(one(fields, 1).number64()).isEqualTo(8);
        assertThat(one(fields, 2).string()).isEqualTo("tributary");
        List<Field> opset = one(fields, 8).message();
        assertThat(all(opset, 1)).as("default domain").isEmpty();
        assertThat(one(opset, 2).number64()).isEqualTo(17);
        List<Field> metadata = all(fields, 14);
        assertThat(metadata).hasSize(2);
        assertThat(one(metadata.get(0).message(), 1).string()).isEqualTo("alpha");
        assertThat(one(metadata.get(1).message(), 2).string()).isEqualTo("last");

        List<Field> graph = one(fields, 7).message();
        List<Field> input = one(graph, 11).message();
        List<Field> shape = one(one(one(input, 2).message(), 1).message(), 2).message();
        List<Field> dims = all(shape, 1);
        assertThat(one(dims.get(0).message(), 1).number64()).isEqualTo(2);
        assertThat(one(dims.get(1).message(), 2).string()).isEqualTo("batch");
    }

    @Test
    void encodesEveryAttributeKindWithItsTypeTag() {
        byte[] model =
                new OnnxGraphBuilder("attributes")
                        .input("x", OnnxElementType.FLOAT, TensorDim.fixed(1))
                        .node(
                                "Identity",
                                List.of("x"),
                                List.of("y"),
                                OnnxAttribute.ofString("s", "text"),
                                OnnxAttribute.ofFloat("f", 1.5f),
                                OnnxAttribute.ofInt("i", -2),
                                OnnxAttribute.ofInts("ints", 3, 4))
                        .output("y", OnnxElementType.FLOAT, TensorDim.fixed(1))
                        .build(Map.of());

        List<Field> node = one(one(TestingProtoReader.read(model), 7).message(), 1).message();
        List<Field> attributes = all(node, 5);
        assertThat(attributes).hasSize(4);
        List<Field> s = attributes.get(0).message();
        assertThat(one(s, 1).string()).isEqualTo("s");
        assertThat(one(s, 4).string()).isEqualTo("text");
        assertThat(one(s, 20).number64()).isEqualTo(3);
        List<Field> f = attributes.get(1).message();
        assertThat(Float.intBitsToFloat((int) one(f, 2).number64())).isEqualTo(1.5f);
        assertThat(one(f, 20).number64()).isEqualTo(1);
        List<Field> i = attributes.get(2).message();
        assertThat(one(i, 3).number64()).isEqualTo(-2);
        assertThat(one(i, 20).number64()).isEqualTo(2);
        List<Field> ints = attributes.get(3).message();
        assertThat(all(ints, 8)).extracting(Field::number64).containsExactly(3L, 4L);
        assertThat(one(ints, 20).number64()).isEqualTo(7);
    }

    @Test
    void rejectsGraphsThatAreNotWellFormed() {
        assertThatThrownBy(
                        () ->
                                new OnnxGraphBuilder("g")
                                        .input("x", OnnxElementType.DOUBLE, BATCH)
                                        .node("Relu", List.of("missing"), List.of("y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'missing'");
        assertThatThrownBy(
                        () ->
                                new OnnxGraphBuilder("g")
                                        .input("x", OnnxElementType.DOUBLE, BATCH)
                                        .initializer("x", new double[] {1}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defined twice");
        assertThatThrownBy(
                        () ->
                                new OnnxGraphBuilder("g")
                                        .input("x", OnnxElementType.DOUBLE, BATCH)
                                        .output("y", OnnxElementType.DOUBLE, BATCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not defined");
        assertThatThrownBy(() -> new OnnxGraphBuilder("g").initializer("w", new double[3], 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 elements do not fill shape [2, 2]");
        assertThatThrownBy(
                        () ->
                                new OnnxGraphBuilder("g")
                                        .input("x", OnnxElementType.DOUBLE, BATCH)
                                        .build(Map.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSameCallsGiveTheSameBytes() {
        assertThat(smallModel(Map.of("a", "1", "b", "2")))
                .isEqualTo(smallModel(Map.of("b", "2", "a", "1")))
                .isNotEqualTo(smallModel(Map.of("a", "1", "b", "3")));
    }
}
