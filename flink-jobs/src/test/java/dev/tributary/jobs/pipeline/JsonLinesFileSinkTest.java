package dev.tributary.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileSinkTest {

    @TempDir Path temp;

    @Test
    void aDeadLetterWhoseTextIsNotUnicodeIsWrittenEscapedNotThrown() throws Exception {
        Path file = temp.resolve("run/dead-letters.jsonl");
        DeadLetter broken =
                new DeadLetter(
                        "7", ReasonCode.MALFORMED, "", "half a surrogate", "{\"n\":\"\ud800\"}");
        DeadLetter fine = new DeadLetter("8", ReasonCode.BAD_TYPE, "x", "not a number", "{}");

        SinkWriter<DeadLetter> writer =
                new JsonLinesFileSink<DeadLetter>(file, false).createWriter(null);
        writer.write(broken, null);
        writer.write(fine, null);
        writer.close();

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(new ObjectMapper().readTree(lines.get(1)).path("id").asText()).isEqualTo("8");
        assertThat(new ObjectMapper().readTree(lines.get(0)).path("id").asText()).isEqualTo("7");
    }
}
