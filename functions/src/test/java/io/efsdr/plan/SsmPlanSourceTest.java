package io.efsdr.plan;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.config.ParameterTier;
import io.efsdr.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class SsmPlanSourceTest {
    @Test
    void holding_givesTheSmallestTierThatHoldsTheValue() {
        assertAll(
                () -> assertEquals(ParameterTier.STANDARD, ParameterTier.holding("x".repeat(4096))),
                () -> assertEquals(ParameterTier.ADVANCED, ParameterTier.holding("x".repeat(4097))),
                () -> assertEquals(ParameterTier.ADVANCED, ParameterTier.holding("x".repeat(8192))),
                () -> assertNull(ParameterTier.holding("x".repeat(8193))),
                () -> assertNull(ParameterTier.holding("é".repeat(4097))));
    }

    @Test
    void withinTier_whenThePlanFitsTheAdvancedTier_returnsIt() {
        String plan = "{" + " ".repeat(8190) + "}";

        assertEquals(plan, SsmPlanSource.withinTier("/efs-dr/plan", plan));
    }

    @Test
    void withinTier_whenThePlanIsOverTheAdvancedLimit_namesTheLimitAndTheTier() {
        String plan = "{" + " ".repeat(9000) + "}";

        InvalidInputException error =
                assertThrows(InvalidInputException.class, () -> SsmPlanSource.withinTier("/efs-dr/plan", plan));

        assertTrue(
                error.getMessage()
                        .startsWith("plan: parameter /efs-dr/plan is 9002 bytes, over the 8192-byte limit of the"
                                + " Advanced tier"),
                error.getMessage());
        assertTrue(error.getMessage().contains("Standard holds 4096 bytes"), error.getMessage());
        assertTrue(error.getMessage().contains("selector"), error.getMessage());
    }
}
