package dev.tributary.features;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Featurization is plain Java on top of core, so that the training job, the in-job scorer and a
 * service scoring with a published model outside Flink all run the very same code.
 */
class FeaturesArchitectureTest {

    private static final JavaClasses FEATURES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.tributary.features");

    @Test
    void featuresDoNotDependOnFlink() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.features..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(FEATURES);
    }

    @Test
    void featuresDependOnCoreOnly() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.features..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tributary.trainer..",
                        "dev.tributary.evaluator..",
                        "dev.tributary.connectors..",
                        "dev.tributary.jobs..")
                .check(FEATURES);
    }
}
