#!/usr/bin/env python3
"""Upload benchmark: the same bytes to the same kaltura-devserver, in one run,
with kalturasink and with curl, side by side: wall time, throughput, CPU
seconds and peak memory.

    tests/bench/upload_bench.py BUILD_DIR [--size-mib 1024] [--chunk-mib 1,5,16]
                                [--parallel 1,4] [--orders in-order,head-last]
                                [--repeat 3] [--latency-ms 0]
                                [--sink-properties "..."] [--sink-source filesrc]
                                [--pin-server]

or `meson test -C BUILD_DIR --benchmark` (1 GiB, about five minutes; the
data file and the devserver's copy of it need 2 GiB of free memory).
Figures, not pass/fail. A GiB is a recording of an hour or so; on much
shorter uploads the sink's fixed start (about 40 ms: GStreamer's start, a
session, the entry) weighs on its throughput. The rows:

- "gst baseline": `filesrc ! fakesink` on the same file, the GStreamer part
  of kalturasink's CPU and memory (the sink adds the upload to it);
- "sink baseline": kalturasink uploading an empty file: its fixed cost in
  time and memory (GStreamer's start, libsoup and GIO's modules, a session,
  the entry and the token), whatever the length;
- "curl, one POST": the whole file in one multipart POST;
- "curl, chunks": uploadToken.upload chunk by chunk at each chunk size,
  from files split beforehand (not timed), in one curl process per phase on
  kept-alive connections, in one of two orders (the "order" column).
  Both curl rows include what the upload needs first and kalturasink does
  within its own run: session.start with the admin secret and
  uploadToken.add, one curl call each. The chunk orders:
  - in-order: with par. 1 every chunk follows the previous one and the last
    carries finalChunk=true; with par. N the first chunk goes alone, the
    others N at a time (curl --parallel), then a zero-length final chunk;
  - head-last: the deferred-head recipe of the protocol reference (§7.8):
    a zero-length first upload, every chunk but the first N at a time (they
    are stored aside), the first chunk, then a zero-length final chunk, at
    which the server joins the whole file;
- "kalturasink": `gst-launch-1.0 filesrc ! kalturasink` at each chunk size,
  max-parallel-chunks and order: head-last is the sink's default (it holds
  the first chunk, which a muxer may still rewrite, until EOS), in-order is
  rewrite-window=0. Other properties at their defaults, or as
  --sink-properties says. With --sink-source fakesrc the sink is fed
  buffers of the same sizes left unfilled instead of the file: the
  difference is what reading the file into buffers costs the pipeline
  (its peak memory then leaves out the buffers, which are never touched).

Each kalturasink row is compared with the curl row of the same chunk size,
parallelism and order: "x curl" gives kalturasink's throughput and CPU as
multiples of curl's (the targets: throughput >= 1.0, CPU <= 1.5), the median
over the rounds of each sink run against the curl run of its round, and
"lowest-highest" the range of those throughput ratios, which shows how much
the machine's noise leaves of the difference. "bound"
is the memory bound docs/kalturasink.md gives: chunk-size x
(max-parallel-chunks + 2), plus the tail being filled (64 KiB and one
filesrc block), plus the sink baseline's peak. Every upload is checked: the token must hold exactly the
file's size. Each row is run --repeat times and the run of median wall time
is shown; the curl and kalturasink runs of one comparison alternate, the
one going first changing from round to round, so that the machine's drift
during the benchmark weighs on both alike; each run gets a fresh devserver
whose data lives in /dev/shm when there is one, so that no run pays for the
disk writes of the previous ones.
The devserver runs on the same machine and takes its share of the CPUs:
what an uploader's pipeline does beside the upload (filesrc's copy of the
file into buffers) competes with the server for them and for the shared
cache and memory. With --pin-server the devserver gets a CPU of its own and
the uploaders the others, closer to a server elsewhere, though the cache and
memory stay shared (at least two CPUs are needed).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ADMIN_SECRET = "bench-admin-secret"
PARTNER_ID = "100"
MIB = 1024 * 1024
READ_BLOCK = 1048576  # filesrc blocksize, for the sink and the baseline alike
TAIL_RESERVE = 65536  # what the sink holds back at the stream's end (ChunkAssembler::kTailReserve)


def timed(command, env=None):
    """Runs command under /usr/bin/time; returns (wall s, cpu s, peak RSS KiB, stdout)."""
    started = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + command, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    wall = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    user, system, rss = result.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(rss), result.stdout


def with_first_calls(result, first_calls):
    """An upload's (wall, cpu, rss, stdout) with its session and token calls added."""
    wall, cpu, rss, out = result
    return wall + first_calls[0], cpu + first_calls[1], max(rss, first_calls[2]), out


def median_of(results):
    """The (wall, cpu, rss, ...) tuple of median wall time."""
    return sorted(results, key=lambda result: result[0])[(len(results) - 1) // 2]


def median_run(repeat, run):
    """Runs run() repeat times; returns the run of median wall time."""
    return median_of([run() for _ in range(repeat)])


def paired_runs(repeat, first, second):
    """Runs first() and second() in turn, repeat rounds, so that a machine
    slowing down or speeding up during the benchmark weighs on both alike;
    which of the two goes first alternates from round to round, so that
    whatever a run leaves behind (memory the system is still taking back,
    say) weighs on both alike too. Returns both lists of results, round by
    round."""
    firsts, seconds = [], []
    for round_number in range(repeat):
        if round_number % 2:
            seconds.append(second())
            firsts.append(first())
        else:
            firsts.append(first())
            seconds.append(second())
    return firsts, seconds


class Server:
    """A kaltura-devserver on a free port, with a data directory of its own
    removed at stop(); its log goes to a file (a pipe left unread would fill
    up and stall the server)."""

    def __init__(self, devserver, work, latency_ms, max_part, cpus=None):
        self.data_dir = tempfile.mkdtemp(prefix="kaltura-bench-server-",
                                         dir="/dev/shm" if os.path.isdir("/dev/shm") else work)
        self.log = open(os.path.join(work, "devserver.log"), "a")
        self.process = subprocess.Popen(
            [devserver, "--port", "0", "--data-dir", self.data_dir, "--admin-secret", ADMIN_SECRET,
             "--partner-id", PARTNER_ID, "--latency-ms", str(latency_ms), "--max-part-size", str(max_part)],
            stdout=subprocess.PIPE, stderr=self.log, text=True,
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)
        self.url = self.process.stdout.readline().strip()
        self.drain = threading.Thread(target=shutil.copyfileobj, args=(self.process.stdout, self.log), daemon=True)
        self.drain.start()
        self.ks = self.call("session", "start", {"secret": ADMIN_SECRET, "partnerId": PARTNER_ID, "type": "2"})

    def call_command(self, service, action, fields):
        args = ["curl", "-s", "-X", "POST", f"{self.url}/api_v3/service/{service}/action/{action}", "-d", "format=1"]
        for key, value in fields.items():
            args += ["--data-urlencode", f"{key}={value}"]
        return args

    def call(self, service, action, fields):
        return json.loads(subprocess.run(self.call_command(service, action, fields), stdout=subprocess.PIPE,
                                         check=True, text=True).stdout)

    def timed_session_and_token(self):
        """What an upload with curl needs first, as kalturasink does within its
        own run: a session from the admin secret, then an upload token.
        Returns (ks, token id, (wall s, cpu s, peak RSS KiB)) of the two calls."""
        wall, cpu, rss, out = timed(self.call_command("session", "start",
                                                      {"secret": ADMIN_SECRET, "partnerId": PARTNER_ID, "type": "2"}))
        ks = json.loads(out)
        more_wall, more_cpu, more_rss, out = timed(self.call_command(
            "uploadtoken", "add", {"ks": ks, "uploadToken[fileName]": "data.bin"}))
        return ks, json.loads(out)["id"], (wall + more_wall, cpu + more_cpu, max(rss, more_rss))

    def check_token(self, token, size, what):
        held = self.call("uploadtoken", "get", {"ks": self.ks, "uploadTokenId": token})
        if held.get("status") not in (2, 3) or int(held.get("uploadedFileSize", -1)) != size:
            sys.exit(f"{what}: the token holds {held}, not a finished file of {size} bytes")

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.drain.join()
        self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def run_with_server(new_server, run):
    """run(server) against a fresh server, stopped afterwards."""
    server = new_server()
    try:
        return run(server)
    finally:
        server.stop()


def upload_block(server, ks, token, path, resume, resume_at, final):
    """One uploadToken.upload in curl config-file syntax."""
    return "\n".join([
        f'url = "{server.url}/api_v3/service/uploadtoken/action/upload"', 'output = "/dev/null"', "fail",
        f'form = "ks={ks}"', 'form = "format=1"', f'form = "uploadTokenId={token}"',
        f'form = "resume={"true" if resume else "false"}"', f'form = "resumeAt={resume_at}"',
        f'form = "finalChunk={"true" if final else "false"}"', f'form = "fileData=@{path}"', ""])


def curl_chunk_script(server, ks, token, chunk_paths, chunk_size, parallel, order, work):
    """A shell script uploading chunk_paths with curl in the given order; config
    files written to work."""
    def run(name, blocks, at_once=1):
        path = os.path.join(work, name)
        with open(path, "w") as out:
            out.write("next\n".join(blocks))
        return f"curl -s {f'--parallel --parallel-max {at_once} ' if at_once > 1 else ''}-K {path}\n"

    empty = os.path.join(work, "empty.bin")
    open(empty, "wb").close()
    total = sum(os.path.getsize(path) for path in chunk_paths)
    later = [upload_block(server, ks, token, path, True, index * chunk_size, False)
             for index, path in enumerate(chunk_paths) if index > 0]
    final = run("final.cfg", [upload_block(server, ks, token, empty, True, total, True)])
    if order == "head-last":
        return ("set -e\n" + run("first.cfg", [upload_block(server, ks, token, empty, False, 0, False)]) +
                run("later.cfg", later, parallel) +
                run("head.cfg", [upload_block(server, ks, token, chunk_paths[0], True, 0, False)]) + final)
    if parallel == 1:
        return run("sequential.cfg", [upload_block(server, ks, token, path, index > 0, index * chunk_size,
                                                   index == len(chunk_paths) - 1)
                                      for index, path in enumerate(chunk_paths)])
    return ("set -e\n" + run("first.cfg", [upload_block(server, ks, token, chunk_paths[0], False, 0, False)]) +
            run("later.cfg", later, parallel) + final)


def sink_source(path, size, source):
    """The source element the sink reads from. filesrc reads the file into
    each buffer; fakesrc (--sink-source fakesrc) gives buffers of the same
    size left unfilled, which shows what the file's copy costs: the bytes
    uploaded are then not the file's."""
    if source == "fakesrc":
        return ["fakesrc", "sizetype=fixed", f"sizemax={READ_BLOCK}", "filltype=nothing",
                f"num-buffers={size // READ_BLOCK}"]
    return ["filesrc", f"location={path}", f"blocksize={READ_BLOCK}"]


def run_sink(server, env, path, expected_size, chunk_size, parallel, order, more_properties, source="filesrc"):
    """gst-launch-1.0 SOURCE ! kalturasink, checking what the token holds.
    Quiet, as curl is: printing every message (-m) would add gst-launch's
    own work on each chunk's two progress messages. The fresh server holds
    the one token the sink made."""
    result = timed(["gst-launch-1.0", "-q"] + sink_source(path, expected_size, source) + ["!",
                    "kalturasink", f"service-url={server.url}", f"partner-id={PARTNER_ID}", f"secret={ADMIN_SECRET}",
                    "entry-type=document", f"chunk-size={chunk_size}", f"max-parallel-chunks={parallel}"]
                   + (["rewrite-window=0"] if order == "in-order" else []) + more_properties, env=env)
    tokens = server.call("uploadtoken", "list", {"ks": server.ks}).get("objects", [])
    if len(tokens) != 1:
        sys.exit(f"kalturasink left {len(tokens)} upload tokens instead of one")
    server.check_token(tokens[0]["id"], expected_size, f"kalturasink, chunks of {chunk_size} x{parallel} {order}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build_dir")
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--chunk-mib", default="1,5,16", help="comma list of chunk sizes in MiB")
    parser.add_argument("--parallel", default="1,4", help="comma list of parallel chunk counts")
    parser.add_argument("--orders", default="in-order,head-last", help="comma list: in-order, head-last")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the median is shown")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay the devserver adds to every call")
    parser.add_argument("--sink-properties", default="", help="more kalturasink properties, space separated")
    parser.add_argument("--sink-source", choices=("filesrc", "fakesrc"), default="filesrc",
                        help="what feeds the sink: the file, or unfilled buffers of its size (to see the copy's cost)")
    parser.add_argument("--pin-server", action="store_true",
                        help="the devserver on a CPU of its own, the uploaders on the others")
    options = parser.parse_args()
    chunk_sizes = [int(value) * MIB for value in options.chunk_mib.split(",")]
    parallels = [int(value) for value in options.parallel.split(",")]
    orders = options.orders.split(",")
    if not set(orders) <= {"in-order", "head-last"}:
        sys.exit("--orders takes in-order and head-last")
    build = os.path.abspath(options.build_dir)
    server_cpus = None
    if options.pin_server:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) < 2:
            sys.exit("--pin-server needs at least two CPUs")
        server_cpus = {cpus[-1]}
        os.sched_setaffinity(0, cpus[:-1])  # the uploaders are this process's children
    devserver = os.path.join(build, "tools", "devserver", "kaltura-devserver")
    for tool in ("curl", "gst-launch-1.0", "/usr/bin/time", "split"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed")

    work = tempfile.mkdtemp(prefix="kaltura-bench-")
    try:
        data = os.path.join(work, "data.bin")
        with open(data, "wb") as out:
            for _ in range(options.size_mib):
                out.write(os.urandom(MIB))
        size = options.size_mib * MIB
        new_server = lambda: Server(devserver, work, options.latency_ms, size + MIB, server_cpus)
        env = dict(os.environ, GST_PLUGIN_PATH=os.path.join(build, "plugins", "kaltura"))
        rows = []  # (uploader, chunk size or None, parallel or None, order or None, wall, cpu, rss KiB)
        sink_rows = []  # listed after the curl rows
        paired = {}  # (chunk, parallel, order): ([throughput ratio], [CPU ratio]), kalturasink to curl, per round

        wall, cpu, rss, _ = median_run(options.repeat, lambda: timed(
            ["gst-launch-1.0", "-q", "filesrc", f"location={data}", f"blocksize={READ_BLOCK}", "!", "fakesink"],
            env=env))
        rows.append(("gst baseline", None, None, None, wall, cpu, rss))
        empty = os.path.join(work, "empty.bin")
        open(empty, "wb").close()
        wall, cpu, rss, _ = median_run(options.repeat, lambda: run_with_server(
            new_server, lambda server: run_sink(server, env, empty, 0, 5 * MIB, 4, "head-last", [])))
        rows.append(("sink baseline", None, None, None, wall, cpu, rss))
        baseline_rss = rss

        def curl_one_post(server):
            ks, token, first_calls = server.timed_session_and_token()
            result = timed(["curl", "-s", "-f", "-o", "/dev/null", "-F", f"ks={ks}", "-F", "format=1",
                            "-F", f"uploadTokenId={token}", "-F", "resume=false", "-F", "finalChunk=true",
                            "-F", f"fileData=@{data}", f"{server.url}/api_v3/service/uploadtoken/action/upload"])
            server.check_token(token, size, "curl, one POST")
            return with_first_calls(result, first_calls)
        wall, cpu, rss, _ = median_run(options.repeat, lambda: run_with_server(new_server, curl_one_post))
        rows.append(("curl, one POST", None, None, None, wall, cpu, rss))

        for chunk_size in chunk_sizes:
            chunks_dir = os.path.join(work, f"chunks-{chunk_size}")
            os.mkdir(chunks_dir)
            subprocess.run(["split", "-b", str(chunk_size), "-d", "-a", "6", data, os.path.join(chunks_dir, "c")],
                           check=True)
            chunk_paths = [os.path.join(chunks_dir, name) for name in sorted(os.listdir(chunks_dir))]
            for order in orders:
                for parallel in parallels:
                    def curl_chunks(server):
                        ks, token, first_calls = server.timed_session_and_token()
                        script = curl_chunk_script(server, ks, token, chunk_paths, chunk_size, parallel, order, work)
                        result = timed(["sh", "-c", script])
                        server.check_token(token, size, f"curl, chunks of {chunk_size} x{parallel} {order}")
                        return with_first_calls(result, first_calls)

                    def sink(server):
                        return run_sink(server, env, data, size, chunk_size, parallel, order,
                                        options.sink_properties.split(), options.sink_source)
                    curl_results, sink_results = paired_runs(
                        options.repeat, lambda: run_with_server(new_server, curl_chunks),
                        lambda: run_with_server(new_server, sink))
                    rows.append(("curl, chunks", chunk_size, parallel, order) + median_of(curl_results)[:3])
                    sink_rows.append(("kalturasink", chunk_size, parallel, order) + median_of(sink_results)[:3])
                    # Each round's sink run against the curl run of the same round.
                    rounds = list(zip(curl_results, sink_results))
                    paired[(chunk_size, parallel, order)] = (
                        [curl[0] / sink[0] for curl, sink in rounds], [sink[1] / curl[1] for curl, sink in rounds])
            shutil.rmtree(chunks_dir)
        rows += sink_rows

        print(f"{options.size_mib} MiB, latency {options.latency_ms} ms per call, median of {options.repeat} "
              f"run(s), more kalturasink properties: {options.sink_properties or 'none'}, "
              f"the sink fed by {options.sink_source}, "
              f"{'the devserver on a CPU of its own' if server_cpus else 'the devserver sharing the CPUs'}\n")
        print(f"{'uploader':16} {'chunk':>7} {'par.':>4} {'order':>9} {'wall s':>7} {'MiB/s':>7} {'CPU s':>6} "
              f"{'peak MiB':>9} {'bound MiB':>9} {'x curl MiB/s':>12} {'lowest-highest':>14} {'x curl CPU':>10}")
        for name, chunk, parallel, order, wall, cpu, rss in rows:
            rate = "-" if name == "sink baseline" else f"{size / MIB / wall:.1f}"
            line = (f"{name:16} {(f'{chunk // MIB} MiB' if chunk else '-'):>7} {parallel or '-':>4} "
                    f"{order or '-':>9} {wall:7.2f} {rate:>7} {cpu:6.2f} {rss / 1024:9.1f}")
            if name == "kalturasink":
                bound = (chunk * (parallel + 2) + TAIL_RESERVE + READ_BLOCK + baseline_rss * 1024) / MIB
                throughput, cpu_use = paired[(chunk, parallel, order)]
                spread = f"{min(throughput):.2f}-{max(throughput):.2f}"
                line += (f" {bound:9.1f} {statistics.median(throughput):12.2f} {spread:>14}"
                         f" {statistics.median(cpu_use):10.2f}")
            print(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
