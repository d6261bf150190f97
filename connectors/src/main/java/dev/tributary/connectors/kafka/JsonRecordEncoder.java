package dev.tributary.connectors.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Writes records (Java records, enums, maps, lists, numbers, strings) as compact UTF-8 JSON, the
 * format of every topic Tributary writes.
 *
 * <p>JSON has no NaN or infinity: a non-finite {@code double} or {@code float}, alone, in an array
 * or as a map value, is written as {@code null} (e.g. the label of a prediction made before its
 * label was known), so that every consumer can parse the output. Instances are immutable and
 * thread-safe.
 *
 * @param <T> the type of record written
 */
public final class JsonRecordEncoder<T> {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(finiteNumbers());

    private final ObjectWriter writer;

    public JsonRecordEncoder(Class<T> type) {
        this.writer = MAPPER.writerFor(Objects.requireNonNull(type, "type"));
    }

    /**
     * The JSON of {@code value} as UTF-8 bytes.
     *
     * @throws UncheckedIOException if Jackson cannot write the type (a programming error, not bad
     *     data: the records written are Tributary's own)
     */
    public byte[] encode(T value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value + " as JSON", e);
        }
    }

    /** The JSON of {@code value} as a string. */
    public String encodeToString(T value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value + " as JSON", e);
        }
    }

    private static SimpleModule finiteNumbers() {
        SimpleModule module = new SimpleModule("tributary-finite-numbers");
        // Primitive and boxed types are looked up separately, so each is registered.
        module.addSerializer(Double.class, new FiniteDoubleSerializer());
        module.addSerializer(Double.TYPE, new FiniteDoubleSerializer());
        module.addSerializer(Float.class, new FiniteFloatSerializer());
        module.addSerializer(Float.TYPE, new FiniteFloatSerializer());
        module.addSerializer(double[].class, new FiniteDoubleArraySerializer());
        module.addSerializer(float[].class, new FiniteFloatArraySerializer());
        return module;
    }

    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            writeDouble(value, out);
        }
    }

    private static final class FiniteFloatSerializer extends StdSerializer<Float> {
        private static final long serialVersionUID = 1L;

        FiniteFloatSerializer() {
            super(Float.class);
        }

        @Override
        public void serialize(Float value, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            writeFloat(value, out);
        }
    }

    private static final class FiniteDoubleArraySerializer extends StdSerializer<double[]> {
        private static final long serialVersionUID = 1L;

        FiniteDoubleArraySerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            out.writeStartArray(values, values.length);
            for (double value : values) {
                writeDouble(value, out);
            }
            out.writeEndArray();
        }
    }

    private static final class FiniteFloatArraySerializer extends StdSerializer<float[]> {
        private static final long serialVersionUID = 1L;

        FiniteFloatArraySerializer() {
            super(float[].class);
        }

        @Override
        public void serialize(float[] values, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            out.writeStartArray(values, values.length);
            for (float value : values) {
                writeFloat(value, out);
            }
            out.writeEndArray();
        }
    }

    private static void writeDouble(double value, JsonGenerator out) throws IOException {
        if (Double.isFinite(value)) {
            out.writeNumber(value);
        } else {
            out.writeNull();
        }
    }

    private static void writeFloat(float value, JsonGenerator out) throws IOException {
        if (Float.isFinite(value)) {
            out.writeNumber(value);
        } else {
            out.writeNull();
        }
    }
}
