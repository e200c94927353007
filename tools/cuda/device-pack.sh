#!/usr/bin/env bash
# Packs what the GPU tests and the CUDA benchmark need on a machine that has an NVIDIA GPU but no JDK,
# no Maven and no internet, into <repo>/.device (git-ignored, carried by the device tool):
#   .device/jre.tgz          a jlink'd Java runtime (../shared/tools/pack-jre.sh, about 23 MB)
#   .device/classes          the tensor module's classes, with the committed PTX as resources
#   .device/test-classes     its test classes (the gpu-tagged suites, CudaBench)
#   .device/lib/*.jar        every dependency jar (JCuda and its natives) and the JUnit console launcher
# Then, on the GPU machine, tools/cuda/device-run.sh runs them (see that file).
# Usage: tools/cuda/device-pack.sh   (about 37 MB; the device tool carries at most 64 MiB in all)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if ! git check-ignore -q .device/jre.tgz; then
  echo "device-pack: .device is not ignored by git; add /.device/ to .gitignore or .git/info/exclude first" >&2
  exit 1
fi
junit_platform=1.10.2

mvn -B -q -ntp -pl tensor test-compile
rm -rf .device/classes .device/test-classes .device/lib
mkdir -p .device/lib
cp -r tensor/target/classes .device/classes
cp -r tensor/target/test-classes .device/test-classes
# JUnit itself comes from the console launcher, so the test-scope JUnit jars are left out.
mvn -B -q -ntp -pl tensor dependency:copy-dependencies -DincludeScope=test \
  -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
  -DoutputDirectory="$root/.device/lib"
mvn -B -q -ntp -pl tensor dependency:copy \
  -Dartifact=org.junit.platform:junit-platform-console-standalone:$junit_platform \
  -DoutputDirectory="$root/.device/lib"
if [ ! -f .device/jre.tgz ]; then
  pack="$root/../shared/tools/pack-jre.sh"
  [ -x "$pack" ] || { echo "device-pack: $pack not found; make a runtime with jlink into .device/jre.tgz" >&2; exit 1; }
  "$pack" .device/jre.tgz
fi
du -sh .device
ls .device/lib
