/**
 * Running a gateway: where its engine comes from and how a change reaches it. An
 * {@link io.graylane.gateway.run.EngineSource} delivers the first {@link io.graylane.gateway.run.EngineSnapshot}
 * and every later accepted one; {@link io.graylane.gateway.run.FileConfigSource} follows a config file
 * (polling and SIGHUP, see {@link io.graylane.gateway.run.HangupSignal}). A Consul-backed source
 * (KV config plus discovery) plugs in behind the same interface.
 */
package io.graylane.gateway.run;
