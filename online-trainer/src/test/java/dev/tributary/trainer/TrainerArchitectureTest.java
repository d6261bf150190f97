package dev.tributary.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.tributary.trainer.archfixture.TestingFlinkDependent;
import org.junit.jupiter.api.Test;

/**
 * The trainer's logic stays free of Flink: only {@code dev.tributary.trainer.operator} may adapt it
 * to Flink, so the logic can be tested, benchmarked and reused without a cluster.
 */
class TrainerArchitectureTest {

    private static final ArchRule LOGIC_DOES_NOT_USE_FLINK =
            noClasses()
                    .that()
                    .resideInAPackage("dev.tributary.trainer..")
                    .and()
                    .resideOutsideOfPackage("dev.tributary.trainer.operator..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.flink..")
                    .because("logic packages must run and be tested without Flink");

    @Test
    void logicPackagesDoNotDependOnFlink() {
        JavaClasses production =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.tributary.trainer");

        assertThat(production.containPackage("dev.tributary.trainer.model")).isTrue();
        LOGIC_DOES_NOT_USE_FLINK.check(production);
    }

    @Test
    void theRuleCatchesALogicClassThatUsesFlink() {
        JavaClasses offender = new ClassFileImporter().importClasses(TestingFlinkDependent.class);

        assertThat(LOGIC_DOES_NOT_USE_FLINK.evaluate(offender).hasViolation()).isTrue();
    }
}
