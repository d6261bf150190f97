package dev.tributary.jobs.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A colour (and past ten models, a dash pattern) per model, the same in every plot: a model keeps
 * its colour from the quality plots to the traffic plot. Models are numbered in the order they
 * first appear in the run, so the same run is always drawn alike.
 */
final class Palette {

    /** Distinguishable on white, and for the common colour-vision deficiencies in the main. */
    private static final String[] COLOURS = {
        "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7",
        "#56b4e9", "#7f6d00", "#6a3d9a", "#555555", "#b15928"
    };

    private static final String[] DASHES = {"", "7 3", "2 3", "9 3 2 3"};

    private final Map<String, Integer> index = new LinkedHashMap<>();

    /**
     * The palette of a run. The models a reader follows get the first, solid colours: those of the
     * first progress report (the configured ones), then every challenger that was served traffic;
     * then the other models, in the order they first report.
     */
    static Palette of(RunRecords run) {
        Palette palette = new Palette();
        if (!run.progress().isEmpty()) {
            for (ProgressPoint.Model model : run.progress().get(0).models()) {
                palette.number(model.id());
            }
        }
        for (DecisionPoint decision : run.decisions()) {
            if (decision.kind().equals("CANARY") || decision.kind().equals("PROMOTE")) {
                palette.number(decision.model());
            }
        }
        for (ProgressPoint point : run.progress()) {
            for (ProgressPoint.Model model : point.models()) {
                palette.number(model.id());
            }
        }
        for (DecisionPoint decision : run.decisions()) {
            palette.number(decision.model());
        }
        return palette;
    }

    String colour(String model) {
        return COLOURS[number(model) % COLOURS.length];
    }

    /** The dash pattern, empty (solid) for the first ten models. */
    String dash(String model) {
        return DASHES[(number(model) / COLOURS.length) % DASHES.length];
    }

    private int number(String model) {
        return index.computeIfAbsent(model, m -> index.size());
    }
}
