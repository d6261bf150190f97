package dev.tributary.trainer.testing;

import dev.tributary.core.model.FeatureVector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The first 60,000 flights of 2001 (test resource {@code flights-60k.csv.gz}), featurized the
 * simple way: "origin=XXX", "dest=YYY", "dow=N", "hour=N" and the cross "origin=XXX&dest=YYY"
 * hashed into {@code 2^18} buckets with value 1.0, dense = [log1p(distance)], label = delayed.
 */
public final class FlightsSample {

    public static final int HASH_BITS = 18;
    public static final List<String> DENSE_FEATURES = List.of("log1p_distance");
    public static final String RESOURCE = "/flights-60k.csv.gz";

    private FlightsSample() {}

    /** All rows of the sample, in file (time) order. */
    public static List<LabelledVector> load() {
        try (InputStream raw = FlightsSample.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("test resource " + RESOURCE + " is missing");
            }
            BufferedReader reader =
                    new BufferedReader(
                            new InputStreamReader(
                                    new GZIPInputStream(raw), StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (!"ts,dow,hour,distance,origin,dest,arr_delay,delayed".equals(header)) {
                throw new IllegalStateException("unexpected header " + header);
            }
            List<LabelledVector> rows = new ArrayList<>(60_000);
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rows.add(parse(line));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LabelledVector parse(String line) {
        String[] f = line.split(",", -1);
        String origin = f[4];
        String dest = f[5];
        int[] indices = {
            hash("origin=" + origin),
            hash("dest=" + dest),
            hash("dow=" + f[1]),
            hash("hour=" + f[2]),
            hash("origin=" + origin + "&dest=" + dest)
        };
        double[] values = {1.0, 1.0, 1.0, 1.0, 1.0};
        double[] dense = {Math.log1p(Double.parseDouble(f[3]))};
        return new LabelledVector(
                new FeatureVector(indices, values, dense), Double.parseDouble(f[7]));
    }

    /** Fibonacci hashing of the JLS-specified String hash: stable across JVMs. */
    static int hash(String feature) {
        return (feature.hashCode() * 0x9E3779B9) >>> (32 - HASH_BITS);
    }
}
