package io.graylane.core.rule;

import io.graylane.core.net.Cidr;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compiled conditions on one part of the request: a header, cookie, query parameter, the path, the
 * method or the client address. Immutable and thread-safe.
 */
final class RequestNodes {

    private RequestNodes() {
    }

    /** A header, cookie, query parameter or the path, tested by a {@link ValueMatcher}. */
    abstract static class ValueNode extends ConditionNode {
        private final String subject;
        private final ValueMatcher matcher;

        ValueNode(String subject, ValueMatcher matcher) {
            this.subject = subject;
            this.matcher = matcher;
        }

        /** The value in {@code request}, {@code null} when absent. */
        abstract String read(RequestView request);

        @Override
        public final boolean test(RequestView request) {
            return matcher.test(read(request));
        }

        @Override
        public final ConditionTrace explain(RequestView request) {
            String value = read(request);
            boolean matched = matcher.test(value);
            String shown = value == null
                    ? subject + " absent"
                    : subject + " = " + ConditionNode.quote(value) + " " + matcher.description();
            return leaf(shown, matched);
        }
    }

    static final class HeaderNode extends ValueNode {
        private final String lowerName;

        HeaderNode(Condition.Header header) {
            super("header " + header.name(), ValueMatcher.compile(header.match()));
            // Lower-cased once here so that case-insensitive views need not lower-case per request.
            this.lowerName = header.name().toLowerCase(Locale.ROOT);
        }

        @Override
        String read(RequestView request) {
            return request.lowerCaseHeader(lowerName);
        }
    }

    static final class CookieNode extends ValueNode {
        private final String name;

        CookieNode(Condition.Cookie cookie) {
            super("cookie " + cookie.name(), ValueMatcher.compile(cookie.match()));
            this.name = cookie.name();
        }

        @Override
        String read(RequestView request) {
            return request.cookie(name);
        }
    }

    static final class QueryNode extends ValueNode {
        private final String name;

        QueryNode(Condition.Query query) {
            super("query " + query.name(), ValueMatcher.compile(query.match()));
            this.name = query.name();
        }

        @Override
        String read(RequestView request) {
            return request.query(name);
        }
    }

    static final class PathNode extends ValueNode {
        PathNode(Condition.Path path) {
            super("path", ValueMatcher.compile(path.match()));
        }

        @Override
        String read(RequestView request) {
            return request.path();
        }
    }

    /** The method is one of a set (compared upper case). */
    static final class MethodNode extends ConditionNode {
        private final Set<String> methods;
        private final String shown;

        MethodNode(Condition.Method method) {
            this.methods = new HashSet<>();
            for (String m : method.methods()) {
                methods.add(m.toUpperCase(Locale.ROOT));
            }
            List<String> sorted = new ArrayList<>(methods);
            Collections.sort(sorted);
            this.shown = sorted.toString();
        }

        @Override
        public boolean test(RequestView request) {
            String m = request.method();
            return m != null && methods.contains(m);
        }

        @Override
        public ConditionTrace explain(RequestView request) {
            String m = request.method();
            return leaf(m == null ? "method unknown" : "method " + m + " in " + shown, test(request));
        }
    }

    /** The client address lies in one of the networks; IPv4-mapped IPv6 addresses match IPv4 networks. */
    static final class ClientCidrNode extends ConditionNode {
        private final Cidr[] networks;
        private final String shown;

        ClientCidrNode(Condition.ClientCidr cidr) {
            this.networks = cidr.networks().toArray(new Cidr[0]);
            this.shown = cidr.networks().toString();
        }

        @Override
        public boolean test(RequestView request) {
            byte[] address = request.clientAddressBytes();
            if (address == null) {
                return false;
            }
            for (Cidr network : networks) {
                if (network.contains(address)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public ConditionTrace explain(RequestView request) {
            boolean matched = test(request);
            String address = show(request);
            return leaf(address == null ? "clientCidr unknown address" : "clientCidr " + address + " in " + shown, matched);
        }

        private static String show(RequestView request) {
            InetAddress address = request.clientAddress();
            if (address != null) {
                return address.getHostAddress();
            }
            byte[] bytes = request.clientAddressBytes();
            try {
                return bytes == null ? null : InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                return "(" + bytes.length + " bytes)";
            }
        }
    }
}
