package io.graylane.gateway.run;

import io.graylane.config.ConfigError;

import java.util.List;
import java.util.Objects;

/**
 * What one look at a configuration source found. Whatever it found, {@link #serving()} is the
 * snapshot serving afterwards. Immutable.
 */
public sealed interface ReloadOutcome {

    /** The snapshot serving after this look. */
    EngineSnapshot serving();

    /**
     * A new, valid configuration: its engine now serves.
     *
     * @param previous the snapshot it replaced
     * @param serving  the new snapshot
     */
    record Applied(EngineSnapshot previous, EngineSnapshot serving) implements ReloadOutcome {
        public Applied {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(serving, "serving");
        }
    }

    /**
     * A changed configuration that could not be read or is invalid: the previous snapshot keeps serving.
     *
     * @param serving the snapshot still serving
     * @param version the refused text's version, or {@code null} when it could not be read
     * @param errors  every problem, each naming its file and config path
     */
    record Rejected(EngineSnapshot serving, String version, List<ConfigError> errors) implements ReloadOutcome {
        public Rejected {
            Objects.requireNonNull(serving, "serving");
            errors = List.copyOf(errors);
        }
    }

    /**
     * The same text as the one serving (or as the one last refused): nothing to do.
     *
     * @param serving the snapshot still serving
     */
    record Unchanged(EngineSnapshot serving) implements ReloadOutcome {
        public Unchanged {
            Objects.requireNonNull(serving, "serving");
        }
    }
}
