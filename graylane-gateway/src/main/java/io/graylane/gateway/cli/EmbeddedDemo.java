package io.graylane.gateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The demo config embedded in the jar: {@code docs/examples/demo.yaml}, copied to
 * {@value #RESOURCE} by the build, used by {@code explain} (without {@code --config}) and {@code demo}.
 */
final class EmbeddedDemo {

    static final String RESOURCE = "io/graylane/gateway/demo.yaml";

    /** The source name its config errors start with. */
    static final String NAME = "embedded demo.yaml";

    private EmbeddedDemo() {
    }

    /** The config text. */
    static String text() {
        try (InputStream in = EmbeddedDemo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("embedded demo config " + RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read embedded demo config: " + e.getMessage(), e);
        }
    }
}
