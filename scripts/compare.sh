#!/usr/bin/env bash
# carepath against its peers, in one run on the same inputs: path listing (petgraph's
# all_simple_paths, networkx.all_simple_paths), SVG layout (Graphviz `dot -Tsvg`), validation
# of 1,000 files, listing vs pure output, peak memory while streaming 10 million paths
# (section `peers`); and the scale targets of issue 16: every command on a 10,000- and a
# 100,000-node chain with a finding on each node, their growth, and 1,000 copies of the ALL
# pathway (section `scale`). Prints Markdown tables. Not part of CI. Results:
# docs/benchmarks.md.
#
# Usage: scripts/compare.sh                 (from a clone; builds what it needs; every section)
#        QUICK=1 scripts/compare.sh         (fewer runs, no 10-million-path memory run)
#        SECTION=scale scripts/compare.sh   (one section: peers or scale)
#        SECTION=instructions scripts/compare.sh
#                                           (not in `all`: the scale commands' growth in
#                                           instructions and cache misses, counted by cachegrind
#                                           with a fixed cache: repeatable on a loaded machine;
#                                           about 15 minutes; needs valgrind)
#        SECTION=before BEFORE=REV scripts/compare.sh
#                                           (not in `all`: this code against the code of git
#                                           revision REV, same run, on pathways/ and the
#                                           benchmark inputs: "no command slower than before")
#        SCALE_LIMIT=60 SCALE_RUNS=3        (scale: seconds before a run is cut, and runs)
# Needs: cargo; installs hyperfine, graphviz and GNU time with apt-get and networkx with pip
# when missing (as root, or with sudo); the scale section needs neither graphviz nor networkx.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
QUICK=${QUICK:-0}
RUNS=$([ "$QUICK" = 1 ] && echo 3 || echo 7)
SECTION=${SECTION:-all}
case $SECTION in
    all | peers | scale | instructions | before) ;;
    *)
        printf 'SECTION must be all, peers, scale, instructions or before, not `%s`\n' "$SECTION" >&2
        exit 2
        ;;
esac
PEERS=$([ "$SECTION" = scale ] || [ "$SECTION" = before ] && echo 0 || echo 1)
if [ "$SECTION" = before ] && [ -z "${BEFORE:-}" ]; then
    printf 'SECTION=before needs BEFORE=REV, the git revision to compare against (e.g. BEFORE=002e458)\n' >&2
    exit 2
fi

say() { printf '%s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---- tools -------------------------------------------------------------------------------
apt_packages=()
command -v hyperfine >/dev/null || apt_packages+=(hyperfine)
[ "$PEERS" = 0 ] || command -v dot >/dev/null || apt_packages+=(graphviz)
[ -x /usr/bin/time ] || apt_packages+=(time)
if [ ${#apt_packages[@]} -gt 0 ]; then
    say "installing ${apt_packages[*]} with apt-get"
    as_root apt-get update -qq >/dev/null
    as_root apt-get install -y -qq "${apt_packages[@]}" >/dev/null || say "apt-get failed; falling back where possible"
fi
PYTHON=${PYTHON:-python3}
if [ "$PEERS" = 1 ] && ! "$PYTHON" -c 'import networkx' 2>/dev/null; then
    say "installing networkx with pip"
    "$PYTHON" -m pip install -q networkx || "$PYTHON" -m pip install -q --break-system-packages networkx
fi

say "building (release): carepath and the examples"
cargo build --release --quiet --bin carepath --examples
TARGET=$(cargo metadata --format-version 1 --no-deps | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
CP=$TARGET/release/carepath
SYNTH=$TARGET/release/examples/synth
PETGRAPH=$TARGET/release/examples/petgraph_paths

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# ---- timing ------------------------------------------------------------------------------
# median NAME RUNS COMMAND [WARMUP]: the median wall time in seconds of RUNS runs (after
# WARMUP warm-up runs, 1 unless given).
median() {
    local name=$1 runs=$2 cmd=$3 warmup=${4:-1}
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$WORK/$name.json" --style none "$cmd" >/dev/null 2>&1 ||
            hyperfine --warmup "$warmup" --runs "$runs" --export-json "$WORK/$name.json" --style none "$cmd" >/dev/null
        "$PYTHON" -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$WORK/$name.json"
    else
        for ((i = 0; i < warmup; i++)); do bash -c "$cmd" >/dev/null; done
        local times=() i start end
        for ((i = 0; i < runs; i++)); do
            start=$(date +%s%N)
            bash -c "$cmd" >/dev/null
            end=$(date +%s%N)
            times+=("$(((end - start) / 1000))")
        done
        printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.4f\n", a[int((NR+1)/2)]/1e6}'
    fi
}

declare -A T CAPPED
# at NAME: "≥ " when NAME's run was cut at the time limit (its time and ratio are lower bounds).
at() { [ -n "${CAPPED[$1]:-}" ] && printf '≥ ' || true; }
measure() {
    T[$1]=$(median "$1" "$2" "$3")
    say "  $(printf '%-22s %8ss  %s' "$1" "${T[$1]}" "$3")"
}
# once NAME COMMAND: one timed run (for peers that take tens of seconds), at most $DOT_LIMIT s.
DOT_LIMIT=${DOT_LIMIT:-180}
once() {
    local start end
    start=$(date +%s%N)
    if timeout "$DOT_LIMIT" $2 >/dev/null; then
        end=$(date +%s%N)
        T[$1]=$(awk -v ns="$((end - start))" 'BEGIN { printf "%.4f", ns / 1e9 }')
    else
        T[$1]=$DOT_LIMIT # a lower bound: the ratio printed is then a lower bound too
        CAPPED[$1]=1
    fi
    say "  $(printf '%-22s %8ss  %s (one run)' "$1" "${T[$1]}" "$2")"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
# Peak memory (max RSS) in KiB of one run.
rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1; }

# ---- scale (issue 16) ----------------------------------------------------------------------
# Every command on a chain with a finding on each node (`synth bare-chain`: no sources, no
# durations, so a CP061 warning on each node and a CP054 note on each phase), at 10,000 and
# 100,000 nodes, and the growth between them; outcomes and the built-in SVG at 10,000 nodes;
# 1,000 copies of the ALL pathway validated as one folder. Each command runs once under GNU
# time (peak memory; cut at SCALE_LIMIT seconds), then SCALE_RUNS times under hyperfine (the
# median; the first run was the warm-up). A run cut at the limit is marked ≥ (a lower bound).
SCALE_LIMIT=${SCALE_LIMIT:-60}
SCALE_RUNS=${SCALE_RUNS:-3}
declare -A MEM FAILED

# scale_run NAME COMMAND: T[NAME] in seconds, MEM[NAME] in KiB; CAPPED[NAME] when cut at the
# limit, FAILED[NAME] when the command failed (its exit code).
scale_run() {
    local name=$1 cmd=$2 rc=0 line
    /usr/bin/time -o "$WORK/$name.time" -f '%e %M' timeout "$SCALE_LIMIT" $cmd >/dev/null 2>"$WORK/$name.err" || rc=$?
    line=$(tail -n 1 "$WORK/$name.time")
    MEM[$name]=${line#* }
    if [ "$rc" = 124 ]; then
        T[$name]=$SCALE_LIMIT
        CAPPED[$name]=1
    elif [ "$rc" != 0 ]; then
        T[$name]=${line%% *}
        FAILED[$name]=$rc
        say "  $name failed (exit $rc): $(head -n 1 "$WORK/$name.err")"
    elif ! T[$name]=$(median "$name" "$SCALE_RUNS" "timeout $SCALE_LIMIT $cmd" 0 2>/dev/null); then
        T[$name]=${line%% *}
        say "  $name: a later run failed or was cut at the limit; the time is the first run's"
    fi
    say "  $(printf '%-22s %s%8ss %8s KiB  %s' "$name" "$(at "$name")" "${T[$name]}" "${MEM[$name]}" "$cmd")"
}
# Cells: a time, a peak memory, a growth ratio, each with ≥ when cut at the limit.
secs() { awk -v s="$1" 'BEGIN { if (s >= 1) printf "%.2f s", s; else printf "%.0f ms", s * 1000 }'; }
took() { if [ -n "${FAILED[$1]:-}" ]; then printf 'failed (exit %s)' "${FAILED[$1]}"; else printf '%s%s' "$(at "$1")" "$(secs "${T[$1]}")"; fi; }
mem() { printf '%s%s MB' "$(at "$1")" "$(awk -v k="${MEM[$1]}" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')"; }
growth() { printf '%s%s×' "$(at "$2")" "$(ratio "${T[$2]}" "${T[$1]}")"; }
# met NAME SECONDS [MEGABYTES] [SMALL]: whether NAME ran in under SECONDS (and MEGABYTES of
# memory, and grew at most 12× from the run SMALL): "yes", or "no:" and what failed.
met() {
    local name=$1 limit=$2 megabytes=${3:-} small=${4:-} missed=()
    if [ -n "${FAILED[$name]:-}" ] || [ -n "${CAPPED[$name]:-}" ] ||
        awk -v t="${T[$name]}" -v l="$limit" 'BEGIN { exit !(t >= l) }'; then
        missed+=(time)
    fi
    if [ -n "$small" ] && { [ -n "${FAILED[$small]:-}" ] ||
        awk -v a="${T[$name]}" -v b="${T[$small]}" 'BEGIN { exit !(b <= 0 || a / b > 12) }'; }; then
        missed+=(growth)
    fi
    if [ -n "$megabytes" ] && awk -v k="${MEM[$name]}" -v m="$megabytes" 'BEGIN { exit !(k * 1024 >= m * 1e6) }'; then
        missed+=(memory)
    fi
    if [ ${#missed[@]} = 0 ]; then printf 'yes'; else printf '**no**: %s' "$(IFS=,; echo "${missed[*]}" | sed 's/,/, /g')"; fi
}

# scale_row LABEL NAME TARGET SECONDS: a table row of NAME_10000 and NAME_100000.
scale_row() {
    local small=${2}_10000 large=${2}_100000
    printf '| %s | %s | %s | %s | %s / %s | %s | %s |\n' "$1" "$(took "$small")" "$(took "$large")" \
        "$(growth "$small" "$large")" "$(mem "$small")" "$(mem "$large")" "$3" "$(met "$large" "$4" 1000 "$small")"
}

scale_section() {
    local S=$WORK/scale n f
    mkdir -p "$S/all"
    say "scale (issue 16): generating inputs in $S"
    for n in 10000 100000; do
        "$SYNTH" bare-chain "$n" >"$S/bare-chain-$n.json" # one node per line; file name = pathway id
    done
    "$SYNTH" random 10000 >"$S/random-10000-42.json" # decisions on 8 factors: 256 patient classes
    # 1,000 copies of ALL, each with its own id and file name (else CP065 and CP064 fire).
    "$PYTHON" - "$ROOT/pathways/adult-all.json" "$S/all" <<'PY'
import sys
text = open(sys.argv[1]).read()
assert '"id": "adult-all"' in text
for i in range(1, 1001):
    name = "adult-all-%04d" % i
    open("%s/%s.json" % (sys.argv[2], name), "w").write(text.replace('"id": "adult-all"', '"id": "%s"' % name, 1))
PY
    local findings=() summary
    for n in 10000 100000; do
        findings+=("$("$CP" validate "$S/bare-chain-$n.json" --format github | grep -c '^::' || true)")
    done
    summary=$("$CP" validate "$S/all" | tail -n 1)

    say "measuring: one run under GNU time, then $SCALE_RUNS runs (median), each cut at $SCALE_LIMIT s"
    for n in 10000 100000; do
        f=$S/bare-chain-$n.json
        scale_run "human_$n" "$CP validate $f"
        scale_run "json_$n" "$CP validate $f --format json"
        scale_run "github_$n" "$CP validate $f --format github"
        scale_run "sarif_$n" "$CP validate $f --format sarif"
        scale_run "count_$n" "$CP paths $f --count"
        scale_run "outcomes_$n" "$CP outcomes $f"
        scale_run "dot_$n" "$CP render $f --format dot"
    done
    scale_run outcomes_random "$CP outcomes $S/random-10000-42.json"
    scale_run svg_random "$CP render $S/random-10000-42.json --format svg --engine builtin"
    scale_run svg_chain "$CP render $S/bare-chain-10000.json --format svg --engine builtin"
    scale_run all_1000 "$CP validate $S/all"

    cat <<TABLE

carepath scale (issue 16): $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(rustc -V), code $(git -C "$ROOT" describe --always --dirty)

Bare chain (\`synth bare-chain N\`, one node per line: $(($(wc -c <"$S/bare-chain-10000.json") / 1000)) kB and $(($(wc -c <"$S/bare-chain-100000.json") / 1000)) kB): ${findings[0]} and ${findings[1]} findings. Times: median of $SCALE_RUNS runs; growth: time at 100,000 ÷ time at 10,000; memory: peak RSS of one run.

| command, bare chain | 10,000 nodes | 100,000 nodes | growth | peak memory 10,000 / 100,000 | target at 100,000 | met |
| --- | ---: | ---: | ---: | ---: | --- | --- |
$(scale_row '`validate`' human '< 3 s, growth ≤ 12×, < 1 GB' 3)
$(scale_row '`validate --format json`' json '< 3 s, growth ≤ 12×, < 1 GB' 3)
$(scale_row '`validate --format github`' github '< 3 s, growth ≤ 12×, < 1 GB' 3)
$(scale_row '`validate --format sarif`' sarif '< 3 s, growth ≤ 12×, < 1 GB' 3)
$(scale_row '`paths --count`' count '< 2 s, growth ≤ 12×, < 1 GB' 2)
$(scale_row '`outcomes`' outcomes '< 2 s, growth ≤ 12×, < 1 GB' 2)
$(scale_row '`render --format dot`' dot '< 2 s, growth ≤ 12×, < 1 GB' 2)

| run | time | peak memory | target | met |
| --- | ---: | ---: | --- | --- |
| \`outcomes\`, random DAG of 10,000 nodes (\`synth random 10000\`, 256 patient classes) | $(took outcomes_random) | $(mem outcomes_random) | < 1 s | $(met outcomes_random 1) |
| \`render --format svg --engine builtin\`, random DAG of 10,000 nodes | $(took svg_random) | $(mem svg_random) | < 1.5 s | $(met svg_random 1.5) |
| \`render --format svg --engine builtin\`, bare chain of 10,000 nodes | $(took svg_chain) | $(mem svg_chain) | < 1.5 s | $(met svg_chain 1.5) |
| \`validate\` of a folder of 1,000 copies of \`pathways/adult-all.json\` ($summary) | $(took all_1000) | $(mem all_1000) | < 0.75 s wall on $(nproc) cores, < 100 MB | $(met all_1000 0.75 100) |
TABLE
}

# instructions_section: each scale command on the 10,000- and 100,000-node bare chains under
# cachegrind with a fixed simulated cache, one run each (the counts are the same run after run,
# whatever else the machine does), and its growth at 100,000 ÷ at 10,000: in instructions, and
# in a cycle estimate that charges the cache misses (at 10,000 nodes a pathway fits in the last
# level cache, at 100,000 it does not: why wall time grows faster than instructions).
instructions_section() {
    local S=$WORK/instructions n name count
    command -v valgrind >/dev/null || as_root apt-get install -y -qq valgrind >&2
    mkdir -p "$S"
    for n in 10000 100000; do
        "$SYNTH" bare-chain "$n" >"$S/bare-chain-$n.json"
    done
    declare -A IR D1 LL
    # name, then the command's arguments before and after the file.
    local runs=("human validate --" "json validate --format json" "github validate --format github"
        "sarif validate --format sarif" "count paths --count" "outcomes outcomes --" "dot render --format dot")
    for run in "${runs[@]}"; do
        read -r name cmd rest <<<"$run"
        [ "$rest" = "--" ] && rest=""
        for n in 10000 100000; do
            say "cachegrind: $name at $n"
            # A fixed cache (32 KiB L1, 8 MiB last level) rather than this machine's, so the
            # counts are the same on any machine. shellcheck disable=SC2086
            valgrind --tool=cachegrind --cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 --LL=8388608,16,64 \
                --cachegrind-out-file=/dev/null "$CP" $cmd "$S/bare-chain-$n.json" $rest \
                >/dev/null 2>"$S/$name-$n.log" || true
            count() { awk -v k="$1" 'index($0, k) { gsub(",", "", $0); split($0, f, ":"); split(f[2], v, " "); print v[1]; exit }' "$S/$name-$n.log"; }
            IR[${name}_$n]=$(count "I   refs") D1[${name}_$n]=$(count "D1  misses") LL[${name}_$n]=$(count "LLd misses")
        done
    done
    printf '\ncarepath scale in instructions and cache misses (cachegrind): %s, code %s\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)" \
        "$(git -C "$ROOT" describe --always --dirty)"
    printf 'Estimated cycles: instructions + 10 × L1 data misses + 100 × last-level data misses (a model, not a clock).\n\n'
    printf '| command, bare chain | instructions at 10,000 | at 100,000 | growth | LL misses at 10,000 | at 100,000 | estimated cycles growth |\n'
    printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
    for run in "${runs[@]}"; do
        read -r name cmd rest <<<"$run"
        [ "$rest" = "--" ] && rest=""
        awk -v a="${IR[${name}_10000]}" -v b="${IR[${name}_100000]}" -v c="\`$cmd${rest:+ $rest}\`" \
            -v d1a="${D1[${name}_10000]}" -v d1b="${D1[${name}_100000]}" \
            -v lla="${LL[${name}_10000]}" -v llb="${LL[${name}_100000]}" \
            'BEGIN { ea = a + 10 * d1a + 100 * lla; eb = b + 10 * d1b + 100 * llb
                     printf "| %s | %.0f M | %.0f M | %.2f× | %.2f M | %.2f M | %.2f× |\n", c, a / 1e6, b / 1e6, b / a, lla / 1e6, llb / 1e6, eb / ea }'
    done
}

if [ "$SECTION" = scale ]; then
    scale_section
    exit 0
fi
if [ "$SECTION" = instructions ]; then
    instructions_section
    exit 0
fi

# ---- before: this code against an earlier revision, same run ----------------------------
# Builds BEFORE in a temporary worktree (its own target folder), then times each command with
# both binaries under `hyperfine -N`, back to back; prints the medians and their ratio.
before_section() {
    local old_tree=$WORK/before-tree
    git worktree add --quiet --detach "$old_tree" "$BEFORE"
    trap 'git worktree remove --force "$WORK/before-tree" 2>/dev/null || true; rm -rf "$WORK"' EXIT
    say "building $BEFORE (release) in $old_tree"
    (cd "$old_tree" && CARGO_TARGET_DIR=$old_tree/target cargo build --release --quiet --bin carepath)
    local old=$old_tree/target/release/carepath
    "$SYNTH" random 1000 >"$WORK/r1000.json"
    "$SYNTH" random 10000 >"$WORK/r10000.json"
    "$SYNTH" chain 10000 >"$WORK/ch10000.json"
    "$SYNTH" layered 14 >"$WORK/lay14.json"
    "$SYNTH" loops 200 >"$WORK/loops200.json"
    local texts=(--source-dir ../shared/sources)
    [ -d ../shared/sources ] || texts=()
    local all=pathways/adult-all.json
    local cmds=(
        "validate $all ${texts[*]}" "paths $all ${texts[*]}" "paths $all --count ${texts[*]}"
        "paths $all --format json ${texts[*]}" "outcomes $all ${texts[*]}"
        "render $all --format dot ${texts[*]}" "render $all --format svg --engine builtin ${texts[*]}"
        "render $all --format mermaid ${texts[*]}"
        "validate $WORK/r1000.json" "validate $WORK/r10000.json" "validate $WORK/ch10000.json"
        "paths $WORK/lay14.json --format csv" "paths $WORK/lay14.json --count"
        "outcomes $WORK/r1000.json" "outcomes $WORK/loops200.json"
        "render $WORK/r1000.json --format svg --engine builtin" "render $WORK/r10000.json --format dot"
    )
    printf '\ncarepath %s against %s, %s, %s cores, hyperfine -N, median of %s runs\n\n' \
        "$(git rev-parse --short HEAD)" "$BEFORE" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$RUNS"
    printf '| command | before (%s) | after | after ÷ before |\n| --- | ---: | ---: | ---: |\n' "$BEFORE"
    local c o n
    for c in "${cmds[@]}"; do
        # shellcheck disable=SC2086
        o=$(median before "$RUNS" "$old $c" 2) n=$(median after "$RUNS" "$CP $c" 2)
        awk -v c="\`${c//$WORK\//}\`" -v o="$o" -v n="$n" \
            'BEGIN { printf "| %s | %.1f ms | %.1f ms | %.2f |\n", c, o * 1000, n * 1000, n / o }'
    done
}
if [ "$SECTION" = before ]; then
    before_section
    exit 0
fi

# ---- inputs ------------------------------------------------------------------------------
say "generating inputs in $WORK"
"$SYNTH" layered 17 >"$WORK/layered17.json"  # 2^17 = 131,072 paths of 19 steps
"$SYNTH" layered 24 >"$WORK/layered24.json"  # 2^24 = 16.8 million paths
"$SYNTH" random 300 >"$WORK/random300.json"
"$SYNTH" random 1000 >"$WORK/random1000.json"
"$SYNTH" chain 10000 >"$WORK/chain-10000.json" # file name = pathway id: else a warning
"$SYNTH" random 10000 >"$WORK/random-10000-42.json"
"$SYNTH" chain 100000 >"$WORK/chain-100000.json"
# The same 10,000-node chain with findings: one warning (file name differs from the id), and
# 9,997 notes (every phase without a duration).
cp "$WORK/chain-10000.json" "$WORK/misnamed.json"
"$PYTHON" -c 'import json, sys; p = json.load(open(sys.argv[1])); p["id"] = "notes"; [n.pop("duration", None) for n in p["nodes"]]; json.dump(p, open(sys.argv[2], "w"), indent=2)' "$WORK/chain-10000.json" "$WORK/notes.json"
cp pathways/adult-all.json "$WORK/all.json"
mkdir "$WORK/many"
for seed in $(seq 1 1000); do
    size=$((20 + seed % 200))
    "$SYNTH" random "$size" "$seed" >"$WORK/many/random-$size-$seed.json" # file name = pathway id
done
for f in all random300 random1000; do
    "$CP" render "$WORK/$f.json" --format dot >"$WORK/$f.dot"
done
"$CP" paths "$WORK/layered17.json" --format text --limit 0 >"$WORK/layered17.txt"
"$CP" paths "$WORK/layered17.json" --format csv --limit 0 >"$WORK/layered17.csv"
"$PETGRAPH" "$WORK/layered17.json" --print >"$WORK/layered17.ids"

cat >"$WORK/nx_paths.py" <<'EOF'
# networkx peer: every simple path start -> terminal outcome, over the `next` edges.
import json, sys
import networkx as nx
p = json.load(open(sys.argv[1]))
g = nx.DiGraph()
g.add_nodes_from(n["id"] for n in p["nodes"])
g.add_edges_from((e["from"], e["to"]) for e in p["edges"] if e.get("kind", "next") == "next")
start = next(n["id"] for n in p["nodes"] if n["kind"] == "start")
ends = [n["id"] for n in p["nodes"] if n["kind"] == "outcome" and g.out_degree(n["id"]) == 0]
out = sys.stdout
count = 0
for path in nx.all_simple_paths(g, start, ends):
    count += 1
    if len(sys.argv) > 2:
        out.write(" > ".join(path) + "\n")
out.write(f"{count} paths\n")
EOF

say "measuring ($RUNS runs each, median; hyperfine -N runs each command without a shell)"
L=$WORK/layered17.json
# hyperfine -N cannot redirect: the listings write to a pipe that hyperfine discards.
measure cp_text "$RUNS" "$CP paths $L --format text --limit 0"
measure cp_json "$RUNS" "$CP paths $L --format json --limit 0"
measure cp_csv "$RUNS" "$CP paths $L --format csv --limit 0"
measure cp_count "$RUNS" "$CP paths $L --count"
measure pg_count "$RUNS" "$PETGRAPH $L"
measure pg_print "$RUNS" "$PETGRAPH $L --print"
measure nx_count 3 "$PYTHON $WORK/nx_paths.py $L"
measure nx_print 3 "$PYTHON $WORK/nx_paths.py $L --print"
measure cat_text "$RUNS" "cat $WORK/layered17.txt"
measure cat_csv "$RUNS" "cat $WORK/layered17.csv"
measure cat_ids "$RUNS" "cat $WORK/layered17.ids"
for f in all random300 random1000; do
    measure "svg_builtin_$f" "$RUNS" "$CP render $WORK/$f.json --format svg --engine builtin"
    once "svg_dot_$f" "dot -Tsvg $WORK/$f.dot" # tens of seconds per run from 300 nodes: one run
done
measure validate_1000 "$RUNS" "$CP validate $WORK/many"
measure validate_chain10k "$RUNS" "$CP validate $WORK/chain-10000.json"
measure validate_random10k "$RUNS" "$CP validate $WORK/random-10000-42.json"
measure validate_misnamed "$RUNS" "$CP validate $WORK/misnamed.json"
measure validate_notes "$RUNS" "$CP validate $WORK/notes.json"
# 100,000 nodes is a 37 MB file, over the default 16 MiB limit.
measure count_chain100k "$RUNS" "$CP paths $WORK/chain-100000.json --count --max-file-size 100000000"
measure validate_chain100k "$RUNS" "$CP validate $WORK/chain-100000.json --max-file-size 100000000"

# Peak memory (max RSS) while streaming; 10 million paths take about a minute.
RSS_SMALL=$(rss "$CP" paths "$WORK/layered17.json" --format text --limit 1000)
RSS_17=$(rss "$CP" paths "$WORK/layered17.json" --format text --limit 0)
if [ "$QUICK" = 1 ]; then
    RSS_10M="skipped (QUICK=1)"
else
    say "  streaming 10,000,000 paths (text) for peak memory..."
    RSS_10M="$(rss "$CP" paths "$WORK/layered24.json" --format text --limit 10000000) KiB"
fi

BYTES=$(wc -c <"$WORK/layered17.txt")
CSV_BYTES=$(wc -c <"$WORK/layered17.csv")
IDS_BYTES=$(wc -c <"$WORK/layered17.ids")
mbs() { awk -v b="${2:-$BYTES}" -v s="$1" 'BEGIN { printf "%.0f MB/s", b / s / 1e6 }'; }

# ---- table -------------------------------------------------------------------------------
cat <<EOF

carepath compare: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(rustc -V)

| what | carepath | peer | peer time | peer / carepath |
| --- | ---: | --- | ---: | ---: |
| list 131,072 paths (layered 2×17), CSV: ids and figures | $(ms "${T[cp_csv]}") | petgraph all_simple_paths, ids printed | $(ms "${T[pg_print]}") | $(ratio "${T[pg_print]}" "${T[cp_csv]}")× |
| list 131,072 paths, CSV | $(ms "${T[cp_csv]}") | networkx all_simple_paths, ids printed | $(ms "${T[nx_print]}") | $(ratio "${T[nx_print]}" "${T[cp_csv]}")× |
| list 131,072 paths, CSV | $(ms "${T[cp_csv]}") | petgraph all_simple_paths, count only | $(ms "${T[pg_count]}") | $(ratio "${T[pg_count]}" "${T[cp_csv]}")× |
| list 131,072 paths, CSV | $(ms "${T[cp_csv]}") | networkx all_simple_paths, count only | $(ms "${T[nx_count]}") | $(ratio "${T[nx_count]}" "${T[cp_csv]}")× |
| list 131,072 paths, text report | $(ms "${T[cp_text]}") | petgraph, ids printed | $(ms "${T[pg_print]}") | $(ratio "${T[pg_print]}" "${T[cp_text]}")× |
| list 131,072 paths, text report | $(ms "${T[cp_text]}") | networkx, ids printed | $(ms "${T[nx_print]}") | $(ratio "${T[nx_print]}" "${T[cp_text]}")× |
| list 131,072 paths, JSON | $(ms "${T[cp_json]}") | petgraph, ids printed | $(ms "${T[pg_print]}") | $(ratio "${T[pg_print]}" "${T[cp_json]}")× |
| list 131,072 paths, JSON | $(ms "${T[cp_json]}") | networkx, ids printed | $(ms "${T[nx_print]}") | $(ratio "${T[nx_print]}" "${T[cp_json]}")× |
| count 131,072 paths (DP) | $(ms "${T[cp_count]}") | petgraph, count only | $(ms "${T[pg_count]}") | $(ratio "${T[pg_count]}" "${T[cp_count]}")× |
| SVG, ALL pathway (65 nodes) | $(ms "${T[svg_builtin_all]}") | dot -Tsvg | $(at svg_dot_all)$(ms "${T[svg_dot_all]}") | $(at svg_dot_all)$(ratio "${T[svg_dot_all]}" "${T[svg_builtin_all]}")× |
| SVG, random 300 nodes | $(ms "${T[svg_builtin_random300]}") | dot -Tsvg | $(at svg_dot_random300)$(ms "${T[svg_dot_random300]}") | $(at svg_dot_random300)$(ratio "${T[svg_dot_random300]}" "${T[svg_builtin_random300]}")× |
| SVG, random 1,000 nodes | $(ms "${T[svg_builtin_random1000]}") | dot -Tsvg | $(at svg_dot_random1000)$(ms "${T[svg_dot_random1000]}") | $(at svg_dot_random1000)$(ratio "${T[svg_dot_random1000]}" "${T[svg_builtin_random1000]}")× |
| list 131,072 paths, text ($((BYTES / 1000000)) MB) | $(ms "${T[cp_text]}") ($(mbs "${T[cp_text]}")) | cat of the same bytes | $(ms "${T[cat_text]}") ($(mbs "${T[cat_text]}")) | $(ratio "${T[cat_text]}" "${T[cp_text]}")× |
| list 131,072 paths, CSV ($((CSV_BYTES / 1000000)) MB) | $(ms "${T[cp_csv]}") ($(mbs "${T[cp_csv]}" "$CSV_BYTES")) | cat of the same bytes | $(ms "${T[cat_csv]}") ($(mbs "${T[cat_csv]}" "$CSV_BYTES")) | $(ratio "${T[cat_csv]}" "${T[cp_csv]}")× |
| petgraph, ids printed ($((IDS_BYTES / 1000000)) MB) | | cat of the same bytes | $(ms "${T[cat_ids]}") ($(mbs "${T[cat_ids]}" "$IDS_BYTES")) | |
| fixed cost: paths --count (start, read, validate, DP) | $(ms "${T[cp_count]}") | | | |

| carepath alone | time | target |
| --- | ---: | --- |
| validate a folder of 1,000 files (20–219 nodes) | $(ms "${T[validate_1000]}") | < 2 s |
| validate chain of 10,000 nodes, end to end | $(ms "${T[validate_chain10k]}") | < 200 ms |
| validate random DAG of 10,000 nodes, end to end | $(ms "${T[validate_random10k]}") | < 200 ms |
| validate chain of 10,000 nodes with one warning, end to end | $(ms "${T[validate_misnamed]}") | < 200 ms |
| validate chain of 10,000 nodes with 9,997 notes, end to end | $(ms "${T[validate_notes]}") | |
| validate chain of 100,000 nodes, end to end | $(ms "${T[validate_chain100k]}") | |
| paths --count, chain of 100,000 nodes, end to end (load + validate + DP) | $(ms "${T[count_chain100k]}") | DP alone < 50 ms: \`cargo bench --bench paths -- count_paths\` |

| peak memory (max RSS) | KiB |
| --- | ---: |
| list 1,000 paths | $RSS_SMALL |
| list 131,072 paths | $RSS_17 |
| list 10,000,000 paths (of layered 2×24) | $RSS_10M |
EOF

[ "$SECTION" = peers ] || scale_section
