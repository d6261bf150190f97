package dev.tributary.trainer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtoWriterTest {

    @Test
    void encodesVarintFieldsAsTheProtobufDocumentationShows() {
        // The protobuf encoding guide's example: field 1 = 150 is 08 96 01.
        assertThat(new ProtoWriter().int64(1, 150).toByteArray()).containsExactly(0x08, 0x96, 0x01);
        assertThat(new ProtoWriter().int64(1, 300).toByteArray()).containsExactly(0x08, 0xAC, 0x02);
        assertThat(new ProtoWriter().int64(1, 0).toByteArray()).containsExactly(0x08, 0x00);
    }

    @Test
    void encodesNegativeNumbersInTenBytes() {
        assertThat(new ProtoWriter().int64(1, -1).toByteArray())
                .containsExactly(0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
    }

    @Test
    void encodesLargeFieldNumbersInTheTag() {
        // field 20, wire type 0: (20 << 3) | 0 = 160 = A0 01
        assertThat(new ProtoWriter().int64(20, 7).toByteArray()).containsExactly(0xA0, 0x01, 0x07);
    }

    @Test
    void encodesStringsAndNestedMessagesWithTheirLength() {
        // The guide's example: field 2 = "testing" is 12 07 74 65 73 74 69 6e 67.
        assertThat(new ProtoWriter().string(2, "testing").toByteArray())
                .containsExactly(0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67);
        // The guide's example: field 3 = {field 1 = 150} is 1a 03 08 96 01.
        assertThat(new ProtoWriter().message(3, new ProtoWriter().int64(1, 150)).toByteArray())
                .containsExactly(0x1a, 0x03, 0x08, 0x96, 0x01);
    }

    @Test
    void encodesFloatsLittleEndian() {
        // 1.0f is 0x3F800000; field 2, wire type 5: tag 0x15.
        assertThat(new ProtoWriter().float32(2, 1.0f).toByteArray())
                .containsExactly(0x15, 0x00, 0x00, 0x80, 0x3F);
    }

    @Test
    void growsBeyondItsInitialCapacity() {
        byte[] big = new byte[100_000];
        big[99_999] = 42;
        byte[] encoded = new ProtoWriter(16).bytes(9, big).toByteArray();

        assertThat(encoded).hasSize(1 + 3 + 100_000);
        assertThat(TestingProtoReader.one(TestingProtoReader.read(encoded), 9).bytes())
                .isEqualTo(big);
    }
}
