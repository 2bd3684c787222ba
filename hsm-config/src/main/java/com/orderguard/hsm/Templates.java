package com.orderguard.hsm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration templates shipped as resources of this package, and their rendering.
 * <p>
 * Placeholders are {@code @WORD@}. The operator script {@code bin/init-softhsm-token} renders the
 * very same files with bash, so the syntax stays one a shell can substitute without a template
 * engine. Rendering refuses a value with a line break, which would let a value add settings of
 * its own, and a template left with a placeholder nobody filled.
 */
final class Templates
{
    static final String SOFTHSM2_CONF = "softhsm2.conf.template";
    static final String SUNPKCS11_CFG = "sunpkcs11-softhsm2.cfg.template";

    private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");

    private Templates()
    {
    }

    static String render(final String templateName, final Map<String, String> values)
    {
        String text = load(templateName);
        for (final Map.Entry<String, String> entry : values.entrySet())
        {
            final String value = entry.getValue();
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)
            {
                throw new IllegalArgumentException(
                    "value for @" + entry.getKey() + "@ in " + templateName + " must be one line");
            }
            text = text.replace("@" + entry.getKey() + "@", value);
        }

        final Matcher left = PLACEHOLDER.matcher(text);
        if (left.find())
        {
            throw new IllegalStateException(templateName + " still has placeholder " + left.group());
        }

        return text;
    }

    static String load(final String templateName)
    {
        try (InputStream in = Templates.class.getResourceAsStream(templateName))
        {
            if (null == in)
            {
                throw new IllegalStateException("resource com/orderguard/hsm/" + templateName + " is missing");
            }

            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
