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
         "spawn_loop_ms", "order_violations")

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

if __name__ == "__main__":
    main(sys.argv[1:])
