package dev.tributary.trainer.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The header every serialized model starts with: a format version int, then the model family's
 * name. A reader rejects a version it does not know with an {@link IOException} that says which
 * versions it reads, rather than misreading the bytes that follow.
 */
final class StateFormat {

    /**
     * The version of the live (training) state format. 2 added the learned statistics of dense
     * inputs (imputation, clipping quantiles); version 1 is still read.
     */
    static final int ONLINE_VERSION = 2;

    /**
     * The version of the frozen (serving) model format. 2 added each dense input's imputed value
     * and clip bounds; version 1 is still read.
     */
    static final int SERVING_VERSION = 2;

    private StateFormat() {}

    static void writeHeader(DataOutput out, int version, String family) throws IOException {
        out.writeInt(version);
        out.writeUTF(family);
    }

    /** A header as read: the format version and the model family. */
    record Header(int version, String family) {}

    /** Reads the version, which must be 1 to {@code newestVersion}, and the family name. */
    static Header readHeader(DataInput in, int newestVersion, String what) throws IOException {
        int version = in.readInt();
        if (version < 1 || version > newestVersion) {
            throw new IOException(
                    "unknown "
                            + what
                            + " format version "
                            + version
                            + ": this release reads versions 1 to "
                            + newestVersion);
        }
        return new Header(version, in.readUTF());
    }

    static void expectFamily(String found, String expected) throws IOException {
        if (!found.equals(expected)) {
            throw new IOException(
                    "the state is of model family '"
                            + found
                            + "' but the configuration asks for '"
                            + expected
                            + "'");
        }
    }

    static void writeNames(DataOutput out, List<String> names) throws IOException {
        out.writeInt(names.size());
        for (String name : names) {
            out.writeUTF(name);
        }
    }

    static List<String> readNames(DataInput in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 1_000_000) {
            throw new IOException("corrupt state: " + size + " dense feature names");
        }
        List<String> names = new ArrayList<>(size);
        for (int j = 0; j < size; j++) {
            names.add(in.readUTF());
        }
        return List.copyOf(names);
    }

    static void checkHashBits(int hashBits) throws IOException {
        if (hashBits < 1 || hashBits > 30) {
            throw new IOException("corrupt state: hashBits " + hashBits + " is outside 1..30");
        }
    }
}
