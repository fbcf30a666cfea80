/** Lockstep's internals: not part of the API, not exported by the module. */
@NullMarked
package dev.lockstep.internal;

import org.jspecify.annotations.NullMarked;
