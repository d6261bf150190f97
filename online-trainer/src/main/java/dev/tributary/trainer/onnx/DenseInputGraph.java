package dev.tributary.trainer.onnx;

import dev.tributary.core.model.InputStatistics;
import java.util.List;

/**
 * The part of every inference graph that prepares raw dense inputs as the model did in training: a
 * missing value ({@code NaN}) takes the learned imputation, the value is clipped to the learned
 * bounds, then standardized.
 *
 * <pre>
 *   prepared     = Min(Max(Where(IsNaN(dense), impute, dense), lower), upper)   (only when the
 *                  model imputes or clips any input; otherwise prepared = dense)
 *   standardized = (prepared - mean) * invStd
 * </pre>
 */
public final class DenseInputGraph {

    /** The name of the standardized inputs, {@code [batch, D]}. */
    public static final String STANDARDIZED = "dense_standardized";

    private DenseInputGraph() {}

    /**
     * Adds the preparation of graph input {@code dense}, which the caller declared.
     *
     * @return {@value #STANDARDIZED}
     */
    public static String standardized(
            OnnxGraphBuilder graph, String dense, InputStatistics inputs) {
        int d = inputs.dimension();
        String prepared = dense;
        if (inputs.imputesOrClips()) {
            prepared = "dense_prepared";
            graph.initializer("dense_impute", inputs.impute(), d)
                    .initializer("dense_lower", inputs.lower(), d)
                    .initializer("dense_upper", inputs.upper(), d)
                    .node("IsNaN", List.of(dense), List.of("dense_missing"))
                    .node(
                            "Where",
                            List.of("dense_missing", "dense_impute", dense),
                            List.of("dense_imputed"))
                    .node("Max", List.of("dense_imputed", "dense_lower"), List.of("dense_floored"))
                    .node("Min", List.of("dense_floored", "dense_upper"), List.of(prepared));
        }
        graph.initializer("dense_mean", inputs.mean(), d)
                .initializer("dense_inv_std", inputs.invStd(), d)
                .node("Sub", List.of(prepared, "dense_mean"), List.of("dense_centered"))
                .node("Mul", List.of("dense_centered", "dense_inv_std"), List.of(STANDARDIZED));
        return STANDARDIZED;
    }
}
