package dev.tributary.evaluator.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GuardrailWindowTest {

    @Test
    void meansCoverTheLastPairsOnly() {
        GuardrailWindow window = new GuardrailWindow(3);
        assertThat(window.championMean()).isNaN();

        window.add(1, 10);
        window.add(2, 20);
        assertThat(window.size()).isEqualTo(2);
        assertThat(window.championMean()).isEqualTo(1.5);
        window.add(3, 30);
        window.add(4, 40);

        assertThat(window.size()).isEqualTo(3);
        assertThat(window.championMean()).isEqualTo(3.0);
        assertThat(window.challengerMean()).isEqualTo(30.0);
    }

    @Test
    void aRestoredWindowComputesTheSameBitsAndBytes() throws IOException {
        Random random = new Random(5);
        GuardrailWindow original = new GuardrailWindow(100);
        for (int i = 0; i < 257; i++) {
            original.add(random.nextDouble(), 3 * random.nextDouble());
        }
        byte[] written = bytes(original);

        GuardrailWindow restored = read(written, 100);
        for (int i = 0; i < 31; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            original.add(a, b);
            restored.add(a, b);
        }

        assertThat(read(written, 100).championMean()).isNotNaN();
        assertThat(restored.championMean()).isEqualTo(original.championMean());
        assertThat(restored.challengerMean()).isEqualTo(original.challengerMean());
        assertThat(bytes(restored)).isEqualTo(bytes(original));
    }

    @Test
    void aSmallerWindowKeepsTheLatestPairs() throws IOException {
        GuardrailWindow original = new GuardrailWindow(4);
        for (int i = 1; i <= 4; i++) {
            original.add(i, i);
        }

        GuardrailWindow smaller = read(bytes(original), 2);

        assertThat(smaller.size()).isEqualTo(2);
        assertThat(smaller.championMean()).isEqualTo(3.5);
    }

    @Test
    void corruptLossesAreRefused() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(1);
        out.writeDouble(-1);
        out.writeDouble(0.5);

        assertThatThrownBy(() -> read(buffer.toByteArray(), 4))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt guardrail window: losses -1.0 and 0.5");
    }

    private static byte[] bytes(GuardrailWindow window) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        window.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    private static GuardrailWindow read(byte[] bytes, int capacity) throws IOException {
        return GuardrailWindow.read(new DataInputStream(new ByteArrayInputStream(bytes)), capacity);
    }
}
