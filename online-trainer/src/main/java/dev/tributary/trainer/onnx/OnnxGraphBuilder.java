package dev.tributary.trainer.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds an ONNX model (IR version {@value #IR_VERSION}, default-domain opset {@value
 * #OPSET_VERSION}, producer {@value #PRODUCER_NAME}) from inputs, initializers, nodes and outputs,
 * and encodes it as {@code ModelProto} bytes without any protobuf library.
 *
 * <p>Nodes must be added in topological order: every node input must name a graph input, an
 * initializer or an output of an earlier node, which the builder checks as it goes. The bytes are a
 * function of the calls made (metadata is written in key order), so the same model always gives the
 * same bytes. Not thread-safe; build once.
 */
public final class OnnxGraphBuilder {

    public static final long IR_VERSION = 8;
    public static final long OPSET_VERSION = 17;
    public static final String PRODUCER_NAME = "tributary";

    private final String graphName;
    private String docString = "";
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Set<String> values = new HashSet<>();
    private final List<String> outputNames = new ArrayList<>();

    public OnnxGraphBuilder(String graphName) {
        this.graphName = Objects.requireNonNull(graphName, "graphName");
    }

    /** A human-readable description of the graph. */
    public OnnxGraphBuilder docString(String docString) {
        this.docString = Objects.requireNonNull(docString, "docString");
        return this;
    }

    /** Declares a graph input. */
    public OnnxGraphBuilder input(String name, OnnxElementType type, TensorDim... shape) {
        return input(name, type, List.of(shape), "");
    }

    /** Declares a graph input with a description, such as the meaning of each column. */
    public OnnxGraphBuilder input(
            String name, OnnxElementType type, List<TensorDim> shape, String docString) {
        define(name);
        inputs.add(valueInfo(name, type, shape, docString));
        return this;
    }

    /** A constant double tensor of shape {@code dims} (no dims: a scalar), stored little-endian. */
    public OnnxGraphBuilder initializer(String name, double[] data, long... dims) {
        checkElementCount(name, data.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asDoubleBuffer().put(data);
        return initializer(name, OnnxElementType.DOUBLE, raw.array(), dims);
    }

    /** A constant int64 tensor of shape {@code dims} (no dims: a scalar), stored little-endian. */
    public OnnxGraphBuilder initializer(String name, long[] data, long... dims) {
        checkElementCount(name, data.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(data);
        return initializer(name, OnnxElementType.INT64, raw.array(), dims);
    }

    private OnnxGraphBuilder initializer(
            String name, OnnxElementType type, byte[] raw, long[] dims) {
        define(name);
        // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9.
        ProtoWriter tensor = new ProtoWriter(raw.length + 64);
        for (long dim : dims) {
            tensor.int64(1, dim);
        }
        tensor.int64(2, type.code()).string(8, name).bytes(9, raw);
        initializers.add(tensor);
        return this;
    }

    /**
     * Adds a node of a default-domain operator. An empty input name marks an omitted optional
     * input.
     */
    public OnnxGraphBuilder node(
            String opType, List<String> inputs, List<String> outputs, OnnxAttribute... attributes) {
        Objects.requireNonNull(opType, "opType");
        for (String input : inputs) {
            if (!input.isEmpty() && !values.contains(input)) {
                throw new IllegalArgumentException(
                        opType
                                + " node reads '"
                                + input
                                + "', which is not an input, an initializer or the output of an"
                                + " earlier node");
            }
        }
        for (String output : outputs) {
            define(output);
        }
        // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.
        ProtoWriter node = new ProtoWriter();
        for (String input : inputs) {
            node.string(1, input);
        }
        for (String output : outputs) {
            node.string(2, output);
        }
        node.string(3, opType + "_" + nodes.size()).string(4, opType);
        for (OnnxAttribute attribute : attributes) {
            node.message(5, attribute.toProto());
        }
        nodes.add(node);
        return this;
    }

    /** Declares a graph output; it must name a value defined by then. */
    public OnnxGraphBuilder output(String name, OnnxElementType type, TensorDim... shape) {
        return output(name, type, List.of(shape), "");
    }

    /** Declares a graph output with a description; it must name a value defined by then. */
    public OnnxGraphBuilder output(
            String name, OnnxElementType type, List<TensorDim> shape, String docString) {
        if (!values.contains(name)) {
            throw new IllegalArgumentException("output '" + name + "' is not defined");
        }
        if (outputNames.contains(name)) {
            throw new IllegalArgumentException("output '" + name + "' is declared twice");
        }
        outputNames.add(name);
        outputs.add(valueInfo(name, type, shape, docString));
        return this;
    }

    /**
     * Encodes the model.
     *
     * @param metadata written as {@code metadata_props}, sorted by key
     * @throws IllegalStateException if no output was declared
     */
    public byte[] build(Map<String, String> metadata) {
        if (outputs.isEmpty()) {
            throw new IllegalStateException("graph '" + graphName + "' has no output");
        }
        // GraphProto: node = 1, name = 2, initializer = 5, doc_string = 10, input = 11,
        // output = 12.
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(node -> graph.message(1, node));
        graph.string(2, graphName);
        initializers.forEach(tensor -> graph.message(5, tensor));
        if (!docString.isEmpty()) {
            graph.string(10, docString);
        }
        inputs.forEach(input -> graph.message(11, input));
        outputs.forEach(output -> graph.message(12, output));

        // ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8,
        // metadata_props = 14. OperatorSetIdProto: domain = 1 (absent: default), version = 2.
        ProtoWriter model = new ProtoWriter(graph.size() + 256);
        model.int64(1, IR_VERSION).string(2, PRODUCER_NAME).message(7, graph);
        model.message(8, new ProtoWriter().int64(2, OPSET_VERSION));
        new TreeMap<>(metadata)
                .forEach(
                        (key, value) ->
                                model.message(
                                        14,
                                        new ProtoWriter()
                                                .string(1, key)
                                                .string(2, Objects.requireNonNull(value, key))));
        return model.toByteArray();
    }

    private void define(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("value names must not be empty");
        }
        if (!values.add(name)) {
            throw new IllegalArgumentException("'" + name + "' is defined twice");
        }
    }

    private static void checkElementCount(String name, int length, long[] dims) {
        long count = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException(name + ": negative dimension " + dim);
            }
            count *= dim;
        }
        if (count != length) {
            throw new IllegalArgumentException(
                    name + ": " + length + " elements do not fill shape " + Arrays.toString(dims));
        }
    }

    private static ProtoWriter valueInfo(
            String name, OnnxElementType type, List<TensorDim> shape, String docString) {
        // TensorShapeProto.dim = 1; Dimension: dim_value = 1, dim_param = 2.
        ProtoWriter shapeProto = new ProtoWriter();
        for (TensorDim dim : shape) {
            ProtoWriter dimension = new ProtoWriter();
            if (dim.isSymbolic()) {
                dimension.string(2, dim.name());
            } else {
                dimension.int64(1, dim.size());
            }
            shapeProto.message(1, dimension);
        }
        // TypeProto.tensor_type = 1; TypeProto.Tensor: elem_type = 1, shape = 2.
        ProtoWriter tensorType = new ProtoWriter().int64(1, type.code()).message(2, shapeProto);
        ProtoWriter typeProto = new ProtoWriter().message(1, tensorType);
        // ValueInfoProto: name = 1, type = 2, doc_string = 3.
        ProtoWriter info = new ProtoWriter().string(1, name).message(2, typeProto);
        if (!docString.isEmpty()) {
            info.string(3, docString);
        }
        return info;
    }
}
