package io.graylane.gateway.run;

/**
 * Reload attempts a configuration source decided by itself, counted since it started: changes it
 * refused (unreadable, invalid, or refused when swapped in: the old configuration keeps serving) and
 * looks that found the text serving already. Applied changes are counted where they are served.
 * Immutable.
 *
 * @param rejected  changes that did not go live
 * @param unchanged looks (a forced reload, a file touched without a change, a Consul read of the same
 *                  document) that found nothing new
 */
public record SourceReloads(long rejected, long unchanged) {

    /** Nothing counted (yet). */
    public static final SourceReloads NONE = new SourceReloads(0, 0);
}
