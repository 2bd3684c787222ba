package com.orderguard.hsm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SoftHsm2UtilTest
{
    @Test
    void shouldParseSlotsWithTheirLabelsFromShowSlots()
    {
        final String output = String.join("\n",
            "Available slots:",
            "Slot 1070975573",
            "    Slot info:",
            "        Description:      SoftHSM slot ID 0x3fd5d355                                      ",
            "        Token present:    yes",
            "    Token info:",
            "        Initialized:      yes",
            "        User PIN init.:   yes",
            "        Label:            orderguard                      ",
            "Slot 1",
            "    Slot info:",
            "    Token info:",
            "        Initialized:      no",
            "        Label:                                            ",
            "");

        assertEquals(
            List.of(new SoftHsm2Util.Slot(1070975573L, true, "orderguard"), new SoftHsm2Util.Slot(1L, false, "")),
            SoftHsm2Util.parseSlots(output));
    }
}
