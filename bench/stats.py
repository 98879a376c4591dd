"""Helpers for bench/run.sh: process CPU and memory, result lines, and the summary table.

    python -m bench.stats cpu MASTER_PID        # "server_s postgres_s machine_busy_s"
    python -m bench.stats rss MASTER_PID        # worker RSS in MiB, space separated
    python -m bench.stats workers MASTER_PID    # worker PIDs
    python -m bench.stats wrk RAW CPU0 CPU1 KEY=VALUE...   # one results.jsonl line
    python -m bench.stats seq NAME KEY=VALUE... -- SECONDS...  # sequential timings line
    python -m bench.stats summary RESULTS [PEER_RESULTS]

Standard library only, so it runs before Django is set up and costs little per call.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

# Our workload name -> the peer's (../shared/bench/peer-helpdesk/run.sh), for the ratios.
PEER_NAMES = {
    "ceiling_ping": "ceiling_ping",
    "w1_intake": "w1_intake",
    "w2_queue_html": "w2_list_page",
    "w2_api_list": "w2_list_json",
    "w3_dashboard": "w3_dashboard",
}


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        children[int(fields[1])].append(int(name))
    return children


def workers(master: int) -> list[int]:
    """The leaf processes under ``master``: the WSGI workers, however many layers start them."""
    children = _children()
    leaves, todo = [], list(children.get(master, []))
    while todo:
        pid = todo.pop()
        if children.get(pid):
            todo.extend(children[pid])
        else:
            leaves.append(pid)
    return sorted(leaves)


def _stat(pid: int) -> tuple[str, list[str]] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()


def cpu(master: int) -> str:
    """CPU seconds of the server's processes, of PostgreSQL's, and of the whole machine.

    Processes that exited between two snapshots are counted through their parent's
    reaped-children time, so neither a closed PostgreSQL connection nor a web worker recycled
    after its ``--max-requests`` loses its CPU.
    """
    tick = os.sysconf("SC_CLK_TCK")
    server_pids = {master, *workers(master)}
    server = postgres = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        parsed = _stat(int(name))
        if parsed is None:
            continue
        comm, fields = parsed
        used = int(fields[11]) + int(fields[12])
        if int(name) == master:
            server += used + int(fields[13]) + int(fields[14])
        elif int(name) in server_pids:
            server += used
        elif comm.startswith("postgres"):
            postgres += used + int(fields[13]) + int(fields[14])
    total = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    busy = sum(int(x) for i, x in enumerate(total) if i not in (3, 4))
    return f"{server / tick:.2f} {postgres / tick:.2f} {busy / tick:.2f}"


def rss(master: int) -> str:
    values: list[str] = []
    for pid in workers(master):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        values.extend(
            f"{int(line.split()[1]) / 1024:.1f}"
            for line in status.splitlines()
            if line.startswith("VmRSS:")
        )
    return " ".join(values)


def _pairs(items: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, _, value = item.partition("=")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def wrk_line(raw: str, cpu0: str, cpu1: str, extra: list[str]) -> str:
    """One results line from a wrk run's WRK_JSON (and WRK_STATUS) output and CPU snapshots."""
    result: dict[str, Any] = {}
    for line in Path(raw).read_text().splitlines():
        if line.startswith("WRK_JSON "):
            result.update(json.loads(line[len("WRK_JSON ") :]))
        elif line.startswith("WRK_STATUS "):
            result["status_counts"] = json.loads(line[len("WRK_STATUS ") :])
    if "rps" not in result:
        raise SystemExit(f"wrk produced no result in {raw}")
    before = [float(x) for x in cpu0.split()]
    after = [float(x) for x in cpu1.split()]
    result.update(_pairs(extra))
    result["cpu_server_s"] = round(after[0] - before[0], 2)
    result["cpu_postgres_s"] = round(after[1] - before[1], 2)
    result["cpu_total_s"] = round(after[2] - before[2], 2)
    return json.dumps(result)


def seq_line(name: str, extra: list[str], seconds: list[str]) -> str:
    times = sorted(float(s) * 1000 for s in seconds)
    return json.dumps(
        {
            "workload": name,
            **_pairs(extra),
            "n": len(times),
            "samples_ms": [round(t, 1) for t in times],
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, math.ceil(0.95 * len(times)) - 1)], 1),
        }
    )


def _load(path: str) -> list[dict[str, Any]]:
    if not path or not Path(path).exists():
        return []
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(path: str, peer_path: str = "") -> str:
    rows, peer = _load(path), _load(peer_path)
    peer_rate: dict[tuple[str, str, Any], float] = {}
    grouped_peer: dict[tuple[str, str, Any], list[float]] = defaultdict(list)
    for r in peer:
        if "rps" in r:
            value = r.get("created_per_s", r["rps"])
            grouped_peer[(r["workload"], r.get("label", ""), r.get("workers"))].append(value)
    for key, values in grouped_peer.items():
        peer_rate[key] = _median(values)

    out = [
        "| workload | data | workers | runs | req/s | ok/s | p50 ms | p95 ms | p99 ms "
        "| errors | CPU server/pg | peer req/s | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    groups: dict[tuple[str, str, Any], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if "rps" in r:
            groups[(r["workload"], r.get("label", ""), r.get("workers"))].append(r)
    for (workload, label, workers_), runs in sorted(
        groups.items(), key=lambda kv: (kv[0][1], str(kv[0][2]), kv[0][0])
    ):
        rps = _median([r["rps"] for r in runs])
        ok = [r["created_per_s"] for r in runs if "created_per_s" in r]
        errors = sum(
            r["non2xx3xx"] + r["err_timeout"] + r["err_connect"] + r["err_read"] for r in runs
        )
        total = sum(r["cpu_total_s"] for r in runs) or 1
        share = (
            f"{sum(r['cpu_server_s'] for r in runs) / total:.0%}/"
            f"{sum(r['cpu_postgres_s'] for r in runs) / total:.0%}"
        )
        ours = _median(ok) if ok else rps
        theirs = peer_rate.get((PEER_NAMES.get(workload, ""), label, workers_))
        ok_text = f"{_median(ok):.1f}" if ok else ""
        ratio = f"{theirs:.1f} | {ours / theirs:.1f}×" if theirs else " | "
        p50, p95, p99 = (_median([r[f"p{p}_ms"] for r in runs]) for p in (50, 95, 99))
        out.append(
            f"| {workload} | {label} | {workers_} | {len(runs)} | {rps:.1f} | {ok_text} "
            f"| {p50:.1f} | {p95:.1f} | {p99:.1f} | {errors} | {share} | {ratio} |"
        )
    out += ["", "| sequential (1 connection) | data | workers | n | p50 ms | p95 ms |"]
    out.append("|---|---|---|---|---|---|")
    for r in rows:
        if "samples_ms" in r:
            out.append(
                f"| {r['workload']} | {r.get('label', '')} | {r.get('workers', '')} | {r['n']} "
                f"| {r['p50_ms']} | {r['p95_ms']} |"
            )
        elif r.get("skipped"):
            label = r.get("label", "")
            out.append(f"| {r['workload']} | {label} | | skipped: {r['skipped']} | | |")
    pgbench = [r for r in rows if r["workload"] == "ceiling_pgbench_insert"]
    if pgbench:
        tps = ", ".join(f"{r['tps']:.0f}" for r in pgbench)
        out += [
            "",
            f"pgbench insert-only, 8 clients: TPS median {_median([r['tps'] for r in pgbench]):.0f}"
            f" (runs: {tps})",
        ]
    for r in rows:
        if r["workload"].startswith("rss"):
            out.append(
                f"{r['workload']} {r.get('label', '')} w={r.get('workers')}: "
                f"worker RSS MiB = {r['rss_mib']}"
            )
    return "\n".join(out)


def main(argv: list[str]) -> int:
    command, args = argv[0], argv[1:]
    if command == "cpu":
        print(cpu(int(args[0])))
    elif command == "rss":
        print(rss(int(args[0])))
    elif command == "workers":
        print(" ".join(str(pid) for pid in workers(int(args[0]))))
    elif command == "wrk":
        print(wrk_line(args[0], args[1], args[2], args[3:]))
    elif command == "seq":
        split = args.index("--")
        print(seq_line(args[0], args[1:split], args[split + 1 :]))
    elif command == "summary":
        print(summary(args[0], args[1] if len(args) > 1 else ""))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
