package dev.tributary.jobs.report;

import static dev.tributary.jobs.report.TestingRunFolder.HOUR;
import static dev.tributary.jobs.report.TestingRunFolder.T0;
import static dev.tributary.jobs.report.TestingRunFolder.binary;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a browser draws it: headless Chromium takes a screenshot of a small run's report,
 * and the picture must show the plots, not just exist: the models' lines in their colours across
 * the width of the time axis, and the drift markers. Runs where {@code chromium} is on the PATH
 * (Debian: {@code apt-get install -y chromium}); skipped elsewhere.
 */
@EnabledIf("chromiumOnPath")
class ReportScreenshotITCase {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 1800;

    @TempDir Path temp;

    static boolean chromiumOnPath() {
        return chromium().isPresent();
    }

    private static Optional<Path> chromium() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void theScreenshotShowsTheModelsLinesAcrossTheTimeAxisAndTheDriftMarkers() throws Exception {
        // The models' colours appear only in the quality plots and their legends: no challenger is
        // served (the traffic plot is empty) and no slice is reported (no bars).
        TestingRunFolder run = new TestingRunFolder(temp.resolve("run"));
        for (int i = 0; i < 24; i++) {
            double wave = Math.sin(i / 3.0) * 0.05;
            run.progress(
                    1000L * (i + 1),
                    T0 + i * HOUR,
                    1_700_000_000_000L + i * (900L + 100L * (i % 3)),
                    binary("champion", i / 8, "CHAMPION", 0.55 + wave, 0.72 - wave),
                    binary("challenger", 0, "SHADOW", 0.60 - wave, 0.70 + wave));
        }
        run.decision("DRIFT", "champion", T0 + 6 * HOUR, Double.NaN)
                .decision("RETRAIN", "challenger", T0 + 6 * HOUR, 0.0)
                .decision("DRIFT", "champion", T0 + 12 * HOUR, Double.NaN)
                .decision("ROLLBACK", "challenger", T0 + 18 * HOUR, 0.0);
        Path dir = run.write();
        Path report = RunReport.write(dir);
        Palette palette = Palette.of(RunRecords.read(dir));

        BufferedImage shot = screenshot(report);

        assertThat(shot.getWidth()).isEqualTo(WIDTH);
        assertThat(shot.getHeight()).isEqualTo(HEIGHT);
        // Not blank, not one colour: text, grid, lines and markers in many shades.
        Set<Integer> colours = new HashSet<>();
        long ink = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    ink++;
                }
            }
        }
        assertThat(colours).hasSizeGreaterThan(100);
        assertThat(ink).isGreaterThan((long) WIDTH * HEIGHT / 100);

        // Each model's line runs across the time axis, not just through its legend swatch.
        for (String model : List.of("champion", "challenger")) {
            Span span = span(shot, palette.colour(model));
            assertThat(span.pixels()).as(model).isGreaterThan(500);
            assertThat(span.maxX() - span.minX()).as(model).isGreaterThan(600);
        }
        // The drift markers (red triangles) and the retrain (a blue dot) are drawn.
        assertThat(span(shot, Marker.DRIFT.colour()).pixels()).isGreaterThan(20);
        assertThat(span(shot, Marker.RETRAIN.colour()).pixels()).isGreaterThan(20);
    }

    private BufferedImage screenshot(Path report) throws Exception {
        Path png = temp.resolve("shot.png");
        Path log = temp.resolve("chromium.log");
        Process chromium =
                new ProcessBuilder(
                                chromium().orElseThrow().toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--hide-scrollbars",
                                "--no-first-run",
                                "--force-device-scale-factor=1",
                                "--user-data-dir=" + temp.resolve("profile"),
                                "--window-size=" + WIDTH + "," + HEIGHT,
                                "--screenshot=" + png,
                                report.toUri().toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        boolean done = chromium.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            chromium.destroyForcibly();
        }
        assertThat(done).as("chromium finished; its log:\n%s", Files.readString(log)).isTrue();
        assertThat(png).as(Files.readString(log)).exists();
        return ImageIO.read(png.toFile());
    }

    /** Where the pixels of about one colour lie: how many, and their leftmost and rightmost x. */
    private record Span(long pixels, int minX, int maxX) {}

    private static Span span(BufferedImage image, String hex) {
        int target = Integer.parseInt(hex.substring(1), 16);
        long pixels = 0;
        int minX = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (close(image.getRGB(x, y), target)) {
                    pixels++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
        }
        return new Span(pixels, minX, maxX);
    }

    /** Within a small distance per channel: anti-aliasing blends a line's edges, not its core. */
    private static boolean close(int rgb, int target) {
        int distance = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            distance += Math.abs(((rgb >> shift) & 0xff) - ((target >> shift) & 0xff));
        }
        return distance <= 40;
    }
}
