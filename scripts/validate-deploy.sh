#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a Kubernetes cluster:
#
#   1. compose/compose.yaml with dclint (the compose-spec schema, then its best-practice rules;
#      any error or warning fails);
#   2. the FlinkDeployment of k8s/flinkdeployment.yaml against the schema of the Flink Kubernetes
#      Operator's CRD, with unknown fields rejected as `kubectl apply --validate=strict` does;
#   3. compose/compose.yaml with `docker compose config`, where a Docker CLI with Compose exists.
#
# What must agree with the code (jar, entry point, arguments, topics, ports, checkpoint paths) is
# checked by DeploymentFilesTest in flink-jobs, which the Maven build runs.
#
# Needs Node.js 20.19+ with npm, Java and the Maven wrapper (for the operator's CRD, from Maven
# Central). Tools go to $TRIBUTARY_TOOLS (default: ~/.cache/tributary/deploy-tools), so later runs
# are offline. Usage: scripts/validate-deploy.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS

DCLINT_VERSION=3.1.0
# The newest flink-kubernetes-operator-api on Maven Central; its CRD ships inside the jar.
OPERATOR_API_VERSION=1.10.0
TOOLS="${TRIBUTARY_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/tributary/deploy-tools}"

fail() {
    echo "validate-deploy: FAILED: $*" >&2
    exit 1
}

# --- Node.js -----------------------------------------------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    cat >&2 <<'EOF'
validate-deploy: Node.js 20.19 or newer, with npm, is needed (for dclint). Install it, e.g.:
  Debian/Ubuntu:  apt-get install nodejs npm        (check `node --version` >= 20.19)
  or nvm:         nvm install 22
EOF
    exit 1
fi
node_version="$(node --version | sed 's/^v//')"
IFS=. read -r node_major node_minor _ <<<"$node_version"
if ((node_major < 20 || (node_major == 20 && node_minor < 19))); then
    fail "Node.js $node_version is too old for dclint $DCLINT_VERSION: 20.19 or newer is needed"
fi

# --- Tools: dclint (which brings ajv and yaml for the CRD check) -------------------------------
if [[ ! -x "$TOOLS/node_modules/.bin/dclint" ]] \
    || [[ "$(node -p "require('$TOOLS/node_modules/dclint/package.json').version" 2>/dev/null)" != "$DCLINT_VERSION" ]]; then
    echo "validate-deploy: installing dclint $DCLINT_VERSION into $TOOLS"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --no-save --loglevel=error \
        "dclint@$DCLINT_VERSION" >/dev/null || fail "npm could not install dclint@$DCLINT_VERSION"
fi

# --- 1. The compose file -----------------------------------------------------------------------
echo "validate-deploy: dclint $DCLINT_VERSION compose/compose.yaml"
"$TOOLS/node_modules/.bin/dclint" compose/compose.yaml --max-warnings 0 \
    || fail "dclint found problems in compose/compose.yaml (see above; \`--fix\` fixes many)"

# --- 2. The FlinkDeployment against the operator's CRD -----------------------------------------
crd="$TOOLS/flinkdeployments.flink.apache.org-v1-$OPERATOR_API_VERSION.yml"
if [[ ! -s "$crd" ]]; then
    artifact="org.apache.flink:flink-kubernetes-operator-api:$OPERATOR_API_VERSION"
    jar="$TOOLS/flink-kubernetes-operator-api-$OPERATOR_API_VERSION.jar"
    echo "validate-deploy: fetching the FlinkDeployment CRD ($artifact)"
    ./mvnw -q -B -N dependency:copy -Dartifact="$artifact" -DoutputDirectory="$TOOLS" \
        -Dmdep.stripVersion=false >/dev/null || fail "Maven could not fetch $artifact"
    if command -v unzip >/dev/null 2>&1; then
        unzip -p "$jar" META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml >"$crd.tmp"
    else
        (cd "$TOOLS" && jar xf "$jar" META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml \
            && mv META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml "$crd.tmp" \
            && rm -r META-INF)
    fi
    [[ -s "$crd.tmp" ]] || fail "$jar holds no FlinkDeployment CRD"
    mv "$crd.tmp" "$crd"
fi
echo "validate-deploy: k8s/flinkdeployment.yaml against the FlinkDeployment CRD of operator $OPERATOR_API_VERSION"
NODE_PATH="$TOOLS/node_modules" node - "$crd" k8s/flinkdeployment.yaml <<'EOF' || fail "k8s/flinkdeployment.yaml does not match the FlinkDeployment CRD"
// Validates every FlinkDeployment of a manifest against the CRD's v1beta1 openAPIV3Schema. Like
// `kubectl apply --validate=strict`, a field the schema does not know is an error (Kubernetes would
// otherwise drop it silently). spec.flinkVersion's list of values is left out: this CRD predates
// Flink 2.2, and DeploymentFilesTest checks flinkVersion against the Flink version of the build.
const fs = require('fs');
const YAML = require('yaml');
const Ajv = require('ajv');
const [crdFile, manifestFile] = process.argv.slice(2);
const crd = YAML.parse(fs.readFileSync(crdFile, 'utf8'));
const version = crd.spec.versions.find((v) => v.name === 'v1beta1');
if (!version) throw new Error(`${crdFile} has no v1beta1 version`);
const root = version.schema.openAPIV3Schema;
root.properties.apiVersion = { type: 'string' };
root.properties.kind = { type: 'string' };
root.properties.metadata = { type: 'object' };
delete root.properties.spec.properties.flinkVersion.enum;
(function strict(schema, top) {
  if (!schema || typeof schema !== 'object') return;
  if (!top && schema.properties && schema.additionalProperties === undefined
      && !schema['x-kubernetes-preserve-unknown-fields']) {
    schema.additionalProperties = false;
  }
  for (const key of Object.keys(schema)) if (key.startsWith('x-kubernetes-')) delete schema[key];
  for (const value of Object.values(schema)) strict(value, false);
})(root, true);
const validate = new Ajv({ strict: false, allErrors: true }).compile(root);
const documents = YAML.parseAllDocuments(fs.readFileSync(manifestFile, 'utf8'));
let deployments = 0;
let invalid = 0;
for (const doc of documents) {
  if (doc.errors.length) {
    console.error(`${manifestFile}: ${doc.errors.map((e) => e.message).join('; ')}`);
    invalid++;
    continue;
  }
  const object = doc.toJS();
  if (!object || object.kind !== 'FlinkDeployment') continue;
  deployments++;
  if (!validate(object)) {
    invalid++;
    for (const e of validate.errors) {
      const extra = e.params.additionalProperty ? ` (${e.params.additionalProperty})`
          : e.params.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : '';
      console.error(`${manifestFile}: FlinkDeployment ${object.metadata.name}${e.instancePath}: ${e.message}${extra}`);
    }
  }
}
if (deployments === 0) {
  console.error(`${manifestFile}: no FlinkDeployment`);
  process.exit(1);
}
process.exit(invalid ? 1 : 0);
EOF

# --- 3. docker compose config, where there is a Docker CLI with Compose ------------------------
if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    echo "validate-deploy: docker compose config"
    docker compose -f compose/compose.yaml config -q || fail "docker compose rejects compose/compose.yaml"
else
    echo "validate-deploy: no Docker Compose here; dclint's compose-spec check stands in for it"
fi

echo "validate-deploy: OK ($((SECONDS - started)) s)"
