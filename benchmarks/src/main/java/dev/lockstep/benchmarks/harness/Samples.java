package dev.lockstep.benchmarks.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Durations in nanoseconds, summarised as median, p90 and max (nearest-rank percentiles). */
public final class Samples {
    private final List<Long> nanos = new ArrayList<>();

    public void add(long value) {
        nanos.add(value);
    }

    public int size() {
        return nanos.size();
    }

    public long median() {
        return percentile(50);
    }

    public long p90() {
        return percentile(90);
    }

    public long max() {
        return sorted()[nanos.size() - 1];
    }

    public long percentile(int p) {
        long[] values = sorted();
        int rank = (int) Math.ceil(p / 100.0 * values.length);
        return values[Math.max(0, rank - 1)];
    }

    private long[] sorted() {
        if (nanos.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(values);
        return values;
    }

    /** Milliseconds with a precision that suits the magnitude: 0.412 ms, 41.2 ms, 412 ms, 4 120 ms. */
    public static String ms(long nanos) {
        double ms = nanos / 1_000_000.0;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.3f ms", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    public static String ratio(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f×", value) : String.format(Locale.ROOT, "%.2f×", value);
    }
}
