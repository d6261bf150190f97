package dev.tributary.trainer.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes one level of a protobuf message into its fields, so tests can check the encoding
 * independently of {@link ProtoWriter}.
 */
final class TestingProtoReader {

    /** One field: its number, wire type, and either a number or the bytes of a length field. */
    record Field(int number, int wireType, long number64, byte[] bytes) {

        String string() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        List<Field> message() {
            return read(bytes);
        }
    }

    private TestingProtoReader() {}

    static List<Field> read(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] position = {0};
        while (position[0] < message.length) {
            long tag = varint(message, position);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            switch (wireType) {
                case 0 -> fields.add(new Field(number, 0, varint(message, position), null));
                case 2 -> {
                    int length = (int) varint(message, position);
                    byte[] bytes = Arrays.copyOfRange(message, position[0], position[0] + length);
                    position[0] += length;
                    fields.add(new Field(number, 2, 0, bytes));
                }
                case 5 -> {
                    long bits = 0;
                    for (int b = 0; b < 4; b++) {
                        bits |= (message[position[0]++] & 0xFFL) << (8 * b);
                    }
                    fields.add(new Field(number, 5, bits, null));
                }
                default -> throw new IllegalArgumentException("wire type " + wireType);
            }
        }
        return fields;
    }

    static List<Field> all(List<Field> fields, int number) {
        return fields.stream().filter(f -> f.number() == number).toList();
    }

    static Field one(List<Field> fields, int number) {
        List<Field> matching = all(fields, number);
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " fields numbered " + number);
        }
        return matching.get(0);
    }

    private static long varint(byte[] message, int[] position) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = message[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
