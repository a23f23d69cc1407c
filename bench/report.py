"""The benchmark's Markdown: the machine, the load table, growth, server time.

Everything is computed from the JSON a run saves (``bench/results/``), so
a report can be rendered again without measuring again:
``python -m bench.report bench/results/run-....json``.
"""
from __future__ import annotations

import json
import sys

TARGET_READ, TARGET_SEARCH, TARGET_POST = 0.25, 0.15, 0.10
TARGET_P99_MS = 50.0
#: The layout-only page against the floor's, in process: what every page pays at most.
TARGET_FIXED_MS, TARGET_FIXED_STATEMENTS = 0.5, 2
LAYOUT_ONLY = "layout only (fixed cost)"


def _n(value: float, digits: int = 1) -> str:
    if value != value:  # NaN
        return "–"
    return f"{value:,.{digits}f}"


def machine_lines(machine: dict) -> list[str]:
    return [f"- {key}: {value}" for key, value in machine.items()]


def ratio_target(name: str) -> float:
    """The least share of the floor's throughput a page must reach (the list and searches read more)."""
    if "POST" in name:
        return TARGET_POST
    if "search" in name.lower() or name.startswith("request list"):
        return TARGET_SEARCH
    return TARGET_READ


def fixed_cost(database: dict) -> dict | None:
    """The layout-only page's server time above the floor's, and its statements."""
    layout = next((t for t in database["servertime"] if t["name"] == LAYOUT_ONLY), None)
    floor = database["floor"].get("servertime")
    if layout is None or floor is None:
        return None
    return {"layout_ms": layout["median_ms"], "floor_ms": floor["median_ms"],
            "extra_ms": layout["median_ms"] - floor["median_ms"], "statements": layout["statements"]}


def floor_of(database: dict, page: dict, connections: str) -> dict | None:
    driver = "python" if page.get("post") else "wrk"
    return database["floor"][driver].get(connections)


def load_table(database: dict) -> list[str]:
    lines = [f"#### {database['label']}", "",
             f"Floor page: {database['floor']['page_bytes']:,} bytes.  Seeded in "
             f"{_n(database['seed_seconds'] or float('nan'), 0)} s.", "",
             "| page | bytes | connections | requests/s | median ms | p99 ms | errors | × floor |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for driver, label in (("wrk", "floor (wrk)"), ("python", "floor (Python driver)")):
        for connections, result in database["floor"][driver].items():
            lines.append(f"| {label} | {database['floor']['page_bytes']:,} | {connections} | {_n(result['rate'])} | "
                         f"{_n(result['median_ms'])} | {_n(result['p99_ms'])} | {result['errors']} | 1.00 |")
    for page in database["pages"]:
        for connections, result in page["results"].items():
            floor = floor_of(database, page, connections)
            ratio = result["rate"] / floor["rate"] if floor and floor["rate"] else float("nan")
            lines.append(f"| {page['name']} | {page['bytes']:,} | {connections} | {_n(result['rate'])} | "
                         f"{_n(result['median_ms'])} | {_n(result['p99_ms'])} | {result['errors']} | {_n(ratio, 2)} |")
    return lines


def integrity_lines(database: dict) -> list[str]:
    lines = ["| page | successful posts | rows added | marked rows (distinct) | holds |", "|---|---:|---|---:|---|"]
    for check in database["integrity"]:
        added = ", ".join(f"{table} +{n:,}" for table, n in check["delta"].items())
        lines.append(f"| {check['page']} | {check['successes']:,} | {added} | {check['marked'][0]:,} "
                     f"({check['marked'][1]:,}) | {'yes' if check['ok'] else '**no**'} |")
    return lines


def servertime_table(databases: list[dict]) -> list[str]:
    lines = ["| database | scale | page | median ms | p95 ms | p99 ms | SQL statements |",
             "|---|---:|---|---:|---:|---:|---:|"]
    for database in databases:
        floor = database["floor"].get("servertime")
        timings = ([{**floor, "name": "floor (static template, no database)"}] if floor else []) + database["servertime"]
        for timing in timings:
            lines.append(f"| {database['kind']} | {database['scale']:g} | {timing['name']} | "
                         f"{_n(timing['median_ms'], 2)} | {_n(timing['p95_ms'], 2)} | {_n(timing['p99_ms'], 2)} | "
                         f"{timing['statements']} |")
    return lines


def growth_table(databases: list[dict]) -> list[str]:
    """Each page's cost on the largest set against the smallest, per database."""
    lines = ["| database | page | server ms small → full | × | requests/s at 8, small → full | × |",
             "|---|---|---:|---:|---:|---:|"]
    by_kind: dict[str, list[dict]] = {}
    for database in databases:
        by_kind.setdefault(database["kind"], []).append(database)
    for kind, sets in by_kind.items():
        if len(sets) < 2:
            continue
        sets.sort(key=lambda d: d["scale"])
        small, full = sets[0], sets[-1]
        times = {t["name"]: t for t in small["servertime"]}
        for timing in full["servertime"]:
            before = times.get(timing["name"])
            if before:
                lines.append(f"| {kind} | {timing['name']} (server time) | {_n(before['median_ms'], 2)} → "
                             f"{_n(timing['median_ms'], 2)} | {_n(timing['median_ms'] / before['median_ms'], 2)} "
                             f"| | |")
        pages = {p["name"]: p for p in small["pages"]}
        for page in full["pages"]:
            before = pages.get(page["name"], {}).get("results", {}).get("8")
            after = page["results"].get("8")
            if before and after and after["rate"]:
                lines.append(f"| {kind} | {page['name']} (load) | | | {_n(before['rate'])} → {_n(after['rate'])} | "
                             f"{_n(before['rate'] / after['rate'], 2)} |")
    return lines


def target_lines(databases: list[dict]) -> list[str]:
    """The issue's targets, each with what was measured."""
    lines = []
    for database in databases:
        misses = []
        fixed = fixed_cost(database)
        if fixed and (fixed["extra_ms"] > TARGET_FIXED_MS or fixed["statements"] > TARGET_FIXED_STATEMENTS):
            misses.append(f"fixed cost {fixed['extra_ms']:.2f} ms above the floor with {fixed['statements']} "
                          f"statements (target {TARGET_FIXED_MS:g} ms, {TARGET_FIXED_STATEMENTS})")
        for page in database["pages"]:
            for connections, result in page["results"].items():
                floor = floor_of(database, page, connections)
                ratio = result["rate"] / floor["rate"] if floor and floor["rate"] else 0
                if page["name"] != LAYOUT_ONLY and ratio < ratio_target(page["name"]):
                    misses.append(f"{page['name']} at {connections}: {ratio:.2f}× floor "
                                  f"(target {ratio_target(page['name'])}×)")
                if connections == "8" and not page.get("post") and result["p99_ms"] > TARGET_P99_MS:
                    misses.append(f"{page['name']} p99 at 8: {result['p99_ms']:.1f} ms (target {TARGET_P99_MS:g})")
                if result["errors"]:
                    misses.append(f"{page['name']} at {connections}: {result['errors']} errors")
        if any(not check["ok"] for check in database["integrity"]):
            misses.append("integrity check failed")
        rss = max(database["rss_mb"] or [0])
        if rss >= 120:
            misses.append(f"worker RSS {rss:.0f} MB (target < 120)")
        cold = database["coldstart"]["median_total_s"]
        if cold >= 1.5:
            misses.append(f"cold start {cold:.2f} s (target < 1.5)")
        workers = ", ".join(f"{r:.0f}" for r in database["rss_mb"])
        fixed_text = (f"fixed cost {fixed['layout_ms']:.2f} ms against the floor's {fixed['floor_ms']:.2f} ms "
                      f"(+{fixed['extra_ms']:.2f} ms, {fixed['statements']} statements); " if fixed else "")
        lines.append(f"- **{database['label']}**: {fixed_text}worker RSS after the run {workers} MB; "
                     f"cold start {cold:.2f} s (import {database['coldstart']['median_import_s']:.2f} s, build "
                     f"{database['coldstart']['median_build_s']:.2f} s, first page "
                     f"{database['coldstart']['median_first_request_s']:.2f} s, interpreter included "
                     f"{database['coldstart']['median_wall_s']:.2f} s).  "
                     + ("All targets hold." if not misses else "Missed: " + "; ".join(misses) + "."))
    return lines


def markdown(run: dict) -> str:
    databases = run["databases"]
    parts = [f"### Run of {run['started']}", "", f"Load: {run['duration']:g} s per page and concurrency "
             f"after a {run['warmup']:g} s warm-up; gunicorn {run['workers']} {run['worker_class']} workers.", "",
             "Machine:", "", *machine_lines(run["machine"]), ""]
    for database in databases:
        parts += load_table(database) + ["", "Integrity after the posts:", "", *integrity_lines(database), ""]
    parts += ["#### Server time in process (one request at a time)", "", *servertime_table(databases), ""]
    growth = growth_table(databases)
    if len(growth) > 2:
        parts += ["#### Growth with data size (smallest set → full set)", "", *growth, ""]
    parts += ["#### Targets", "", *target_lines(databases), ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(markdown(json.loads(open(sys.argv[1]).read())))
