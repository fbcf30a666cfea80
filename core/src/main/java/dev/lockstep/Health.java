package dev.lockstep;

/** How a {@link SchemaState} maps onto a health check, the same in every adapter. */
public enum Health {
    /** Ready and alive: the schema is where this application needs it. */
    UP,
    /** Not ready for traffic yet (readiness), but alive. */
    OUT_OF_SERVICE,
    /** The schema cannot serve this application (a failed migration, a checksum mismatch, an unreachable database). */
    DOWN
}
