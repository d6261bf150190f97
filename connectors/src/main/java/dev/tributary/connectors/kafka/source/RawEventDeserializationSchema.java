package dev.tributary.connectors.kafka.source;

import dev.tributary.connectors.kafka.EventDecoding;
import dev.tributary.connectors.kafka.JsonEventDecoder;
import dev.tributary.core.model.RawEvent;
import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Adapts {@link JsonEventDecoder} to Flink's Kafka source: every record, readable or not, becomes
 * exactly one {@link RawEvent}, so that bad records reach the job's dead-letter output instead of
 * failing the source. Produces {@code RawEvent} as a Flink POJO (no Kryo).
 */
public final class RawEventDeserializationSchema
        implements KafkaRecordDeserializationSchema<RawEvent> {

    private static final long serialVersionUID = 1L;

    private final EventDecoding decoding;

    /**
     * Created per subtask, in open or on first use: the decoder is neither serializable nor shared.
     */
    private transient JsonEventDecoder decoder;

    public RawEventDeserializationSchema(EventDecoding decoding) {
        this.decoding = Objects.requireNonNull(decoding, "decoding");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = new JsonEventDecoder(decoding);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out) {
        if (decoder == null) {
            decoder = new JsonEventDecoder(decoding);
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
    public TypeInformation<RawEvent> getProducedType() {
        return TypeInformation.of(RawEvent.class);
    }
}
