package dev.tributary.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctCoordinatesTest {

    private final DistinctCoordinates coordinates = new DistinctCoordinates();

    @Test
    void sumsRepeatedIndicesInOrderOfFirstOccurrence() {
        coordinates.collect(new int[] {5, 3, 5, 7, 3}, new double[] {1, 2, 3, 4, 5}, 8);

        assertThat(indices()).containsExactly(5, 3, 7);
        assertThat(values()).containsExactly(4.0, 7.0, 4.0);
    }

    @Test
    void forgetsThePreviousVector() {
        coordinates.collect(new int[] {1, 2, 3}, new double[] {1, 1, 1}, 8);
        coordinates.collect(new int[] {3, 4}, new double[] {2, 2}, 8);

        assertThat(indices()).containsExactly(3, 4);
        assertThat(values()).containsExactly(2.0, 2.0);
    }

    @Test
    void growsForLongVectorsAndKeepsEveryDistinctIndex() {
        int length = 5000;
        int[] indices = new int[2 * length];
        double[] values = new double[2 * length];
        for (int k = 0; k < length; k++) {
            // Multiples of a large power of two collide in a naive hash table.
            indices[k] = k << 12;
            indices[length + k] = k << 12;
            values[k] = 1.0;
            values[length + k] = 0.5;
        }
        coordinates.collect(indices, values, 1 << 30);

        assertThat(coordinates.size()).isEqualTo(length);
        for (int j = 0; j < length; j++) {
            assertThat(coordinates.index(j)).isEqualTo(j << 12);
            assertThat(coordinates.value(j)).isEqualTo(1.5);
        }

        coordinates.collect(new int[] {9}, new double[] {1.0}, 16);
        assertThat(indices()).containsExactly(9);
    }

    @Test
    void rejectsIndicesOutsideTheDimensionAndNonFiniteValues() {
        assertThatThrownBy(() -> coordinates.collect(new int[] {8}, new double[] {1}, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparse index 8 at position 0 is outside [0, 8)");
        assertThatThrownBy(() -> coordinates.collect(new int[] {-1}, new double[] {1}, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> coordinates.collect(new int[] {1}, new double[] {Double.NaN}, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not finite");
    }

    private List<Integer> indices() {
        List<Integer> result = new ArrayList<>();
        for (int j = 0; j < coordinates.size(); j++) {
            result.add(coordinates.index(j));
        }
        return result;
    }

    private List<Double> values() {
        List<Double> result = new ArrayList<>();
        for (int j = 0; j < coordinates.size(); j++) {
            result.add(coordinates.value(j));
        }
        return result;
    }
}
