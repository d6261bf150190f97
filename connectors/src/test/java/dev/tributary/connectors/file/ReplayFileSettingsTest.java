package dev.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.SourceConfig;
import dev.tributary.core.config.SourceKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ReplayFileSettingsTest {

    private static final ReplayFileSettings VALID =
            ReplayFileSettings.of("events.csv", ReplayFormat.CSV, "ts", "iso");

    @Test
    void fromTheJobFilesSourceSection() {
        SourceConfig source =
                new SourceConfig(
                        SourceKind.FILE,
                        "flights.jsonl.gz",
                        "jsonl",
                        "ts",
                        "epoch-millis",
                        "Europe/Paris",
                        "id",
                        250,
                        1000);

        assertThat(ReplayFileSettings.from(source))
                .isEqualTo(
                        new ReplayFileSettings(
                                "flights.jsonl.gz",
                                ReplayFormat.JSONL,
                                "ts",
                                "epoch-millis",
                                "Europe/Paris",
                                "id",
                                250,
                                1000));
    }

    @Test
    void defaultsAndCopies() {
        assertThat(VALID.zone()).isEqualTo("UTC");
        assertThat(VALID.idField()).isNull();
        assertThat(VALID.isRateLimited()).isFalse();
        ReplayFileSettings changed =
                VALID.withIdField("id")
                        .withZone("Europe/Paris")
                        .withRatePerSecond(100)
                        .withMaxEvents(5)
                        .withPath("other.csv");
        assertThat(changed)
                .isEqualTo(
                        new ReplayFileSettings(
                                "other.csv",
                                ReplayFormat.CSV,
                                "ts",
                                "iso",
                                "Europe/Paris",
                                "id",
                                100,
                                5));
        assertThat(changed.isRateLimited()).isTrue();
        assertThat(
                        new ReplayFileSettings("f", ReplayFormat.JSONL, "t", "iso", " ", null, 0, 0)
                                .zone())
                .isEqualTo("UTC");
    }

    @Test
    void invalidSettingsAreRejectedWithTheFieldAndTheValue() {
        assertInvalid(() -> VALID.withPath(" "), "path: must name a replay file, was ' '");
        assertInvalid(
                () -> new ReplayFileSettings("f", null, "ts", "iso", null, null, 0, 0),
                "format: must be CSV or JSONL, was null");
        assertInvalid(
                () -> new ReplayFileSettings("f", ReplayFormat.CSV, "", "iso", null, null, 0, 0),
                "eventTimeField: must name the event-time field, was ''");
        assertInvalid(
                () -> VALID.withZone("Mars/Olympus"),
                "zone: 'Mars/Olympus' is not a valid zone id");
        assertInvalid(
                () ->
                        new ReplayFileSettings(
                                "f", ReplayFormat.CSV, "ts", "yyyy-'", null, null, 0, 0),
                "eventTimeFormat: event-time format 'yyyy-'' is not");
        assertInvalid(() -> VALID.withIdField(""), "idField: must be null");
        assertInvalid(() -> VALID.withRatePerSecond(-1), "ratePerSecond: -1.0 must be");
        assertInvalid(() -> VALID.withRatePerSecond(Double.NaN), "ratePerSecond: NaN must be");
        assertInvalid(
                () -> VALID.withRatePerSecond(Double.POSITIVE_INFINITY),
                "ratePerSecond: Infinity must be");
        assertInvalid(() -> VALID.withMaxEvents(-2), "maxEvents: -2 must be >= 0");
    }

    @Test
    void isJavaSerializable() throws IOException, ClassNotFoundException {
        ReplayFileSettings settings = VALID.withIdField("id").withRatePerSecond(2.5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(settings);
        }
    }

    private static void assertInvalid(Runnable creation, String messageStart) {
        assertThatThrownBy(creation::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(messageStart);
    }
}
