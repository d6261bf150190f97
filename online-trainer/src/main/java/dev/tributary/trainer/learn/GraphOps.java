package dev.tributary.trainer.learn;

import dev.tributary.trainer.onnx.OnnxAttribute;
import dev.tributary.trainer.onnx.OnnxGraphBuilder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A thin expression layer over {@link OnnxGraphBuilder} for the training-step graph: each method
 * adds one node of a default-domain operator (opset {@value OnnxGraphBuilder#OPSET_VERSION}) and
 * returns the name of its output, a fresh {@code <hint>_<n>}, so that graph code reads like the
 * formulas it implements. Float constants are {@code Constant} nodes with a {@code value_float}
 * attribute (scalars that broadcast), since the builder's initializers are double and int64 only.
 * Not thread-safe; one per graph.
 */
final class GraphOps {

    private final OnnxGraphBuilder graph;
    private final Map<String, String> constants = new HashMap<>();
    private int next;

    GraphOps(OnnxGraphBuilder graph) {
        this.graph = graph;
    }

    /** Adds a node with one output and returns the output's fresh name. */
    String node(String op, List<String> inputs, OnnxAttribute... attributes) {
        String output = op.toLowerCase(Locale.ROOT) + "_" + next++;
        graph.node(op, inputs, List.of(output), attributes);
        return output;
    }

    /** Gives a value a fixed name (for a graph output) through an Identity node. */
    String name(String value, String name) {
        graph.node("Identity", List.of(value), List.of(name));
        return name;
    }

    /** A float scalar constant; equal values share one node. */
    String scalar(double value) {
        float f = (float) value;
        return constants.computeIfAbsent(
                "f" + Float.floatToIntBits(f),
                key -> node("Constant", List.of(), OnnxAttribute.ofFloat("value_float", f)));
    }

    /** A 1-D int64 constant, such as the axes of a reduction; equal values share one. */
    String ints(long... values) {
        return constants.computeIfAbsent(
                "i" + Arrays.toString(values),
                key -> {
                    String name = "ints_" + next++;
                    graph.initializer(name, values, values.length);
                    return name;
                });
    }

    String add(String a, String b) {
        return node("Add", List.of(a, b));
    }

    String sub(String a, String b) {
        return node("Sub", List.of(a, b));
    }

    String mul(String a, String b) {
        return node("Mul", List.of(a, b));
    }

    String div(String a, String b) {
        return node("Div", List.of(a, b));
    }

    String square(String a) {
        return mul(a, a);
    }

    String sqrt(String a) {
        return node("Sqrt", List.of(a));
    }

    String abs(String a) {
        return node("Abs", List.of(a));
    }

    String neg(String a) {
        return node("Neg", List.of(a));
    }

    String sign(String a) {
        return node("Sign", List.of(a));
    }

    String max(String a, String b) {
        return node("Max", List.of(a, b));
    }

    String greater(String a, String b) {
        return node("Greater", List.of(a, b));
    }

    String lessOrEqual(String a, String b) {
        return node("LessOrEqual", List.of(a, b));
    }

    String and(String a, String b) {
        return node("And", List.of(a, b));
    }

    /** {@code condition ? a : b}, elementwise with broadcasting. */
    String where(String condition, String a, String b) {
        return node("Where", List.of(condition, a, b));
    }

    String matMul(String a, String b) {
        return node("MatMul", List.of(a, b));
    }

    /** The transpose of a matrix. */
    String transpose(String a) {
        return node("Transpose", List.of(a), OnnxAttribute.ofInts("perm", 1, 0));
    }

    String relu(String a) {
        return node("Relu", List.of(a));
    }

    String clip(String a, double min, double max) {
        return node("Clip", List.of(a, scalar(min), scalar(max)));
    }

    String toFloat(String a) {
        // TensorProto.DataType FLOAT = 1.
        return node("Cast", List.of(a), OnnxAttribute.ofInt("to", 1));
    }

    String reduceSum(String a, long axis, boolean keepDims) {
        return node(
                "ReduceSum",
                List.of(a, ints(axis)),
                OnnxAttribute.ofInt("keepdims", keepDims ? 1 : 0));
    }

    /** ReduceMax over one axis; its axes are an attribute up to opset 17. */
    String reduceMax(String a, long axis, boolean keepDims) {
        return node(
                "ReduceMax",
                List.of(a),
                OnnxAttribute.ofInts("axes", axis),
                OnnxAttribute.ofInt("keepdims", keepDims ? 1 : 0));
    }

    String unsqueeze(String a, long axis) {
        return node("Unsqueeze", List.of(a, ints(axis)));
    }

    /** Rows {@code indices} of {@code data}, along axis 0. */
    String gather(String data, String indices) {
        return node("Gather", List.of(data, indices), OnnxAttribute.ofInt("axis", 0));
    }

    /** Columns {@code [start, end)} of a matrix. */
    String sliceColumns(String a, long start, long end) {
        return node("Slice", List.of(a, ints(start), ints(end), ints(1)));
    }

    String concatColumns(String a, String b) {
        return node("Concat", List.of(a, b), OnnxAttribute.ofInt("axis", 1));
    }

    /** Float zeros of the shape of {@code like}. */
    private String zerosLike(String like) {
        // ConstantOfShape's default value is a float 0.
        return node("ConstantOfShape", List.of(node("Shape", List.of(like))));
    }

    /**
     * {@code zeros(shape of like)} with {@code updates[i..., :]} summed into row {@code
     * indices[i..., 0]}: ScatterND with {@code reduction="add"} (opset 16), which accumulates
     * repeated indices.
     */
    String scatterAdd(String like, String indices, String updates) {
        return node(
                "ScatterND",
                List.of(zerosLike(like), indices, updates),
                OnnxAttribute.ofString("reduction", "add"));
    }
}
