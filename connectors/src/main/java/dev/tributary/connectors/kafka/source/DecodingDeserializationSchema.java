package dev.tributary.connectors.kafka.source;

import dev.tributary.connectors.kafka.ControlRecord;
import dev.tributary.connectors.kafka.EventDecoding;
import dev.tributary.connectors.kafka.JsonControlCodec;
import dev.tributary.connectors.kafka.JsonEventDecoder;
import dev.tributary.connectors.kafka.JsonLabelDecoder;
import dev.tributary.connectors.kafka.LabelDecoding;
import dev.tributary.connectors.kafka.LabelEvent;
import dev.tributary.connectors.kafka.RecordDecoder;
import dev.tributary.core.model.RawEvent;
import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Adapts a {@link RecordDecoder} to Flink's Kafka source: every record, readable or not, becomes
 * exactly one value, so that bad records reach the job's dead-letter output instead of failing the
 * source. Produces its type as a Flink POJO (no Kryo).
 */
public final class DecodingDeserializationSchema<T> implements KafkaRecordDeserializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final RecordDecoder.Factory<T> factory;
    private final Class<T> type;

    /** Created per subtask, in open or on first use. */
    private transient RecordDecoder<T> decoder;

    public DecodingDeserializationSchema(RecordDecoder.Factory<T> factory, Class<T> type) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** Events: JSON objects to {@link RawEvent}s. */
    public static DecodingDeserializationSchema<RawEvent> events(EventDecoding decoding) {
        Objects.requireNonNull(decoding, "decoding");
        return new DecodingDeserializationSchema<>(
                () -> new JsonEventDecoder(decoding), RawEvent.class);
    }

    /** Labels: JSON objects to {@link LabelEvent}s. */
    public static DecodingDeserializationSchema<LabelEvent> labels(LabelDecoding decoding) {
        Objects.requireNonNull(decoding, "decoding");
        return new DecodingDeserializationSchema<>(
                () -> new JsonLabelDecoder(decoding), LabelEvent.class);
    }

    /** Control commands: JSON objects to {@link ControlRecord}s. */
    public static DecodingDeserializationSchema<ControlRecord> control() {
        return new DecodingDeserializationSchema<>(JsonControlCodec::new, ControlRecord.class);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = factory.create();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        if (decoder == null) {
            decoder = factory.create();
        }
        out.collect(
                decoder.decode(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.value()));
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }
}
