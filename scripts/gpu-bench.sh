#!/usr/bin/env bash
# Benchmarks the MLP training step on a GPU machine: CUDA vs ONNX Runtime on the CPU vs Java, at
# batch sizes 256, 1024, 4096 and 8192 (or the sizes given as arguments).
#
# Builds Tributary with the gpu profile (onnxruntime_gpu, about 640 MB, which needs CUDA 12 and
# cuDNN 9 on the machine), then runs dev.tributary.benchmarks.GpuTrainingBench from the compiled
# classes (no shaded jar: it would carry the whole GPU runtime). Without a usable CUDA device the
# benchmark still runs and says that it skipped CUDA.
#
# Usage: scripts/gpu-bench.sh [batch sizes...]     Environment: MVN_ARGS (e.g. -o), JAVA_OPTS.
set -euo pipefail

cd "$(dirname "$0")/.."

echo "== device"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader \
    || echo "nvidia-smi found no GPU"
else
  echo "nvidia-smi not found: no NVIDIA driver on this machine"
fi
java -version 2>&1 | head -n 1

echo "== build (-Pgpu)"
classpath_file="benchmarks/target/gpu-bench.classpath"
# compile, not package: in the reactor the modules resolve to their target/classes.
./mvnw -B -q ${MVN_ARGS:-} -Pgpu -DskipTests -Dspotless.check.skip=true -pl benchmarks -am \
  compile dependency:build-classpath -Dmdep.outputFile="$(pwd)/${classpath_file}" \
  -Dmdep.includeScope=runtime

echo "== benchmark"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx8g} -cp "benchmarks/target/classes:$(cat "${classpath_file}")" \
  dev.tributary.benchmarks.GpuTrainingBench "$@"
