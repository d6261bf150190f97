package dev.tributary.jobs.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a run writes its records, under one output folder: the model registry, the progress
 * reports, decisions, dead letters, reference predictions, checkpoints and the summary.
 */
public record RunLayout(Path root) {

    public RunLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path registry() {
        return root.resolve("registry");
    }

    public Path progress() {
        return root.resolve("progress.jsonl");
    }

    public Path decisions() {
        return root.resolve("decisions.jsonl");
    }

    public Path deadLetters() {
        return root.resolve("dead-letters.jsonl");
    }

    public Path references() {
        return root.resolve("reference-predictions.jsonl");
    }

    public Path predictions() {
        return root.resolve("predictions.jsonl");
    }

    public Path summary() {
        return root.resolve("summary.json");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path data() {
        return root.resolve("data");
    }

    /**
     * Removes the records of a previous run (but not extracted data), so a run starts fresh: a
     * registry already holding other bytes under the same version numbers would be refused.
     */
    public void clearPreviousRun() throws IOException {
        for (Path path :
                List.of(
                        registry(),
                        progress(),
                        decisions(),
                        deadLetters(),
                        references(),
                        predictions(),
                        summary(),
                        checkpoints())) {
            deleteRecursively(path);
        }
        Files.createDirectories(root);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(path)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                // Flink may still be discarding an old checkpoint under our feet: look again.
                deleteRecursively(path);
                return;
            }
            throw e;
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
