"""Benchmark driver for benches/run.sh (see there). Standard library only.

Every upload runs against a `publisher sandbox --discard` on 127.0.0.1 (it reads bodies and
throws them away: no hashing, no storage), so the numbers measure the client. Contenders run
interleaved, one run each per round, and the report is one Markdown table of medians and
ratios (printed, and written to target/bench/results.md for pasting into README.md).
"""
import base64, json, os, platform, shutil, statistics, subprocess, sys, tempfile, threading, time
import urllib.request

BIN = os.path.abspath("target/release/publisher")
QUICK = bool(os.environ.get("QUICK"))
GiB = 1 << 30
MiB = 1 << 20
WORK = tempfile.mkdtemp(prefix="publisher-bench-")
SECRET = "bench-secret"
ENV = dict(os.environ, PUBLISHER_CONFIG=f"{WORK}/config.toml", PUBLISHER_CACHE_DIR=f"{WORK}/cache",
           PUBLISHER_DATA_DIR=f"{WORK}/data", PUBLISHER_USER="bench@example.com",
           PUBLISHER_CLIENT_ID="sandbox-client", PUBLISHER_CLIENT_SECRET=SECRET,
           PUBLISHER_SANDBOX_SECRET=SECRET, CI="1")
for k in ("PUBLISHER_ENDPOINT", "PUBLISHER_TOKEN", "PUBLISHER_PARALLEL", "PUBLISHER_BWLIMIT"):
    ENV.pop(k, None)


def sandbox(*extra, nice=False):
    """nice: the server runs at nice 19, so on a small machine its receiving (which on a real
    path happens on Oracle's hosts) takes only CPU the client leaves idle."""
    d = tempfile.mkdtemp(dir=WORK)
    prefix = ["nice", "-n", "19"] if nice else []
    p = subprocess.Popen([*prefix, BIN, "sandbox", "--port", "0", "--data-dir", d, "--processing-ms", "0", *extra],
                         env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = p.stdout.readline().strip()
    return p, url, d


def stop(p):
    p.kill()
    p.wait()


def stats(url):
    return json.load(urllib.request.urlopen(url + "/sandbox/stats"))


class Run:
    def __init__(self, wall, cpu, rss, out, status):
        self.wall, self.cpu, self.rss, self.out, self.status = wall, cpu, rss, out, status


def timed(cmd, env=ENV, check=True):
    """Run to completion: wall seconds, CPU seconds (user+sys, children included), peak RSS.

    GNU time measures after exec: rusage taken here would count the forked Python's memory."""
    stats_file = os.path.join(WORK, "time.out")
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", stats_file, *cmd], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t
    if check and p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}")
    last = open(stats_file).read().strip().splitlines()[-1].split()
    user, sys_, rss_kb = float(last[0]), float(last[1]), int(last[2])
    return Run(dt, user + sys_, rss_kb * 1024, p.stdout, p.returncode)


def make_file(path, size):
    with open(path, "wb") as f:
        block = os.urandom(8 * MiB)
        left = size
        while left > 0:
            n = min(left, len(block))
            f.write(block[:n])
            left -= n
            block = block[1:] + block[:1]  # distinct chunks, cheap
    subprocess.run(["cat", path], stdout=subprocess.DEVNULL)  # into the page cache


def publisher(url, path, *args):
    env = dict(ENV, PUBLISHER_ENDPOINT=url)
    return timed([BIN, "--quiet", "--output", "json", "image", "upload", "--restart", "--overwrite", *args, path], env)


def token(url):
    basic = base64.b64encode(f"sandbox-client:{SECRET}".encode()).decode()
    req = urllib.request.Request(url + "/appstore/publisher/v1/authenticate", headers={"Authorization": "Basic " + basic})
    return json.load(urllib.request.urlopen(req))["access_token"]


META = '{"application":"curl","version":"1","operatingSystem":"linux","overwriteStorageFile":true}'


def md5sum_then_curl(url, path):
    """What a user scripts from Oracle's Create Machine Image cURL example for a whole upload:
    md5sum, then one curl."""
    script = f"""set -e
md5=$(md5sum "$F" | cut -d' ' -f1)
curl -sS -f -o /dev/null -X POST -H "Authorization: Bearer $T" -H "X-Oracle-UserId: bench@example.com" \\
  -H "X-File-Name: $(basename "$F")" -H "X-MD5-Checksum: $md5" \\
  -F 'json={META};type=application/json' -F "file=@$F" "$U/appstore/publisher/v1/machineimages"
"""
    return timed(["bash", "-c", script], dict(ENV, F=path, T=token(url), U=url))


def scripted_chunked(url, path, chunks=8, par=4):
    """Oracle's documented chunked protocol scripted: split, md5sum per chunk, curl 4 at a time,
    merge."""
    d = tempfile.mkdtemp(dir=WORK)
    script = f"""set -e
cd "$D"
split -n {chunks} -d -a 3 "$F" part.
api="$U/appstore/publisher/v1"
auth=(-H "Authorization: Bearer $T" -H "X-Oracle-UserId: bench@example.com")
id=$(curl -sS -f -X POST "${{auth[@]}}" -H "X-File-Name: $(basename "$F")" -H "X-Number-Of-Chunks: {chunks}" \\
  -F 'json={META};type=application/json' -F uploadType=Chunk "$api/machineimages" | sed 's/.*"entityId":"\\([0-9]*\\)".*/\\1/')
ls part.* | awk '{{print NR, $0}}' | xargs -P {par} -n 2 sh -c '
  md5=$(md5sum "$2" | cut -d" " -f1)
  curl -sS -f -o /dev/null -X POST -H "Authorization: Bearer $T" -H "X-Oracle-UserId: bench@example.com" \\
    -H "X-Chunk-Number: $1" -H "X-File-Name: $(basename "$F")" -H "X-MD5-Checksum: $md5" \\
    -F "file=@$2" "$U/appstore/publisher/v1/machineimages/'"$id"'/chunk"' _
curl -sS -f -o /dev/null -X PATCH "${{auth[@]}}" -F action=upload "$api/machineimages/$id"
"""
    r = timed(["bash", "-c", script], dict(ENV, F=path, T=token(url), U=url, D=d))
    shutil.rmtree(d, ignore_errors=True)
    return r


def med(xs):
    return statistics.median(xs)


SECTIONS = ("hashing", "auto", "link", "ttfb", "bwlimit", "kill", "validate")


def want(section):
    only = os.environ.get("ONLY")
    return not only or section in only.split(",")


RESULTS = "target/bench/results.md"


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine()) \
        if os.path.exists("/proc/cpuinfo") else platform.machine()
    return f"{os.cpu_count()} cores, {cpu}"


def report(rows):
    """One Markdown table: benchmark, median, ratio (against the row's own baseline)."""
    head = [f"Measured {time.strftime('%Y-%m-%d')}, {machine()}, {'QUICK (smaller files, fewer runs)' if QUICK else 'full run'}:",
            "", "| benchmark | median | ratio |", "| --- | --- | --- |"]
    text = "\n".join(head + [f"| {b} | {m} | {r} |" for b, m, r in rows]) + "\n"
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as f:
        f.write(text)
    print(text)
    print(f"(written to {RESULTS})")


def main():
    unknown = set(filter(None, os.environ.get("ONLY", "").split(","))) - set(SECTIONS)
    if unknown:
        sys.exit(f"ONLY: unknown section(s) {', '.join(sorted(unknown))}; the sections are {','.join(SECTIONS)}")
    rows = []
    if want("hashing"):
        hashing_section(rows)
    if want("auto"):
        auto_section(rows)
    if want("link"):
        link_section(rows)
    if want("ttfb"):
        ttfb_section(rows)
    if want("bwlimit"):
        bwlimit_section(rows)
    if want("kill"):
        kill_section(rows)
    if want("validate"):
        validate_section(rows)
    report(rows)


def hashing_section(rows):
    """A verified 1 GiB upload against the work that cannot be avoided: one MD5 pass."""
    size = (256 * MiB) if QUICK else GiB
    runs = 3 if QUICK else 5
    f = os.path.join(WORK, "image.tar.gz")
    make_file(f, size)
    # Against the discarding server at normal priority (it shares the 2 cores with the client),
    # and at nice 19 (what the client alone costs), interleaved.
    sb, url, _ = sandbox("--discard")
    sbn, urln, _ = sandbox("--discard", nice=True)
    clients = ("md5sum && curl", "scripted chunked", "publisher --chunks 8", "publisher (no flags)")
    res = {"md5sum": []}
    for server in ("", ", server at nice 19"):
        res.update({k + server: [] for k in clients})
    for _ in range(runs):
        res["md5sum"].append(timed(["md5sum", f]))
        for server, u in (("", url), (", server at nice 19", urln)):
            res["md5sum && curl" + server].append(md5sum_then_curl(u, f))
            res["scripted chunked" + server].append(scripted_chunked(u, f))
            res["publisher --chunks 8" + server].append(publisher(u, f, "--chunks", "8"))
            res["publisher (no flags)" + server].append(publisher(u, f))
    stop(sb)
    stop(sbn)
    base_wall = med([r.wall for r in res["md5sum"]])
    base_cpu = med([r.cpu for r in res["md5sum"]])
    mb = size / MiB
    for name, rs in res.items():
        wall, cpu, rss = med([r.wall for r in rs]), med([r.cpu for r in rs]), max(r.rss for r in rs)
        rows.append((f"{mb:.0f} MiB, {name} (median of {runs})",
                     f"{wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {rss / MiB:.0f} MiB",
                     f"{wall / base_wall:.2f}x md5sum wall, {cpu / base_cpu:.2f}x CPU"))
    # Memory must not grow with the file.
    if not QUICK:
        f4 = os.path.join(WORK, "image-4g.tar.gz")
        make_file(f4, 4 * GiB)
        sb, url, _ = sandbox("--discard")
        r = publisher(url, f4)
        stop(sb)
        os.remove(f4)
        rows.append(("4096 MiB, publisher (no flags), one run", f"peak RSS {r.rss / MiB:.0f} MiB ({r.wall:.1f} s)",
                     f"{r.rss / max(rss, 1):.2f}x the {mb:.0f} MiB run's RSS"))
    os.remove(f)


def auto_section(rows):
    """On plain loopback, --parallel auto against the best fixed setting."""
    size = (256 * MiB) if QUICK else GiB
    runs = 3
    f = os.path.join(WORK, "image-auto.tar.gz")
    make_file(f, size)
    sb, url, _ = sandbox("--discard")
    settings = ["auto", "1", "2", "4", "8", "16"]
    res = {s: [] for s in settings}
    for _ in range(runs):
        for s in settings:
            res[s].append(publisher(url, f, "--parallel", s).wall)
    stop(sb)
    best = min((med(res[s]), s) for s in settings if s != "auto")
    auto = med(res["auto"])
    rows.append((f"loopback {size / MiB:.0f} MiB, --parallel auto vs fixed 1/2/4/8/16 (median of {runs})",
                 f"auto {auto:.2f} s; best fixed --parallel {best[1]} {best[0]:.2f} s",
                 f"{auto / best[0]:.2f}x best fixed"))
    # A server that answers 429 above 6 requests in flight: auto must settle under it.
    sb, url, _ = sandbox("--discard", "--max-concurrent", "6", "--rate-limit", "20MiB")
    ev = os.path.join(WORK, "events.ndjson")
    env = dict(ENV, PUBLISHER_ENDPOINT=url)
    # 16 MiB chunks: auto judges throughput by bytes past each body's first 4 MiB.
    chunks = str(size // (16 * MiB))
    r = timed([BIN, "--quiet", "--events", ev, "image", "upload", "--restart", "--overwrite", "--chunks", chunks, f], env, check=False)
    conns = [e["connections"] for e in map(json.loads, open(ev)) if e["event"] == "parallel"]
    refused = stats(url)["concurrencyRefused"]
    stop(sb)
    rows.append(("server refusing (429) above 6 in flight, --parallel auto, one run",
                 f"exit {r.status}, {r.wall:.1f} s; connections over time {conns}",
                 f"settled at {conns[-1] if conns else 4} (limit 6); {refused} refusals"))
    os.remove(f)


def link_section(rows):
    """A modelled WAN: 8 MiB/s per connection, 50 ms per answer, a 100 MiB/s pipe for all."""
    pipe = 100 * MiB
    link = ("--discard", "--rate-limit", "8MiB", "--latency", "50", "--pipe-rate", "100MiB")
    runs = 1 if QUICK else 3
    for size, label in ((256 * MiB, "256 MiB"), (GiB, "1 GiB")):
        if QUICK and size > 256 * MiB:
            continue
        f = os.path.join(WORK, "image-link.tar.gz")
        make_file(f, size)
        sb, url, _ = sandbox(*link)
        configs = [("no flags", ()), ("--chunks 8 --parallel 4 (old defaults' shape)", ("--chunks", "8", "--parallel", "4")),
                   ("--chunks 64 --parallel 24", ("--chunks", "64", "--parallel", "24"))]
        for name, args in configs:
            ts = [publisher(url, f, *args).wall for _ in range(runs)]
            t = med(ts)
            ideal = size / pipe
            rows.append((f"WAN model, {label}, {name} (median of {runs})", f"{t:.2f} s",
                         f"{100 * ideal / t:.0f}% of the pipe"))
        stop(sb)
        os.remove(f)


def ttfb_section(rows):
    """For a 10 GiB file the first chunk must be on the wire after hashing one chunk."""
    size = (2 * GiB) if QUICK else 10 * GiB
    f = os.path.join(WORK, "sparse.img")
    with open(f, "wb") as fh:
        fh.truncate(size)  # sparse: reads cost no disk, hashing costs what it costs
    sb, url, _ = sandbox("--discard")
    env = dict(ENV, PUBLISHER_ENDPOINT=url)
    t = time.perf_counter()
    p = subprocess.Popen([BIN, "--quiet", "image", "upload", "--restart", "--overwrite", f], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while stats(url)["receivedBytes"] == 0 and p.poll() is None:
        time.sleep(0.005)
    first = time.perf_counter() - t
    p.kill(); p.wait()
    stop(sb)
    whole = timed(["md5sum", f]).wall
    rows.append((f"{size / GiB:.0f} GiB file, time to the first body byte on the server, one run",
                 f"{first:.2f} s (md5sum of the whole file: {whole:.1f} s)", f"{first / whole:.3f}x md5sum"))
    os.remove(f)


def bwlimit_section(rows):
    """--bwlimit over many connections: the rate the server saw while bytes were moving.

    The sandbox's receivedBytes is sampled every 20 ms; the rate runs from the first body byte
    to the last, so hashing before the first chunk and the merge after the last are left out."""
    cap = 20 * MiB
    secs = 10 if QUICK else 30
    size = cap * secs
    f = os.path.join(WORK, "image-bw.tar.gz")
    make_file(f, size)
    sb, url, _ = sandbox("--discard")
    samples, done = [], threading.Event()

    def sample():
        while not done.is_set():
            samples.append((time.perf_counter(), stats(url)["receivedBytes"]))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    r = publisher(url, f, "--parallel", "16", "--bwlimit", "20MiB")
    done.set()
    sampler.join()
    stop(sb)
    total = samples[-1][1]
    t0 = next(t for t, b in samples if b > 0)
    t1 = next(t for t, b in samples if b >= total)
    rate = total / max(t1 - t0, 1e-9)
    rows.append((f"--bwlimit 20MiB, {size / MiB:.0f} MiB over 16 connections, one run",
                 f"{rate / MiB:.2f} MiB/s over {t1 - t0:.1f} s of sending ({r.wall:.1f} s in all)",
                 f"{100 * (rate - cap) / cap:+.1f}% of the cap"))
    os.remove(f)


def kill_section(rows):
    """Bytes re-sent after kill -9 at 50%."""
    sb, url, _ = sandbox("--rate-limit", "64MiB")
    size_k = 256 * MiB
    fk = os.path.join(WORK, "image-kill.tar.gz")
    make_file(fk, size_k)
    env = dict(ENV, PUBLISHER_ENDPOINT=url)
    # receivedBytes counts every chunk body byte the server read, partial (killed) ones included.
    before = stats(url)["receivedBytes"]
    stored_before = stats(url)["chunkBytes"]
    p = subprocess.Popen([BIN, "--quiet", "image", "upload", "--chunks", "32", "--parallel", "4", fk],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while stats(url)["chunkBytes"] - stored_before < size_k // 2:
        time.sleep(0.02)
    p.kill(); p.wait()
    at_kill = stats(url)["chunkBytes"] - stored_before
    timed([BIN, "--quiet", "image", "upload", "--chunks", "32", "--parallel", "4", fk], env)
    total = stats(url)["receivedBytes"] - before
    resent = total - size_k
    rows.append(("kill -9 at %d%% of 256 MiB (32 chunks of 8 MiB, --parallel 4), then rerun, one run" % (100 * at_kill // size_k),
                 f"re-sent {resent / MiB:.1f} MiB", f"{resent / (8 * MiB):.2f} chunks (bound: 4 in flight)"))
    stop(sb)
    os.remove(fk)


def validate_section(rows):
    """Package validation of a 1 MiB document (whole process, median of 21)."""
    big = os.path.join(WORK, "big.json")
    actions, steps, i, n = [], [], 0, 0
    while n < MiB:
        i += 1
        a = ('{"tag":"Action %d","dependentServiceTag":"Java Service","actionName":"start","type":"OUT_OF_THE_BOX_ACTION",'
             '"requestProperties":[{"name":"APPLICATION_NAME","source":"BLUEPRINT_STATIC","value":"App %d"},'
             '{"name":"P","source":"DYNAMIC","value":"${X}-%d","parameters":[{"tag":"X","type":"TAS_PROVISIONING_PROPERTY",'
             '"dependentServiceTag":"Java Service","referencedProperty":"TAS_IDM_DOMAIN_NAME"}]}]}') % (i, i, i)
        s = '{"sequenceNumber":%d,"actionTag":"Action %d"}' % (i, i)
        actions.append(a); steps.append(s); n += len(a) + len(s) + 2
    doc = ('{"name":"big","version":"1.0","dependentServices":[{"tag":"Java Service","serviceName":"JAVA"}],'
           '"actions":[%s,{"tag":"Stop","dependentServiceTag":"Java Service","actionName":"stop","type":"OUT_OF_THE_BOX_ACTION"}],'
           '"operations":[{"type":"INSTALL","actionExecutionSequence":[%s]},{"type":"UNINSTALL","actionExecutionSequence":'
           '[{"sequenceNumber":1,"actionTag":"Stop"}]}]}') % (",\n".join(actions), ",\n".join(steps))
    open(big, "w").write(doc)
    ts = [timed([BIN, "package", "validate", big]).wall for _ in range(21)]
    rows.append(("package validate, %.2f MiB document (%d actions), whole process (median of 21)" % (len(doc) / MiB, i),
                 f"{med(ts) * 1000:.1f} ms", f"min {min(ts) * 1000:.1f} ms, max {max(ts) * 1000:.1f} ms"))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
