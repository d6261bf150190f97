package dev.tributary.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkupTest {

    @Test
    void theFiveMarkupCharactersAreEscaped() {
        assertThat(Markup.escape("<a href=\"x\">Tom & Jerry's</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    }

    @Test
    void whatXmlCannotCarryIsReplacedAndTheRestKept() {
        assertThat(Markup.escape("a\u0000b\u001fc\td\ne\rf")).isEqualTo("a\uFFFDb\uFFFDc\td\ne\rf");
        assertThat(Markup.escape("lone \ud800 high, lone \udc00 low, \uFFFE"))
                .isEqualTo("lone \uFFFD high, lone \uFFFD low, \uFFFD");
        assertThat(Markup.escape("plane \ud83d\ude80 and \u00e9\u4e2d"))
                .isEqualTo("plane \ud83d\ude80 and \u00e9\u4e2d");
    }

    @Test
    void coordinatesHaveOneDecimalAndNoNegativeZero() {
        assertThat(Markup.coordinate(2.0)).isEqualTo("2");
        assertThat(Markup.coordinate(2.04)).isEqualTo("2");
        assertThat(Markup.coordinate(2.06)).isEqualTo("2.1");
        assertThat(Markup.coordinate(-0.04)).isEqualTo("0");
        assertThat(Markup.coordinate(-3.25)).isEqualTo("-3.3");
        assertThat(Markup.coordinate(1234567.89)).isEqualTo("1234567.9");
    }

    @Test
    void countsAndMetricsReadTheSameEverywhere() {
        assertThat(Markup.count(1_000_000)).isEqualTo("1,000,000");
        assertThat(Markup.metric(0.123456)).isEqualTo("0.1235");
        assertThat(Markup.metric(Double.NaN)).isEqualTo("\u2013");
    }
}
