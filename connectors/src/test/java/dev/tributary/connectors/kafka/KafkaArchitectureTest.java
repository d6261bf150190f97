package dev.tributary.connectors.kafka;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka logic package (settings, records, codecs) stays plain Java; only its {@code source} and
 * {@code sink} adapter packages touch Flink.
 */
class KafkaArchitectureTest {

    private static JavaClasses connectors;

    @BeforeAll
    static void importClasses() {
        connectors =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.tributary.connectors");
    }

    @Test
    void kafkaLogicDoesNotDependOnFlink() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.connectors.kafka")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(connectors);
    }

    @Test
    void kafkaLogicDoesNotDependOnItsAdapters() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.connectors.kafka")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tributary.connectors.kafka.source..",
                        "dev.tributary.connectors.kafka.sink..")
                .check(connectors);
    }

    /** Keeps the rules above honest: the importer sees the adapters' Flink dependencies. */
    @Test
    void adaptersAreWhereFlinkIsUsed() {
        classes()
                .that()
                .haveSimpleName("KafkaSources")
                .or()
                .haveSimpleName("KafkaSinks")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(connectors);
    }
}
