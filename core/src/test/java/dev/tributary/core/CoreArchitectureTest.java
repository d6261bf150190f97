package dev.tributary.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Core is the vocabulary every module shares: it must stay free of Flink. */
class CoreArchitectureTest {

    private static final JavaClasses CORE =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.tributary.core");

    @Test
    void coreDoesNotDependOnFlink() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.core..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(CORE);
    }

    @Test
    void coreDoesNotDependOnOtherModules() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tributary.trainer..",
                        "dev.tributary.evaluator..",
                        "dev.tributary.connectors..",
                        "dev.tributary.jobs..")
                .check(CORE);
    }
}
