#!/usr/bin/env bash
# carepath against its peers, in one run on the same inputs: path listing (petgraph's
# all_simple_paths, networkx.all_simple_paths), SVG layout (Graphviz `dot -Tsvg`), validation
# of 1,000 files, listing vs pure output, peak memory while streaming 10 million paths.
# Prints a table of times and ratios. Not part of CI. Results: docs/benchmarks.md.
#
# Usage: scripts/compare.sh            (from a clone; builds what it needs)
#        QUICK=1 scripts/compare.sh     (fewer runs, no 10-million-path memory run)
# Needs: cargo; installs hyperfine, graphviz and GNU time with apt-get and networkx with pip
# when missing (as root, or with sudo).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
QUICK=${QUICK:-0}
RUNS=$([ "$QUICK" = 1 ] && echo 3 || echo 7)

say() { printf '%s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---- tools -------------------------------------------------------------------------------
apt_packages=()
command -v hyperfine >/dev/null || apt_packages+=(hyperfine)
command -v dot >/dev/null || apt_packages+=(graphviz)
[ -x /usr/bin/time ] || apt_packages+=(time)
if [ ${#apt_packages[@]} -gt 0 ]; then
    say "installing ${apt_packages[*]} with apt-get"
    as_root apt-get update -qq >/dev/null
    as_root apt-get install -y -qq "${apt_packages[@]}" >/dev/null || say "apt-get failed; falling back where possible"
fi
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import networkx' 2>/dev/null; then
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

# ---- timing ------------------------------------------------------------------------------
# median NAME RUNS COMMAND: the median wall time in seconds of RUNS runs (after one warm-up).
median() {
    local name=$1 runs=$2 cmd=$3
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 1 --runs "$runs" --export-json "$WORK/$name.json" --style none "$cmd" >/dev/null 2>&1 ||
            hyperfine --warmup 1 --runs "$runs" --export-json "$WORK/$name.json" --style none "$cmd" >/dev/null
        "$PYTHON" -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$WORK/$name.json"
    else
        bash -c "$cmd" >/dev/null
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
rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1; }
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
