/**
 * The gateway's proxy data path: {@link io.graylane.gateway.proxy.GatewayServer} serves HTTP/1.1 on
 * Netty, decides every request with a {@link io.graylane.core.engine.LaneEngine} and streams it to the
 * chosen upstream instance. Everything in {@code io.graylane.gateway.proxy.internal} is not API.
 * See {@code docs/gateway.md}.
 */
package io.graylane.gateway.proxy;
