package dev.tributary.trainer.onnx;

/**
 * The outputs every exported inference graph names, by what the model predicts, and the one-number
 * score a prediction is summed up by. Graph builders, the scorer and the models share them, so that
 * an exported graph, its scorer and the in-job predictions agree on what a score is.
 */
public final class ModelOutputs {

    /** Binary: the raw logit, {@code [batch]}. */
    public static final String LOGIT = "logit";

    /** Binary: the probability of label 1, {@code [batch]}. */
    public static final String PROBABILITY = "probability";

    /** Multiclass: the raw outputs, {@code [batch, classes]}. */
    public static final String LOGITS = "logits";

    /** Multiclass: one probability per class, {@code [batch, classes]}. */
    public static final String PROBABILITIES = "probabilities";

    /** Regression: the predicted value, {@code [batch]}. */
    public static final String PREDICTION = "prediction";

    private ModelOutputs() {}

    /**
     * A prediction's score, one number per example: the probability of label 1 (binary), the value
     * (regression), or the most likely class, the lowest on a tie (multiclass).
     */
    public static double score(double[] prediction) {
        if (prediction.length == 1) {
            return prediction[0];
        }
        int best = 0;
        for (int c = 1; c < prediction.length; c++) {
            if (prediction[c] > prediction[best]) {
                best = c;
            }
        }
        return best;
    }
}
