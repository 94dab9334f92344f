package io.graylane.gateway.cli;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serving commands leave a leak detection level that was given alone: the build runs every test
 * with {@code -Dio.netty.leakDetection.level=simple} (see the surefire configuration), so leaks are
 * still reported in tests even when a test starts the {@code gateway} command in-process.
 */
class NettyDefaultsTest {

    @Test
    void aLevelGivenByTheUserIsKept() {
        assertThat(System.getProperty(NettyDefaults.LEAK_DETECTION)).isEqualTo("simple");

        NettyDefaults.apply();

        assertThat(System.getProperty(NettyDefaults.LEAK_DETECTION)).isEqualTo("simple");
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.SIMPLE);
    }
}
