package com.orderguard.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class QuorumConfigTest
{
    @Test
    void shouldUseDefaultsWhenNothingIsSet()
    {
        final QuorumConfig config = QuorumConfig.defaults();

        assertEquals(64, config.maxOpenRequests());
        assertEquals(30_000, config.maxClockSkewMs());
        assertEquals(65_536, config.maxParametersChars());
    }

    @Test
    void shouldNameTheBadSettingAndItsValue()
    {
        final Properties properties = new Properties();
        properties.setProperty("quorum.maxOpenRequests", "-3");
        final Properties notANumber = new Properties();
        notANumber.setProperty("quorum.maxClockSkewMs", "soon");

        assertEquals("quorum.maxOpenRequests must be in 1..10000, was -3",
            assertThrows(IllegalArgumentException.class, () -> QuorumConfig.from(properties)).getMessage());
        assertEquals("quorum.maxClockSkewMs must be a whole number, was 'soon'",
            assertThrows(IllegalArgumentException.class, () -> QuorumConfig.from(notANumber)).getMessage());
    }
}
