package dev.tributary.connectors.registry;

import dev.tributary.core.model.Decision;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.ModelVersion;
import dev.tributary.core.model.Sha256;
import dev.tributary.core.model.TrafficSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The model registry in a directory of the local file system.
 *
 * <p>Layout: {@code <root>/<experiment>/models/<model>/<version>/{model.onnx, manifest.json}} and
 * {@code <root>/<experiment>/{champion.json, traffic.json, decisions.jsonl}}. A version directory
 * appears all at once or not at all: both files are written and fsynced in a hidden sibling {@code
 * .<version>.tmp-<random>}, which is then renamed atomically. Published versions are immutable;
 * publishing the same bytes again is a no-op, so a replay after a failure does no harm. Readers
 * verify the ONNX bytes against the SHA-256 and size in the manifest before handing them out.
 *
 * <p>Experiment and model names must be single path segments: not empty, no {@code /} or {@code \},
 * not starting with {@code .}. A writer that crashes may leave a hidden temporary directory behind;
 * readers ignore it. Instances hold no state beyond the root and are thread-safe; writers in
 * several processes may publish concurrently (the rename decides who wins, the loser checks that
 * the winner published the same bytes). The decision log has one writer at a time (a job's {@code
 * RegistryDecisionSink}); {@code champion.json} and {@code traffic.json} are replaced atomically.
 *
 * <p>I/O failures surface as {@link UncheckedIOException}; damaged versions as {@link
 * RegistryIntegrityException}.
 */
public final class LocalModelRegistry {

    /** The ONNX file in a version directory. */
    public static final String MODEL_FILE = "model.onnx";

    /** The manifest in a version directory. */
    public static final String MANIFEST_FILE = "manifest.json";

    /** The champion pointer in an experiment directory. */
    public static final String CHAMPION_FILE = "champion.json";

    /** The append-only decision log in an experiment directory, one JSON object a line. */
    public static final String DECISIONS_FILE = "decisions.jsonl";

    /** Who serves an experiment's traffic, in an experiment directory. */
    public static final String TRAFFIC_FILE = "traffic.json";

    private static final String MODELS_DIRECTORY = "models";

    private final Path root;

    /** A registry rooted at {@code root}; the directory is created on first publication. */
    public LocalModelRegistry(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    /** The directory of one model version, whether or not it exists. */
    public Path versionDirectory(String experiment, String model, long version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        return modelDirectory(experiment, model).resolve(Long.toString(version));
    }

    /**
     * Publishes a model version atomically.
     *
     * @return the version directory
     * @throws IllegalStateException if that version is already published with different bytes
     * @throws UncheckedIOException if the files cannot be written
     */
    public Path publish(ModelArtifact artifact) {
        ModelVersion v = artifact.version();
        Path target = versionDirectory(v.experiment(), v.modelId(), v.version());
        if (Files.isDirectory(target)) {
            return checkSamePublication(target, v);
        }
        return writeAndRename(artifact, target);
    }

    /**
     * Writes a version into a temporary directory and renames it to {@code target}; if another
     * writer renamed first, checks that it published the same bytes. Package-private so that tests
     * can take this path, which {@link #publish} takes only when it loses a race.
     */
    Path writeAndRename(ModelArtifact artifact, Path target) {
        ModelVersion v = artifact.version();
        Path parent = target.getParent();
        Path temp =
                parent.resolve(
                        "."
                                + v.version()
                                + ".tmp-"
                                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(parent);
            Files.createDirectory(temp);
            writeDurably(temp.resolve(MODEL_FILE), artifact.onnx());
            writeDurably(
                    temp.resolve(MANIFEST_FILE),
                    Manifests.manifestJson(
                            v, MODEL_FILE, artifact.onnx().length, artifact.inputs()));
            syncDirectory(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // Another writer published this version first (Linux reports ENOTEMPTY as a
                // plain FileSystemException); it must have published the same bytes.
                deleteRecursively(temp);
                return checkSamePublication(target, v);
            }
            syncDirectory(parent);
            return target;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot publish " + describe(v) + " to " + target, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * Points the experiment's champion at a published model version, atomically (temporary file,
     * then rename over {@code champion.json}).
     *
     * @throws IllegalStateException if that version is not published
     * @throws UncheckedIOException if the pointer cannot be written
     */
    public void setChampion(String experiment, String modelId, long version) {
        Path versionDirectory = versionDirectory(experiment, modelId, version);
        if (!Files.isDirectory(versionDirectory)) {
            throw new IllegalStateException(
                    "cannot make model "
                            + modelId
                            + " version "
                            + version
                            + " the champion of experiment "
                            + experiment
                            + ": that version is not published in "
                            + root);
        }
        replaceAtomically(
                experimentDirectory(experiment),
                CHAMPION_FILE,
                Manifests.championJson(new ChampionPointer(experiment, modelId, version)));
    }

    /**
     * Writes {@code bytes} as {@code directory/name}, replacing the file atomically: a temporary
     * file, fsynced, then renamed over it. Readers see the old or the new file, never a mix.
     */
    private static void replaceAtomically(Path directory, String name, byte[] bytes) {
        Path target = directory.resolve(name);
        Path temp =
                directory.resolve(
                        "."
                                + name
                                + ".tmp-"
                                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(directory);
            writeDurably(temp, bytes);
            Files.move(
                    temp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(directory);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * The experiment's champion pointer, if one was set.
     *
     * @throws RegistryIntegrityException if {@code champion.json} is unreadable
     */
    public Optional<ChampionPointer> champion(String experiment) {
        Path file = experimentDirectory(experiment).resolve(CHAMPION_FILE);
        try {
            return Optional.of(Manifests.readChampion(Files.readAllBytes(file), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Appends a decision to the experiment's decision log {@code decisions.jsonl}, durably (fsynced
     * before it returns). The log is append-only and not deduplicated here: a writer that may
     * replay decisions checks {@link #decisions} first. A line torn by a crash during an earlier
     * append is cut off first, so that every line of the log is whole.
     *
     * @throws UncheckedIOException if the log cannot be written
     */
    public void appendDecision(Decision decision) {
        Path directory = experimentDirectory(decision.experiment());
        Path file = directory.resolve(DECISIONS_FILE);
        try {
            Files.createDirectories(directory);
            try (FileChannel channel =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE)) {
                long end = endOfLastLine(channel);
                channel.truncate(end);
                ByteBuffer line = ByteBuffer.wrap(Manifests.decisionLine(decision));
                long position = end;
                while (line.hasRemaining()) {
                    position += channel.write(line, position);
                }
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append a decision to " + file, e);
        }
    }

    /** The size of the file up to and including its last {@code \n}. */
    private static long endOfLastLine(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - buffer.capacity());
            buffer.clear().limit((int) (end - start));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, start + buffer.position()) < 0) {
                    throw new IOException("the file shrank while it was read");
                }
            }
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /**
     * The experiment's decision log, oldest first; empty if it has none. A last line without its
     * {@code \n} (an append torn by a crash) is not a decision and is skipped.
     *
     * @throws RegistryIntegrityException if a line is not a decision
     */
    public List<Decision> decisions(String experiment) {
        Path file = experimentDirectory(experiment).resolve(DECISIONS_FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Decision> decisions = new ArrayList<>();
        int start = 0;
        int line = 1;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            if (end > start) {
                decisions.add(
                        Manifests.readDecision(text.substring(start, end), file + ":" + line));
            }
            start = end + 1;
            line++;
        }
        return Collections.unmodifiableList(decisions);
    }

    /**
     * Records who serves the experiment's traffic now, in {@code traffic.json}, replacing it
     * atomically.
     *
     * @param decidedBy the decision that set this split, recorded with it
     * @throws UncheckedIOException if the file cannot be written
     */
    public void setTraffic(String experiment, TrafficSplit split, Decision decidedBy) {
        replaceAtomically(
                experimentDirectory(experiment),
                TRAFFIC_FILE,
                Manifests.trafficJson(experiment, split, decidedBy));
    }

    /**
     * The experiment's traffic split as last recorded, if one was.
     *
     * @throws RegistryIntegrityException if {@code traffic.json} is unreadable
     */
    public Optional<TrafficSplit> traffic(String experiment) {
        Path file = experimentDirectory(experiment).resolve(TRAFFIC_FILE);
        try {
            return Optional.of(Manifests.readTraffic(Files.readAllBytes(file), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Loads and verifies a model version.
     *
     * @return the artifact, or empty if that version is not published
     * @throws RegistryIntegrityException if its files are missing, its manifest is invalid or
     *     describes another version, or the ONNX bytes do not match the manifest's size and SHA-256
     */
    public Optional<ModelArtifact> load(String experiment, String model, long version) {
        Path directory = versionDirectory(experiment, model, version);
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        Manifests.Manifest manifest = readManifest(directory);
        ModelVersion v = manifest.version();
        if (!v.experiment().equals(experiment)
                || !v.modelId().equals(model)
                || v.version() != version) {
            throw new RegistryIntegrityException(
                    directory.resolve(MANIFEST_FILE)
                            + " describes "
                            + describe(v)
                            + ", not the version its directory holds");
        }
        if (!MODEL_FILE.equals(manifest.onnxFile())) {
            throw new RegistryIntegrityException(
                    directory.resolve(MANIFEST_FILE)
                            + " names onnx_file '"
                            + manifest.onnxFile()
                            + "'; this release writes and reads only '"
                            + MODEL_FILE
                            + "'");
        }
        Path onnxFile = directory.resolve(MODEL_FILE);
        byte[] onnx;
        try {
            onnx = Files.readAllBytes(onnxFile);
        } catch (NoSuchFileException e) {
            throw new RegistryIntegrityException(onnxFile + " is missing", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + onnxFile, e);
        }
        if (onnx.length != manifest.sizeBytes()) {
            throw new RegistryIntegrityException(
                    onnxFile
                            + " is corrupt: it has "
                            + onnx.length
                            + " bytes, the manifest says "
                            + manifest.sizeBytes());
        }
        String actual = Sha256.hex(onnx);
        if (!actual.equals(v.sha256())) {
            throw new RegistryIntegrityException(
                    onnxFile
                            + " is corrupt: its SHA-256 is "
                            + actual
                            + ", the manifest says "
                            + v.sha256());
        }
        return Optional.of(new ModelArtifact(v, onnx, manifest.inputs()));
    }

    /**
     * Loads and verifies the highest published version of a model.
     *
     * @return the artifact, or empty if the model has no published version
     * @throws RegistryIntegrityException as {@link #load}
     */
    public Optional<ModelArtifact> latest(String experiment, String model) {
        List<Long> versions = versions(experiment, model);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        return load(experiment, model, versions.get(versions.size() - 1));
    }

    /**
     * The models of an experiment that have a directory in the registry, by name: the configured
     * ones and every challenger a retrain published.
     */
    public List<String> models(String experiment) {
        Path directory = experimentDirectory(experiment).resolve(MODELS_DIRECTORY);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> models = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    models.add(entry.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        Collections.sort(models);
        return Collections.unmodifiableList(models);
    }

    /** The published versions of a model, ascending; empty if there are none. */
    public List<Long> versions(String experiment, String model) {
        Path directory = modelDirectory(experiment, model);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Long> versions = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                long version = parseVersion(entry.getFileName().toString());
                if (version > 0 && Files.isDirectory(entry)) {
                    versions.add(version);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        Collections.sort(versions);
        return Collections.unmodifiableList(versions);
    }

    private Path experimentDirectory(String experiment) {
        return root.resolve(checkName(experiment, "experiment"));
    }

    private Path modelDirectory(String experiment, String model) {
        return experimentDirectory(experiment)
                .resolve(MODELS_DIRECTORY)
                .resolve(checkName(model, "model"));
    }

    private Path checkSamePublication(Path directory, ModelVersion v) {
        String published = readManifest(directory).version().sha256();
        if (!published.equals(v.sha256())) {
            throw new IllegalStateException(
                    describe(v)
                            + " is already published in "
                            + directory
                            + " with SHA-256 "
                            + published
                            + "; refusing to replace it with different bytes (SHA-256 "
                            + v.sha256()
                            + "): publish a new version instead");
        }
        return directory;
    }

    private static Manifests.Manifest readManifest(Path directory) {
        Path file = directory.resolve(MANIFEST_FILE);
        try {
            return Manifests.readManifest(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new RegistryIntegrityException(file + " is missing", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A positive decimal version from a directory name, or -1 (temporary and other entries). */
    private static long parseVersion(String name) {
        if (name.isEmpty() || name.length() > 18 || name.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(name);
    }

    private static String checkName(String name, String what) {
        if (name == null
                || name.isEmpty()
                || name.startsWith(".")
                || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0
                || name.length() > 200) {
            throw new IllegalArgumentException(
                    what
                            + " "
                            + (name == null ? "null" : "'" + name + "'")
                            + " is not a valid registry name: it must be 1 to 200 characters,"
                            + " without '/', '\\' or a leading '.'");
        }
        return name;
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Makes a directory's entries durable. Some platforms cannot open a directory for syncing;
     * there the rename is as durable as the file system makes it.
     */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, see above
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path)) {
                deleteRecursively(path);
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // The temporary name is hidden and ignored by readers; leaving it is harmless.
        }
    }

    private static String describe(ModelVersion v) {
        return "model "
                + v.modelId()
                + " version "
                + v.version()
                + " of experiment "
                + v.experiment();
    }
}
