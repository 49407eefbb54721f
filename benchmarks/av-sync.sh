#!/usr/bin/env bash
# A/V sync and latency where the viewer sees them (issue #13): the browser test (AvSyncTests: the real server with the
# demo model, headless Chromium on the page, its fake microphone playing speech, audio out on a private PulseAudio null
# sink) run RUNS times for SECONDS each. Per run it prints the steady latency (microphone -> received voice, after 8 s),
# the first 6 s, the received A/V offset (mouth darkness vs voice envelope; negative: the mouth first) with r, runner-up
# and width, the same speech rendered offline (the model's own share) and, for runs of 12 minutes or more, the offset
# over the first and last 5 minutes (drift). Each run's figures and raw recording: benchmarks/out/av-sync-N.json.
# Usage: benchmarks/av-sync.sh [RUNS] [SECONDS]   (default 3 runs of 30 s; the 30-minute run: benchmarks/av-sync.sh 1 1800)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
seconds="${2:-30}"
out="$root/benchmarks/out"
mkdir -p "$out"
export STREAMLIP_HOME="$root"
export STREAMLIP_ORT_LIBRARY="${STREAMLIP_ORT_LIBRARY:-$root/src/StreamLip.Cli/bin/Release/net10.0/runtimes/linux-x64/native/libonnxruntime.so}"

dotnet build "$root/StreamLip.sln" -c Release --nologo -v quiet -clp:ErrorsOnly
for i in $(seq 1 "$runs"); do
  echo "== run $i of $runs, $seconds s ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1 /proc/loadavg))"
  STREAMLIP_AVSYNC_SECONDS="$seconds" STREAMLIP_AVSYNC_OUT="$out/av-sync-$i.json" \
    dotnet test "$root/tests/StreamLip.Server.Tests" -c Release --no-build --nologo \
    --filter "FullyQualifiedName~EndToEnd.AvSyncTests" --logger "console;verbosity=detailed" 2>&1 \
    | grep -E '^ (recorded|latency|A/V|attempt)|^\s+(Passed|Failed) |Assert' || true
  if [ -f "$out/av-sync-$i.json" ]; then
    /usr/bin/python3 - "$out/av-sync-$i.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
if d.get("drift"):
    f, l = d["drift"]["first"], d["drift"]["last"]
    print(f" drift: first 5 min {f['LagMs']:.0f} ms (r {f['R']:.2f}), last 5 min {l['LagMs']:.0f} ms (r {l['R']:.2f})")
PY
  fi
done
