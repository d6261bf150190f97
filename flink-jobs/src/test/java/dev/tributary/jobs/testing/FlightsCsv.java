package dev.tributary.jobs.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The bundled flights file's rows, as tests build their own streams from them. */
public final class FlightsCsv {

    /** The columns of every row. */
    public static final String HEADER = "ts,dow,hour,distance,origin,dest,arr_delay,delayed";

    private FlightsCsv() {}

    /** The first {@code count} rows after the header, in time order, split into their columns. */
    public static List<String[]> rows(int count) throws IOException {
        List<String[]> rows = new ArrayList<>(count);
        try (InputStream in = FlightsCsv.class.getResourceAsStream("/data/flights-2001-1m.csv.gz");
                BufferedReader reader =
                        new BufferedReader(
                                new InputStreamReader(
                                        new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (!HEADER.equals(header)) {
                throw new IOException("unexpected header " + header);
            }
            for (int i = 0; i < count; i++) {
                rows.add(reader.readLine().split(",", -1));
            }
        }
        return rows;
    }
}
