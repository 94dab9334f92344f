/**
 * The middleware SPI and the chain runtime. A {@link io.graylane.core.chain.Middleware} is a
 * function of the next {@link io.graylane.core.chain.Handler}; a
 * {@link io.graylane.core.chain.MiddlewareFactory} builds one from a configured entry once per
 * snapshot; a {@link io.graylane.core.chain.Chain} composes them once and enforces the contract on
 * every request. Adapters (gateway, servlet filter) implement {@link io.graylane.core.chain.Exchange}
 * over their own request type. See {@code docs/middleware-spi.md}.
 */
package io.graylane.core.chain;
