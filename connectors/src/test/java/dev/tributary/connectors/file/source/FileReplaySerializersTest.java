package dev.tributary.connectors.file.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileReplaySerializersTest {

    private final FileReplaySplitSerializer splits = FileReplaySplitSerializer.INSTANCE;
    private final FileReplayEnumeratorStateSerializer states =
            FileReplayEnumeratorStateSerializer.INSTANCE;

    @Test
    void splitRoundTrips() throws IOException {
        for (FileReplaySplit split :
                List.of(
                        new FileReplaySplit("s", "/data/events.csv", 0),
                        new FileReplaySplit(
                                "s3://bucket/é/events.jsonl.gz",
                                "s3://bucket/é/events.jsonl.gz",
                                Long.MAX_VALUE),
                        new FileReplaySplit("", "", 123_456_789L))) {
            assertThat(splits.deserialize(splits.getVersion(), splits.serialize(split)))
                    .isEqualTo(split);
        }
    }

    /** Version 1 bytes as checkpoints hold them: a restore must keep reading them. */
    @Test
    void splitVersionOneFixture() throws IOException {
        byte[] versionOne = HexFormat.of().parseHex("000161" + "000166" + "0000000000000005");
        FileReplaySplit split = new FileReplaySplit("a", "f", 5);

        assertThat(splits.getVersion()).isEqualTo(1);
        assertThat(splits.serialize(split)).isEqualTo(versionOne);
        assertThat(splits.deserialize(1, versionOne)).isEqualTo(split);
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        for (FileReplayEnumeratorState state :
                List.of(
                        new FileReplayEnumeratorState(List.of()),
                        new FileReplayEnumeratorState(
                                List.of(
                                        new FileReplaySplit("a", "/a.csv", 0),
                                        new FileReplaySplit("b", "/b.csv.gz", 42))))) {
            assertThat(states.deserialize(states.getVersion(), states.serialize(state)))
                    .isEqualTo(state);
        }
    }

    /** Version 1: a count, then each split as (split serializer version, length, bytes). */
    @Test
    void enumeratorStateVersionOneFixture() throws IOException {
        byte[] versionOne =
                HexFormat.of()
                        .parseHex(
                                "00000001"
                                        + "00000001"
                                        + "0000000e"
                                        + "000161"
                                        + "000166"
                                        + "0000000000000005");
        FileReplayEnumeratorState state =
                new FileReplayEnumeratorState(List.of(new FileReplaySplit("a", "f", 5)));

        assertThat(states.getVersion()).isEqualTo(1);
        assertThat(states.serialize(state)).isEqualTo(versionOne);
        assertThat(states.deserialize(1, versionOne)).isEqualTo(state);
    }

    @Test
    void unknownVersionsAndTrailingBytesAreRejected() throws IOException {
        byte[] split = splits.serialize(new FileReplaySplit("a", "f", 5));
        assertThatThrownBy(() -> splits.deserialize(2, split))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown version 2");
        byte[] longer = new byte[split.length + 1];
        System.arraycopy(split, 0, longer, 0, split.length);
        assertThatThrownBy(() -> splits.deserialize(1, longer))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("1 trailing bytes");

        byte[] state = states.serialize(new FileReplayEnumeratorState(List.of()));
        assertThatThrownBy(() -> states.deserialize(7, state))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown version 7");
    }
}
