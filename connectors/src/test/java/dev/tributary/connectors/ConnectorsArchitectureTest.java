package dev.tributary.connectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logic packages stay plain Java; only the adapter sub-packages touch Flink. */
class ConnectorsArchitectureTest {

    private static JavaClasses connectors;

    @BeforeAll
    static void importClasses() {
        connectors =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.tributary.connectors");
    }

    @Test
    void fileReadingDoesNotDependOnFlink() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.connectors.file")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(connectors);
    }

    @Test
    void registryDoesNotDependOnFlink() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.connectors.registry")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(connectors);
    }

    @Test
    void logicDoesNotDependOnItsAdapters() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.connectors.file")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tributary.connectors.file.source..")
                .check(connectors);
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.connectors.registry")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tributary.connectors.registry.sink..")
                .check(connectors);
    }

    /**
     * Keeps the two Flink rules above honest: the importer sees the adapters' Flink dependencies.
     */
    @Test
    void adaptersAreWhereFlinkIsUsed() {
        classes()
                .that()
                .haveSimpleName("FileReplaySource")
                .or()
                .haveSimpleName("RegistrySink")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(connectors);
    }
}
