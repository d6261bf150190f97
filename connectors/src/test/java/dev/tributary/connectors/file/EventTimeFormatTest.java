package dev.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.model.RawEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventTimeFormatTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();

    @Test
    void isoAcceptsInstantsOffsetsLocalDateTimesAndDates() {
        EventTimeFormat iso = EventTimeFormat.of(EventTimeFormat.ISO, PARIS);

        assertThat(iso.parse("2024-03-01T10:00:00Z")).isEqualTo(T0);
        assertThat(iso.parse("2024-03-01T10:00:00.123Z")).isEqualTo(T0 + 123);
        assertThat(iso.parse("2024-03-01T12:00:00+02:00")).isEqualTo(T0);
        assertThat(iso.parse("2024-03-01T11:00:00+01:00[Europe/Paris]")).isEqualTo(T0);
        // local date-times and dates are read in the format's zone (Paris is UTC+1 in March)
        assertThat(iso.parse("2024-03-01T11:00")).isEqualTo(T0);
        assertThat(iso.parse("2024-03-01 11:00:00")).isEqualTo(T0);
        assertThat(iso.parse(" 2024-03-01T11:00:00 ")).isEqualTo(T0);
        assertThat(iso.parse("2024-03-01"))
                .isEqualTo(Instant.parse("2024-02-29T23:00:00Z").toEpochMilli());
    }

    @Test
    void patternIsReadInItsZoneUnlessTheTextCarriesAnOffset() {
        assertThat(EventTimeFormat.of("yyyy-MM-dd'T'HH:mm", UTC).parse("2024-03-01T10:00"))
                .isEqualTo(T0);
        assertThat(EventTimeFormat.of("yyyy-MM-dd'T'HH:mm", PARIS).parse("2024-03-01T11:00"))
                .isEqualTo(T0);
        assertThat(
                        EventTimeFormat.of("dd/MM/yyyy HH:mm:ss XXX", PARIS)
                                .parse("01/03/2024 10:00:00 +00:00"))
                .isEqualTo(T0);
        assertThat(EventTimeFormat.of("yyyyMMdd", UTC).parse("20240301"))
                .isEqualTo(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void epochFormatsAcceptIntegersAndFractions() {
        EventTimeFormat millis = EventTimeFormat.of(EventTimeFormat.EPOCH_MILLIS, UTC);
        EventTimeFormat seconds = EventTimeFormat.of(EventTimeFormat.EPOCH_SECONDS, UTC);

        assertThat(millis.parse(Long.toString(T0))).isEqualTo(T0);
        assertThat(millis.parse("-5")).isEqualTo(-5L);
        assertThat(millis.parse("1709287200000.9")).isEqualTo(T0);
        assertThat(millis.parse("1.7092872E12")).isEqualTo(T0);
        assertThat(seconds.parse("1709287200")).isEqualTo(T0);
        assertThat(seconds.parse("1709287200.25")).isEqualTo(T0 + 250);
        assertThat(seconds.parse("-1.5")).isEqualTo(-1500L);
    }

    @Test
    void unreadableTextGivesNoTime() {
        EventTimeFormat iso = EventTimeFormat.of(EventTimeFormat.ISO, UTC);
        EventTimeFormat pattern = EventTimeFormat.of("yyyy-MM-dd'T'HH:mm", UTC);
        EventTimeFormat millis = EventTimeFormat.of(EventTimeFormat.EPOCH_MILLIS, UTC);
        EventTimeFormat seconds = EventTimeFormat.of(EventTimeFormat.EPOCH_SECONDS, UTC);

        assertThat(iso.parse(null)).isEqualTo(RawEvent.NO_TIME);
        assertThat(iso.parse("")).isEqualTo(RawEvent.NO_TIME);
        assertThat(iso.parse("1709287200000")).isEqualTo(RawEvent.NO_TIME);
        assertThat(iso.parse("2024-02-30T10:00:00Z")).isEqualTo(RawEvent.NO_TIME);
        assertThat(pattern.parse("2024-03-01 10:00")).isEqualTo(RawEvent.NO_TIME);
        assertThat(EventTimeFormat.of("HH:mm", UTC).parse("10:00")).isEqualTo(RawEvent.NO_TIME);
        assertThat(millis.parse("12abc")).isEqualTo(RawEvent.NO_TIME);
        assertThat(millis.parse("99999999999999999999")).isEqualTo(RawEvent.NO_TIME);
        assertThat(seconds.parse("9223372036854775807")).isEqualTo(RawEvent.NO_TIME);
    }

    @Test
    void invalidPatternIsRejectedWithTheReason() {
        assertThatThrownBy(() -> EventTimeFormat.of("yyyy-MM-dd'T", UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event-time format 'yyyy-MM-dd'T' is not 'iso',");
        assertThatThrownBy(() -> EventTimeFormat.of(" ", UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was ' '");
    }
}
