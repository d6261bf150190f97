package dev.tributary.jobs.report;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The report is plain Java: it reads files and writes one, and needs no Flink to do so. */
class ReportArchitectureTest {

    private static final JavaClasses REPORT =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.tributary.jobs.report");

    @Test
    void theReportDependsOnNeitherFlinkNorTheRunnableLayers() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.jobs.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.flink..",
                        "dev.tributary.jobs.pipeline..",
                        "dev.tributary.jobs.cli..",
                        "dev.tributary.jobs.run..")
                .check(REPORT);
    }
}
