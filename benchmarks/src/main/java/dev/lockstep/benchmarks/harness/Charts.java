package dev.lockstep.benchmarks.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The pictures of a run, drawn with JFreeChart into PNG files (headless: no display needed). Each chart states in its
 * subtitle what was measured and when, so that a PNG read on its own is not mistaken for another run.
 */
public final class Charts {
    private static final int WIDTH = 1000;
    private static final Color FLYWAY = new Color(0xD9, 0x5F, 0x02);
    private static final Color LOCKSTEP = new Color(0x1B, 0x6A, 0xC9);
    private static final Color SHADE = new Color(0xEE, 0xEE, 0xEE);
    private static final Font MARKER_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private Charts() {}

    /** Points of one line or scatter, in the axes' units. */
    public record Series(String name, double[] x, double[] y) {}

    /** A shaded stretch of the time axis with its label, such as "long transaction open". */
    public record Span(String label, double from, double to) {}

    /**
     * Read latency over time, one panel per tool stacked on a shared time axis, latency on a log scale; {@code span}
     * is shaded in each panel. Each read is a dot at the time it started: a read that waited shows as one high dot
     * followed by a gap as long as its wait.
     */
    public static Path readLatency(Path file, String title, String subtitle, Series flyway, Series lockstep,
            Span span) {
        NumberAxis time = new NumberAxis("seconds since the migration started");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        double top = Math.max(max(flyway.y()), max(lockstep.y())) * 3;
        for (Series series : List.of(flyway, lockstep)) {
            LogAxis latency = new LogAxis(series.name().split("[,(]")[0].strip() + ": read latency (ms)");
            latency.setLabelFont(MARKER_FONT);
            latency.setSmallestValue(0.001);
            latency.setRange(0.02, Math.max(top, 100));
            latency.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
            latency.setNumberFormatOverride(
                    new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
            dots.setSeriesShape(0, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
            dots.setSeriesPaint(0, series == flyway ? FLYWAY : LOCKSTEP);
            XYPlot panel = new XYPlot(collection(series), null, latency, dots);
            IntervalMarker shade = new IntervalMarker(span.from(), span.to(), SHADE);
            shade.setLabel(span.label());
            shade.setLabelFont(MARKER_FONT);
            shade.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            shade.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            panel.addDomainMarker(shade, Layer.BACKGROUND);
            panel.setBackgroundPaint(Color.WHITE);
            panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
            plot.add(panel);
        }
        return save(file, chart(title, subtitle, plot), 620);
    }

    /** How many instances were ready over time: one step line per tool, rising by one as each became ready. */
    public static Path readiness(Path file, String title, String subtitle, List<Series> tools) {
        XYSeriesCollection data = new XYSeriesCollection();
        tools.forEach(series -> data.addSeries(xy(series)));
        XYStepRenderer steps = new XYStepRenderer();
        for (int i = 0; i < tools.size(); i++) {
            steps.setSeriesPaint(i, tools.get(i).name().startsWith("Lockstep") ? LOCKSTEP : FLYWAY);
            steps.setSeriesStroke(i, new BasicStroke(2.5f));
        }
        NumberAxis ready = new NumberAxis("instances ready");
        ready.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, new NumberAxis("seconds since the start"), ready, steps);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return save(file, chart(title, subtitle, plot), 480);
    }

    private static JFreeChart chart(String title, String subtitle, XYPlot plot) {
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static Path save(Path file, JFreeChart chart, int height) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, height);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart " + file, e);
        }
    }

    private static XYSeriesCollection collection(Series series) {
        return new XYSeriesCollection(xy(series));
    }

    private static XYSeries xy(Series series) {
        XYSeries xy = new XYSeries(series.name(), false, true);
        for (int i = 0; i < series.x().length; i++) {
            xy.add(series.x()[i], series.y()[i]);
        }
        return xy;
    }

    private static double max(double[] values) {
        double max = 0;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
