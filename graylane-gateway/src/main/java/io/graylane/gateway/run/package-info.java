/**
 * Running a gateway: where its engine comes from and how a change reaches it. An
 * {@link io.graylane.gateway.run.EngineSource} delivers the first {@link io.graylane.gateway.run.EngineSnapshot}
 * and every later accepted one; {@link io.graylane.gateway.run.FileConfigSource} follows a config file
 * (polling and SIGHUP, see {@link io.graylane.gateway.run.HangupSignal});
 * {@link io.graylane.gateway.run.ConsulEngineSource} follows a config file or a Consul KV key and, when
 * the config asks, the instances from Consul discovery, with a last-known-good state for starts during a
 * Consul outage.
 */
package io.graylane.gateway.run;
