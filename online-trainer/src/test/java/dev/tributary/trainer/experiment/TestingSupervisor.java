package dev.tributary.trainer.experiment;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.Supervisor;
import dev.tributary.core.supervision.SupervisorFactory;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small, real supervisor for trainer tests: mean log loss per model since start, and a PUBLISH
 * decision for every model every {@code publishEveryExamples} examples. The trainer module does not
 * depend on the evaluator, so its tests bring their own.
 *
 * <p>A {@link Script} adds the decisions of a rollout at given examples, and the traffic split from
 * then on; a model it rolls back (other than the champion) or replaces by a promotion is forgotten,
 * as a real supervisor would. The script is not part of the state: the split after a restore is the
 * script's at the restored example count, so a split that only a command set is lost.
 */
public final class TestingSupervisor implements Supervisor {

    private final ExperimentConfig config;
    private final Script script;
    private final Map<String, double[]> lossByModel = new LinkedHashMap<>();
    private final Map<String, ModelRef> refs = new LinkedHashMap<>();
    private long examples;
    private TrafficSplit commandSplit;

    TestingSupervisor(ExperimentConfig config, Script script) {
        this.config = config;
        this.script = script;
    }

    /**
     * Decisions returned by the n-th call of {@link #decide} (after the publications) or by a
     * command, each with the traffic split from then on.
     */
    public static final class Script {
        private final Map<Long, List<Decision>> decisions = new HashMap<>();
        private final TreeMap<Long, TrafficSplit> splits = new TreeMap<>();
        private final Map<String, List<Decision>> commands = new HashMap<>();
        private final Map<String, TrafficSplit> commandSplits = new HashMap<>();

        /** Returns {@code decisions} at the {@code example}-th example, then {@code split}. */
        public Script at(long example, TrafficSplit split, Decision... decided) {
            decisions.put(example, List.of(decided));
            if (split != null) {
                splits.put(example, split);
            }
            return this;
        }

        /** Answers the command with this id with {@code decided}, then {@code split}. */
        public Script onCommand(String commandId, TrafficSplit split, Decision... decided) {
            commands.put(commandId, List.of(decided));
            if (split != null) {
                commandSplits.put(commandId, split);
            }
            return this;
        }
    }

    /** Its factory. */
    public static final class Factory implements SupervisorFactory {
        private final Script script;

        /** Publications only, no split. */
        public Factory() {
            this(new Script());
        }

        public Factory(Script script) {
            this.script = script;
        }

        @Override
        public Supervisor create(ExperimentConfig experiment) {
            return new TestingSupervisor(experiment, script);
        }

        @Override
        public Supervisor read(ExperimentConfig experiment, DataInput in) throws IOException {
            TestingSupervisor s = new TestingSupervisor(experiment, script);
            s.examples = in.readLong();
            int models = in.readInt();
            for (int i = 0; i < models; i++) {
                String id = in.readUTF();
                s.refs.put(id, new ModelRef(id, in.readLong(), Arm.valueOf(in.readUTF())));
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
        List<Decision> scripted = script.decisions.getOrDefault(examples, List.of());
        forgetDropped(scripted);
        decisions.addAll(scripted);
        if (script.splits.containsKey(examples)) {
            commandSplit = null;
        }
        return decisions;
    }

    @Override
    public List<Decision> command(ControlCommand command, long eventTime, long examples) {
        List<Decision> scripted = script.commands.get(command.id());
        if (scripted == null) {
            return Supervisor.super.command(command, eventTime, examples);
        }
        forgetDropped(scripted);
        if (script.commandSplits.containsKey(command.id())) {
            commandSplit = script.commandSplits.get(command.id());
        }
        return scripted;
    }

    @Override
    public TrafficSplit traffic() {
        if (commandSplit != null) {
            return commandSplit;
        }
        Map.Entry<Long, TrafficSplit> latest = script.splits.floorEntry(examples);
        return latest == null ? null : latest.getValue();
    }

    /** Forgets challengers rolled back and champions replaced: no more publications for them. */
    private void forgetDropped(List<Decision> decisions) {
        for (Decision d : decisions) {
            String dropped = null;
            if (d.kind() == DecisionKind.PROMOTE) {
                dropped = d.source();
            } else if (d.kind() == DecisionKind.ROLLBACK) {
                ModelRef ref = refs.get(d.modelId());
                dropped = ref != null && ref.arm() == Arm.CHAMPION ? null : d.modelId();
            }
            if (dropped != null) {
                refs.remove(dropped);
                lossByModel.remove(dropped);
            }
        }
    }

    @Override
    public void published(String modelId, long version) {
        ModelRef ref = refs.get(modelId);
        if (ref != null) {
            refs.put(modelId, new ModelRef(modelId, version, ref.arm()));
        }
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
