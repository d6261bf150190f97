package dev.tributary.evaluator.supervisor;

import dev.tributary.core.config.DriftConfig;
import dev.tributary.evaluator.drift.Adwin;
import dev.tributary.evaluator.drift.Ddm;
import dev.tributary.evaluator.drift.DriftDetector;
import dev.tributary.evaluator.drift.DriftState;
import dev.tributary.evaluator.drift.Eddm;
import dev.tributary.evaluator.drift.HddmA;
import dev.tributary.evaluator.drift.PageHinkley;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The drift detector configured for an experiment, watching its champion's per-example error, with
 * the few numbers a {@code DRIFT} decision shows: the errors read since the last drift or new
 * champion, and their mean. Every detector runs with its paper's parameters (those of the {@code
 * drift} package), which are therefore not written with its state.
 *
 * <p>Only a rise of the error calls for a retrain. DDM, EDDM, HDDM_A and Page-Hinkley only ever
 * detect rises; ADWIN detects any change of the mean, so a drift of ADWIN's is told apart by
 * comparing the mean of the part of its window it dropped with that of the part it kept: a champion
 * that is still learning makes ADWIN cut its window as the error falls.
 */
final class ChampionDrift {

    /** No drift. */
    static final int NONE = 0;

    /** A drift in which the champion's error rose: what the retraining policy reacts to. */
    static final int WORSE = 1;

    /** A drift in which the champion's error fell (a champion still learning, say). */
    static final int BETTER = -1;

    private final DriftConfig.Detector kind;
    private DriftDetector detector;
    private long observations;
    private double errorSum;

    /** ADWIN's dropped part's mean at its last drift; only read right after one. */
    private double droppedMean = Double.NaN;

    ChampionDrift(DriftConfig.Detector kind) {
        this.kind = kind;
        this.detector = create(kind);
    }

    private static DriftDetector create(DriftConfig.Detector kind) {
        switch (kind) {
            case ADWIN:
                return new Adwin();
            case DDM:
                return new Ddm();
            case EDDM:
                return new Eddm();
            case PAGE_HINKLEY:
                return new PageHinkley();
            default:
                return new HddmA();
        }
    }

    /**
     * Reads one error of the champion.
     *
     * @return {@link #WORSE} when the detector signals a drift at it in which the error rose (the
     *     evidence is then ready in {@link #evidence()}), {@link #BETTER} for one in which it fell
     *     (only ADWIN, which watches both ways, reports those), {@link #NONE} otherwise
     */
    int update(double error) {
        observations++;
        errorSum += error;
        if (detector instanceof Adwin adwin) {
            long widthBefore = adwin.width();
            double totalBefore = widthBefore == 0 ? 0.0 : adwin.mean() * widthBefore;
            if (adwin.update(error) != DriftState.DRIFT) {
                return NONE;
            }
            // ADWIN dropped the older part of its window: compare its mean with the kept part's.
            long dropped = widthBefore + 1 - adwin.width();
            double droppedTotal = totalBefore + error - adwin.mean() * adwin.width();
            droppedMean = dropped <= 0 ? Double.NaN : droppedTotal / dropped;
            return adwin.mean() > droppedMean ? WORSE : BETTER;
        }
        return detector.update(error) == DriftState.DRIFT ? WORSE : NONE;
    }

    /** The evidence of a drift just signalled, before {@link #afterDrift()}. */
    Map<String, Double> evidence() {
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("observations", (double) observations);
        evidence.put("error_mean", observations == 0 ? Double.NaN : errorSum / observations);
        if (detector instanceof Adwin adwin) {
            // ADWIN keeps the part of its window after the change: what it now believes.
            evidence.put("window_width", (double) adwin.width());
            evidence.put("window_mean", adwin.mean());
            evidence.put("dropped_mean", droppedMean);
        }
        return evidence;
    }

    /** Starts the counts over after a drift (the detector itself has already adapted). */
    void afterDrift() {
        observations = 0;
        errorSum = 0;
    }

    /** Forgets everything: a new champion, or the champion's parameters replaced. */
    void reset() {
        detector.reset();
        afterDrift();
    }

    String name() {
        return detector.name();
    }

    /** Writes the detector's YAML name, the counts and the detector's own state. */
    void writeTo(DataOutput out) throws IOException {
        out.writeUTF(kind.yamlName());
        out.writeLong(observations);
        out.writeDouble(errorSum);
        detector.writeTo(out);
    }

    /**
     * Reads what {@link #writeTo} wrote. State of another detector than the one configured now is
     * dropped: the configured one starts fresh.
     */
    static ChampionDrift read(DataInput in, DriftConfig.Detector configured) throws IOException {
        String name = in.readUTF();
        DriftConfig.Detector written = DriftConfig.Detector.ofYamlName(name);
        if (written == null) {
            throw new IOException("corrupt supervisor state: drift detector " + name);
        }
        long observations = in.readLong();
        double errorSum = in.readDouble();
        DriftDetector detector = readDetector(in, written);
        if (observations < 0 || !(errorSum >= 0) || Double.isInfinite(errorSum)) {
            throw new IOException(
                    "corrupt supervisor state: "
                            + observations
                            + " drift observations with error sum "
                            + errorSum);
        }
        ChampionDrift drift = new ChampionDrift(configured);
        if (written == configured) {
            drift.detector = detector;
            drift.observations = observations;
            drift.errorSum = errorSum;
        }
        return drift;
    }

    private static DriftDetector readDetector(DataInput in, DriftConfig.Detector kind)
            throws IOException {
        switch (kind) {
            case ADWIN:
                return Adwin.read(in);
            case DDM:
                return Ddm.read(
                        in,
                        Ddm.DEFAULT_MIN_INSTANCES,
                        Ddm.DEFAULT_WARNING_LEVEL,
                        Ddm.DEFAULT_DRIFT_LEVEL);
            case EDDM:
                return Eddm.read(
                        in,
                        Eddm.DEFAULT_MIN_ERRORS,
                        Eddm.DEFAULT_WARNING_RATIO,
                        Eddm.DEFAULT_DRIFT_RATIO);
            case PAGE_HINKLEY:
                return PageHinkley.read(in);
            default:
                return HddmA.read(
                        in, HddmA.DEFAULT_DRIFT_CONFIDENCE, HddmA.DEFAULT_WARNING_CONFIDENCE);
        }
    }
}
