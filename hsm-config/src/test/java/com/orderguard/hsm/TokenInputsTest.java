package com.orderguard.hsm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenInputsTest
{
    @Test
    void shouldAcceptLabelOfLettersDigitsAndSeparators()
    {
        assertEquals("orderguard-test_1.a", TokenInputs.requireLabel("orderguard-test_1.a"));
    }

    @Test
    void shouldRefuseLabelLongerThanThePkcs11Field()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> TokenInputs.requireLabel("a".repeat(33)));

        assertEquals("token label must be 1 to 32 characters, was '" + "a".repeat(33) + "'", ex.getMessage());
    }

    @Test
    void shouldRefuseLabelThatAShellWouldInterpret()
    {
        assertThrows(IllegalArgumentException.class, () -> TokenInputs.requireLabel("a;rm -rf"));
        assertThrows(IllegalArgumentException.class, () -> TokenInputs.requireLabel("-a"));
        assertThrows(IllegalArgumentException.class, () -> TokenInputs.requireLabel("a b"));
    }

    @Test
    void shouldRefusePinWithControlCharacterWithoutNamingThePin()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> TokenInputs.requirePin("user PIN", "secret\u0015x".toCharArray()));

        assertEquals("user PIN must be printable ASCII (no control characters)", ex.getMessage());
        assertFalse(ex.getMessage().contains("secret"));
    }

    @Test
    void shouldRefusePinShorterThanSoftHsmAllows()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> TokenInputs.requirePin("SO PIN", "abc".toCharArray()));

        assertEquals("SO PIN must be 4 to 255 characters, was 3 characters", ex.getMessage());
        assertDoesNotThrow(() -> TokenInputs.requirePin("SO PIN", "abcd".toCharArray()));
    }
}
