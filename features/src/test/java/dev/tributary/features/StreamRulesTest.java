package dev.tributary.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two rules on the stream as a whole: lateness and deduplication. */
class StreamRulesTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private static RawEvent at(String id, long time) {
        return RawEvent.of(id, time, Map.of("id", id));
    }

    @Test
    void anEventTooFarBehindTheNewestIsLateAndDoesNotMoveTime() {
        LatenessGate gate = new LatenessGate(Duration.ofHours(2));

        assertThat(gate.check(at("a", 10 * HOUR))).isNull();
        assertThat(gate.check(at("b", 8 * HOUR))).as("exactly the allowed lateness").isNull();
        DeadLetter late = gate.check(at("c", 8 * HOUR - 1));
        assertThat(gate.check(at("d", 12 * HOUR))).isNull();

        assertThat(late.reason()).isEqualTo(ReasonCode.LATE);
        assertThat(late.id()).isEqualTo("c");
        assertThat(late.raw()).isEqualTo("{\"id\":\"c\"}");
        assertThat(late.detail()).contains("PT2H", "1970-01-01T10:00:00Z");
        assertThat(gate.newest()).isEqualTo(12 * HOUR);
    }

    @Test
    void aRestoredGateContinuesFromTheCheckpointedNewestTime() {
        LatenessGate restored = new LatenessGate(Duration.ofHours(1));
        restored.restore(5 * HOUR);

        assertThat(restored.check(at("x", 3 * HOUR))).isNotNull();
        assertThat(restored.check(at("y", 4 * HOUR))).isNull();
        assertThat(new LatenessGate(Duration.ZERO).check(at("first", 0))).isNull();
    }

    @Test
    void anIdRepeatedWithinTheWindowEitherSideIsADuplicate() {
        DuplicateWindow window = new DuplicateWindow(Duration.ofHours(1), Duration.ofHours(2));

        assertThat(window.isDuplicate(10 * HOUR, 10 * HOUR)).isTrue();
        assertThat(window.isDuplicate(10 * HOUR, 11 * HOUR)).isTrue();
        assertThat(window.isDuplicate(10 * HOUR, 9 * HOUR)).as("a retry may come first").isTrue();
        assertThat(window.isDuplicate(10 * HOUR, 11 * HOUR + 1)).isFalse();
        // Remembered for the window plus the allowed lateness: a repeat that is not late is
        // always compared.
        assertThat(window.forgetAt(10 * HOUR)).isEqualTo(13 * HOUR);
        assertThat(new DuplicateWindow(Duration.ofHours(1), null).forgetAt(0)).isEqualTo(HOUR);
        DeadLetter d = window.deadLetter("e7", 10 * HOUR, "");
        assertThat(d.reason()).isEqualTo(ReasonCode.DUPLICATE);
        assertThat(d.detail()).contains("1970-01-01T10:00:00Z", "PT1H");
    }

    @Test
    void anEventFromTheFutureIsABadTimestampAndAHistoricalOneIsNot() {
        long now = 1_800_000_000_000L;
        FutureGate gate = new FutureGate(Duration.ofMinutes(5), () -> now);

        assertThat(gate.check(RawEvent.of("past", 978_307_200_000L, Map.of()))).isNull();
        assertThat(gate.check(RawEvent.of("skewed", now + 300_000, Map.of()))).isNull();
        DeadLetter ahead = gate.check(RawEvent.of("ahead", now + 300_001, Map.of("x", "1")));
        assertThat(ahead.reason()).isEqualTo(ReasonCode.BAD_TIMESTAMP);
        assertThat(ahead.detail()).contains("is more than PT5M ahead of the clock");
        assertThat(ahead.raw()).isEqualTo("{\"x\":\"1\"}");
    }
}
