package dev.tributary.trainer.onnx;

/** Element types of ONNX tensors, with their {@code TensorProto.DataType} codes. */
public enum OnnxElementType {
    FLOAT(1),
    INT32(6),
    INT64(7),
    BOOL(9),
    DOUBLE(11);

    private final int code;

    OnnxElementType(int code) {
        this.code = code;
    }

    /** The {@code TensorProto.DataType} value. */
    public int code() {
        return code;
    }
}
