package dev.tributary.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.supervision.Metrics;
import org.junit.jupiter.api.Test;

class QualityTextTest {

    @Test
    void showsTheMetricsTheTaskDefinesAndLeavesTheOthersOut() {
        Metrics binary =
                new Metrics(100, 0.45, 0.8, 0.77, Double.NaN, Double.NaN, 0.61, 0.42, 0.5, 0.013);
        Metrics regression =
                new Metrics(
                        100,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        31.3,
                        16.8,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN);

        assertThat(QualityText.of(binary, "  "))
                .isEqualTo("log loss 0.4500  accuracy 0.8000  AUC 0.7700");
        assertThat(QualityText.detailed(binary, ", "))
                .isEqualTo(
                        "log loss 0.4500, accuracy 0.8000, AUC 0.7700, precision 0.6100, recall"
                                + " 0.4200, F1 0.5000, ECE 0.0130");
        assertThat(QualityText.detailed(regression, ", ")).isEqualTo("RMSE 31.3000, MAE 16.8000");
        assertThat(QualityText.detailed(Metrics.EMPTY, ", ")).isEqualTo("no metrics yet");
    }
}
