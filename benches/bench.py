"""Benchmark driver for benches/run.sh (see there). Standard library only."""
import json, os, shutil, statistics, subprocess, sys, tempfile, time, urllib.request, base64

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
ENV.pop("PUBLISHER_ENDPOINT", None)
ENV.pop("PUBLISHER_TOKEN", None)


def sandbox(*extra):
    d = tempfile.mkdtemp(dir=WORK)
    p = subprocess.Popen([BIN, "sandbox", "--port", "0", "--data-dir", d, "--processing-ms", "0", *extra],
                         env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = p.stdout.readline().strip()
    return p, url, d


def stats(url):
    return json.load(urllib.request.urlopen(url + "/sandbox/stats"))


def timed(cmd, env):
    """Run, return (seconds, peak RSS bytes, stdout)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(cmd)}")
    return dt, ru.ru_maxrss * 1024, out


def make_file(path, size):
    with open(path, "wb") as f:
        block = os.urandom(8 * MiB)
        left = size
        while left > 0:
            n = min(left, len(block))
            f.write(block[:n])
            left -= n
            block = block[1:] + block[:1]  # distinct chunks, cheap


def upload(url, path, *args):
    env = dict(ENV, PUBLISHER_ENDPOINT=url)
    return timed([BIN, "--quiet", "--output", "json", "image", "upload", "--restart", "--overwrite", *args, path], env)


def clean(url, data):
    shutil.rmtree(os.path.join(data, "images"), ignore_errors=True)
    os.makedirs(os.path.join(data, "images"), exist_ok=True)


def curl_upload(url, path):
    basic = base64.b64encode(f"sandbox-client:{SECRET}".encode()).decode()
    tok = json.load(urllib.request.urlopen(urllib.request.Request(
        url + "/appstore/publisher/v1/authenticate", headers={"Authorization": "Basic " + basic})))["access_token"]
    meta = '{"application":"curl","version":"1","operatingSystem":"linux","overwriteStorageFile":true}'
    cmd = ["curl", "-sS", "-f", "-o", "/dev/null", "-X", "POST",
           "-H", f"Authorization: Bearer {tok}", "-H", "X-Oracle-UserId: bench@example.com",
           "-H", f"X-File-Name: {os.path.basename(path)}",
           "-F", f"json={meta};type=application/json", "-F", f"file=@{path}",
           url + "/appstore/publisher/v1/machineimages"]
    return timed(cmd, ENV)


def med(xs):
    return statistics.median(xs)


def want(section):
    only = os.environ.get("ONLY")
    return not only or section in only.split(",")


def main():
    rows = []
    size1 = (256 * MiB) if QUICK else GiB
    size4 = (512 * MiB) if QUICK else 4 * GiB
    runs = 3
    if want("upload"):
        upload_section(rows, size1, size4, runs)
    if want("parallel") or want("kill"):
        par_kill_section(rows, runs)
    if want("validate"):
        validate_section(rows)
    print("| benchmark | result |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")


def upload_section(rows, size1, size4, runs):
    f1 = os.path.join(WORK, "image-1g.tar.gz")
    make_file(f1, size1)

    # 1. Chunked parallel upload vs curl whole-file upload, same sandbox.
    sb, url, data = sandbox()
    pub, pub_rss, whole, curl, nowait = [], [], [], [], []
    for _ in range(runs):
        dt, rss, _ = upload(url, f1, "--chunks", "8", "--parallel", "4")
        pub.append(dt); pub_rss.append(rss); clean(url, data)
        dt, _, _ = upload(url, f1, "--chunks", "8", "--parallel", "4", "--no-wait")
        nowait.append(dt); clean(url, data)
        dt, _, _ = upload(url, f1, "--whole")
        whole.append(dt); clean(url, data)
        dt, _, _ = curl_upload(url, f1)
        curl.append(dt); clean(url, data)
    mb = size1 / MiB
    rows.append(("upload %d MiB, publisher --chunks 8 --parallel 4 (hash+send+merge+verify)" % mb, f"{med(pub):.2f} s ({mb / med(pub):.0f} MiB/s)"))
    rows.append(("same, until the merge is accepted (--no-wait: client work only, no sandbox merge/checksum)" , f"{med(nowait):.2f} s ({mb / med(nowait):.0f} MiB/s)"))
    rows.append(("upload %d MiB, publisher --whole" % mb, f"{med(whole):.2f} s ({mb / med(whole):.0f} MiB/s)"))
    rows.append(("upload %d MiB, curl -F file=@ (no hashing, no verification)" % mb, f"{med(curl):.2f} s ({mb / med(curl):.0f} MiB/s)"))
    rows.append(("ratio publisher chunked / curl (time)", f"{med(pub) / med(curl):.2f}"))
    rows.append(("ratio publisher chunked --no-wait / curl (time)", f"{med(nowait) / med(curl):.2f}"))
    rows.append(("peak RSS, %d MiB chunked upload" % mb, f"{med(pub_rss) / MiB:.1f} MiB"))

    # 2. Peak RSS at the larger size: memory must not grow with the file.
    f4 = os.path.join(WORK, "image-4g.tar.gz")
    make_file(f4, size4)
    dt, rss4, _ = upload(url, f4, "--chunks", "16", "--parallel", "4")
    clean(url, data)
    os.remove(f4)
    rows.append(("peak RSS, %d MiB chunked upload" % (size4 / MiB), f"{rss4 / MiB:.1f} MiB ({dt:.1f} s)"))
    sb.kill(); sb.wait()
    os.remove(f1)


def par_kill_section(rows, runs):
    # 3. Parallelism against a per-connection cap and latency.
    sb, url, data = sandbox("--rate-limit", "16MiB", "--latency", "50")
    fp = os.path.join(WORK, "image-par.tar.gz")
    make_file(fp, 128 * MiB)
    par = {}
    for n in ((1, 8) if want("parallel") else ()):
        ts = []
        for _ in range(runs):
            dt, _, _ = upload(url, fp, "--chunks", "16", "--parallel", str(n))
            ts.append(dt); clean(url, data)
        par[n] = med(ts)
    if par:
        rows.append(("128 MiB, 16 MiB/s per connection + 50 ms latency, --parallel 1", f"{par[1]:.2f} s"))
        rows.append(("same, --parallel 8", f"{par[8]:.2f} s (speed-up {par[1] / par[8]:.1f}x)"))
    if not want("kill"):
        sb.kill(); sb.wait()
        return

    # 4. Bytes re-sent after kill -9 at 50%.
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
    rows.append(("kill -9 at %d%% of 256 MiB (32 chunks of 8 MiB, --parallel 4), then rerun" % (100 * at_kill // size_k),
                 f"re-sent {resent / MiB:.1f} MiB ({resent / (8 * MiB):.2f} chunks; bound: 4 chunks in flight)"))
    sb.kill(); sb.wait()


def validate_section(rows):
    # 5. Package validation of a 1 MiB document (whole process, median of 21).
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
    ts = [timed([BIN, "package", "validate", big], ENV)[0] for _ in range(21)]
    rows.append(("package validate, %.2f MiB document (%d actions), whole process" % (len(doc) / MiB, i), f"median {med(ts) * 1000:.1f} ms (min {min(ts) * 1000:.1f}, max {max(ts) * 1000:.1f})"))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
