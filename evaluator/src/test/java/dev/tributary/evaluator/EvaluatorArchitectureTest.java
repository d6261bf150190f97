package dev.tributary.evaluator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module's layering, checked on its compiled classes. */
class EvaluatorArchitectureTest {

    private static JavaClasses evaluator;

    @BeforeAll
    static void importClasses() {
        evaluator =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.tributary.evaluator");
    }

    @Test
    void nothingDependsOnFlink() {
        noDependencyOn("org.apache.flink..").check(evaluator);
    }

    @Test
    void metricsDoNotKnowTheSupervisor() {
        noClasses()
                .that()
                .resideInAPackage("dev.tributary.evaluator.prequential..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tributary.evaluator.supervisor..")
                .check(evaluator);
    }

    @Test
    void theRuleCatchesADependencyThatExists() {
        // Every class here uses java.io; the same rule aimed at it must fail, or it checks nothing.
        assertThatThrownBy(() -> noDependencyOn("java.io..").check(evaluator))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("RunningMetrics");
    }

    private static ArchRule noDependencyOn(String packages) {
        return noClasses()
                .that()
                .resideInAPackage("dev.tributary.evaluator..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(packages);
    }
}
