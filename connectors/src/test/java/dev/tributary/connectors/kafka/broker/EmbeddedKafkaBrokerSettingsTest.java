package dev.tributary.connectors.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerSettingsTest {

    @Test
    void defaultsAreATemporaryPlaintextBrokerOnAFreePort() {
        Settings settings = Settings.defaults();

        assertThat(settings.dataDirectory()).isNull();
        assertThat(settings.port()).isZero();
        assertThat(settings.saslUsers()).isEmpty();
        assertThat(settings.brokerProperties()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Settings.DEFAULT_TIMEOUT);
    }

    @Test
    void copiesChangeOneSettingEach() {
        Settings settings =
                Settings.defaults()
                        .withDataDirectory(Path.of("/tmp/kafka"))
                        .withPort(9092)
                        .withSaslUsers(Map.of("alice", "alice-secret"))
                        .withBrokerProperty("log.retention.hours", "1")
                        .withTimeout(Duration.ofSeconds(5));

        assertThat(settings)
                .isEqualTo(
                        new Settings(
                                Path.of("/tmp/kafka"),
                                9092,
                                Map.of("alice", "alice-secret"),
                                Map.of("log.retention.hours", "1"),
                                Duration.ofSeconds(5)));
    }

    @Test
    void saslUsersKeepTheCallersOrder() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("zoe", "z");
        users.put("alice", "a");
        users.put("mallory", "m");

        assertThat(Settings.defaults().withSaslUsers(users).saslUsers().keySet())
                .containsExactly("zoe", "alice", "mallory");
    }

    @Test
    void theSettingsAreImmutableCopies() {
        Map<String, String> properties = new LinkedHashMap<>(Map.of("num.io.threads", "2"));
        Settings settings = Settings.defaults().withBrokerProperties(properties);
        properties.put("num.io.threads", "4");

        assertThat(settings.brokerProperties()).containsExactly(Map.entry("num.io.threads", "2"));
        assertThatThrownBy(() -> settings.brokerProperties().put("a", "b"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void propertiesThatDefineTheNodeAreRejected() {
        assertThatThrownBy(
                        () ->
                                Settings.defaults()
                                        .withBrokerProperty("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("brokerProperties.listeners:");
        assertThatThrownBy(() -> Settings.defaults().withBrokerProperty("log.dirs", "/data"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("brokerProperties.log.dirs:");
    }

    @Test
    void badValuesAreRejectedWithTheirName() {
        assertThatThrownBy(() -> Settings.defaults().withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("port: 70000");
        assertThatThrownBy(() -> Settings.defaults().withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("timeout:");
        assertThatThrownBy(() -> Settings.defaults().withSaslUsers(Map.of("al ice", "secret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'al ice'");
        assertThatThrownBy(() -> Settings.defaults().withSaslUsers(Map.of("alice", "se\"cret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("saslUsers.alice:");
        assertThatThrownBy(() -> Settings.defaults().withSaslUsers(Map.of("alice", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("saslUsers.alice:");
    }

    @Test
    void passwordsDoNotShowInToString() {
        Settings settings = Settings.defaults().withSaslUsers(Map.of("alice", "alice-secret"));

        assertThat(settings.toString()).contains("alice").doesNotContain("alice-secret");
    }
}
