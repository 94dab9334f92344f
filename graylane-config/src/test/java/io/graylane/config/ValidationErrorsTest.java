package io.graylane.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every validation error, one mistake per row: the YAML, the config path the error must name and a
 * fragment of its message. Each row must produce exactly that one error, no follow-on noise.
 */
class ValidationErrorsTest {

    private static final String LANES = "lanes: {stable: {}, canary: {selector: {version: v2}, fallback: stable}}\n";
    private static final String BASE = LANES + "coloring: {defaultLane: stable}\n";
    private static final ConfigLoader LOADER = new ConfigLoader(Map.of("SET", "value-of-set")::get);

    /** A config whose only rule has condition {@code when} (YAML flow style). */
    private static String when(String when) {
        return LANES + "coloring:\n  defaultLane: stable\n  rules:\n    - lane: canary\n      when: " + when + "\n";
    }

    private static String rules(String rules) {
        return LANES + "coloring:\n  defaultLane: stable\n  rules: " + rules + "\n";
    }

    private static final String W = "coloring.rules[0].when";

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // The document and its top level
                arguments("", "", "the file is empty (expected: an object with lanes and coloring)"),
                arguments("[1, 2]", "", "a list (expected: an object with lanes and coloring)"),
                arguments(BASE + "lanse: {}\n", "lanse", "unknown key (expected: one of version, scope, labels, propagation, lanes, coloring, trust, routes, discovery, chain, mode, sidecar, rollback; did you mean \"lanes\"?)"),
                arguments(BASE + "Coloring: {}\n", "Coloring", "did you mean \"coloring\"?"),
                arguments("coloring: {defaultLane: stable}\n", "lanes", "missing (expected: an object of lane names to lanes"),
                arguments(LANES, "coloring", "missing (expected: an object with defaultLane, rules)"),
                arguments(BASE + "version: 2\n", "version", "2 (expected: 1, the only version so far)"),
                arguments(BASE + "version: \"1\"\n", "version", "\"1\" (expected: 1, the only version so far)"),
                arguments(BASE + "routes: []\nroutes: []\n", "routes", "duplicate key (expected: each key once in an object; first at line 3)"),
                // scope, labels, propagation
                arguments(BASE + "scope: {datacenter: 1}\n", "scope.datacenter", "1 (expected: a datacenter name; quote it: \"1\")"),
                arguments(BASE + "scope: {labels: [env]}\n", "scope.labels", "a list (expected: an object of label names to values)"),
                arguments(BASE + "scope: {zone: a}\n", "scope.zone", "unknown key (expected: one of datacenter, namespace, labels)"),
                arguments(BASE + "scope: dc1\n", "scope", "\"dc1\" (expected: an object with datacenter, namespace, labels)"),
                arguments(BASE + "labels: {separators: [\"=\", \"\"]}\n", "labels.separators[1]", "\"\" (expected: a non-empty separator)"),
                arguments(BASE + "labels: {separators: \"=\"}\n", "labels.separators", "\"=\" (expected: a list of separators"),
                arguments(BASE + "labels: {tags: \"yes\"}\n", "labels.tags", "\"yes\" (expected: true or false)"),
                arguments(BASE + "propagation: {laneHeader: \"X Lane\"}\n", "propagation.laneHeader", "\"X Lane\" (expected: an HTTP header name)"),
                arguments(BASE + "propagation: {baggageKey: \"\"}\n", "propagation.baggageKey", "\"\" (expected: a baggage key token)"),
                arguments(BASE + "propagation: {baggage: 1}\n", "propagation.baggage", "1 (expected: true or false)"),
                // lanes
                arguments("lanes: []\ncoloring: {defaultLane: stable}\n", "lanes", "[] (expected: an object of lane names to lanes"),
                arguments("lanes: {}\ncoloring: {defaultLane: stable}\n", "lanes", "{} (expected: an object of lane names to lanes"),
                arguments("lanes: {stable: {}, -bad: {}}\ncoloring: {defaultLane: stable}\n", "lanes.-bad", "\"-bad\" (expected: a lane name of 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit)"),
                arguments("lanes: {stable: {}, canary: {fallback: stabel}}\ncoloring: {defaultLane: stable}\n", "lanes.canary.fallback", "\"stabel\" (expected: a declared lane: stable, canary; did you mean \"stable\"?)"),
                arguments("lanes: {stable: {}, canary: {fallback: beta}, beta: {fallback: canary}}\ncoloring: {defaultLane: stable}\n", "lanes.canary.fallback", "\"beta\" makes a fallback cycle canary -> beta -> canary (expected: fallbacks that end at a lane without fallback)"),
                arguments("lanes: {a: {fallback: b}, b: {fallback: c}, c: {fallback: b}}\ncoloring: {defaultLane: a}\n", "lanes.b.fallback", "fallback cycle b -> c -> b"),
                arguments("lanes: {stable: {}, canary: {fallback: canary}}\ncoloring: {defaultLane: stable}\n", "lanes.canary.fallback", "\"canary\" makes a fallback cycle canary -> canary"),
                arguments("lanes: {stable: {}, x: {strict: true, fallback: stable}}\ncoloring: {defaultLane: stable}\n", "lanes.x.fallback", "\"stable\" (expected: no fallback on a strict lane, which rejects instead of falling back)"),
                arguments("lanes: {stable: {}, canary: {selector: {version: 2}}}\ncoloring: {defaultLane: stable}\n", "lanes.canary.selector.version", "2 (expected: a string value; quote it: \"2\")"),
                arguments("lanes: {stable: {}, canary: {selectors: {}}}\ncoloring: {defaultLane: stable}\n", "lanes.canary.selectors", "did you mean \"selector\"?"),
                arguments("lanes: {stable: {}, canary: {strict: \"true\"}}\ncoloring: {defaultLane: stable}\n", "lanes.canary.strict", "\"true\" (expected: true or false)"),
                arguments("lanes: {stable: {}, canary: {fallback: \"\"}}\ncoloring: {defaultLane: stable}\n", "lanes.canary.fallback", "\"\" (expected: a lane name)"),
                arguments("lanes:\n  stable: {}\n  stable: {}\ncoloring: {defaultLane: stable}\n", "lanes.stable", "duplicate key (expected: each key once in an object; first at line 2)"),
                arguments("lanes:\n  stable:\ncoloring: {defaultLane: stable}\n", "lanes.stable", "null (expected: an object such as {}"),
                // coloring and rules
                arguments(LANES + "coloring: {defaultLane: canry}\n", "coloring.defaultLane", "\"canry\" (expected: a declared lane: stable, canary; did you mean \"canary\"?)"),
                arguments(LANES + "coloring: {rules: []}\n", "coloring.defaultLane", "missing (expected: a lane name)"),
                arguments(LANES + "coloring: {defaultLane: stable, rules: {}}\n", "coloring.rules", "{} (expected: a list of rules)"),
                arguments(LANES + "coloring: {defaultLane: stable, default: x}\n", "coloring.default", "did you mean \"defaultLane\"?"),
                arguments(rules("[{lane: beta, when: {method: GET}}]"), "coloring.rules[0].lane", "\"beta\" (expected: a declared lane: stable, canary)"),
                arguments(rules("[{when: {method: GET}}]"), "coloring.rules[0].lane", "missing (expected: a lane name)"),
                arguments(rules("[{lane: canary}]"), "coloring.rules[0].when", "missing (expected: a condition object such as {header: {name: X-User-Group, equals: beta}})"),
                arguments(rules("[{lane: canary, when: {method: GET}, lan: x}]"), "coloring.rules[0].lan", "did you mean \"lane\"?"),
                arguments(rules("[{name: beta, lane: canary, when: {method: GET}}, {name: beta, lane: canary, when: {method: PUT}}]"), "coloring.rules[1].name", "\"beta\" (expected: a unique rule name; coloring.rules[0] has it too)"),
                arguments(rules("[{name: rule-1, lane: canary, when: {method: GET}}, {lane: canary, when: {method: PUT}}]"), "coloring.rules[1]", "\"rule-1\" (expected: a unique rule name; coloring.rules[0] has it too)"),
                arguments(rules("[{name: \"has space\", lane: canary, when: {method: GET}}]"), "coloring.rules[0].name", "\"has space\" (expected: a rule name of 1-63 letters"),
                arguments(rules("[\"beta\"]"), "coloring.rules[0]", "\"beta\" (expected: an object {name, lane, when})"),
                // conditions
                arguments(when("{}"), W, "{} (expected: at least one of header, cookie, query, path, method, clientCidr, sticky, random, allOf, anyOf, not)"),
                arguments(when("header"), W, "\"header\" (expected: a condition object"),
                arguments(when("{headers: {name: X, equals: y}}"), W + ".headers", "did you mean \"header\"?"),
                arguments(when("{header: {name: \"\", equals: beta}}"), W + ".header.name", "\"\" (expected: a header name)"),
                arguments(when("{header: {name: \"X User\", equals: beta}}"), W + ".header.name", "\"X User\" (expected: a header name: letters, digits and"),
                arguments(when("{header: {equals: beta}}"), W + ".header.name", "missing (expected: a header name)"),
                arguments(when("{header: X-User-Group}"), W + ".header", "\"X-User-Group\" (expected: an object with name and one of equals, prefix, regex, present, absent, in)"),
                arguments(when("{header: {name: X}}"), W + ".header", "no matcher (expected: exactly one of equals, prefix, regex, present, absent, in)"),
                arguments(when("{header: {name: X, equals: a, prefix: b}}"), W + ".header", "equals and prefix together (expected: exactly one of"),
                arguments(when("{header: {name: X, regex: \"a(b\"}}"), W + ".header.regex", "\"a(b\" (expected: an RE2 regular expression; missing closing )"),
                arguments(when("{header: {name: X, regex: \"(?=x)\"}}"), W + ".header.regex", "\"(?=x)\" (expected: an RE2 regular expression; "),
                arguments(when("{header: {name: X, present: false}}"), W + ".header.present", "false (expected: true; for the opposite write absent: true)"),
                arguments(when("{header: {name: X, absent: 1}}"), W + ".header.absent", "1 (expected: true; for the opposite write present: true)"),
                arguments(when("{header: {name: X, in: []}}"), W + ".header.in", "[] (expected: at least one value)"),
                arguments(when("{header: {name: X, in: [a, 1]}}"), W + ".header.in[1]", "1 (expected: a string; quote it: \"1\")"),
                arguments(when("{header: {name: X, in: a}}"), W + ".header.in", "\"a\" (expected: a list of strings)"),
                arguments(when("{cookie: {name: canary, equals: 1}}"), W + ".cookie.equals", "1 (expected: a string; quote it: \"1\")"),
                arguments(when("{cookie: {name: \"\", equals: \"1\"}}"), W + ".cookie.name", "\"\" (expected: a cookie name)"),
                arguments(when("{query: {name: q, value: x}}"), W + ".query.value", "unknown key (expected: one of name, equals, prefix, regex, present, absent, in)"),
                arguments(when("{path: {prefix: orders}}"), W + ".path.prefix", "\"orders\" (expected: a path starting with '/')"),
                arguments(when("{path: {in: [/a, b]}}"), W + ".path.in[1]", "\"b\" (expected: a path starting with '/')"),
                arguments(when("{path: {present: true}}"), W + ".path.present", "unknown key (expected: one of equals, prefix, regex, in)"),
                arguments(when("{path: {}}"), W + ".path", "no matcher (expected: exactly one of equals, prefix, regex, in)"),
                arguments(when("{path: \"/orders\"}"), W + ".path", "\"/orders\" (expected: an object with one of equals, prefix, regex, in)"),
                arguments(when("{method: []}"), W + ".method", "[] (expected: at least one method)"),
                arguments(when("{method: \"GE T\"}"), W + ".method", "\"GE T\" (expected: an HTTP method such as GET)"),
                arguments(when("{method: [GET, 1]}"), W + ".method[1]", "1 (expected: an HTTP method such as GET; quote it: \"1\")"),
                arguments(when("{method: {}}"), W + ".method", "{} (expected: an HTTP method such as GET, or a list of them)"),
                arguments(when("{clientCidr: 10.0.0.0/33}"), W + ".clientCidr", "\"10.0.0.0/33\" (expected: prefix length 0..32)"),
                arguments(when("{clientCidr: nonsense}"), W + ".clientCidr", "\"nonsense\" (expected: an IPv4 or IPv6 network"),
                arguments(when("{clientCidr: [10.0.0.0/8, \"fd00::/200\"]}"), W + ".clientCidr[1]", "\"fd00::/200\" (expected: prefix length 0..128)"),
                arguments(when("{clientCidr: []}"), W + ".clientCidr", "[] (expected: at least one network)"),
                arguments(when("{clientCidr: 10}"), W + ".clientCidr", "10 (expected: a network such as 10.0.0.0/8, or a list of them)"),
                arguments(when("{sticky: {key: \"user:X-User-ID\", percent: 5}}"), W + ".sticky.key", "\"user:X-User-ID\" (expected: header:NAME, cookie:NAME or query:NAME)"),
                arguments(when("{sticky: {key: \"header:\", percent: 5}}"), W + ".sticky.key", "\"header:\" (expected: header:NAME, cookie:NAME or query:NAME)"),
                arguments(when("{sticky: {key: \"header:X\"}}"), W + ".sticky.percent", "missing (expected: a percentage 0..100 with at most 2 decimals, e.g. 5 or 0.25)"),
                arguments(when("{sticky: {percent: 5}}"), W + ".sticky.key", "missing (expected: header:NAME, cookie:NAME or query:NAME)"),
                arguments(when("{sticky: {key: \"header:X\", percent: 5, salt: 7}}"), W + ".sticky.salt", "7 (expected: a string; quote it: \"7\")"),
                arguments(when("{sticky: {key: \"header:X\", percent: 101}}"), W + ".sticky.percent", "101 (expected: a percentage 0..100"),
                arguments(when("{random: {percent: -1}}"), W + ".random.percent", "-1 (expected: a percentage 0..100"),
                arguments(when("{random: {percent: 5.255}}"), W + ".random.percent", "5.255 (expected: a percentage 0..100 with at most 2 decimals"),
                arguments(when("{random: {percent: \"5%\"}}"), W + ".random.percent", "\"5%\" (expected: a percentage 0..100"),
                arguments(when("{random: {percent: .nan}}"), W + ".random.percent", "\".nan\" (expected: a percentage 0..100"),
                arguments(when("{random: {}}"), W + ".random.percent", "missing (expected: a percentage"),
                arguments(when("{allOf: []}"), W + ".allOf", "[] (expected: a non-empty list of conditions)"),
                arguments(when("{anyOf: {method: GET}}"), W + ".anyOf", "an object (expected: a non-empty list of conditions)"),
                arguments(when("{not: [ {method: GET} ]}"), W + ".not", "a list (expected: a condition object"),
                arguments(when("{anyOf: [{method: GET}, {not: {cookie: {name: \"\", present: true}}}]}"), W + ".anyOf[1].not.cookie.name", "\"\" (expected: a cookie name)"),
                arguments(when("{allOf: [{method: GET}, {header: {name: X, regex: \"[\"}}]}"), W + ".allOf[1].header.regex", "(expected: an RE2 regular expression; missing closing ]"),
                // trust
                arguments(BASE + "trust: {trustedCidrs: 10.0.0.0/8}\n", "trust.trustedCidrs", "\"10.0.0.0/8\" (expected: a list of networks"),
                arguments(BASE + "trust: {trustedCidrs: [10.0.0.0/8, 300.0.0.1]}\n", "trust.trustedCidrs[1]", "\"300.0.0.1\" (expected: an IPv4 or IPv6 network"),
                arguments(BASE + "trust: {keys: [{id: k1}]}\n", "trust.keys[0].secret", "missing (expected: a secret of at least 16 bytes"),
                arguments(BASE + "trust: {keys: [{secret: 0123456789abcdef}]}\n", "trust.keys[0].id", "missing (expected: a key id)"),
                arguments(BASE + "trust: {keys: [{id: k1, secret: short}]}\n", "trust.keys[0].secret", "(hidden, 5 characters) (expected: at least 16 bytes)"),
                arguments(BASE + "trust: {keys: [{id: k1, secret: 1234567890123456789}]}\n", "trust.keys[0].secret", "a number (expected: a string of at least 16 bytes"),
                arguments(BASE + "trust: {keys: [{id: \"k 1\", secret: 0123456789abcdef}]}\n", "trust.keys[0].id", "\"k 1\" (expected: letters, digits, '-', '_' or '.')"),
                arguments(BASE + "trust: {keys: [{id: k1, secret: 0123456789abcdef}, {id: k1, secret: 0123456789abcdefg}]}\n", "trust.keys[1].id", "\"k1\" (expected: a unique key id; trust.keys[0] has it too)"),
                arguments(BASE + "trust: {key: []}\n", "trust.key", "did you mean \"keys\"?"),
                // routes
                arguments(BASE + "routes: {service: orders}\n", "routes", "an object (expected: a list of routes)"),
                arguments(BASE + "routes: [{pathPrefix: /orders}]\n", "routes[0].service", "missing (expected: a service name)"),
                arguments(BASE + "routes: [{service: \"\"}]\n", "routes[0].service", "\"\" (expected: a service name)"),
                arguments(BASE + "routes: [{service: orders, pathPrefix: orders}]\n", "routes[0].pathPrefix", "orders (expected: a path starting with '/')"),
                arguments(BASE + "routes: [{service: orders, stripPrefix: true}]\n", "routes[0].stripPrefix", "true (expected: only together with pathPrefix)"),
                arguments(BASE + "routes: [{service: orders, host: \"\"}]\n", "routes[0].host", "\"\" (expected: a host name or *.domain)"),
                arguments(BASE + "routes: [{service: orders, prefix: /o}]\n", "routes[0].prefix", "did you mean \"pathPrefix\"?"),
                // discovery
                arguments(BASE + "discovery: {eureka: {}}\n", "discovery.eureka", "unknown key (expected: one of static, consul)"),
                arguments(BASE + "discovery: {consul: true}\n", "discovery.consul", "true (expected: an object with address, token, onlyPassing, wait, stale, tags, filter, services)"),
                arguments(BASE + "discovery: {consul: {tags: prod}}\n", "discovery.consul.tags", "\"prod\" (expected: a list of tags every instance must carry, such as [prod]"),
                arguments(BASE + "discovery: {consul: {tags: [prod, \" \"]}}\n", "discovery.consul.tags[1]", "\" \" (expected: a non-empty tag without leading or trailing spaces)"),
                arguments(BASE + "discovery: {consul: {tags: [prod, prod]}}\n", "discovery.consul.tags[1]", "\"prod\" (expected: each tag once)"),
                arguments(BASE + "discovery: {consul: {filter: [x]}}\n", "discovery.consul.filter", "(expected: a Consul filter expression"),
                arguments(BASE + "discovery: {consul: {services: [web]}}\n", "discovery.consul.services", "(expected: an object of service names to {tags, filter})"),
                arguments(BASE + "discovery: {consul: {services: {web: {tag: [x]}}}}\n", "discovery.consul.services.web.tag", "did you mean \"tags\"?"),
                arguments(BASE + "discovery: {consul: {services: {web: {tags: [\"\"]}}}}\n", "discovery.consul.services.web.tags[0]", "\"\" (expected: a non-empty tag"),
                arguments(BASE + "discovery: {consul: {adress: x}}\n", "discovery.consul.adress", "did you mean \"address\"?"),
                arguments(BASE + "discovery: {consul: {address: \"consul/v1\"}}\n", "discovery.consul.address", "\"consul/v1\" (expected: host:port, http://host:port or https://host:port)"),
                arguments(BASE + "discovery: {consul: {address: \"tcp://consul:8500\"}}\n", "discovery.consul.address", "(expected: host:port, http://host:port or https://host:port)"),
                arguments(BASE + "discovery: {consul: {address: \"consul:99999\"}}\n", "discovery.consul.address", "(expected: host:port, http://host:port or https://host:port)"),
                arguments(BASE + "discovery: {consul: {wait: 30}}\n", "discovery.consul.wait", "30 (expected: a duration such as 30s, 1m or 1m30s, more than 0 and at most 10m; quote it: \"30\")"),
                arguments(BASE + "discovery: {consul: {wait: soon}}\n", "discovery.consul.wait", "\"soon\" (expected: a duration such as 30s, 1m or 1m30s, more than 0 and at most 10m)"),
                arguments(BASE + "discovery: {consul: {wait: 0s}}\n", "discovery.consul.wait", "\"0s\" (expected: a duration"),
                arguments(BASE + "discovery: {consul: {wait: 11m}}\n", "discovery.consul.wait", "\"11m\" (expected: a duration"),
                arguments(BASE + "discovery: {consul: {onlyPassing: \"yes\"}}\n", "discovery.consul.onlyPassing", "\"yes\" (expected: true or false)"),
                arguments(BASE + "discovery: {consul: {stale: 1}}\n", "discovery.consul.stale", "1 (expected: true or false)"),
                arguments(BASE + "discovery: {consul: {token: \"${UNSET_TOKEN}\"}}\n", "discovery.consul.token", "${UNSET_TOKEN} is not set"),
                arguments(BASE + "discovery: {static: []}\n", "discovery.static", "[] (expected: an object of service names to lists of instances)"),
                arguments(BASE + "discovery: {static: {orders: {id: o1}}}\n", "discovery.static.orders", "an object (expected: a list of instances"),
                arguments(BASE + "discovery: {static: {orders: [{id: o1, address: 127.0.0.1}]}}\n", "discovery.static.orders[0].port", "missing (expected: a port 1..65535)"),
                arguments(BASE + "discovery: {static: {orders: [{id: o1, port: 80}]}}\n", "discovery.static.orders[0].address", "missing (expected: a host name or IP address)"),
                arguments(BASE + "discovery: {static: {orders: [{address: a, port: 80}]}}\n", "discovery.static.orders[0].id", "missing (expected: an instance id)"),
                arguments(BASE + "discovery: {static: {orders: [{id: o1, address: a, port: 0}]}}\n", "discovery.static.orders[0].port", "0 (expected: a port 1..65535)"),
                arguments(BASE + "discovery: {static: {orders: [{id: o1, address: a, port: \"8080\"}]}}\n", "discovery.static.orders[0].port", "\"8080\" (expected: a port 1..65535)"),
                arguments(BASE + "discovery: {static: {orders: [{id: o1, address: a, port: 80}, {id: o1, address: b, port: 80}]}}\n", "discovery.static.orders[1].id", "\"o1\" (expected: an instance id unique within the service; discovery.static.orders[0] has it too)"),
                arguments(BASE + "discovery: {static: {orders: [{id: o1, address: a, port: 80, health: sick}]}}\n", "discovery.static.orders[0].health", "\"sick\" (expected: passing, warning, critical or maintenance)"),
                arguments(BASE + "discovery: {static: {orders: [{id: o1, address: a, port: 80, weight: -1}]}}\n", "discovery.static.orders[0].weight", "-1 (expected: an integer >= 0)"),
                arguments(BASE + "discovery: {static: {orders: [{id: o1, address: a, port: 80, tags: version=v2}]}}\n", "discovery.static.orders[0].tags", "\"version=v2\" (expected: a list of tags such as [version=v2])"),
                arguments(BASE + "discovery: {static: {orders: [{id: o1, address: a, port: 80, meta: {weight: 10}}]}}\n", "discovery.static.orders[0].meta.weight", "10 (expected: a string value; quote it: \"10\")"),
                arguments(BASE + "discovery: {static: {orders: [{id: o1, address: a, port: 80, tag: []}]}}\n", "discovery.static.orders[0].tag", "did you mean \"tags\"?"),
                // chain
                arguments(BASE + "chain: [{id: recover}]\n", "chain[0].type", "missing (expected: a middleware type such as recover or timeout)"),
                arguments(BASE + "chain: [{type: recover}]\n", "chain[0].id", "missing (expected: an entry id"),
                arguments(BASE + "chain: [{id: \"a b\", type: recover}]\n", "chain[0].id", "\"a b\" (expected: an entry id of 1-63 letters"),
                arguments(BASE + "chain: [{id: r, type: recover}, {id: r, type: timeout}]\n", "chain[1].id", "\"r\" (expected: a unique entry id; chain[0] has it too)"),
                arguments(BASE + "chain: [{id: recover, type: recover}, {id: log, type: access-log, after: [recovr]}]\n", "chain[1].after[0]", "\"recovr\" (expected: an entry id in this chain: recover, log; did you mean \"recover\"?)"),
                arguments(BASE + "chain: [{id: recover, type: recover, before: [recover]}]\n", "chain[0].before[0]", "\"recover\" (expected: the id of another entry, not this one)"),
                arguments(BASE + "chain: [{id: auth, type: recover, after: [rate]}, {id: rate, type: timeout, after: [auth]}]\n", "chain", "ordering cycle auth → rate → auth (expected: after/before constraints that can all hold together)"),
                arguments(BASE + "chain: [{id: recover, type: recover, config: x}]\n", "chain[0].config", "\"x\" (expected: an object of type-specific settings)"),
                arguments(BASE + "chain: [{id: recover, type: recover, enabled: \"no\"}]\n", "chain[0].enabled", "\"no\" (expected: true or false)"),
                arguments(BASE + "chain: {recover: {}}\n", "chain", "an object (expected: a list of middleware entries"),
                // mode and sidecar
                arguments(BASE + "mode: proxy\n", "mode", "\"proxy\" (expected: edge or sidecar)"),
                arguments(BASE + "sidecar: {}\n", "sidecar", "only read in sidecar mode (expected: mode: sidecar next to it"),
                arguments(BASE + "mode: edge\nsidecar: {routeBy: [host]}\n", "sidecar", "only read in sidecar mode"),
                arguments(BASE + "mode: sidecar\nsidecar: {routeBy: [header]}\n", "sidecar.routeBy[0]", "\"header\" (expected: host or path)"),
                arguments(BASE + "mode: sidecar\nsidecar: {routeBy: [host, host]}\n", "sidecar.routeBy[1]", "\"host\" (expected: each value once)"),
                arguments(BASE + "mode: sidecar\nsidecar: {routeBy: []}\n", "sidecar.routeBy", "[] (expected: host, path or both"),
                arguments(BASE + "mode: sidecar\nsidecar: {hostSuffixes: [service.consul]}\n", "sidecar.hostSuffixes[0]", "\"service.consul\" (expected: a host suffix starting with '.'"),
                arguments(BASE + "mode: sidecar\nsidecar: {services: [\"a/b\"]}\n", "sidecar.services[0]", "\"a/b\" (expected: a service name without '/' or spaces)"),
                arguments(BASE + "mode: sidecar\nsidecar: {trustLoopbak: true}\n", "sidecar.trustLoopbak", "did you mean \"trustLoopback\"?"),
                arguments(BASE + "mode: sidecar\nroutes: [{pathPrefix: /api, service: api}, {service: web}]\n", "routes[1]", "a route without host or pathPrefix matches every request (expected: in sidecar mode"),
                // environment substitution
                arguments(BASE + "scope: {datacenter: \"${UNSET_DC}\"}\n", "scope.datacenter", "${UNSET_DC} is not set (expected: environment variable UNSET_DC, or a default: ${UNSET_DC:-value})"),
                arguments(BASE + "trust: {keys: [{id: k1, secret: \"${UNSET_KEY}\"}]}\n", "trust.keys[0].secret", "${UNSET_KEY} is not set"),
                arguments(BASE + "scope: {datacenter: \"${SET\"}\n", "scope.datacenter", "unterminated ${ at character 1 (expected: ${NAME} or ${NAME:-default}; $${ for a literal ${)"),
                arguments(BASE + "scope: {datacenter: \"${1X}\"}\n", "scope.datacenter", "\"${1X}\" (expected: ${NAME} or ${NAME:-default}, NAME being letters, digits and '_', not starting with a digit)"),
                arguments(BASE + "scope: {datacenter: \"${A:-${B}}\"}\n", "scope.datacenter", "(expected: a literal default; defaults are not substituted)"),
                // YAML features
                arguments(BASE + "scope: {datacenter: *nowhere}\n", "scope.datacenter", "*nowhere (expected: an alias of an anchor defined above)"),
                arguments(BASE + "scope: {<<: dc1}\n", "scope[\"<<\"]", "\"dc1\" (expected: an alias of an object, or a list of them)"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("mistakes")
    void eachMistakeIsReportedOnceWithItsPathAndWhatWasExpected(String yaml, String path, String fragment) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse(yaml, Format.YAML, "t.yaml"));

        assertThat(e).as("loading should fail:\n" + yaml).isNotNull();
        List<ConfigError> errors = e.errors();
        assertThat(errors).as("errors for\n" + yaml).hasSize(1);
        assertThat(errors.get(0).path()).isEqualTo(path);
        assertThat(errors.get(0).message()).contains(fragment);
        assertThat(errors.get(0).source()).isEqualTo("t.yaml");
    }
}
