package io.graylane.gateway.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The set-up the h2c tests share: one {@link H2Fixture} per test class (a class instance, so that
 * classes never share one), and for each test loopback trusted again and a fresh h2c client to the
 * gateway, closed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class H2ClientTestBase {

    H2Fixture fx;
    H2TestClient client;

    @BeforeAll
    void startFixture() {
        fx = new H2Fixture();
    }

    @AfterAll
    void stopFixture() {
        fx.close();
    }

    @BeforeEach
    void connect() {
        fx.trust();
        client = new H2TestClient(fx.port());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }
}
