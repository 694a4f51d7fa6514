#!/usr/bin/env python3
"""Upload benchmark: the same bytes to the same kaltura-devserver, in one run,
with kalturasink and with curl (one multipart POST, and curl chunk by chunk),
side by side: wall time, throughput, CPU seconds and peak memory.

    tests/bench/upload_bench.py BUILD_DIR [--size-mib 256] [--latency-ms 0]

or `meson test -C BUILD_DIR --benchmark`. Figures, not pass/fail. The target
is kalturasink at least as fast as curl, CPU within 1.5x, and memory within
chunk-size x (max-parallel-chunks + 2) plus the GStreamer baseline.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ADMIN_SECRET = "bench-admin-secret"
PARTNER_ID = "100"
MIB = 1024 * 1024


def timed(command, env=None):
    """Runs command under /usr/bin/time; returns (wall s, cpu s, peak RSS KiB, stdout)."""
    started = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + command, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    wall = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    user, system, rss = result.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(rss), result.stdout


def api(url, service, action, fields):
    args = ["curl", "-s", "-X", "POST", f"{url}/api_v3/service/{service}/action/{action}", "-d", "format=1"]
    for key, value in fields.items():
        args += ["--data-urlencode", f"{key}={value}"]
    return json.loads(subprocess.run(args, stdout=subprocess.PIPE, check=True, text=True).stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build_dir")
    parser.add_argument("--size-mib", type=int, default=256)
    parser.add_argument("--latency-ms", type=int, default=0, help="delay the devserver adds to every call")
    options = parser.parse_args()
    build = os.path.abspath(options.build_dir)
    devserver = os.path.join(build, "tools", "devserver", "kaltura-devserver")
    for tool in ("curl", "gst-launch-1.0", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed")

    work = tempfile.mkdtemp(prefix="kaltura-bench-")
    server = None
    try:
        data = os.path.join(work, "data.bin")
        with open(data, "wb") as out:
            for _ in range(options.size_mib):
                out.write(os.urandom(MIB))
        size = options.size_mib * MIB

        server = subprocess.Popen([devserver, "--port", "0", "--data-dir", os.path.join(work, "server"),
                                   "--admin-secret", ADMIN_SECRET, "--partner-id", PARTNER_ID,
                                   "--latency-ms", str(options.latency_ms)],
                                  stdout=subprocess.PIPE, text=True)
        url = server.stdout.readline().strip()
        ks = api(url, "session", "start", {"secret": ADMIN_SECRET, "partnerId": PARTNER_ID, "type": "2"})
        rows = []

        # curl: the whole file in one multipart POST.
        token = api(url, "uploadtoken", "add", {"ks": ks, "uploadToken[fileName]": "data.bin"})["id"]
        wall, cpu, rss, _ = timed(["curl", "-s", "-f", "-o", "/dev/null",
                                   "-F", f"ks={ks}", "-F", "format=1", "-F", f"uploadTokenId={token}",
                                   "-F", "resume=false", "-F", "finalChunk=true", "-F", f"fileData=@{data}",
                                   f"{url}/api_v3/service/uploadtoken/action/upload"])
        rows.append(("curl, one POST", "-", "-", wall, cpu, rss))

        # curl chunk by chunk, one process per chunk (split beforehand, not timed).
        chunk_mib = 5
        chunks_dir = os.path.join(work, "chunks")
        os.mkdir(chunks_dir)
        subprocess.run(["split", "-b", f"{chunk_mib}M", "-d", "-a", "5", data, os.path.join(chunks_dir, "c")],
                       check=True)
        token = api(url, "uploadtoken", "add", {"ks": ks, "uploadToken[fileName]": "data.bin"})["id"]
        names = sorted(os.listdir(chunks_dir))
        script = "set -e\n"
        for index, name in enumerate(names):
            resume = "false" if index == 0 else "true"
            final = "true" if index == len(names) - 1 else "false"
            script += (f"curl -s -f -o /dev/null -F ks={ks} -F format=1 -F uploadTokenId={token} "
                       f"-F resume={resume} -F resumeAt={index * chunk_mib * MIB} -F finalChunk={final} "
                       f"-F fileData=@{os.path.join(chunks_dir, name)} "
                       f"{url}/api_v3/service/uploadtoken/action/upload\n")
        wall, cpu, rss, _ = timed(["sh", "-c", script])
        rows.append(("curl, chunk by chunk", f"{chunk_mib} MiB", "1", wall, cpu, rss))

        # kalturasink.
        env = dict(os.environ, GST_PLUGIN_PATH=os.path.join(build, "plugins", "kaltura"))
        for chunk_size in (1 * MIB, 5 * MIB, 16 * MIB):
            for parallel in (1, 4, 8):
                wall, cpu, rss, out = timed(
                    ["gst-launch-1.0", "-q", "filesrc", f"location={data}", "blocksize=1048576", "!",
                     "kalturasink", f"service-url={url}", f"partner-id={PARTNER_ID}", f"secret={ADMIN_SECRET}",
                     "entry-type=document", f"chunk-size={chunk_size}", f"max-parallel-chunks={parallel}"],
                    env=env)
                rows.append(("kalturasink", f"{chunk_size // MIB} MiB", str(parallel), wall, cpu, rss))

        print(f"{options.size_mib} MiB to {url} (latency {options.latency_ms} ms per call)\n")
        print(f"{'uploader':22} {'chunk':>7} {'par.':>4} {'wall s':>7} {'MiB/s':>8} {'CPU s':>6} {'peak MiB':>9}")
        for name, chunk, parallel, wall, cpu, rss in rows:
            print(f"{name:22} {chunk:>7} {parallel:>4} {wall:7.2f} {size / MIB / wall:8.1f} {cpu:6.2f} "
                  f"{rss / 1024:9.1f}")
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
