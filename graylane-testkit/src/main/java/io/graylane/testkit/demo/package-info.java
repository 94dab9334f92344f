/**
 * Demo upstreams: {@link io.graylane.testkit.demo.DemoUpstream}, one small HTTP server per service
 * instance that says which version served a request and which lane it received (calling its
 * downstream service through the gateway first, when it has one), and
 * {@link io.graylane.testkit.demo.DemoTopology}, the instances of {@code docs/examples/demo.yaml}.
 * For tests and the {@code graylane demo} command; never used on production code paths.
 */
package io.graylane.testkit.demo;
