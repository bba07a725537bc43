#!/usr/bin/env bash
# Runs our benchmarks on JDK 17 (platform threads) and on a Java 21+ JDK (virtual threads) when
# one is installed, plus the anchors (Erlang/OTP when `erl` is installed, Apache Pekko through its
# Maven project) in ONE session on this machine, then prints one table: ours, OTP, Pekko and the
# ratios ours/OTP and ours/Pekko per figure. Every repetition is a fresh JVM/VM.
# Not part of CI: ~40-50 min with the defaults on the 2-core box. Run nothing else meanwhile.
# Besides the anchors' scenarios, ours adds what a Spring user pays (issue #15): restarts of bean,
# class, Runnable and SmartLifecycle children (metrics and a listener off/on), start-up of 0-10k
# declared children, the endpoint on 100k (and, REPS_BIG, 1M) dynamic children, a crash storm of
# 10k children, and the JMH handle-call benchmark.
#
# Usage: benchmarks/compare.sh            (from anywhere)
# Env:   REPS=3            repetitions of our cheap scenarios (fresh JVM each)
#        REPS_BIG=1        repetitions of our N=1,000,000 storms (0 skips them)
#        ANCHOR_REPS=3     repetitions of the anchors' scenarios
#        ANCHOR_REPS_BIG=1 repetitions of the anchors' N=1,000,000 storms (0 skips them)
#        ITERS=10000       restarts per restart run (the anchors use 10,000)
#        JDK17=<home>      default: the JDK of the `java` on PATH
#        JDK21=<home>      a Java 21+ JDK; default: the first /usr/lib/jvm/* with Java >= 21 ($JDK25 too)
#        OURS=0            skip ours; ANCHORS="otp pekko" (default) or "" to skip the anchors
#        PLATFORM21=1      also run ours with platform threads on the Java 21+ JDK
#        JMH=1             also run the engine's JMH benchmarks (adds ~3 min per JDK); the handle
#                          benchmark (JMH, ~1 min per JDK) always runs unless HANDLE_JMH=0
#        SPRING=0          skip the Spring-layer scenarios
#        SKIP_BUILD=1      reuse benchmarks/target/benchmarks.jar and the Pekko build
#        ANCHORS_DIR=<dir> default: ../shared/anchors next to the repository
#        OUT=<dir>         default: benchmarks/target/compare-<date>
set -uo pipefail   # keep going when one run fails; its error is on stderr and in the log

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
REPS="${REPS:-3}"
REPS_BIG="${REPS_BIG:-1}"
ANCHOR_REPS="${ANCHOR_REPS:-3}"
ANCHOR_REPS_BIG="${ANCHOR_REPS_BIG:-1}"
ITERS="${ITERS:-10000}"
OURS="${OURS:-1}"
ANCHORS="${ANCHORS-otp pekko}"
ANCHORS_DIR="${ANCHORS_DIR:-$ROOT/../shared/anchors}"
ANCHORS_DIR="$(cd "$ANCHORS_DIR" 2>/dev/null && pwd || echo "$ANCHORS_DIR")"
OUT="${OUT:-$HERE/target/compare-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
JAR="$HERE/target/benchmarks.jar"
LOG="$OUT/compare.log"

java_major() {
	"$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

JDK17="${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
if [ -z "${JDK21:-}" ]; then
	JDK21="${JDK25:-}"
	if [ -z "$JDK21" ]; then
		for home in /usr/lib/jvm/*; do
			[ -x "$home/bin/java" ] || continue
			major="$(java_major "$home")"
			if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
				JDK21="$home"
				break
			fi
		done
	fi
fi

note() { echo "# $(date +%T) $*" | tee -a "$LOG" >&2; }

note "results in $OUT"
note "JDK17=$JDK17 (Java $(java_major "$JDK17")) JDK21=${JDK21:-none} REPS=$REPS REPS_BIG=$REPS_BIG ANCHOR_REPS=$ANCHOR_REPS ANCHOR_REPS_BIG=$ANCHOR_REPS_BIG ITERS=$ITERS"

if [ -z "${SKIP_BUILD:-}" ] && [ "$OURS" = "1" ]; then
	note "building the benchmarks with the modules they need (reactor, nothing installed)"
	(cd "$ROOT" && JAVA_HOME="$JDK17" mvn -B -q package -pl benchmarks -am -DskipTests) >>"$LOG" 2>&1 \
		|| { echo "build failed, see $LOG" >&2; exit 1; }
fi

# ---------------------------------------------------------------- ours
# run_ours <jdk home> <threads> : every scenario once per repetition, each in a fresh JVM.
run_ours() {
	local jdk="$1" threads="$2" raw="$OUT/ours-raw.txt"
	local B="$jdk/bin/java -Xms2g -Xmx12g -Dbench.logFile=$OUT/ours_bench_log.txt -jar $JAR"
	local T="--threads=$threads"
	"$jdk/bin/java" -version 2>&1 | head -2 | sed 's/^/# /' | tee -a "$raw"
	one() { note "ours $threads $(basename "$jdk"): $*"; $B "$@" "$T" | tee -a "$raw"; }
	# Platform threads pay an OS thread start per worker (and per service stop) and a wake-up per
	# call: smaller warm-ups, and no 100k/1M worker storms (one OS thread per child).
	# Service storms start no thread: the full 3 warm-up rounds everywhere (with 1, a 10k storm on
	# JDK 17 measured the JIT, not the engine).
	local warm=20000 cycles=50 storms=3 worker_storms=3 big_workers=1
	if [ "$threads" = "platform" ]; then warm=5000 cycles=10 worker_storms=1 big_workers=0; fi
	for i in $(seq "$REPS"); do
		note "ours rep $i/$REPS"
		one spawn_storm 10000 service "$storms"
		one spawn_storm 100000 service "$storms"
		one spawn_storm 10000 worker "$worker_storms"
		[ "$big_workers" = 1 ] && one spawn_storm 100000 worker "$worker_storms"
		one restart 0 service "$ITERS" 200 off "$warm"
		one restart 1000 service "$ITERS" 200 off "$warm"
		one restart 0 worker "$ITERS" 200 off "$warm"
		one restart 1000 worker "$ITERS" 200 off "$warm"
		one restart 0 service "$ITERS" 200 file "$warm"
		one restart 0 worker "$ITERS" 200 file "$warm"
		one restart 0 service "$ITERS" "$ITERS" off "$warm"   # no re-creation: the window is O(1)
		one one_for_all 1000 service 100 "$cycles"
		one one_for_all 1000 worker 100 "$cycles"
		one crash_storm 10000 service 5 2
		one crash_storm 10000 worker 5 2
		if [ "${SPRING:-1}" = "1" ]; then
			for child in prototype class runnable lifecycle; do
				one spring_restart "$child" "$ITERS" off "$warm"
			done
			one spring_restart prototype "$ITERS" on "$warm"
			one spring_restart class "$ITERS" on "$warm"
			one endpoint 100000 200 50
		fi
	done
	if [ "${SPRING:-1}" = "1" ]; then
		# In-JVM repetitions (3 measured cycles after 2 warm-ups), once per JDK.
		for n in 0 100 1000 10000; do
			one startup "$n" 3 2
		done
	fi
	if [ "$threads" = "virtual" ]; then
		for i in $(seq "$REPS_BIG"); do
			one spawn_storm 1000000 service
			one spawn_storm 1000000 worker
			[ "${SPRING:-1}" = "1" ] && one endpoint 1000000 100 20
		done
	fi
	if [ "${SPRING:-1}" = "1" ] && [ "${HANDLE_JMH:-1}" = "1" ]; then
		note "ours JMH handle calls $threads $(basename "$jdk")"
		"$jdk/bin/java" -jar "$JAR" jmh Handle -p threads="$threads" -prof gc | grep '^RESULT' | tee -a "$raw"
	fi
	if [ "${JMH:-0}" = "1" ]; then
		note "ours JMH $threads $(basename "$jdk")"
		"$jdk/bin/java" -jar "$JAR" jmh -p threads="$threads" -prof gc | tee -a "$raw"
	fi
}

if [ "$OURS" = "1" ]; then
	run_ours "$JDK17" platform
	if [ -n "$JDK21" ]; then
		run_ours "$JDK21" virtual
		[ "${PLATFORM21:-0}" = "1" ] && run_ours "$JDK21" platform
	else
		note "no Java 21+ JDK found: virtual-thread runs skipped"
	fi
fi

# ---------------------------------------------------------------- OTP anchor
if [[ " $ANCHORS " == *" otp "* ]]; then
	if command -v erl >/dev/null 2>&1; then
		raw="$OUT/otp-raw.txt"
		mkdir -p "$OUT/otp-ebin"
		erlc -o "$OUT/otp-ebin" "$ANCHORS_DIR"/otp/*.erl
		erl -noshell -eval 'io:format("# OTP ~s, erts ~s, schedulers ~p~n",[erlang:system_info(otp_release),erlang:system_info(version),erlang:system_info(schedulers_online)]), halt().' | tee -a "$raw"
		E="erl +P 2000000 -noshell -pa $OUT/otp-ebin -run otp_bench main"
		otp() { note "otp: $*"; (cd "$OUT" && $E "$@") | tee -a "$raw"; }
		otp_log() { note "otp (log=file): $*"; (cd "$OUT" && BENCH_LOG=file $E "$@") | tee -a "$raw"; }
		for i in $(seq "$ANCHOR_REPS"); do
			note "otp rep $i/$ANCHOR_REPS"
			otp spawn_storm 10000
			otp spawn_storm 100000
			otp shutdown 10000 trap
			otp shutdown 100000 trap
			otp restart 0 kill "$ITERS" 200
			otp restart 1000 kill "$ITERS" 200
			otp restart 0 crash "$ITERS" 200
			otp restart 1000 crash "$ITERS" 200
			otp restart 0 kill "$ITERS" "$ITERS"
			otp_log restart 0 kill "$ITERS" 200
			otp_log restart 0 crash "$ITERS" 200
			otp group_restart one_for_all 1000 notrap 100
			otp group_restart one_for_all 1000 trap 100
		done
		for i in $(seq "$ANCHOR_REPS_BIG"); do
			otp spawn_storm 1000000
		done
	else
		note "erl not installed (apt-get install -y erlang-base): OTP anchor skipped"
	fi
fi

# ---------------------------------------------------------------- Pekko anchor
if [[ " $ANCHORS " == *" pekko "* ]]; then
	PEKKO="$ANCHORS_DIR/pekko"
	raw="$OUT/pekko-raw.txt"
	if [ -z "${SKIP_BUILD:-}" ] || [ ! -d "$PEKKO/target/lib" ]; then
		note "building the Pekko anchor in $PEKKO"
		(cd "$PEKKO" && JAVA_HOME="$JDK17" mvn -q -B package -DskipTests) >>"$LOG" 2>&1 \
			|| note "Pekko build failed, see $LOG"
	fi
	if [ -d "$PEKKO/target/lib" ]; then
		for jdk in "$JDK17" ${JDK21:+"$JDK21"}; do
			"$jdk/bin/java" -version 2>&1 | head -2 | sed 's/^/# /' | tee -a "$raw"
			P="$jdk/bin/java -Xms2g -Xmx12g -cp $PEKKO/target/classes:$PEKKO/target/lib/* anchors.pekko.PekkoBench"
			pekko() { note "pekko $(basename "$jdk"): $*"; (cd "$OUT" && $P "$@") | tee -a "$raw"; }
			for i in $(seq "$ANCHOR_REPS"); do
				note "pekko rep $i/$ANCHOR_REPS"
				pekko spawn_stop 10000
				pekko spawn_stop 100000
				pekko typed_restart 0 "$ITERS" off
				pekko typed_restart 1000 "$ITERS" off
				pekko typed_restart 0 "$ITERS" file
				pekko classic_restart 0 "$ITERS"
				pekko classic_restart 1000 "$ITERS"
				pekko classic_group_restart 1000 100
			done
			for i in $(seq "$ANCHOR_REPS_BIG"); do
				pekko spawn_stop 1000000
			done
		done
	fi
fi

# ---------------------------------------------------------------- tables
RAWS=()
for f in ours-raw.txt otp-raw.txt pekko-raw.txt; do
	[ -s "$OUT/$f" ] && RAWS+=("$OUT/$f")
done
if [ "${#RAWS[@]}" -eq 0 ]; then
	echo "no results" >&2
	exit 1
fi
python3 "$ANCHORS_DIR/summarize.py" "${RAWS[@]}" > "$OUT/summary.md"
python3 "$HERE/scripts/compare.py" "${RAWS[@]}" > "$OUT/compare.md"
note "every figure: $OUT/summary.md"
note "ours vs anchors: $OUT/compare.md"
cat "$OUT/compare.md"
