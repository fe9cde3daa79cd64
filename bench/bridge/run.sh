#!/usr/bin/env bash
# Bridge costs: an empty PHP request and a string host-function call. Fixed, pre-touched heap (growth pauses
# otherwise show up as 10x outliers). Prints its figures; run from anywhere.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
"$ROOT/ephpm" build >/dev/null
mvn -q -B -pl php-embed-bridge test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/ephpm-bridge-cp.txt >&2
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -XX:+AlwaysPreTouch \
  -cp "php-embed-bridge/target/test-classes:php-embed-bridge/target/classes:$(cat /tmp/ephpm-bridge-cp.txt)" \
  dev.ephpm.bridge.BridgeBench
