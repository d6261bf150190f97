package dev.tributary.jobs.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.ReferencePrediction;
import dev.tributary.trainer.onnx.OnnxScorer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a published ONNX model reproduces the job's own predictions: loads the model with
 * ONNX Runtime, scores the features of the version's reference predictions and compares.
 */
public final class ReferenceCheck {

    private static final int BATCH = 1024;

    private ReferenceCheck() {}

    /**
     * @param examples how many reference predictions were compared
     * @param maxAbsDiff the largest absolute difference between ONNX Runtime and the job
     */
    public record Result(String model, long version, int examples, double maxAbsDiff) {

        /** The bar of the acceptance test: agreement within 1e-6. */
        public static final double TOLERANCE = 1e-6;

        public boolean passed() {
            return examples > 0 && maxAbsDiff <= TOLERANCE;
        }
    }

    public static Result run(ModelArtifact artifact, Path referencesFile) throws Exception {
        String model = artifact.version().modelId();
        long version = artifact.version().version();
        List<ReferencePrediction> references = read(referencesFile, model, version);
        double maxAbsDiff = 0;
        try (OnnxScorer scorer = new OnnxScorer(artifact.onnx())) {
            for (int from = 0; from < references.size(); from += BATCH) {
                List<ReferencePrediction> batch =
                        references.subList(from, Math.min(references.size(), from + BATCH));
                List<FeatureVector> features = new ArrayList<>(batch.size());
                batch.forEach(r -> features.add(r.features()));
                double[] scores = scorer.score(features);
                for (int i = 0; i < scores.length; i++) {
                    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(scores[i] - batch.get(i).score()));
                }
            }
        }
        return new Result(model, version, references.size(), maxAbsDiff);
    }

    /** The reference predictions of one version; a line repeated after a restart counts once. */
    static List<ReferencePrediction> read(Path file, String model, long version)
            throws IOException {
        ObjectMapper json = StatusFile.JSON;
        Map<String, ReferencePrediction> byId = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.contains("\"modelVersion\":" + version)) {
                    continue;
                }
                ReferencePrediction r = json.readValue(line, ReferencePrediction.class);
                if (r.modelId().equals(model) && r.modelVersion() == version) {
                    byId.put(r.id(), r);
                }
            }
        }
        return new ArrayList<>(byId.values());
    }
}
