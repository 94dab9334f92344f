package io.graylane.testkit.consul;

import java.util.List;
import java.util.Locale;

/** A resolved token's permissions, for one request. Immutable. */
final class Authorizer {

    static final Authorizer ALLOW_ALL = new Authorizer("", List.of(Acl.all(Acl.Access.WRITE)));

    // null for the anonymous token, which changes the denial message.
    private final String accessorId;
    private final List<Acl.Rule> rules;

    Authorizer(String accessorId, List<Acl.Rule> rules) {
        this.accessorId = accessorId;
        this.rules = rules;
    }

    boolean canRead(Acl.Resource resource, String name) {
        Acl.Access a = access(resource, name);
        return a == Acl.Access.READ || a == Acl.Access.WRITE;
    }

    boolean canWrite(Acl.Resource resource, String name) {
        return access(resource, name) == Acl.Access.WRITE;
    }

    void requireRead(Acl.Resource resource, String name) {
        if (!canRead(resource, name)) {
            throw denied(resource, name, "read");
        }
    }

    void requireWrite(Acl.Resource resource, String name) {
        if (!canWrite(resource, name)) {
            throw denied(resource, name, "write");
        }
    }

    /** Consul's denial text, e.g. {@code Permission denied: token with AccessorID '…' lacks permission 'key:read' on "a"}. */
    String denialMessage(Acl.Resource resource, String name, String level) {
        String what = "'" + resource.name().toLowerCase(Locale.ROOT) + ":" + level + "' on \"" + name + "\"";
        if (accessorId == null) {
            return "Permission denied: anonymous token lacks permission " + what
                    + ". The anonymous token is used implicitly when a request does not specify a token.";
        }
        return "Permission denied: token with AccessorID '" + accessorId + "' lacks permission " + what;
    }

    ApiError denied(Acl.Resource resource, String name, String level) {
        return ApiError.forbidden(denialMessage(resource, name, level));
    }

    /** Exact rules beat prefix rules, longer prefixes beat shorter ones, DENY wins ties, ALL rules come last. */
    private Acl.Access access(Acl.Resource resource, String name) {
        Acl.Rule best = null;
        for (Acl.Rule r : rules) {
            if (r.resource() != resource) {
                continue;
            }
            boolean matches = r.prefix() ? name.startsWith(r.name()) : name.equals(r.name());
            if (matches && better(r, best)) {
                best = r;
            }
        }
        if (best == null) {
            for (Acl.Rule r : rules) {
                if (r.resource() == Acl.Resource.ALL && (best == null || r.access() == Acl.Access.DENY)) {
                    best = r;
                }
            }
        }
        return best == null ? Acl.Access.DENY : best.access();
    }

    private static boolean better(Acl.Rule candidate, Acl.Rule best) {
        if (best == null) {
            return true;
        }
        if (candidate.prefix() != best.prefix()) {
            return !candidate.prefix();
        }
        if (candidate.name().length() != best.name().length()) {
            return candidate.name().length() > best.name().length();
        }
        return candidate.access() == Acl.Access.DENY;
    }
}
