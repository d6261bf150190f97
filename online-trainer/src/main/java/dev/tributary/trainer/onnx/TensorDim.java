package dev.tributary.trainer.onnx;

import java.util.Objects;

/**
 * One dimension of a graph input or output: a fixed size, or a symbolic name such as {@code
 * "batch"} that the runtime binds per call.
 *
 * @param size the fixed size, or -1 when symbolic
 * @param name the symbolic name, or {@code null} when fixed
 */
public record TensorDim(long size, String name) {

    public TensorDim {
        if (name == null ? size < 0 : size != -1) {
            throw new IllegalArgumentException(
                    "a dimension is either a size >= 0 or a symbolic name");
        }
    }

    public static TensorDim fixed(long size) {
        return new TensorDim(size, null);
    }

    public static TensorDim symbolic(String name) {
        return new TensorDim(-1, Objects.requireNonNull(name, "name"));
    }

    public boolean isSymbolic() {
        return name != null;
    }
}
