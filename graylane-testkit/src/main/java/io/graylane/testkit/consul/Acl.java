package io.graylane.testkit.consul;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's ACL system: enabled when the builder got a master token, default policy {@code deny}.
 * Tokens carry a few rules on keys, services and nodes (exact or prefix, read/write/deny); the most specific
 * rule wins, then {@link #all}. The master token may do everything; a request without a token uses the
 * anonymous rules (none by default). Thread-safe.
 *
 * <pre>{@code
 * sim.acl().token("reader", Acl.keyPrefix("cfg/", Acl.Access.READ), Acl.servicePrefix("", Acl.Access.READ));
 * }</pre>
 */
public final class Acl {

    /** What a rule grants. {@code WRITE} implies read; {@code DENY} overrides less specific grants. */
    public enum Access { READ, WRITE, DENY }

    /** What a rule is about; {@code ALL} matches every resource and name, below any specific rule. */
    public enum Resource { KEY, SERVICE, NODE, ALL }

    /**
     * One rule: {@code name} is an exact name, or a prefix when {@code prefix} is true ({@code ""} = all).
     *
     * @param resource what the rule covers
     * @param name     the exact name or prefix
     * @param prefix   whether {@code name} is a prefix
     * @param access   what it grants
     */
    public record Rule(Resource resource, String name, boolean prefix, Access access) {
        public Rule {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(access, "access");
        }
    }

    private final String masterToken;
    private final Map<String, List<Rule>> tokens = new ConcurrentHashMap<>();
    private volatile List<Rule> anonymousRules = List.of();

    Acl(String masterToken) {
        this.masterToken = masterToken;
    }

    public static Rule key(String key, Access access) {
        return new Rule(Resource.KEY, key, false, access);
    }

    public static Rule keyPrefix(String prefix, Access access) {
        return new Rule(Resource.KEY, prefix, true, access);
    }

    public static Rule service(String name, Access access) {
        return new Rule(Resource.SERVICE, name, false, access);
    }

    public static Rule servicePrefix(String prefix, Access access) {
        return new Rule(Resource.SERVICE, prefix, true, access);
    }

    public static Rule node(String name, Access access) {
        return new Rule(Resource.NODE, name, false, access);
    }

    public static Rule nodePrefix(String prefix, Access access) {
        return new Rule(Resource.NODE, prefix, true, access);
    }

    /** Every key, service and node ({@code "*"} in the brief's words), below any more specific rule. */
    public static Rule all(Access access) {
        return new Rule(Resource.ALL, "", true, access);
    }

    /** True when the simulator was built with a master token. */
    public boolean enabled() {
        return masterToken != null;
    }

    /** Creates or replaces a token whose secret is {@code secret}. */
    public Acl token(String secret, Rule... rules) {
        requireEnabled();
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret: empty (expected: a token secret)");
        }
        if (secret.equals(masterToken)) {
            throw new IllegalArgumentException("secret: " + secret + " (expected: not the master token)");
        }
        tokens.put(secret, List.of(rules));
        return this;
    }

    /** Rules for requests without a token (none by default: anonymous requests are denied). */
    public Acl anonymous(Rule... rules) {
        requireEnabled();
        anonymousRules = List.of(rules);
        return this;
    }

    /** Deletes a token; its next request answers 403 {@code ACL not found}. */
    public Acl revoke(String secret) {
        tokens.remove(secret);
        return this;
    }

    /** The AccessorID Consul would show for a token (stable, derived from the secret). */
    public String accessorId(String secret) {
        return UUID.nameUUIDFromBytes(("accessor/" + secret).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Resolves a request's token; an unknown token is 403 {@code ACL not found}. */
    Authorizer resolve(String secret) {
        if (masterToken == null) {
            return Authorizer.ALLOW_ALL;
        }
        if (secret == null || secret.isEmpty() || secret.equals("anonymous")) {
            return new Authorizer(null, anonymousRules);
        }
        if (secret.equals(masterToken)) {
            return new Authorizer(accessorId(secret), List.of(all(Access.WRITE)));
        }
        List<Rule> rules = tokens.get(secret);
        if (rules == null) {
            throw ApiError.forbidden("ACL not found");
        }
        return new Authorizer(accessorId(secret), rules);
    }

    private void requireEnabled() {
        if (masterToken == null) {
            throw new IllegalStateException("acl: disabled (expected: ConsulSimulator.builder().aclMasterToken(...))");
        }
    }
}
