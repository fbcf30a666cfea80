package dev.lockstep;

/** How a {@link SchemaState} maps onto a health check, the same in every adapter. */
public enum Health {
    UP,
    /** Not ready for traffic yet (readiness), but alive. */
    OUT_OF_SERVICE,
    DOWN
}
