package dev.tributary.trainer.learn;

import dev.tributary.core.config.ModelShape;
import dev.tributary.core.config.Objective;
import dev.tributary.trainer.onnx.ModelOutputs;

/**
 * The output layer and loss of an {@link Objective}: turns a predictor's raw outputs into a
 * prediction and into the gradient of the loss with respect to those outputs.
 *
 * <ul>
 *   <li>binary: {@code p = sigmoid(clip(z, -35, 35))}, log loss, {@code dL/dz = p - y};
 *   <li>multiclass: {@code p = softmax(z)}, cross-entropy with class {@code y}, {@code dL/dz_c =
 *       p_c - [c == y]};
 *   <li>squared: {@code yhat = z}, {@code (z - y)^2 / 2}, {@code dL/dz = z - y};
 *   <li>huber: {@code yhat = z}, the Huber loss, {@code dL/dz = clip(z - y, -delta, delta)}.
 * </ul>
 *
 * A batch's loss is the weighted mean {@code sum_b weight_b * L_b / size}, so its gradient with
 * respect to example {@code b}'s outputs is {@code weight_b / size} times the above.
 */
public final class Head {

    /** Logits are clipped to {@code [-MAX_LOGIT, MAX_LOGIT]} before the sigmoid. */
    public static final double MAX_LOGIT = 35.0;

    private final Objective objective;
    private final int outputs;
    private final double huberDelta;

    public Head(ModelShape shape) {
        this.objective = shape.objective();
        this.outputs = shape.outputs();
        this.huberDelta = shape.huberDelta();
    }

    public Objective objective() {
        return objective;
    }

    public int outputs() {
        return outputs;
    }

    public double huberDelta() {
        return huberDelta;
    }

    /**
     * Checks a label before anything changes: a probability target in [0, 1] for binary, a class
     * index for multiclass, any finite number for regression.
     */
    public void checkLabel(double label) {
        boolean valid =
                switch (objective) {
                    case BINARY -> label >= 0 && label <= 1;
                    case MULTICLASS -> label >= 0 && label < outputs && label == Math.rint(label);
                    case SQUARED, HUBER -> Double.isFinite(label);
                };
        if (!valid) {
            String expected =
                    switch (objective) {
                        case BINARY -> "in [0, 1]";
                        case MULTICLASS -> "a class index in 0.." + (outputs - 1);
                        case SQUARED, HUBER -> "finite";
                    };
            throw new IllegalArgumentException("label must be " + expected + ", was " + label);
        }
    }

    /**
     * The prediction from raw outputs {@code z[at .. at + outputs)}, written to {@code
     * prediction[at ..]}: a probability (binary), class probabilities (multiclass) or the value.
     */
    public void predict(double[] z, int at, double[] prediction) {
        switch (objective) {
            case BINARY -> prediction[at] = sigmoid(z[at]);
            case MULTICLASS -> softmax(z, at, outputs, prediction);
            case SQUARED, HUBER -> prediction[at] = z[at];
        }
    }

    /**
     * A prediction's score, one number per example: the probability of label 1 (binary), the value
     * (regression), or the most likely class, the lowest on a tie (multiclass).
     */
    public static double score(double[] prediction) {
        return ModelOutputs.score(prediction);
    }

    /**
     * The gradient of the batch loss with respect to the raw outputs, {@code [size, outputs]}.
     *
     * @param z the raw outputs of the batch, {@code [size, outputs]}
     * @param gradient receives {@code dL/dz}
     */
    public void gradient(TrainingBatch batch, double[] z, double[] gradient) {
        int size = batch.size();
        for (int b = 0; b < size; b++) {
            double scale = batch.weight(b) / size;
            double y = batch.label(b);
            int at = b * outputs;
            switch (objective) {
                case BINARY -> gradient[at] = scale * (sigmoid(z[at]) - y);
                case MULTICLASS -> {
                    softmax(z, at, outputs, gradient);
                    int label = (int) y;
                    for (int c = 0; c < outputs; c++) {
                        gradient[at + c] = scale * (gradient[at + c] - (c == label ? 1.0 : 0.0));
                    }
                }
                case SQUARED -> gradient[at] = scale * (z[at] - y);
                case HUBER ->
                        gradient[at] =
                                scale * Math.min(Math.max(z[at] - y, -huberDelta), huberDelta);
            }
        }
    }

    static double sigmoid(double z) {
        double clipped = Math.min(Math.max(z, -MAX_LOGIT), MAX_LOGIT);
        return 1.0 / (1.0 + Math.exp(-clipped));
    }

    /** A numerically stable softmax of {@code z[at .. at + n)} into {@code out[at ..]}. */
    static void softmax(double[] z, int at, int n, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            max = Math.max(max, z[at + c]);
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            double e = Math.exp(z[at + c] - max);
            out[at + c] = e;
            sum += e;
        }
        for (int c = 0; c < n; c++) {
            out[at + c] /= sum;
        }
    }
}
