package dev.tributary.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Label-join and serving logic are plain Java; only the pipeline package adapts them to Flink.
 * (Featurization lives in its own module, checked by its own test.)
 */
class JobsArchitectureTest {

    private static final JavaClasses JOBS =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.tributary.jobs");

    @Test
    void joinAndServingLogicDoNotDependOnFlink() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.tributary.jobs.join..", "dev.tributary.jobs.serve..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(JOBS);
    }

    @Test
    void joinAndServingLogicDoNotReachIntoTheRunnableLayers() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.tributary.jobs.join..", "dev.tributary.jobs.serve..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tributary.jobs.pipeline..",
                        "dev.tributary.jobs.cli..",
                        "dev.tributary.jobs.run..")
                .check(JOBS);
    }
}
