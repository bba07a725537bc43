#!/usr/bin/env python3
"""Ours next to the anchors: one row per figure of ours, with the matching OTP and Pekko medians
and the ratios ours/OTP and ours/Pekko.

Usage: python3 compare.py [--all] RAW_FILE...   (RESULT lines of ours, otp and pekko runs)

Medians are taken over runs exactly as the anchors' summarize.py does. Matching (see README):
  spawn_storm   OTP simple_one_for_one (heap_per_child ~ OTP mem_total_per_child); Pekko typed, same JDK
  shutdown      OTP trap_exit=true (our children have a stop path); Pekko typed, same JDK
  restart       OTP same siblings/batch/log, service(fail) ~ OTP kill, worker(throw) ~ OTP crash;
                Pekko classic (log=off) or typed (log=file), same siblings and JDK
  one_for_all   OTP one_for_all, service ~ trap_exit=true, worker ~ trap_exit=false; Pekko classic
  spring_restart  OTP restart with 0 siblings (fail/liveness ~ kill, throw ~ crash, batch 200, log off);
                Pekko typed (log off), same JDK; a second table puts it next to our bare engine
  crash_storm, startup, endpoint, handle_call: no anchor (figures of ours only)
Without --all only p50, p99, mean and the throughput/size/total figures are listed.
"""
import collections
import statistics
import sys

def parse(paths):
    groups = collections.OrderedDict()
    for path in paths:
        with open(path) as f:
            for line in f:
                if not line.startswith("RESULT "):
                    continue
                kv = dict(tok.split("=", 1) for tok in line.split()[1:])
                key = (kv["system"], kv["scenario"], kv["n"], kv["variant"], kv["metric"], kv["unit"])
                groups.setdefault(key, []).append(float(kv["value"]))
    return {k: statistics.median(v) for k, v in groups.items()}

def variant(text):
    return dict(p.split("=", 1) for p in text.split(";") if "=" in p)

def major(jdk):
    return jdk.split(".")[0] if jdk else ""

def find(medians, system, scenario, n, metric, want):
    """The median of the one anchor figure whose variant has every key=value in want."""
    for (s, sc, nn, var, met, unit), value in medians.items():
        if s != system or sc != scenario or nn != n or met != metric:
            continue
        v = variant(var)
        if all((major(v.get(k)) == val) if k == "jdk" else (v.get(k) == val) for k, val in want.items()):
            return value, var
    return None, None

def anchors(medians, scenario, n, metric, v):
    jdk = major(v.get("jdk"))
    otp_metric = metric
    otp, pekko = None, None
    if v.get("harness") == "jmh":
        return (None, None), (None, None)
    if scenario == "spawn_storm":
        otp_metric = "mem_total_per_child" if metric == "heap_per_child" else metric
        otp = find(medians, "otp", scenario, n, otp_metric, {"sup": "simple_one_for_one"})
        pekko = find(medians, "pekko", scenario, n, metric, {"api": "typed", "jdk": jdk})
    elif scenario == "shutdown":
        otp = find(medians, "otp", scenario, n, metric, {"trap_exit": "true"})
        pekko = find(medians, "pekko", scenario, n, metric, {"api": "typed", "jdk": jdk})
    elif scenario == "restart":
        mode = {"fail": "kill", "throw": "crash"}.get(v.get("mode"), "")
        otp = find(medians, "otp", scenario, n, metric,
                   {"siblings": v.get("siblings"), "mode": mode, "batch": v.get("batch"), "log": v.get("log")})
        if v.get("batch") == "200":
            api = "classic" if v.get("log") == "off" else "typed"
            pekko = find(medians, "pekko", scenario, n, metric,
                         {"api": api, "siblings": v.get("siblings"), "log": v.get("log"), "jdk": jdk})
    elif scenario == "spring_restart":
        mode = {"fail": "kill", "liveness": "kill", "throw": "crash"}.get(v.get("mode"), "")
        otp = find(medians, "otp", "restart", "10000", metric,
                   {"siblings": "0", "mode": mode, "batch": "200", "log": "off"})
        pekko = find(medians, "pekko", "restart", "10000", metric,
                     {"api": "typed", "siblings": "0", "log": "off", "jdk": jdk})
    elif scenario == "one_for_all_restart":
        trap = "true" if v.get("kind") == "service" else "false"
        otp = find(medians, "otp", scenario, n, metric, {"trap_exit": trap})
        pekko = find(medians, "pekko", scenario, n, metric, {"api": "classic", "jdk": jdk})
    return otp or (None, None), pekko or (None, None)

def fmt(x):
    if x is None:
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"

def ratio(a, b):
    return f"{a / b:.2f}" if (a is not None and b) else "–"

SHOWN = ("_p50", "_p99", "_mean", "children_per_sec", "us_per_child", "heap_per_child", "total_ms",
         "spawn_loop_ms", "order_violations", "alloc_per_restart", "all_back_ms", "us_per_restart",
         "refresh_ms", "close_ms", "us_per_declared_child", "cpu_us_per_declared_child", "refresh_cpu_ms",
         "alloc_per_request", "response_bytes", "jmh_ns_per_call", "jmh_alloc_bytes_per_op", "os_waits_per_restart",
         "os_waits_per_cycle")

def bare(medians, metric, v):
    """Our bare engine's restart figure for the kind of a Spring child (same JDK and threads)."""
    for (s, sc, nn, var, met, unit), value in medians.items():
        if s != "ours" or sc != "restart" or met != metric:
            continue
        b = variant(var)
        if (b.get("siblings") == "0" and b.get("kind") == v.get("kind") and b.get("batch") == "200"
                and b.get("log") == "off" and b.get("jdk") == v.get("jdk") and b.get("threads") == v.get("threads")):
            return value
    return None

def spring_table(medians):
    print("\n### The Spring layer against the bare engine\n")
    print("restart of a Spring child (starter) ÷ the bare engine's restart of the same kind (same JDK and threads); "
          "observe=on ÷ observe=off for the same child.\n")
    print("| child | kind | jdk | threads | metric | observe | Spring | bare engine | Spring/bare | on/off |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (system, scenario, n, var, metric, unit), value in medians.items():
        if system != "ours" or scenario != "spring_restart" or not metric.endswith(("_p50", "_p99", "alloc_per_restart")):
            continue
        if metric.startswith("crash_to_driver"):
            continue
        v = variant(var)
        base = bare(medians, metric, v)
        onoff = "–"
        if v.get("observe") == "on":
            off_var = var.replace("observe=on", "observe=off")
            off = medians.get((system, scenario, n, off_var, metric, unit))
            onoff = ratio(value, off)
        print(f"| {v.get('child')} | {v.get('kind')} | {major(v.get('jdk'))} | {v.get('threads')} | {metric} "
              f"| {v.get('observe')} | {fmt(value)} | {fmt(base)} | {ratio(value, base)} | {onoff} |")

def main(argv):
    show_all = "--all" in argv
    medians = parse([a for a in argv if a != "--all"])
    print("ratio = ours ÷ anchor, both medians over runs: below 1 is better for times and bytes, "
          "above 1 is better for children_per_sec.\n")
    print("| scenario | N | our variant | metric | ours | OTP | ours/OTP | Pekko | Pekko variant | ours/Pekko | unit |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (system, scenario, n, var, metric, unit), value in medians.items():
        if system != "ours" or not (show_all or metric.endswith(SHOWN)):
            continue
        v = variant(var)
        (otp, _), (pekko, pekko_var) = anchors(medians, scenario, n, metric, v)
        pekko_label = ""
        if pekko_var:
            pv = variant(pekko_var)
            pekko_label = f"{pv.get('api', '')} jdk {major(pv.get('jdk'))}"
        print(f"| {scenario} | {n} | {var} | {metric} | {fmt(value)} | {fmt(otp)} | {ratio(value, otp)} "
              f"| {fmt(pekko)} | {pekko_label} | {ratio(value, pekko)} | {unit} |")
    spring_table(medians)

if __name__ == "__main__":
    main(sys.argv[1:])
