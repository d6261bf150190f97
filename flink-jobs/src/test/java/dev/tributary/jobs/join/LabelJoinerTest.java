package dev.tributary.jobs.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.LabelJoinConfig;
import dev.tributary.core.config.LabelSpec;
import dev.tributary.core.config.Task;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.jobs.join.JoinState.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelJoinerTest {

    private static final long WINDOW = Duration.ofMinutes(10).toMillis();

    private final LabelJoiner withDefault =
            new LabelJoiner(new LabelJoinConfig(Duration.ofMinutes(10), true, 0));
    private final LabelJoiner dropping =
            new LabelJoiner(new LabelJoinConfig(Duration.ofMinutes(10), false, 0));
    private final Collected out = new Collected();

    private static LabelledExample event(String id, long time) {
        return new LabelledExample(
                id,
                "exp",
                "",
                time,
                new FeatureVector(new int[] {1}, new double[] {1}, new double[0]),
                LabelledExample.NO_LABEL,
                1);
    }

    @Test
    void joinsALabelThatFollowsItsEvent() {
        JoinState s = withDefault.onEvent(null, event("a", 1000), out);
        assertThat(s.status()).isEqualTo(Status.WAITING_FOR_LABEL);
        assertThat(s.closesAt()).isEqualTo(1000 + WINDOW);

        s = withDefault.onLabel(s, "a", "1", 5000, out);

        assertThat(out.joined)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.id()).isEqualTo("a");
                            assertThat(e.label()).isEqualTo(1.0);
                        });
        assertThat(s.status()).isEqualTo(Status.JOINED);
        assertThat(out.counters).containsExactly(JoinCounter.JOINED);
        assertThat(withDefault.onTimer(s, s.closesAt(), out)).as("cleared at window end").isNull();
    }

    @Test
    void aLabelWithoutATimeIsDeadLetteredAndTheEventStillWaits() {
        JoinState waiting = withDefault.onEvent(null, event("a", 1000), out);

        JoinState s = withDefault.onLabel(waiting, "a", "1", RawEvent.NO_TIME, out);

        assertThat(s).isSameAs(waiting);
        assertThat(out.joined).isEmpty();
        assertThat(out.deadLetters)
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(ReasonCode.BAD_TIMESTAMP));
        assertThat(withDefault.onLabel(null, "b", "0", RawEvent.NO_TIME, out)).isNull();
    }

    @Test
    void joinsALabelThatComesBeforeItsEvent() {
        JoinState s = withDefault.onLabel(null, "a", "true", 900, out);
        assertThat(s.status()).isEqualTo(Status.WAITING_FOR_EVENT);

        s = withDefault.onEvent(s, event("a", 1000), out);

        assertThat(out.joined).extracting(LabelledExample::label).containsExactly(1.0);
        assertThat(s.status()).isEqualTo(Status.JOINED);
    }

    @Test
    void inlineLabelsPassStraightThrough() {
        JoinState s = withDefault.onEvent(null, event("a", 1000).withLabel(0), out);

        assertThat(s).isNull();
        assertThat(out.joined).extracting(LabelledExample::label).containsExactly(0.0);
        assertThat(out.counters).containsExactly(JoinCounter.INLINE);
    }

    @Test
    void aClosedWindowTrainsOnTheDefaultLabel() {
        JoinState s = withDefault.onEvent(null, event("a", 1000), out);
        assertThat(withDefault.onTimer(s, s.closesAt() - 1, out)).isSameAs(s);

        s = withDefault.onTimer(s, s.closesAt(), out);

        assertThat(out.joined).extracting(LabelledExample::label).containsExactly(0.0);
        assertThat(out.counters).containsExactly(JoinCounter.DEFAULTED);
        assertThat(s.status()).isEqualTo(Status.TIMED_OUT);
    }

    @Test
    void aClosedWindowDropsTheEventWhenNoDefaultIsConfigured() {
        JoinState s = dropping.onEvent(null, event("a", 1000), out);

        s = dropping.onTimer(s, s.closesAt(), out);

        assertThat(out.joined).isEmpty();
        assertThat(out.counters).containsExactly(JoinCounter.DROPPED);
        assertThat(s.status()).isEqualTo(Status.TIMED_OUT);
    }

    @Test
    void aLabelAfterTheWindowIsDeadLetteredAsLate() {
        JoinState s = withDefault.onEvent(null, event("a", 1000), out);
        s = withDefault.onTimer(s, s.closesAt(), out);

        s = withDefault.onLabel(s, "a", "1", 1000 + WINDOW + 5, out);

        assertThat(out.deadLetters)
                .extracting(DeadLetter::reason)
                .containsExactly(ReasonCode.LATE_LABEL);
        assertThat(out.joined).hasSize(1); // only the default
        assertThat(withDefault.onTimer(s, s.closesAt(), out)).isNull();
    }

    @Test
    void aLabelTooLateForItsEventIsLateEvenBeforeTheWatermarkCloses() {
        JoinState s = withDefault.onEvent(null, event("a", 1000), out);

        s = withDefault.onLabel(s, "a", "1", 1000 + WINDOW + 1, out);

        assertThat(out.deadLetters)
                .extracting(DeadLetter::reason)
                .containsExactly(ReasonCode.LATE_LABEL);
        assertThat(out.joined).isEmpty();
        assertThat(s.status()).isEqualTo(Status.WAITING_FOR_LABEL);
    }

    @Test
    void repeatedLabelsAreIgnoredAndCounted() {
        JoinState s = withDefault.onEvent(null, event("a", 1000), out);
        s = withDefault.onLabel(s, "a", "1", 2000, out);

        s = withDefault.onLabel(s, "a", "0", 3000, out);

        assertThat(out.joined).hasSize(1);
        assertThat(out.deadLetters).isEmpty();
        assertThat(out.counters).containsExactly(JoinCounter.JOINED, JoinCounter.DUPLICATE_LABEL);
    }

    @Test
    void aRepeatedEventIdIsDeadLettered() {
        JoinState s = withDefault.onEvent(null, event("a", 1000), out);

        withDefault.onEvent(s, event("a", 1000), out);

        assertThat(out.deadLetters)
                .extracting(DeadLetter::reason)
                .containsExactly(ReasonCode.DUPLICATE);
    }

    @Test
    void aLabelWithoutEventIsAnOrphanWhenItsWindowCloses() {
        JoinState s = withDefault.onLabel(null, "ghost", "1", 1000, out);

        s = withDefault.onTimer(s, s.closesAt(), out);

        assertThat(s).isNull();
        assertThat(out.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason()).isEqualTo(ReasonCode.ORPHAN_LABEL);
                            assertThat(d.id()).isEqualTo("ghost");
                        });
    }

    @Test
    void aBadLabelIsDeadLetteredAndTheEventKeepsWaiting() {
        JoinState s = withDefault.onEvent(null, event("a", 1000), out);

        JoinState after = withDefault.onLabel(s, "a", "maybe", 2000, out);

        assertThat(after).isSameAs(s);
        assertThat(out.deadLetters)
                .extracting(DeadLetter::reason)
                .containsExactly(ReasonCode.BAD_LABEL);
    }

    /** Labels on their own stream are read as the job's label says: classes or numbers. */
    @Test
    void readsAClassOrANumberAsTheLabelSaysAndDeadLettersTheRest() {
        LabelJoiner classes =
                new LabelJoiner(
                        new LabelJoinConfig(Duration.ofMinutes(10), true, 0),
                        new LabelSpec("class", Task.MULTICLASS, 3, List.of()));
        LabelJoiner minutes =
                new LabelJoiner(
                        new LabelJoinConfig(Duration.ofMinutes(10), true, 0),
                        new LabelSpec("minutes", Task.REGRESSION, 1, List.of()));

        classes.onLabel(classes.onEvent(null, event("a", 1000), out), "a", "2", 2000, out);
        minutes.onLabel(minutes.onEvent(null, event("b", 1000), out), "b", "-12.5", 2000, out);
        classes.onLabel(classes.onEvent(null, event("c", 1000), out), "c", "3", 2000, out);

        assertThat(out.joined).extracting(LabelledExample::label).containsExactly(2.0, -12.5);
        assertThat(out.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason()).isEqualTo(ReasonCode.BAD_LABEL);
                            assertThat(d.detail()).isEqualTo("\"3\" is not a class index in 0..2");
                        });
    }

    private static final class Collected implements JoinOutput {
        final List<LabelledExample> joined = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        final List<JoinCounter> counters = new ArrayList<>();

        @Override
        public void joined(LabelledExample example) {
            joined.add(example);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters.add(deadLetter);
        }

        @Override
        public void count(JoinCounter counter) {
            counters.add(counter);
        }
    }
}
