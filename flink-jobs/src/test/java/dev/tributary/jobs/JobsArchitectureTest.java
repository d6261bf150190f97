package dev.tributary.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Featurization logic is plain Java; only the pipeline package adapts it to Flink. */
class JobsArchitectureTest {

    private static final JavaClasses JOBS =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.tributary.jobs");

    @Test
    void featurizationLogicDoesNotDependOnFlink() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.jobs.featurize..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(JOBS);
    }

    @Test
    void featurizationDoesNotReachIntoTheRunnableLayers() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.jobs.featurize..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tributary.jobs.pipeline..",
                        "dev.tributary.jobs.cli..",
                        "dev.tributary.jobs.run..")
                .check(JOBS);
    }
}
