package dev.tributary.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Axes: round ticks for numbers, round times in UTC for event time. */
class ScalesTest {

    @Test
    void numbersGetRoundTicksAroundTheirRange() {
        LinearScale y = LinearScale.nice(0.523, 0.687, 300, 100, 5);

        assertThat(y.ticks()).containsExactly(0.5, 0.55, 0.6, 0.65, 0.7);
        assertThat(y.label(0.55)).isEqualTo("0.55");
        assertThat(y.map(0.5)).isCloseTo(300, within(1e-9));
        assertThat(y.map(0.7)).isCloseTo(100, within(1e-9));
        assertThat(y.map(0.6)).isCloseTo(200, within(1e-9));
    }

    @Test
    void largeNumbersAndSingleValues() {
        assertThat(LinearScale.nice(0, 83_000, 0, 1, 4).ticks())
                .containsExactly(0.0, 20_000.0, 40_000.0, 60_000.0, 80_000.0, 100_000.0);
        LinearScale single = LinearScale.nice(0.6, 0.6, 0, 100, 5);
        assertThat(single.lo()).isLessThan(0.6);
        assertThat(single.hi()).isGreaterThan(0.6);
        assertThat(LinearScale.nice(Double.NaN, Double.NaN, 0, 1, 5).ticks()).contains(0.0, 1.0);
        assertThat(LinearScale.niceStep(0.03)).isCloseTo(0.02, within(1e-12));
        assertThat(LinearScale.niceStep(0.04)).isCloseTo(0.05, within(1e-12));
        assertThat(LinearScale.niceStep(170)).isCloseTo(200, within(1e-9));
        assertThat(LinearScale.niceStep(1)).isCloseTo(1, within(1e-12));
    }

    private static long utc(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void twoMonthsOfEventTimeGetMondaysAsDates() {
        TimeScale x =
                TimeScale.of(utc("2001-01-01T00:00:00Z"), utc("2001-03-01T00:00:00Z"), 0, 800);

        List<Long> ticks = x.ticks();
        assertThat(ticks).hasSizeBetween(4, TimeScale.MAX_TICKS);
        assertThat(ticks).allSatisfy(t -> assertThat(t).isBetween(x.start(), x.end()));
        // Weeks or fortnights, each starting on a Monday at midnight UTC.
        for (long t : ticks) {
            assertThat(Instant.ofEpochMilli(t).atZone(java.time.ZoneOffset.UTC).getDayOfWeek())
                    .isEqualTo(java.time.DayOfWeek.MONDAY);
        }
        assertThat(x.label(ticks.get(0))).matches("2001-01-\\d\\d");
        assertThat(x.map(x.start())).isZero();
        assertThat(x.map(x.end())).isEqualTo(800);
    }

    @Test
    void hoursAndYearsAreLabelledToMatch() {
        TimeScale hours =
                TimeScale.of(utc("2001-02-01T05:10:00Z"), utc("2001-02-01T09:50:00Z"), 0, 800);
        assertThat(hours.ticks())
                .extracting(hours::label)
                .containsExactly("02-01 06:00", "02-01 07:00", "02-01 08:00", "02-01 09:00");

        TimeScale years =
                TimeScale.of(utc("2001-01-15T00:00:00Z"), utc("2004-03-01T00:00:00Z"), 0, 800);
        assertThat(years.ticks())
                .extracting(years::label)
                .containsExactly("2001-07", "2002-01", "2002-07", "2003-01", "2003-07", "2004-01");
    }

    @Test
    void aSingleInstantSitsInTheMiddle() {
        long t = utc("2001-02-01T00:00:00Z");
        TimeScale x = TimeScale.of(t, t, 100, 300);

        assertThat(x.map(t)).isEqualTo(200);
        assertThat(TimeScale.instant(t)).isEqualTo("2001-02-01 00:00:00 UTC");
    }
}
