package dev.tributary.connectors.kafka.broker;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in one node), run
 * inside this JVM for the demo and the integration tests.
 *
 * <p>{@link #start(Settings)} formats the data directory on first use (node id 1, a fresh cluster
 * id), starts the node and returns once a client can talk to it, or fails with the address and the
 * timeout. The node is configured for Flink's exactly-once Kafka sink on one broker: internal
 * topics with one replica, a transaction needs one in-sync replica, transactions may last up to 15
 * minutes, topics are never created automatically. The client listener binds to 127.0.0.1 on a
 * fixed port (a free one when the settings say 0), with SASL/PLAIN when the settings name users;
 * the controller listener is internal and always plain.
 *
 * <p>{@link #stop()} and {@link #restart()} take the broker down and bring it back on the same port
 * and data, so a test can restart it under a running job: committed records survive, and the same
 * bootstrap address keeps working. {@link #close()} stops it and deletes the data directory when it
 * is a temporary one. Stopping is bounded in time and safe to repeat. All methods are thread-safe.
 *
 * <p>Like a standalone broker, the node halts the JVM when its log directory fails, for example
 * when it is deleted under a running broker; {@link #close()} deletes it only after the node has
 * stopped.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = KRaftNodeConfig.HOST;

    /**
     * A broker that takes longer than this to shut down is left to finish in the background, so
     * that a test or the CLI never hangs on exit. A healthy node stops in under a second.
     */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final Path dataDirectory;
    private final boolean temporaryDataDirectory;
    private final int port;
    private final Properties serverProperties;

    /** The started (or starting) node; {@code null} when stopped. */
    private KafkaRaftServer server;

    /** Completes when {@link #server}'s start-up returns, normally or not. */
    private CompletableFuture<Void> startup = CompletableFuture.completedFuture(null);

    /** Completes when the last node has shut down: only then may its files be deleted. */
    private CompletableFuture<Void> terminated = CompletableFuture.completedFuture(null);

    private boolean closed;
    private Thread shutdownHook;

    private EmbeddedKafkaBroker(
            Settings settings,
            Path dataDirectory,
            boolean temporaryDataDirectory,
            int port,
            int controllerPort) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.temporaryDataDirectory = temporaryDataDirectory;
        this.port = port;
        this.serverProperties =
                KRaftNodeConfig.serverProperties(settings, dataDirectory, port, controllerPort);
    }

    /**
     * Formats the data directory if it is new, starts the broker and waits until it serves
     * requests.
     *
     * @throws IllegalStateException when the broker does not start, or is not ready within {@link
     *     Settings#timeout()}; a temporary data directory is deleted again
     */
    public static EmbeddedKafkaBroker start(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        boolean temporary = settings.dataDirectory() == null;
        Path directory;
        try {
            directory =
                    temporary
                            ? Files.createTempDirectory("tributary-kafka-")
                            : Files.createDirectories(settings.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot create the Kafka data directory " + settings.dataDirectory(), e);
        }
        int[] ports = freePorts(settings.port());
        EmbeddedKafkaBroker broker =
                new EmbeddedKafkaBroker(settings, directory, temporary, ports[0], ports[1]);
        try {
            KRaftNodeConfig.formatIfNew(broker.serverProperties, directory);
            broker.startServer();
        } catch (RuntimeException e) {
            try {
                broker.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        return broker;
    }

    /** The address clients bootstrap from, {@code 127.0.0.1:port}; it survives restarts. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /**
     * The security settings a client of this broker needs, all values strings (so they can be
     * copied into {@link Properties}): {@code security.protocol}, and with SASL also {@code
     * sasl.mechanism} and {@code sasl.jaas.config} for the first user of {@link
     * Settings#saslUsers()}. {@code bootstrap.servers} is not included.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (settings.saslUsers().isEmpty()) {
            properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        } else {
            Map.Entry<String, String> user = settings.saslUsers().entrySet().iterator().next();
            properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            properties.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
            properties.put(
                    SaslConfigs.SASL_JAAS_CONFIG,
                    KRaftNodeConfig.plainLogin(user.getKey(), user.getValue(), Map.of()));
        }
        return Collections.unmodifiableMap(properties);
    }

    /** The directory holding the broker's logs, metadata and {@code server.properties}. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether the broker is started (and not stopped or closed). */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Creates the topics with {@code partitions} partitions and one replica each, and waits until
     * every partition has a leader, so that a client started next finds them. A topic that exists
     * already is left as it is.
     */
    public void createTopics(int partitions, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: " + partitions + " must be >= 1");
        }
        if (names.length == 0 || Arrays.stream(names).anyMatch(n -> n == null || n.isBlank())) {
            throw new IllegalArgumentException(
                    "names: must name at least one topic, without blanks, was "
                            + Arrays.toString(names));
        }
        synchronized (this) {
            ensureOpen();
            if (server == null) {
                throw new IllegalStateException("The Kafka broker is stopped: restart() it first");
            }
        }
        List<String> topics = Arrays.stream(names).distinct().toList();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        Admin admin = Admin.create(adminProperties());
        try {
            Map<String, KafkaFuture<Void>> created =
                    admin.createTopics(
                                    topics.stream()
                                            .map(t -> new NewTopic(t, partitions, (short) 1))
                                            .toList())
                            .values();
            for (Map.Entry<String, KafkaFuture<Void>> topic : created.entrySet()) {
                try {
                    topic.getValue().get(remainingMillis(deadline), MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Cannot create topic '" + topic.getKey() + "'", e.getCause());
                    }
                }
            }
            awaitLeaders(admin, topics, deadline);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Topics " + topics + " were not ready within " + settings.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + topics, e);
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Stops the broker and keeps its data; does nothing when it is stopped already. Bounded: when
     * the node has not stopped within 30 seconds this throws, and the node finishes stopping in the
     * background.
     */
    public synchronized void stop() {
        KafkaRaftServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        long started = System.nanoTime();
        // Kafka cannot shut a node down while its start-up is in progress (the shutdown waits for
        // a controller that is already gone): shut down once the start-up has returned.
        terminated =
                startup.handle((ignored, failure) -> null)
                        .thenRunAsync(
                                () -> {
                                    running.shutdown();
                                    running.awaitShutdown();
                                },
                                daemonThread("tributary-kafka-shutdown"));
        try {
            terminated.get(SHUTDOWN_TIMEOUT.toNanos(), NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "The Kafka broker on "
                            + bootstrapServers()
                            + " did not stop within "
                            + SHUTDOWN_TIMEOUT
                            + "; it goes on stopping in the background",
                    e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "The Kafka broker on " + bootstrapServers() + " failed to stop", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the Kafka broker", e);
        }
        LOG.info("Kafka broker on {} stopped in {} ms", bootstrapServers(), millisSince(started));
    }

    /**
     * Stops the broker if it runs, then starts it again on the same port and data and waits until
     * it serves requests. Committed records and topics are kept.
     */
    public synchronized void restart() {
        ensureOpen();
        stop();
        startServer();
    }

    /**
     * Registers a JVM shutdown hook that closes this broker (Ctrl-C in the CLI). The hook is
     * removed again by {@link #close()}.
     */
    public synchronized EmbeddedKafkaBroker registerShutdownHook() {
        ensureOpen();
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::close, "tributary-kafka-shutdown-hook");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /**
     * Stops the broker and deletes the data directory if it is a temporary one. Safe to call more
     * than once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        try {
            stop();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (temporaryDataDirectory) {
            // Never under a live node: Kafka halts the whole JVM when its log directory vanishes.
            if (terminated.isDone()) {
                deleteTemporaryDataDirectory();
            } else {
                LOG.warn(
                        "Deleting {} once the Kafka broker has stopped in the background",
                        dataDirectory);
                terminated.thenRun(this::deleteTemporaryDataDirectory);
            }
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down already: the hook runs (and finds us closed).
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void deleteTemporaryDataDirectory() {
        try {
            deleteRecursively(dataDirectory);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete the Kafka data directory {}", dataDirectory, e);
        }
    }

    private synchronized void startServer() {
        long started = System.nanoTime();
        long deadline = started + settings.timeout().toNanos();
        KafkaRaftServer candidate;
        try {
            // The constructor rather than KafkaConfig.fromProps: javac resolves static methods
            // through the superclass, which is in kafka-server (runtime scope only).
            candidate = new KafkaRaftServer(new KafkaConfig(serverProperties, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw startFailure("is misconfigured", e);
        }
        server = candidate;
        startup =
                CompletableFuture.runAsync(
                        candidate::startup, daemonThread("tributary-kafka-startup"));
        try {
            startup.get(remainingMillis(deadline), MILLISECONDS);
            awaitReady(deadline);
        } catch (ExecutionException e) {
            throw stopAfterFailedStart(startFailure("failed to start", e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopAfterFailedStart(startFailure("was interrupted while starting", e));
        } catch (TimeoutException e) {
            throw stopAfterFailedStart(
                    startFailure("was not ready within " + settings.timeout(), e));
        } catch (RuntimeException e) {
            throw stopAfterFailedStart(startFailure("failed to start", e));
        }
        LOG.info(
                "Kafka broker on {} started in {} ms (data in {})",
                bootstrapServers(),
                millisSince(started),
                dataDirectory);
    }

    private IllegalStateException stopAfterFailedStart(IllegalStateException failure) {
        try {
            stop();
        } catch (RuntimeException stopFailure) {
            failure.addSuppressed(stopFailure);
        }
        return failure;
    }

    /** Waits until the broker lists itself as an alive (registered and unfenced) broker. */
    private void awaitReady(long deadline) throws TimeoutException {
        Admin admin = Admin.create(adminProperties());
        try {
            while (true) {
                long remaining = remainingMillis(deadline);
                try {
                    Collection<Node> nodes =
                            admin.describeCluster(
                                            new DescribeClusterOptions()
                                                    .timeoutMs((int) Math.min(remaining, 10_000)))
                                    .nodes()
                                    .get(remaining, MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AuthenticationException) {
                        throw new IllegalStateException(
                                "The broker rejects its own first SASL user", e.getCause());
                    }
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    private static void awaitLeaders(Admin admin, List<String> topics, long deadline)
            throws TimeoutException, InterruptedException {
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(topics)
                                .allTopicNames()
                                .get(remainingMillis(deadline), MILLISECONDS);
                boolean allLed =
                        descriptions.values().stream()
                                .flatMap(d -> d.partitions().stream())
                                .map(TopicPartitionInfo::leader)
                                .allMatch(leader -> leader != null && !leader.isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException e) {
                // The broker has not applied the new topics' metadata yet: ask again.
            }
            Thread.sleep(50);
        }
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-embedded-broker-admin");
        // Short reconnect back-off: the broker may come up while the admin client waits.
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        properties.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        return properties;
    }

    private IllegalStateException startFailure(String what, Throwable cause) {
        return new IllegalStateException(
                "The Kafka broker on "
                        + bootstrapServers()
                        + " "
                        + what
                        + " (data in "
                        + dataDirectory
                        + ")",
                cause);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The Kafka broker is closed");
        }
    }

    /**
     * The client port (the requested one, or a free one for 0) and a free controller port. The
     * ports are fixed from here on, so that a restart comes back on the same address.
     */
    private static int[] freePorts(int requestedPort) {
        try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                ServerSocket second = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            int controllerPort = first.getLocalPort();
            if (requestedPort == 0) {
                return new int[] {second.getLocalPort(), controllerPort};
            }
            if (controllerPort == requestedPort) {
                controllerPort = second.getLocalPort();
            }
            return new int[] {requestedPort, controllerPort};
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        }
    }

    /**
     * An executor running its task on a new daemon thread: a start-up or shutdown that hangs must
     * not keep the JVM alive.
     */
    private static Executor daemonThread(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        };
    }

    private static long remainingMillis(long deadline) throws TimeoutException {
        long remaining = NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            throw new TimeoutException("deadline passed");
        }
        return remaining;
    }

    private static long millisSince(long startNanos) {
        return NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(path);
                } catch (NoSuchFileException e) {
                    // Removed concurrently (a log segment deleted by the broker): fine.
                }
            }
        }
    }

    /**
     * How to run the broker: a validated, immutable value; change it with the {@code with*} copies,
     * starting from {@link #defaults()}.
     *
     * @param dataDirectory where the broker keeps its data, kept on close and reused (formatted
     *     only once); {@code null} for a fresh temporary directory, deleted on close
     * @param port the client listener's port on 127.0.0.1; {@code 0} picks a free one
     * @param saslUsers users and passwords accepted over SASL/PLAIN, in iteration order (the first
     *     is the one {@link #clientProperties()} logs in as, and the broker's own login); empty for
     *     a PLAINTEXT client listener. A demo's secrets: they are written in clear to {@code
     *     server.properties} in the data directory
     * @param brokerProperties extra Kafka broker properties, applied over the defaults; the ones
     *     that define the node's identity, listeners and directories are rejected
     * @param timeout how long start, restart and topic creation wait for the broker to be ready
     */
    public record Settings(
            Path dataDirectory,
            int port,
            Map<String, String> saslUsers,
            Map<String, String> brokerProperties,
            Duration timeout) {

        /** The default of {@link #timeout()}. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

        /** Broker properties this class sets itself, from the other settings. */
        public static final Set<String> RESERVED_PROPERTIES =
                Set.of(
                        "process.roles",
                        "node.id",
                        "broker.id",
                        "controller.quorum.voters",
                        "controller.quorum.bootstrap.servers",
                        "listeners",
                        "advertised.listeners",
                        "listener.security.protocol.map",
                        "controller.listener.names",
                        "inter.broker.listener.name",
                        "security.inter.broker.protocol",
                        "log.dir",
                        "log.dirs",
                        "metadata.log.dir");

        private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

        public Settings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "port: " + port + " must be in [0, 65535] (0 = a free port)");
            }
            Objects.requireNonNull(saslUsers, "saslUsers: must not be null (empty = no SASL)");
            Objects.requireNonNull(brokerProperties, "brokerProperties: must not be null");
            Objects.requireNonNull(timeout, "timeout: must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: " + timeout + " must be positive");
            }
            saslUsers.forEach(Settings::checkUser);
            brokerProperties.forEach(
                    (key, value) -> {
                        if (key == null || value == null) {
                            throw new IllegalArgumentException(
                                    "brokerProperties: null key or value ("
                                            + key
                                            + " = "
                                            + value
                                            + ")");
                        }
                        if (RESERVED_PROPERTIES.contains(key)) {
                            throw new IllegalArgumentException(
                                    "brokerProperties."
                                            + key
                                            + ": set by EmbeddedKafkaBroker from the port,"
                                            + " SASL users and data directory; cannot be"
                                            + " overridden");
                        }
                    });
            // Copies that keep the caller's order: the first SASL user matters.
            saslUsers = Collections.unmodifiableMap(new LinkedHashMap<>(saslUsers));
            brokerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(brokerProperties));
        }

        /** A temporary data directory, a free port, no SASL, no extra properties, 60 s timeout. */
        public static Settings defaults() {
            return new Settings(null, 0, Map.of(), Map.of(), DEFAULT_TIMEOUT);
        }

        public Settings withDataDirectory(Path dataDirectory) {
            return new Settings(dataDirectory, port, saslUsers, brokerProperties, timeout);
        }

        public Settings withPort(int port) {
            return new Settings(dataDirectory, port, saslUsers, brokerProperties, timeout);
        }

        /** SASL/PLAIN users; pass a {@link LinkedHashMap} to choose the first of several. */
        public Settings withSaslUsers(Map<String, String> saslUsers) {
            return new Settings(dataDirectory, port, saslUsers, brokerProperties, timeout);
        }

        public Settings withBrokerProperties(Map<String, String> brokerProperties) {
            return new Settings(dataDirectory, port, saslUsers, brokerProperties, timeout);
        }

        /** A copy with one more extra broker property. */
        public Settings withBrokerProperty(String key, String value) {
            Map<String, String> properties = new LinkedHashMap<>(brokerProperties);
            properties.put(key, value);
            return withBrokerProperties(properties);
        }

        public Settings withTimeout(Duration timeout) {
            return new Settings(dataDirectory, port, saslUsers, brokerProperties, timeout);
        }

        /** Like the record's, with the passwords masked: settings end up in logs. */
        @Override
        public String toString() {
            return "Settings[dataDirectory="
                    + dataDirectory
                    + ", port="
                    + port
                    + ", saslUsers="
                    + saslUsers.keySet()
                    + " (passwords hidden), brokerProperties="
                    + brokerProperties
                    + ", timeout="
                    + timeout
                    + "]";
        }

        /** User names go into JAAS option names, passwords into quoted JAAS values. */
        private static void checkUser(String user, String password) {
            if (user == null || !USER_NAME.matcher(user).matches()) {
                throw new IllegalArgumentException(
                        "saslUsers: user name '"
                                + user
                                + "' must be letters, digits, '.', '_' or '-'");
            }
            if (password == null
                    || password.isEmpty()
                    || password.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
                throw new IllegalArgumentException(
                        "saslUsers."
                                + user
                                + ": the password must be non-empty, without '\"', '\\' or"
                                + " control characters");
            }
        }
    }
}
