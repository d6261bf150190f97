package dev.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Drives the pacer with a simulated clock: no time passes in these tests. */
class ReplayPacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void permitsFollowTheRateOnASimulatedClock() {
        for (double rate : new double[] {0.5, 7, 1000, 250_000}) {
            ReplayPacer pacer = new ReplayPacer(rate);
            long now = 0;
            long permits = 0;
            long end = 20 * SECOND;
            while (now <= end) {
                long wait = pacer.acquire(now);
                if (wait == 0) {
                    permits++;
                } else {
                    assertThat(wait).isGreaterThanOrEqualTo(ReplayPacer.MIN_WAIT_NANOS);
                    now += wait;
                }
            }
            // permits due in [0 s, 20 s]: 20 seconds at the rate, plus one at each end
            assertThat((double) permits).as("rate %s", rate).isBetween(rate * 20, rate * 20 + 2);
        }
    }

    @Test
    void firstPermitIsImmediateAndTheNextWaitsOneInterval() {
        ReplayPacer pacer = new ReplayPacer(10);

        assertThat(pacer.acquire(5 * SECOND)).isZero();
        assertThat(pacer.acquire(5 * SECOND)).isEqualTo(SECOND / 10);
        assertThat(pacer.acquire(5 * SECOND + SECOND / 20)).isEqualTo(SECOND / 20);
        assertThat(pacer.acquire(5 * SECOND + SECOND / 10)).isZero();
    }

    @Test
    void aStalledReplayCatchesUpByOneBurstAtMost() {
        ReplayPacer pacer = new ReplayPacer(1000);
        assertThat(pacer.acquire(0)).isZero();

        // ten seconds of stall must not turn into ten thousand immediate permits
        long now = 10 * SECOND;
        int immediate = 0;
        while (pacer.acquire(now) == 0) {
            immediate++;
        }
        long burstPermits = pacer.burstNanos() * 1000 / SECOND;
        assertThat(immediate).isBetween((int) burstPermits, (int) burstPermits + 1);
    }

    @Test
    void rejectsRatesThatAreNotPositive() {
        assertThatThrownBy(() -> new ReplayPacer(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayPacer(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
