package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Which concept-drift detector watches the champion's per-example error, for the retraining
 * policy's drift trigger. Each detector runs with the parameters of its paper (the evaluator's
 * {@code dev.tributary.evaluator.drift} package documents them).
 *
 * <p>What the detector reads: for binary and multiclass experiments, 1 for a wrong decision (the
 * likeliest class is not the label) and 0 for a right one; for regression, the absolute error
 * (ADWIN and Page-Hinkley only, since DDM, EDDM and HDDM_A are defined on 0/1 errors).
 *
 * @param detector the detector
 */
public record DriftConfig(Detector detector) implements Serializable {

    /** The default: ADWIN, which needs no parameter tuned to the stream. */
    public static final DriftConfig DEFAULT = new DriftConfig(Detector.ADWIN);

    /** A drift detector of the evaluator. */
    public enum Detector {
        /** Adaptive windowing (Bifet and Gavaldà 2007). */
        ADWIN(true),
        /** Drift detection method (Gama et al. 2004). */
        DDM(false),
        /** Early drift detection method (Baena-García et al. 2006). */
        EDDM(false),
        /** Page-Hinkley test (Page 1954), in MOA's form. */
        PAGE_HINKLEY(true),
        /** Hoeffding drift detection, A-test (Frías-Blanco et al. 2015). */
        HDDM_A(false);

        private final boolean readsRealValues;

        Detector(boolean readsRealValues) {
            this.readsRealValues = readsRealValues;
        }

        /** Whether it can watch a real-valued error (regression), not only 0/1 errors. */
        public boolean readsRealValues() {
            return readsRealValues;
        }

        /** The name in YAML: {@code adwin}, {@code ddm}, {@code eddm}, {@code page-hinkley}, ... */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The detector of a YAML name, or {@code null}. */
        public static Detector ofYamlName(String name) {
            for (Detector d : values()) {
                if (d.yamlName().equals(name)) {
                    return d;
                }
            }
            return null;
        }
    }

    public DriftConfig {
        Objects.requireNonNull(detector, "detector");
    }
}
