package dev.tributary.connectors.kafka.source;

import dev.tributary.connectors.kafka.JsonLabelDecoder;
import dev.tributary.connectors.kafka.LabelDecoding;
import dev.tributary.connectors.kafka.LabelEvent;
import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Adapts {@link JsonLabelDecoder} to Flink's Kafka source: every record, readable or not, becomes
 * exactly one {@link LabelEvent}, so that bad records reach the job's dead-letter output instead of
 * failing the source. Produces {@code LabelEvent} as a Flink POJO (no Kryo).
 */
public final class LabelEventDeserializationSchema
        implements KafkaRecordDeserializationSchema<LabelEvent> {

    private static final long serialVersionUID = 1L;

    private final LabelDecoding decoding;

    /**
     * Created per subtask, in open or on first use: the decoder is neither serializable nor shared.
     */
    private transient JsonLabelDecoder decoder;

    public LabelEventDeserializationSchema(LabelDecoding decoding) {
        this.decoding = Objects.requireNonNull(decoding, "decoding");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = new JsonLabelDecoder(decoding);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<LabelEvent> out) {
        if (decoder == null) {
            decoder = new JsonLabelDecoder(decoding);
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
    public TypeInformation<LabelEvent> getProducedType() {
        return TypeInformation.of(LabelEvent.class);
    }
}
