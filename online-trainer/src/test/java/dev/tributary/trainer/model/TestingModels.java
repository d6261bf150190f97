package dev.tributary.trainer.model;

import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.trainer.testing.SyntheticLogisticStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Configurations and byte round trips shared by the model tests. */
final class TestingModels {

    static final FeatureSpace SYNTHETIC_SPACE =
            FeatureSpace.of(SyntheticLogisticStream.HASH_BITS, List.of("d0", "d1"));

    private TestingModels() {}

    static ModelConfig logistic(FtrlConfig ftrl) {
        return new ModelConfig("m", ModelFamily.LOGISTIC, ftrl, 42L);
    }

    static LogisticRegression synthetic(FtrlConfig ftrl) {
        return new LogisticRegression(logistic(ftrl), SYNTHETIC_SPACE);
    }

    static byte[] bytes(OnlineModel model) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            model.writeTo(new DataOutputStream(buffer));
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(ServingModel model) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            model.writeTo(new DataOutputStream(buffer));
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
