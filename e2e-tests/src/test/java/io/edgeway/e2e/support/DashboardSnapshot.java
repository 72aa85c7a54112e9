package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A picture of one Grafana dashboard of observability/ drawn from a real Prometheus, for docs/: each panel where its
 * gridPos puts it, its queries run over a time range with Prometheus's {@code query_range} (time series as lines,
 * stats as the last value, tables as the instant result), written as plain HTML and SVG and photographed by headless
 * chromium. Labelled on the image as not Grafana: Grafana is in none of the package sources this project may use.
 */
public final class DashboardSnapshot {

    private static final Pattern LEGEND = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

    private static final String[] COLOURS = { "#73bf69", "#f2cc0c", "#5794f2", "#ff780a", "#f2495c", "#b877d9",
        "#8ab8ff", "#ffb357", "#96d98d", "#ca95e5" };

    private static final int WIDTH = 1500;

    private static final int ROW = 34;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardSnapshot() {
    }

    /** Renders {@code dashboard} from {@code prometheus} over [from, to] into {@code png}, the page into {@code work}. */
    public static void render(Path dashboard, PrometheusServer prometheus, Instant from, Instant to, Path png,
            Path work) {
        JsonNode board = DashboardQueries.read(dashboard);
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        DashboardQueries.of(dashboard, "30s").forEach(q -> queries.put(q.panel(), q.expr()));
        StringBuilder html = new StringBuilder();
        int bottom = 0;
        html.append("<!doctype html><html><head><meta charset='utf-8'><style>")
                .append("body{margin:0;background:#111217;color:#ccccdc;font:13px sans-serif}")
                .append(".head{padding:10px 16px;font-size:18px}.note{font-size:12px;color:#f2cc0c}")
                .append(".p{position:absolute;background:#181b1f;border:1px solid #2c3235;box-sizing:border-box;")
                .append("padding:6px 8px;overflow:hidden}.t{font-weight:bold;margin-bottom:4px}")
                .append(".stat{font-size:34px;color:#73bf69;margin-top:8px}.lg{font-size:11px}")
                .append("table{font-size:11px;border-collapse:collapse}td{padding:1px 6px;border-bottom:1px solid #2c3235}")
                .append("</style></head><body><div class='head'>").append(escape(board.get("title").asString()))
                .append(" <span class='note'>(rendered by ObservabilityIT from a real Prometheus, ")
                .append(from).append(" to ").append(to)
                .append("; not Grafana, which no package source here offers)</span></div>");
        for (JsonNode panel : board.get("panels")) {
            JsonNode grid = panel.get("gridPos");
            int x = grid.get("x").asInt() * WIDTH / 24;
            int y = 44 + grid.get("y").asInt() * ROW;
            int w = grid.get("w").asInt() * WIDTH / 24 - 6;
            int h = grid.get("h").asInt() * ROW - 6;
            bottom = Math.max(bottom, y + h);
            html.append("<div class='p' style='left:").append(x + 3).append("px;top:").append(y).append("px;width:")
                    .append(w).append("px;height:").append(h).append("px'><div class='t'>")
                    .append(escape(panel.get("title").asString())).append("</div>");
            String type = panel.get("type").asString();
            String unit = panel.path("fieldConfig").path("defaults").path("unit").asString("short");
            List<Series> series = new ArrayList<>();
            for (JsonNode target : panel.get("targets")) {
                String expr = queries.get(panel.get("title").asString() + " [" + target.get("refId").asString() + "]");
                String legend = target.path("legendFormat").asString("");
                JsonNode result = "timeseries".equals(type) ? range(prometheus, expr, from, to)
                        : instant(prometheus, expr, to);
                for (JsonNode s : result) {
                    series.add(new Series(legend(legend, s.get("metric")), s.get("metric"),
                            s.has("values") ? s.get("values") : JSON.createArrayNode().add(s.get("value"))));
                }
            }
            switch (type) {
                case "timeseries" -> html.append(chart(series, w - 16, h - 90, from, to, unit));
                case "stat" -> html.append(stat(series, unit));
                default -> html.append(table(series, unit));
            }
            html.append("</div>");
        }
        html.append("</body></html>");
        try {
            Files.createDirectories(png.getParent());
            Path page = Files.createDirectories(work).resolve(png.getFileName().toString().replace(".png", ".html"));
            Files.writeString(page, html);
            screenshot(page, png, bottom + 10, work.resolve("chromium.log"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private record Series(String name, JsonNode labels, JsonNode points) {
    }

    private static JsonNode range(PrometheusServer prometheus, String expr, Instant from, Instant to) {
        long step = Math.max(1, (to.getEpochSecond() - from.getEpochSecond()) / 200);
        return api(prometheus, "/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                + "&start=" + from.getEpochSecond() + "&end=" + to.getEpochSecond() + "&step=" + step);
    }

    private static JsonNode instant(PrometheusServer prometheus, String expr, Instant at) {
        return api(prometheus, "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&time="
                + at.getEpochSecond());
    }

    private static JsonNode api(PrometheusServer prometheus, String pathAndQuery) {
        Http.Response response = Http.get(prometheus.url(pathAndQuery));
        if (response.status() != 200) {
            throw new IllegalStateException(pathAndQuery + " -> " + response.status() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("data").get("result");
    }

    private static String chart(List<Series> series, int w, int h, Instant from, Instant to, String unit) {
        double max = 0;
        for (Series s : series) {
            for (JsonNode p : s.points()) {
                double v = value(p);
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = max == 0 ? 1 : max * 1.1;
        long t0 = from.getEpochSecond();
        double span = Math.max(1, to.getEpochSecond() - t0);
        StringBuilder svg = new StringBuilder("<svg width='" + w + "' height='" + h + "'>");
        for (int i = 0; i <= 4; i++) {
            int gy = h - 14 - i * (h - 20) / 4;
            svg.append("<line x1='60' x2='").append(w).append("' y1='").append(gy).append("' y2='").append(gy)
                    .append("' stroke='#2c3235'/><text x='0' y='").append(gy + 4).append("' fill='#8e8e8e' font-size='10'>")
                    .append(format(max * i / 4, unit)).append("</text>");
        }
        StringBuilder legend = new StringBuilder("<div class='lg'>");
        for (int i = 0; i < series.size(); i++) {
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder line = new StringBuilder();
            for (JsonNode p : series.get(i).points()) {
                double v = value(p);
                if (!Double.isFinite(v)) {
                    continue;
                }
                double px = 60 + (p.get(0).asDouble() - t0) / span * (w - 62);
                double py = h - 14 - v / max * (h - 20);
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            svg.append("<polyline fill='none' stroke-width='1.5' stroke='").append(colour).append("' points='")
                    .append(line).append("'/>");
            legend.append("<span style='color:").append(colour).append("'>&#9632;</span> ")
                    .append(escape(series.get(i).name())).append(" &nbsp; ");
        }
        svg.append("<text x='60' y='").append(h).append("' fill='#8e8e8e' font-size='10'>").append(from)
                .append("</text><text x='").append(w - 150).append("' y='").append(h)
                .append("' fill='#8e8e8e' font-size='10'>").append(to).append("</text></svg>");
        return svg + (series.isEmpty() ? "<div>No data</div>" : legend + "</div>");
    }

    private static String stat(List<Series> series, String unit) {
        StringBuilder out = new StringBuilder();
        for (Series s : series) {
            out.append("<div class='stat'>").append(format(value(s.points().get(s.points().size() - 1)), unit))
                    .append("</div><div class='lg'>").append(escape(s.name())).append("</div>");
        }
        return series.isEmpty() ? "<div>No data</div>" : out.toString();
    }

    private static String table(List<Series> series, String unit) {
        StringBuilder out = new StringBuilder("<table>");
        for (Series s : series) {
            StringBuilder labels = new StringBuilder();
            s.labels().properties().forEach(e -> {
                if (!e.getKey().equals("__name__")) {
                    labels.append(e.getKey()).append("=").append(e.getValue().asString()).append(" ");
                }
            });
            out.append("<tr><td>").append(escape(labels.toString())).append("</td><td>")
                    .append(format(value(s.points().get(0)), unit)).append("</td></tr>");
        }
        return series.isEmpty() ? "<div>No data</div>" : out + "</table>";
    }

    private static double value(JsonNode point) {
        String text = point.get(1).asString();
        return "NaN".equals(text) ? Double.NaN : Double.parseDouble(text);
    }

    private static String format(double v, String unit) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return switch (unit) {
            case "percentunit" -> String.format(Locale.ROOT, "%.1f %%", v * 100);
            case "percent" -> String.format(Locale.ROOT, "%.1f %%", v);
            case "s" -> v < 1 ? String.format(Locale.ROOT, "%.0f ms", v * 1000) : String.format(Locale.ROOT, "%.2f s", v);
            case "reqps" -> String.format(Locale.ROOT, "%.2f req/s", v);
            case "ops" -> String.format(Locale.ROOT, "%.2f /s", v);
            default -> v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
        };
    }

    private static String legend(String format, JsonNode labels) {
        if (format.isBlank()) {
            return labels.toString();
        }
        Matcher m = LEGEND.matcher(format);
        return m.replaceAll(r -> Matcher.quoteReplacement(labels.path(r.group(1)).asString("")));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void screenshot(Path page, Path png, int height, Path log) {
        List<String> command = List.of("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--window-size=" + WIDTH + "," + height, "--screenshot=" + png.toAbsolutePath(),
                page.toUri().toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("chromium did not finish the screenshot of " + page);
            }
            if (!Files.isRegularFile(png)) {
                throw new IllegalStateException("chromium wrote no " + png + "; see " + log);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
