/** JSON text for views and manifests, through Jackson's streaming API. */
@NullMarked
package dev.lockstep.internal.json;

import org.jspecify.annotations.NullMarked;
