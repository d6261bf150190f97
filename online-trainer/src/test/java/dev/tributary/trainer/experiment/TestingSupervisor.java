package dev.tributary.trainer.experiment;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.Supervisor;
import dev.tributary.core.supervision.SupervisorFactory;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, real supervisor for trainer tests: mean log loss per model since start, and a PUBLISH
 * decision for every model every {@code publishEveryExamples} examples. The trainer module does not
 * depend on the evaluator, so its tests bring their own.
 */
public final class TestingSupervisor implements Supervisor {

    private final ExperimentConfig config;
    private final Map<String, double[]> lossByModel = new LinkedHashMap<>();
    private final Map<String, ModelRef> refs = new LinkedHashMap<>();
    private long examples;

    TestingSupervisor(ExperimentConfig config) {
        this.config = config;
    }

    /** Its factory. */
    public static final class Factory implements SupervisorFactory {
        @Override
        public Supervisor create(ExperimentConfig experiment) {
            return new TestingSupervisor(experiment);
        }

        @Override
        public Supervisor read(ExperimentConfig experiment, DataInput in) throws IOException {
            TestingSupervisor s = new TestingSupervisor(experiment);
            s.examples = in.readLong();
            int models = in.readInt();
            for (int i = 0; i < models; i++) {
                String id = in.readUTF();
                s.refs.put(
                        id,
                        new ModelRef(
                                id,
                                in.readLong(),
                                dev.tributary.core.model.Arm.valueOf(in.readUTF())));
                s.lossByModel.put(id, new double[] {in.readDouble(), in.readDouble()});
            }
            return s;
        }
    }

    @Override
    public void observe(ModelRef model, LabelledExample example, double[] prediction) {
        // Log loss of the true class; a regression value is clipped into (0, 1) like a score.
        double p =
                prediction.length > 1
                        ? prediction[(int) example.label()]
                        : example.label() > 0.5 ? prediction[0] : 1 - prediction[0];
        double loss = -Math.log(Math.min(Math.max(p, 1e-15), 1 - 1e-15));
        double[] sum = lossByModel.computeIfAbsent(model.modelId(), id -> new double[2]);
        sum[0] += loss;
        sum[1] += 1;
        refs.put(model.modelId(), model);
    }

    @Override
    public List<Decision> decide(LabelledExample example) {
        examples++;
        List<Decision> decisions = new ArrayList<>();
        if (config.publishEveryExamples() > 0 && examples % config.publishEveryExamples() == 0) {
            for (String id : refs.keySet()) {
                decisions.add(
                        new Decision(
                                config.name(),
                                DecisionKind.PUBLISH,
                                id,
                                example.eventTime(),
                                examples,
                                "every " + config.publishEveryExamples()));
            }
        }
        return decisions;
    }

    @Override
    public void published(String modelId, long version) {
        ModelRef ref = refs.get(modelId);
        refs.put(modelId, new ModelRef(modelId, version, ref.arm()));
    }

    @Override
    public List<ModelEvaluation> evaluations() {
        List<ModelEvaluation> out = new ArrayList<>();
        for (var e : refs.entrySet()) {
            double[] sum = lossByModel.get(e.getKey());
            Metrics m = new Metrics((long) sum[1], sum[0] / sum[1], Double.NaN, Double.NaN);
            out.add(new ModelEvaluation(e.getValue(), m, m, m));
        }
        return out;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(examples);
        out.writeInt(refs.size());
        for (var e : refs.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue().version());
            out.writeUTF(e.getValue().arm().name());
            double[] sum = lossByModel.get(e.getKey());
            out.writeDouble(sum[0]);
            out.writeDouble(sum[1]);
        }
    }
}
