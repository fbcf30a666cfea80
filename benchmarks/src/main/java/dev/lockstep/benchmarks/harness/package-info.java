/**
 * What every benchmark section uses: the plan of a run, the migration sets, pools and checks, medians and Markdown
 * tables, the machine's description, the replicas' class path and the charts.
 */
@NullMarked
package dev.lockstep.benchmarks.harness;

import org.jspecify.annotations.NullMarked;
