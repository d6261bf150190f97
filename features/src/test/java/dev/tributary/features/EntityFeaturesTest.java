package dev.tributary.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Features of an event's entity from its past in a sliding window, never from the event itself. */
class EntityFeaturesTest {

    private static final long MINUTE = 60_000L;

    private static FeatureSpec spec(String entityFeatures) {
        return JobConfigParser.parse(
                        """
                        source: { path: x.jsonl, event-time: { field: ts, format: epoch-millis } }
                        features:
                          label: y
                          entity: user
                          fields:
                            - { name: user, type: category }
                            - { name: price, type: number, required: false }
                          entity-features: %s
                        experiment: { name: e, models: [ { id: m } ] }
                        """
                                .formatted(entityFeatures))
                .features();
    }

    private static final FeatureSpec SPEC =
            spec("{ window: 1h, ttl: 2h, count: true, since-last: true, mean: [price] }");

    private final Featurizer featurizer = new Featurizer(SPEC, "e");
    private final EntityFeaturizer entities = new EntityFeaturizer(SPEC);

    private LabelledExample event(long minute, String price) {
        Map<String, String> fields =
                price == null
                        ? Map.of("user", "u1", "y", "0")
                        : Map.of("user", "u1", "y", "0", "price", price);
        return featurizer.featurize(RawEvent.of("e" + minute, minute * MINUTE, fields)).example();
    }

    /** count, since_last, mean:price of each event in turn, through one window. */
    private List<double[]> replay(EntityWindow window, LabelledExample... events) {
        List<double[]> features = new ArrayList<>();
        for (LabelledExample e : events) {
            double[] dense = entities.apply(e, window).features().dense();
            features.add(new double[] {dense[1], dense[2], dense[3]});
        }
        return features;
    }

    @Test
    void theSpaceEndsWithTheEntityFeatures() {
        assertThat(SPEC.space().denseFeatures())
                .containsExactly("price", "user:count", "user:since_last", "user:mean:price");
        // The featurizer leaves count and since-last to the entity step, and the mean slot holds
        // the event's own value.
        double[] raw = event(0, "4").features().dense();
        assertThat(raw[1]).isNaN();
        assertThat(raw[2]).isNaN();
        assertThat(raw[3]).isEqualTo(4.0);
    }

    @Test
    void anEventSeesItsEntitysPastButNeverItself() {
        List<double[]> f =
                replay(
                        entities.newWindow(),
                        event(0, "10"),
                        event(10, "20"),
                        event(25, null),
                        event(30, "60"));

        // First: nothing seen; since-last as if seen a ttl (2 h) ago; no mean.
        assertThat(f.get(0)[0]).isZero();
        assertThat(f.get(0)[1]).isEqualTo(Math.log1p(7200));
        assertThat(f.get(0)[2]).isNaN();
        assertThat(f.get(1)).containsExactly(Math.log1p(1), Math.log1p(600), 10.0);
        // A missing price counts as an event but not in the mean.
        assertThat(f.get(2)).containsExactly(Math.log1p(2), Math.log1p(900), 15.0);
        assertThat(f.get(3)).containsExactly(Math.log1p(3), Math.log1p(300), 15.0);
    }

    @Test
    void theWindowSlidesAStepAtATime() {
        // Steps of 5 minutes: at minute 64 the window holds steps 1..12, minutes 5 to 64.
        List<double[]> f =
                replay(entities.newWindow(), event(0, "10"), event(12, "20"), event(64, "1"));

        assertThat(f.get(2)[0]).isEqualTo(Math.log1p(1));
        assertThat(f.get(2)[2]).isEqualTo(20.0);
        assertThat(f.get(2)[1]).isEqualTo(Math.log1p(52 * 60));
    }

    @Test
    void anEntityUnseenForItsTtlExpires() {
        EntityWindow window = entities.newWindow();
        replay(window, event(0, "10"));

        assertThat(entities.expired(window, 120 * MINUTE)).isFalse();
        assertThat(entities.expired(window, 120 * MINUTE + 1)).isTrue();
        assertThat(entities.expiresAt(window)).isEqualTo(120 * MINUTE + 1);
        assertThat(entities.expired(entities.newWindow(), Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aRestoredWindowContinuesExactly() throws IOException {
        EntityWindow original = entities.newWindow();
        replay(original, event(0, "10"), event(7, "3.5"), event(9, null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.writeTo(new DataOutputStream(bytes));
        EntityWindow restored =
                EntityWindow.read(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 1);

        LabelledExample next = event(40, "2");
        assertThat(entities.apply(next, restored)).isEqualTo(entities.apply(next, original));
        assertThatThrownBy(
                        () ->
                                EntityWindow.read(
                                        new DataInputStream(
                                                new ByteArrayInputStream(bytes.toByteArray())),
                                        2))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("written for 1 averaged fields, the spec has 2");
    }

    @Test
    void mistakesInTheEntityFeaturesNameTheirKeyPath() {
        assertThatThrownBy(() -> spec("{ window: 1h, mean: [user] }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "features.entity-features.mean: \"user\" is not a number or integer field");
        assertThatThrownBy(() -> spec("{ window: 1h, ttl: 30m }"))
                .hasMessageStartingWith(
                        "features.entity-features.ttl: PT30M is shorter than the window");
        assertThatThrownBy(() -> spec("{ ttl: 30m }"))
                .hasMessageStartingWith("features.entity-features.window: is missing");
        assertThatThrownBy(() -> spec("{ window: 1h, count: false, since-last: false }"))
                .hasMessageStartingWith("features.entity-features: adds no feature");
        assertThatThrownBy(() -> spec("{ window: 1h, sum: [price] }"))
                .hasMessageStartingWith("features.entity-features.sum: is not a known key");
    }
}
