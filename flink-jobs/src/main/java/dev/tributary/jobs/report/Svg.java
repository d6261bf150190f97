package dev.tributary.jobs.report;

/**
 * Writes one inline SVG element as text. Every attribute value and every text goes through {@link
 * Markup#escape}, so callers cannot forget to; numbers go through {@link Markup#coordinate}, so the
 * output is the same bytes on every machine.
 */
final class Svg {

    static final String NAMESPACE = "http://www.w3.org/2000/svg";

    private final String id;
    private final String label;
    private final int width;
    private final StringBuilder body = new StringBuilder();

    /**
     * @param id the element id, also the plot's name in tests and links
     * @param label what the picture shows, for screen readers
     * @param width the width in pixels; the height is known once everything is drawn
     */
    Svg(String id, String label, int width) {
        this.id = id;
        this.label = label;
        this.width = width;
    }

    /** An element without content: {@code <tag a="v" .../>}. */
    Svg add(String tag, String... attributes) {
        startTag(tag, attributes);
        body.append("/>\n");
        return this;
    }

    /** A path whose look the style sheet gives by its class: grid lines, frames, lanes. */
    Svg path(String cssClass, String d) {
        return add("path", "class", cssClass, "d", d);
    }

    /** An element with a tooltip: {@code <tag ...><title>tooltip</title></tag>}. */
    Svg addTitled(String tag, String tooltip, String... attributes) {
        startTag(tag, attributes);
        body.append("><title>")
                .append(Markup.escape(tooltip))
                .append("</title></")
                .append(tag)
                .append(">\n");
        return this;
    }

    /** Opens an element, e.g. a group; {@link #close} ends it. */
    Svg open(String tag, String... attributes) {
        startTag(tag, attributes);
        body.append(">\n");
        return this;
    }

    Svg close(String tag) {
        body.append("</").append(tag).append(">\n");
        return this;
    }

    /** A text at {@code (x, y)}, with a CSS class and an anchor ({@code start}, {@code end}...). */
    Svg text(double x, double y, String cssClass, String anchor, String text) {
        body.append("<text x=\"")
                .append(Markup.coordinate(x))
                .append("\" y=\"")
                .append(Markup.coordinate(y))
                .append("\" class=\"")
                .append(Markup.escape(cssClass))
                .append('"');
        if (!anchor.equals("start")) {
            body.append(" text-anchor=\"").append(Markup.escape(anchor)).append('"');
        }
        body.append('>').append(Markup.escape(text)).append("</text>\n");
        return this;
    }

    /** The whole element, {@code height} pixels high. */
    String render(int height) {
        return "<svg xmlns=\""
                + NAMESPACE
                + "\" id=\""
                + Markup.escape(id)
                + "\" class=\"plot\" width=\""
                + width
                + "\" height=\""
                + height
                + "\" viewBox=\"0 0 "
                + width
                + " "
                + height
                + "\" role=\"img\" aria-label=\""
                + Markup.escape(label)
                + "\">\n"
                + body
                + "</svg>\n";
    }

    private void startTag(String tag, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "attributes come in name/value pairs, got " + attributes.length + " strings");
        }
        body.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            body.append(' ')
                    .append(attributes[i])
                    .append("=\"")
                    .append(Markup.escape(attributes[i + 1]))
                    .append('"');
        }
    }

    /** Shorthand for a coordinate attribute value. */
    static String at(double value) {
        return Markup.coordinate(value);
    }
}
