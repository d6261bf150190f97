package dev.tributary.jobs.retrain;

import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import java.util.SplittableRandom;

/**
 * A seeded stream of labelled examples from a known logistic concept that drifts: every example is
 * a route (one of {@value #ROUTES}) at an hour of the day, and P(label 1) is the logistic of a
 * bias, the route's effect and the hour's effect. From {@code driftStart} on, half of the routes
 * (the even ones) have their effect negated: abruptly when {@code driftLength} is 0, otherwise each
 * example follows the new concept with a probability that rises linearly from 0 to 1 over {@code
 * driftLength} examples (the gradual drift of Bifet et al.'s MOA generators).
 *
 * <p>Adaptive learning rates (FTRL, AdaGrad) shrink with every example a coordinate sees, so a
 * long-trained champion undoes the old route effects slowly; a challenger fitted afresh learns the
 * new ones at full rate. That is the situation automatic retraining exists for.
 */
final class DriftingStream {

    static final int ROUTES = 100;
    static final int HOURS = 24;

    /** Event time between examples: one example a second. */
    static final long STEP_MILLIS = 1_000;

    static final long START_MILLIS = 1_700_000_000_000L;

    private final SplittableRandom random;
    private final double[] routeEffect = new double[ROUTES];
    private final double[] hourEffect = new double[HOURS];
    private final long driftStart;
    private final long driftLength;
    private final String experiment;
    private long next;

    DriftingStream(String experiment, long seed, long driftStart, long driftLength) {
        this.experiment = experiment;
        this.random = new SplittableRandom(seed);
        this.driftStart = driftStart;
        this.driftLength = driftLength;
        for (int r = 0; r < ROUTES; r++) {
            // Strong, varied route effects: mostly what there is to learn.
            routeEffect[r] = 2.0 * (random.nextDouble() * 2 - 1);
        }
        for (int h = 0; h < HOURS; h++) {
            hourEffect[h] = 0.5 * (random.nextDouble() * 2 - 1);
        }
    }

    /** The index of the next example. */
    long position() {
        return next;
    }

    LabelledExample next() {
        long i = next++;
        int route = random.nextInt(ROUTES);
        int hour = random.nextInt(HOURS);
        boolean newConcept = followsNewConcept(i);
        double effect = newConcept && route % 2 == 0 ? -routeEffect[route] : routeEffect[route];
        double logit = -0.3 + effect + hourEffect[hour];
        double label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        FeatureVector features =
                new FeatureVector(
                        new int[] {1 + route, 1_000 + hour}, new double[] {1, 1}, new double[0]);
        return new LabelledExample(
                "e" + i,
                experiment,
                "route-" + route,
                START_MILLIS + i * STEP_MILLIS,
                features,
                label,
                1);
    }

    private boolean followsNewConcept(long i) {
        if (i < driftStart) {
            return false;
        }
        if (driftLength == 0) {
            return true;
        }
        double p = Math.min(1.0, (i - driftStart + 1) / (double) driftLength);
        return random.nextDouble() < p;
    }
}
