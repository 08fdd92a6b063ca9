"""The measuring half of `make bench` (scripts/bench.sh starts the servers, then calls this).

    bench_run.py COLD_BASE WARM_BASE

COLD_BASE and WARM_BASE are two gunicorn servers on the same database: the first with the page
cache off (DJANGO_PAGE_CACHE=off), the second with it on. Prints two tables:

1. Throughput, for every public page and open-data file, a trivial view and a static file: wrk
   requests/s and p50/p99 latency, cold (cache off) and warm (cache on), each as a ratio to the
   trivial view on the same server; the HTML bytes, the bytes on the wire when the client
   accepts gzip and brotli, and the SQL queries the page makes (`manage.py bench_pages`, in
   process, cache off).
2. Latency, one connection at a time, cache off: p50/p99 of the places list under each filter,
   the combinations the browser tests use, "open now" alone and with each filter, deep pages,
   and search with typical queries (one with a typo).

A mark (!) flags what misses a budget: p99 over 50 ms (100 ms for search) in the second table,
more than 100 KB of HTML or more than 12 queries in both. Environment: BENCH_DURATION (wrk
seconds per URL and server, default 5), BENCH_CONNECTIONS (8), BENCH_THREADS (2),
BENCH_SEQ_SECONDS (seconds per URL in the second table, default 3), BENCH_SEQ_MAX (requests per
URL there, default 200), BENCH_LANG (fr).
"""

import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

PAGE_BUDGET_MS, SEARCH_BUDGET_MS = 50, 100
MAX_BYTES, MAX_QUERIES = 100 * 1024, 12
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}

lang = os.environ.get("BENCH_LANG", "fr")
duration = int(os.environ.get("BENCH_DURATION", "5"))
connections = int(os.environ.get("BENCH_CONNECTIONS", "8"))
threads = int(os.environ.get("BENCH_THREADS", "2"))
seq_seconds = float(os.environ.get("BENCH_SEQ_SECONDS", "3"))
seq_max = int(os.environ.get("BENCH_SEQ_MAX", "200"))
python = sys.executable

# The synthetic data set's records (network/management/commands/build_bench_data.py).
PLACES = f"/{lang}/places/"
FILTERED = "territory=metropolitan-france&audience=bench-group-3&free=yes"
PAGES = [
    ("home", f"/{lang}/"),
    ("places list", PLACES),
    ("places list, filtered", f"{PLACES}?{FILTERED}"),
    ("place detail", f"{PLACES}bench-place-42/"),
    ("program list", f"/{lang}/programs/"),
    ("program detail", f"/{lang}/programs/bench-program-7/"),
    ("organisation page", f"/{lang}/partners/bench-org-3/"),
    ("grants index", f"/{lang}/grants/"),
    ("grant detail", f"/{lang}/grants/bench-grant-5/"),
    ("timeline", f"/{lang}/history/"),
    ("search", f"/{lang}/search/?q=soins"),
    ("sitemap index", "/sitemap.xml"),
    ("360Giving JSON", "/data/grants.360giving.json"),
    ("trivial view (robots.txt)", "/robots.txt"),
]  # fmt: skip
FILTERS = [
    ("place (text)", "place=Lyon"),
    ("territory", "territory=metropolitan-france"),
    ("territory overseas", "territory=mayotte"),
    ("kind", "kind=caso"),
    ("operator", "operator=bench-org-3"),
    ("program", "program=bench-program-7"),
    ("audience", "audience=bench-group-3"),
    ("age", "age=12"),
    ("service", "service=bench-service-2"),
    ("language", "language=ar"),
    ("free", "free=yes"),
    ("no permit", "no_permit=yes"),
    ("no coverage", "no_coverage=yes"),
]
# tests/browser/test_flows.py (home's find-care form, then the list's filters) and
# tests/browser/test_weight.py ("places list filtered").
BROWSER_COMBINATIONS = [
    ("browser: audience", "audience=bench-group-3"),
    ("browser: territory+audience+free", "territory=mayotte&audience=bench-group-3&free=yes"),
    ("browser: territory+free", "territory=metropolitan-france&free=yes"),
]
SEARCHES = ["soins", "médecins du monde", "centre de soins Lyon", "solidiare"]


def sequential_urls():
    urls = [("places list", PLACES, PAGE_BUDGET_MS)]
    urls += [(f"filter {name}", f"{PLACES}?{query}", PAGE_BUDGET_MS) for name, query in FILTERS]
    urls += [(name, f"{PLACES}?{query}", PAGE_BUDGET_MS) for name, query in BROWSER_COMBINATIONS]
    urls.append(("open now", f"{PLACES}?open_now=on", PAGE_BUDGET_MS))
    urls += [
        (f"open now + {name}", f"{PLACES}?open_now=on&{query}", PAGE_BUDGET_MS)
        for name, query in FILTERS + BROWSER_COMBINATIONS[1:]
    ]
    urls += [
        ("page 100", f"{PLACES}?page=100", PAGE_BUDGET_MS),
        ("last page", f"{PLACES}?page=last", PAGE_BUDGET_MS),
        (
            "filtered, last page",
            f"{PLACES}?territory=metropolitan-france&page=last",
            PAGE_BUDGET_MS,
        ),
    ]
    urls += [
        (f"search {query!r}", f"/{lang}/search/?q={urllib.request.quote(query)}", SEARCH_BUDGET_MS)
        for query in SEARCHES
    ]
    return urls


def fetch(base, path, encodings=None, timeout=60):
    """Status, body bytes as sent, Content-Encoding."""
    request = urllib.request.Request(base + path)  # noqa: S310 - http on loopback
    if encodings:
        request.add_header("Accept-Encoding", encodings)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, response.read(), response.headers.get("Content-Encoding", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Encoding", "")


def wait_for(base):
    deadline = time.monotonic() + 90
    while True:
        try:
            return fetch(base, "/robots.txt", timeout=10)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                sys.exit(f"bench: {base} did not answer within 90 s")
            time.sleep(0.3)


def drain(base):
    """gunicorn's sync workers finish every request they accepted, even once wrk has gone: wait
    until the trivial view answers quickly, so one URL's backlog does not slow the next."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        started = time.monotonic()
        fetch(base, "/robots.txt")
        if time.monotonic() - started < 0.05:
            return


def latency(text, percent):
    match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", text, re.MULTILINE)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


def wrk(base, path):
    drain(base)
    url = base + path
    # As every browser does: the page cache keeps the compressed page, as it is sent to phones.
    accept = ["-H", "Accept-Encoding: gzip, br"]
    warmup = ["wrk", f"-t{threads}", f"-c{connections}", "-d2s", "--timeout", "10s", *accept, url]
    subprocess.run(warmup, capture_output=True, timeout=40, check=False)  # noqa: S603
    drain(base)
    command = [
        *warmup[:3],
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        *accept,
        url,
    ]
    text = subprocess.run(  # noqa: S603 - wrk with our own arguments
        command, capture_output=True, text=True, timeout=duration + 40, check=False
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(map(int, socket.groups())) if socket else 0
    )
    return {
        "rps": float(rps.group(1)) if rps else float("nan"),
        "p50": latency(text, 50),
        "p99": latency(text, 99),
        "errors": errors,
    }


def in_process(paths):
    """Status, HTML bytes and queries of each path (manage.py bench_pages, page cache off)."""
    env = {**os.environ, "DJANGO_PAGE_CACHE": "off"}
    output = subprocess.run(  # noqa: S603 - this project's manage.py
        [python, "manage.py", "bench_pages"],
        input="\n".join(paths),
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=1800,
    ).stdout
    rows = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return {row["path"]: row for row in rows}


def sequential(base, path):
    """One connection, one request at a time, for seq_seconds or seq_max requests (one at
    least): status, count, p50 and p99 in ms."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    times, status = [], None
    started = time.monotonic()
    while not times or (time.monotonic() - started < seq_seconds and len(times) < seq_max):
        begin = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        times.append((time.perf_counter() - begin) * 1000)
        status = response.status
    connection.close()
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return status, len(times), statistics.median(times), p99


def ms(run, percentile):
    """A wrk latency, or what it means when no request completed within the run."""
    return f"{run[percentile]:.1f}" if run["rps"] > 0 else f">{duration}s"


def kb(value):
    return f"{value / 1024:.1f}"


def table(columns, rows, right_from=1):
    widths = [max(len(str(row[i])) for row in [columns, *rows]) for i in range(len(columns))]

    def line(cells):
        return (
            "| "
            + " | ".join(
                str(c).ljust(w) if i < right_from else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )

    print(line(columns))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))


def mark(value, limit):
    return "!" if value > limit else ""


def main():
    cold, warm = sys.argv[1], sys.argv[2]
    for base in (cold, warm):
        wait_for(base)
    _status, home, _encoding = fetch(cold, f"/{lang}/")
    stylesheet = re.search(rb'<link rel="stylesheet" href="([^"]+)"', home)
    if not stylesheet:
        sys.exit("bench: no stylesheet link on the home page")
    pages = [*PAGES, ("static file (site.css)", stylesheet.group(1).decode())]
    seq_urls = sequential_urls()

    print(f"==> in process (manage.py bench_pages, cache off): {len(pages) + len(seq_urls)} URLs")
    costs = in_process([path for _name, path in pages] + [path for _n, path, _b in seq_urls])

    print(
        f"==> wrk -t{threads} -c{connections} -d{duration}s per URL, cold then warm "
        f"({len(pages)} URLs)",
        flush=True,
    )
    results = []
    for name, path in pages:
        fetch(warm, path, "gzip, br")  # fills the page cache
        status, wire, encoding = fetch(warm, path, "gzip, br")
        cold_run, warm_run = wrk(cold, path), wrk(warm, path)
        results.append((name, path, status, wire, encoding, cold_run, warm_run))
        print(
            f"  {name}: cold {cold_run['rps']:.1f} req/s, warm {warm_run['rps']:.1f} req/s",
            flush=True,
        )

    trivial = next(r for r in results if r[0].startswith("trivial"))
    rows = []
    for name, path, status, wire, encoding, cold_run, warm_run in results:
        cost = costs.get(path, {"bytes": 0, "queries": 0, "status": "?"})
        is_html = not path.endswith((".json", ".xml", ".txt", ".css"))
        rows.append(
            [
                name + (f" [{status}]" if status != 200 else ""),
                f"{cold_run['rps']:.1f}",
                ms(cold_run, "p50"),
                ms(cold_run, "p99"),
                f"{cold_run['rps'] / trivial[5]['rps']:.3f}x",
                f"{warm_run['rps']:.1f}",
                ms(warm_run, "p50"),
                ms(warm_run, "p99"),
                f"{warm_run['rps'] / trivial[6]['rps']:.3f}x",
                kb(cost["bytes"]) + (mark(cost["bytes"], MAX_BYTES) if is_html else ""),
                f"{kb(len(wire))} {encoding or 'identity'}",
                f"{cost['queries']}{mark(cost['queries'], MAX_QUERIES)}",
                str(cold_run["errors"] + warm_run["errors"]),
            ]
        )
    print()
    table(
        [
            "page",
            "cold req/s",
            "p50 ms",
            "p99 ms",
            "vs trivial",
            "warm req/s",
            "p50 ms",
            "p99 ms",
            "vs trivial",
            "HTML KB",
            "wire KB",
            "queries",
            "errors",
        ],
        rows,
    )
    print(
        "cold: page cache off; warm: page cache on (the second server). vs trivial: req/s of the "
        "page / req/s of robots.txt on the same server. HTML KB and queries: in process, cache "
        "off; wire KB: the body as sent to a client accepting gzip and brotli (warm server). "
        f"errors: non-2xx/3xx and socket errors. ! over {MAX_BYTES // 1024} KB of HTML or "
        f"{MAX_QUERIES} queries."
    )

    print()
    print(
        f"==> one connection, cache off, up to {seq_seconds:g} s or {seq_max} requests per URL "
        f"({len(seq_urls)} URLs)",
        flush=True,
    )
    drain(cold)
    rows = []
    for name, path, budget in seq_urls:
        status, count, p50, p99 = sequential(cold, path)
        cost = costs.get(path, {"bytes": 0, "queries": 0})
        rows.append(
            [
                name + (f" [{status}]" if status != 200 else ""),
                path.removeprefix(PLACES).removeprefix(f"/{lang}"),
                str(count),
                f"{p50:.1f}",
                f"{p99:.1f}{mark(p99, budget)}",
                str(budget),
                kb(cost["bytes"]) + mark(cost["bytes"], MAX_BYTES),
                f"{cost['queries']}{mark(cost['queries'], MAX_QUERIES)}",
            ]
        )
    print()
    table(
        ["URL", "query (places list) or path", "n", "p50 ms", "p99 ms", "budget", "KB", "queries"],
        rows,
        right_from=2,
    )
    print(
        f"! p99 over its budget ({PAGE_BUDGET_MS} ms pages, {SEARCH_BUDGET_MS} ms search), over "
        f"{MAX_BYTES // 1024} KB of HTML or over {MAX_QUERIES} queries. [status] when not 200."
    )


if __name__ == "__main__":
    main()
