package io.graylane.gateway.admin;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may call the admin API: on a loopback address anyone local (a token, when given, is still
 * checked); on any other address only callers with the bearer token, and starting without one is
 * refused. Immutable and thread-safe.
 */
public final class AdminAccess {

    private final byte[] token;

    private AdminAccess(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The access policy for an admin API bound to {@code bind}, with {@code token} (or {@code null}).
     *
     * @throws IllegalArgumentException when {@code bind} is not a loopback address and there is no token,
     *                                  or the token is blank
     */
    public static AdminAccess forBind(InetAddress bind, String token) {
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("admin token: empty (expected: a non-blank secret)");
        }
        if (!bind.isLoopbackAddress() && token == null) {
            throw new IllegalArgumentException("--admin-bind: " + bind.getHostAddress()
                    + " is not a loopback address, so a bearer token is required"
                    + " (expected: --admin-token-file FILE or the environment variable GRAYLANE_ADMIN_TOKEN)");
        }
        return new AdminAccess(token == null ? null : token.strip());
    }

    /** Whether callers must send {@code Authorization: Bearer <token>}. */
    public boolean requiresToken() {
        return token != null;
    }

    /** Whether {@code authorization} (the header's value, or {@code null}) lets the caller in; constant time. */
    public boolean allows(String authorization) {
        if (token == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }
}
