package cohortbank.common.trace;

import java.util.Locale;

/**
 * The SVG shapes a {@link SpaceTimeSvg} is drawn with, appended to one document. Every shape
 * carries a {@code class} (space-separated words, such as {@code transfer undone}) naming what
 * it shows, so that a picture can be checked by program as well as by eye. Not thread-safe.
 */
final class SvgCanvas {

    static final String FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

    private final StringBuilder out = new StringBuilder();

    void raw(String text) {
        out.append(text);
    }

    void open(int width, int height) {
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"%s\" font-size=\"12\">%n", width, height, width, height, FONT));
    }

    String close() {
        out.append("</svg>\n");
        return out.toString();
    }

    /** An arrowhead marker {@code id} in {@code color}; {@code size} is its width in stroke widths. */
    void marker(String id, String color, int size) {
        out.append(String.format(Locale.ROOT, "<marker id=\"%s\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
                + "markerWidth=\"%d\" markerHeight=\"%d\" orient=\"auto-start-reverse\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>%n", id, size, size, color));
    }

    void group(String cls, String attributes) {
        out.append("<g class=\"").append(cls).append('"').append(attributes.isEmpty() ? "" : " " + attributes).append(">\n");
    }

    void endGroup() {
        out.append("</g>\n");
    }

    void rect(String cls, int x, int y, int w, int h, String fill, String stroke, double strokeWidth, String dash) {
        out.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"%s\" "
                + "fill=\"%s\"%s%s/>%n", cls, x, y, w, h, h >= 20 ? "5" : "0", fill,
                stroke == null ? "" : String.format(Locale.ROOT, " stroke=\"%s\" stroke-width=\"%.1f\"", stroke, strokeWidth),
                dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
    }

    /** A checkpoint's box: {@code tentative} (dashed orange), {@code permanent} (green) or else aborted (grey, crossed). */
    void checkpointBox(int cx, int cy, String kind, String cls) {
        switch (kind) {
            case "tentative" -> rect(cls, cx - 8, cy - 8, 16, 16, "#fff3e0", SpaceTimeSvg.ORANGE, 2, "3,2");
            case "permanent" -> rect(cls, cx - 8, cy - 8, 16, 16, SpaceTimeSvg.GREEN, "#1b5e20", 1.5, null);
            default -> {
                rect(cls, cx - 8, cy - 8, 16, 16, "#eeeeee", SpaceTimeSvg.GREY, 1.5, null);
                cross(cx, cy, 5, SpaceTimeSvg.GREY, cls);
            }
        }
    }

    void cross(int cx, int cy, int r, String color, String cls) {
        out.append(String.format(Locale.ROOT, "<path class=\"%s\" d=\"M%d,%d L%d,%d M%d,%d L%d,%d\" stroke=\"%s\" "
                + "stroke-width=\"3\" stroke-linecap=\"round\"/>%n", cls, cx - r, cy - r, cx + r, cy + r, cx - r, cy + r,
                cx + r, cy - r, color));
    }

    void ring(int cx, int cy, int r, String color, double width, String cls) {
        out.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"#ffffff\" "
                + "stroke=\"%s\" stroke-width=\"%.1f\"/>%n", cls, cx, cy, r, color, width));
    }

    void dot(int cx, int cy, int r, String color, String cls) {
        out.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\"/>%n",
                cls, cx, cy, r, color));
    }

    void line(int x1, int y1, int x2, int y2, String color, double width, String dash, String marker, String cls) {
        out.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"%s%s/>%n", cls, x1, y1, x2, y2, color, width,
                dash == null ? "" : " stroke-dasharray=\"" + dash + "\"",
                marker == null ? "" : " marker-end=\"url(#" + marker + ")\""));
    }

    void path(String d, String color, double width, String dash, String marker, String cls) {
        out.append(String.format(Locale.ROOT, "<path class=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s%s/>%n",
                cls, d, color, width, dash == null ? "" : " stroke-dasharray=\"" + dash + "\"",
                marker == null ? "" : " marker-end=\"url(#" + marker + ")\""));
    }

    /** Text with a white outline, readable over the lines it crosses; {@code struck} draws a line through it. */
    void haloText(int x, int y, String text, String color, String cls, String anchor, int size, boolean struck) {
        out.append(String.format(Locale.ROOT, "<text class=\"%s\" x=\"%d\" y=\"%d\" text-anchor=\"%s\" fill=\"%s\" "
                + "font-size=\"%d\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\" stroke-linejoin=\"round\"%s>"
                + "%s</text>%n", cls, x, y, anchor, color, size, struck ? " text-decoration=\"line-through\"" : "",
                escape(text)));
    }

    void text(int x, int y, String text, String weight, int size, String color, String anchor, String cls) {
        out.append(String.format(Locale.ROOT, "<text%s x=\"%d\" y=\"%d\" font-weight=\"%s\" font-size=\"%d\" fill=\"%s\" "
                + "text-anchor=\"%s\">%s</text>%n", cls == null ? "" : " class=\"" + cls + "\"", x, y, weight, size,
                color, anchor, escape(text)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
