/**
 * Plugins: jars in a directory that declare {@link io.graylane.core.chain.MiddlewareFactory}s through
 * {@link java.util.ServiceLoader}. {@link io.graylane.core.plugin.PluginDirectory} loads each jar
 * version in its own class loader that sees only the plugin API, and hands out
 * {@link io.graylane.core.plugin.PluginSet}s to build chains from; a chain holds its set until it is
 * drained and closed, so a replaced version's loader closes and becomes collectable. See
 * {@code docs/plugins.md}.
 */
package io.graylane.core.plugin;
