package dev.tributary.benchmarks;

import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.model.LogisticRegression;
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
 * The first 60,000 flights of 2001 (resource {@code flights-60k.csv.gz}, provenance in {@code
 * flights-60k.README.md}), featurized as the online-trainer tests do: "origin=XXX", "dest=YYY",
 * "dow=N", "hour=N" and the cross "origin=XXX&dest=YYY" hashed into {@code 2^18} buckets with value
 * 1.0, dense = [log1p(distance)], label = delayed (arrival 15 minutes late or more).
 *
 * <p>Loaded once per benchmark trial, in file (time) order, into plain arrays so that the measured
 * loops do no parsing and no boxing.
 */
final class FlightsData {

    static final int HASH_BITS = 18;
    static final int SIZE = 60_000;
    static final FeatureSpace SPACE = FeatureSpace.of(HASH_BITS, List.of("log1p_distance"));

    private static final String RESOURCE = "/flights-60k.csv.gz";
    private static final String HEADER = "ts,dow,hour,distance,origin,dest,arr_delay,delayed";

    /** The feature vectors, in time order. */
    final FeatureVector[] vectors;

    /** The label of each vector, 0.0 or 1.0. */
    final double[] labels;

    private FlightsData(FeatureVector[] vectors, double[] labels) {
        this.vectors = vectors;
        this.labels = labels;
    }

    /** All 60,000 rows. */
    static FlightsData load() {
        List<FeatureVector> vectors = new ArrayList<>(SIZE);
        List<Double> labels = new ArrayList<>(SIZE);
        for (String[] f : rows()) {
            vectors.add(featurize(f));
            labels.add(Double.parseDouble(f[7]));
        }
        return new FlightsData(
                vectors.toArray(new FeatureVector[0]),
                labels.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The CSV header: the columns of every row. */
    static List<String> columns() {
        return List.of(HEADER.split(","));
    }

    /** The 60,000 rows as CSV values, in file order. */
    static List<String[]> rows() {
        try (InputStream raw = FlightsData.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            BufferedReader reader =
                    new BufferedReader(
                            new InputStreamReader(
                                    new GZIPInputStream(raw), StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalStateException("unexpected header " + header);
            }
            List<String[]> rows = new ArrayList<>(SIZE);
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rows.add(line.split(",", -1));
            }
            if (rows.size() != SIZE) {
                throw new IllegalStateException(
                        "expected " + SIZE + " flights, read " + rows.size());
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FeatureVector featurize(String[] f) {
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
        return new FeatureVector(indices, values, dense);
    }

    /** Fibonacci hashing of the JLS-specified String hash, as in the online-trainer tests. */
    private static int hash(String feature) {
        return (feature.hashCode() * 0x9E3779B9) >>> (32 - HASH_BITS);
    }

    /** A fresh model with the hyperparameters of the online-trainer flights tests. */
    static LogisticRegression newModel() {
        return new LogisticRegression(
                new ModelConfig(
                        "flights", ModelFamily.LOGISTIC, new FtrlConfig(0.1, 1.0, 1.0, 1.0), 1L),
                SPACE);
    }

    /** A fresh model trained once, in time order, on the first {@code examples} flights. */
    LogisticRegression trainedModel(int examples) {
        LogisticRegression model = newModel();
        for (int i = 0; i < examples; i++) {
            model.train(vectors[i], labels[i], 1.0);
        }
        return model;
    }

    /**
     * The prequential scores of a fresh model over all flights: each example predicted before the
     * model trains on it, as the training operator does.
     */
    double[] prequentialScores() {
        LogisticRegression model = newModel();
        double[] scores = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            scores[i] = model.predict(vectors[i]);
            model.train(vectors[i], labels[i], 1.0);
        }
        return scores;
    }
}
