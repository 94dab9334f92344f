package io.graylane.consul;

import java.time.Instant;
import java.util.List;

/**
 * Why a configuration document did not go live. Immutable.
 *
 * @param version the refused document's version
 * @param errors  the problems, one per line, each naming its config path (or the listener's reason)
 * @param at      when it was refused
 */
public record ConfigRejection(ConfigVersion version, List<String> errors, Instant at) {

    public ConfigRejection {
        errors = List.copyOf(errors);
    }
}
