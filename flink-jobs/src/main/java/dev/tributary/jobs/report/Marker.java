package dev.tributary.jobs.report;

import java.util.List;
import java.util.Map;

/**
 * The marker of each kind of decision: a shape and a colour, so kinds stay apart in grey print and
 * for colour-blind readers too. Kinds this report does not know get a plain grey dot.
 */
enum Marker {
    DRIFT("#d62728", Shape.TRIANGLE_UP),
    RETRAIN("#3366cc", Shape.CIRCLE),
    CANARY("#ff7f0e", Shape.SQUARE),
    PROMOTE("#2ca02c", Shape.STAR),
    ROLLBACK("#9467bd", Shape.TRIANGLE_DOWN),
    PAUSE("#7f7f7f", Shape.BARS),
    RESUME("#17becf", Shape.TRIANGLE_RIGHT),
    REJECT("#333333", Shape.CROSS),
    PUBLISH("#8c564b", Shape.TICK),
    OTHER("#aaaaaa", Shape.CIRCLE);

    private static final Map<String, Marker> BY_KIND =
            Map.of(
                    "DRIFT", DRIFT,
                    "RETRAIN", RETRAIN,
                    "CANARY", CANARY,
                    "PROMOTE", PROMOTE,
                    "ROLLBACK", ROLLBACK,
                    "PAUSE", PAUSE,
                    "RESUME", RESUME,
                    "REJECT", REJECT,
                    "PUBLISH", PUBLISH);

    /** The known kinds in the order their lanes are drawn, the story's order. */
    static final List<String> KIND_ORDER =
            List.of(
                    "DRIFT",
                    "RETRAIN",
                    "CANARY",
                    "PROMOTE",
                    "ROLLBACK",
                    "PAUSE",
                    "RESUME",
                    "REJECT",
                    "PUBLISH");

    private final String colour;
    private final Shape shape;

    Marker(String colour, Shape shape) {
        this.colour = colour;
        this.shape = shape;
    }

    static Marker of(String kind) {
        return BY_KIND.getOrDefault(kind, OTHER);
    }

    String colour() {
        return colour;
    }

    /**
     * Draws the marker centred on {@code (x, y)}, {@code r} pixels from centre to edge.
     *
     * @param attributes more attributes for the element (class, data-*)
     */
    void draw(Svg svg, double x, double y, double r, String tooltip, String... attributes) {
        String[] all = new String[attributes.length + 6];
        System.arraycopy(attributes, 0, all, 0, attributes.length);
        all[attributes.length] = "d";
        all[attributes.length + 1] = shape.path(x, y, r);
        all[attributes.length + 2] = shape.filled ? "fill" : "stroke";
        all[attributes.length + 3] = colour;
        all[attributes.length + 4] = shape.filled ? "stroke" : "fill";
        all[attributes.length + 5] = shape.filled ? "#ffffff" : "none";
        if (tooltip == null) {
            svg.add("path", all);
        } else {
            svg.addTitled("path", tooltip, all);
        }
    }

    /** Marker outlines as SVG path data. */
    enum Shape {
        TRIANGLE_UP(true),
        TRIANGLE_DOWN(true),
        TRIANGLE_RIGHT(true),
        CIRCLE(true),
        SQUARE(true),
        STAR(true),
        BARS(true),
        CROSS(false),
        TICK(false);

        private final boolean filled;

        Shape(boolean filled) {
            this.filled = filled;
        }

        String path(double x, double y, double r) {
            return switch (this) {
                case TRIANGLE_UP -> polygon(x, y - r, x + r, y + r * 0.8, x - r, y + r * 0.8);
                case TRIANGLE_DOWN -> polygon(x, y + r, x + r, y - r * 0.8, x - r, y - r * 0.8);
                case TRIANGLE_RIGHT -> polygon(x + r, y, x - r * 0.8, y + r, x - r * 0.8, y - r);
                case CIRCLE ->
                        "M"
                                + p(x - r, y)
                                + "A"
                                + p(r, r)
                                + " 0 1 0 "
                                + p(x + r, y)
                                + "A"
                                + p(r, r)
                                + " 0 1 0 "
                                + p(x - r, y)
                                + "Z";
                case SQUARE ->
                        polygon(
                                x - r * 0.85,
                                y - r * 0.85,
                                x + r * 0.85,
                                y - r * 0.85,
                                x + r * 0.85,
                                y + r * 0.85,
                                x - r * 0.85,
                                y + r * 0.85);
                case STAR -> star(x, y, r * 1.3);
                case BARS ->
                        polygon(x - r, y - r, x - r * 0.2, y - r, x - r * 0.2, y + r, x - r, y + r)
                                + polygon(
                                        x + r * 0.2,
                                        y - r,
                                        x + r,
                                        y - r,
                                        x + r,
                                        y + r,
                                        x + r * 0.2,
                                        y + r);
                case CROSS ->
                        "M"
                                + p(x - r, y - r)
                                + "L"
                                + p(x + r, y + r)
                                + "M"
                                + p(x + r, y - r)
                                + "L"
                                + p(x - r, y + r);
                case TICK -> "M" + p(x, y - r) + "L" + p(x, y + r);
            };
        }

        private static String star(double x, double y, double r) {
            double[] points = new double[20];
            for (int i = 0; i < 10; i++) {
                double radius = i % 2 == 0 ? r : r * 0.45;
                double angle = Math.PI / 5 * i - Math.PI / 2;
                points[2 * i] = x + radius * StrictMath.cos(angle);
                points[2 * i + 1] = y + radius * StrictMath.sin(angle);
            }
            return polygon(points);
        }

        private static String polygon(double... xy) {
            StringBuilder d = new StringBuilder("M").append(p(xy[0], xy[1]));
            for (int i = 2; i < xy.length; i += 2) {
                d.append('L').append(p(xy[i], xy[i + 1]));
            }
            return d.append('Z').toString();
        }

        private static String p(double x, double y) {
            return Svg.at(x) + " " + Svg.at(y);
        }
    }
}
