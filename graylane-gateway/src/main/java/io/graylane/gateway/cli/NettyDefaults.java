package io.graylane.gateway.cli;

import io.netty.util.ResourceLeakDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty settings the serving commands ({@code gateway}, {@code demo}) change from Netty's defaults,
 * unless the user set them: the buffer leak detector is off (Netty's default {@code simple} level
 * touches every message on every pipeline hop and samples stack traces, about 0.6–1.1 µs per proxied
 * request). {@code GRAYLANE_JAVA_OPTS=-Dio.netty.leakDetection.level=paranoid} turns it back on for
 * debugging. Must run before anything loads Netty's buffer classes. Thread-safe.
 */
final class NettyDefaults {

    static final String LEAK_DETECTION = "io.netty.leakDetection.level";
    /** The property's older name, which Netty still reads. */
    private static final String LEAK_DETECTION_OLD = "io.netty.leakDetectionLevel";

    private static final Logger log = LoggerFactory.getLogger(NettyDefaults.class);

    private NettyDefaults() {
    }

    /** Turns Netty's leak detector off unless a level was given; logs when it was loaded too early. */
    static void apply() {
        if (System.getProperty(LEAK_DETECTION) != null || System.getProperty(LEAK_DETECTION_OLD) != null) {
            return; // the user's choice (tests run with detection on)
        }
        System.setProperty(LEAK_DETECTION, "disabled");
        // Reads the property now, unless Netty was loaded before this (embedded use): then say so.
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.DISABLED) {
            log.debug("Netty's leak detector was set up before the gateway started: it stays at {}",
                    ResourceLeakDetector.getLevel());
        }
    }
}
