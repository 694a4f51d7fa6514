#!/usr/bin/env python3
"""Runs every example of examples/ as a newcomer would, against a real
kaltura-devserver on loopback, and checks what each one says it does: the
entry READY, the same bytes read back, the renditions uploaded, the log of a
followed entry, one entry per splitmuxsink fragment.

    tests/examples/run_examples.py SOURCE_DIR BUILD_DIR [--preload LIBRARY]

(meson runs it as the `examples` suite.) Prints one line per example and a
closing "N passed, N failed" line; exits 1 when any example failed.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ADMIN_SECRET = "examples-admin-secret"
PARTNER_ID = "100"
ENTRY_CREATED = re.compile(r"kaltura-entry-created, entry-id=\(string\)([0-9a-z_]+)")


class DevServer:
    def __init__(self, binary, work, name="devserver", options=()):
        self.log = open(os.path.join(work, f"{name}.log"), "w+")
        self.process = subprocess.Popen(
            [binary, "--port", "0", "--data-dir", os.path.join(work, f"{name}-data"), "--admin-secret", ADMIN_SECRET,
             "--processing-delay-ms", "50", *options],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://"):
            raise RuntimeError("kaltura-devserver did not start")

    def call(self, service, action, **params):
        """One API call with an admin session; the result."""
        ks = self.post("session", "start", secret=ADMIN_SECRET, type="2", partnerId=PARTNER_ID)
        return self.post(service, action, ks=ks, **params)

    def post(self, service, action, **params):
        body = urllib.parse.urlencode(dict(params, format="1")).encode()
        with urllib.request.urlopen(f"{self.url}/api_v3/service/{service}/action/{action}", body) as answer:
            return json.load(answer)

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.log.close()


def run(command, env, timeout=180, stop_after=None, stop_when=None):
    """Runs command; returns (exit code, stdout+stderr). stop_after: seconds
    after which its processes get SIGINT, as Ctrl-C would; stop_when: a
    function, polled while it runs, whose first true answer does the same."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        if stop_after is not None:
            try:
                process.wait(stop_after)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGINT)
        if stop_when is not None:
            deadline = time.monotonic() + timeout
            while process.poll() is None and time.monotonic() < deadline and not stop_when():
                time.sleep(0.05)
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return -1, output + "\n(timed out)"
    return process.returncode, output


def python_with_gi():
    """The Python that has PyGObject: this one, else the system's (Debian's
    python3-gi is for /usr/bin/python3, which another python3 on PATH hides)."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        if subprocess.run([candidate, "-c", "import gi"], stderr=subprocess.DEVNULL).returncode == 0:
            return candidate
    return sys.executable


class Examples:
    def __init__(self, source_dir, build_dir, server_binary, server, work, preload):
        self.examples = os.path.join(source_dir, "examples")
        self.server_binary = server_binary
        self.build_dir = build_dir
        self.server = server
        self.work = work
        self.env = dict(os.environ, KALTURA_SERVICE_URL=server.url, KALTURA_PARTNER_ID=PARTNER_ID,
                        KALTURA_SECRET=ADMIN_SECRET)
        if preload:  # sanitizer runtimes that uninstrumented programs must load first
            self.env["LD_PRELOAD"] = preload
        self.env.pop("DISPLAY", None)
        self.env.pop("WAYLAND_DISPLAY", None)
        self.passed = self.failed = 0

    def check(self, name, command, expectations, **run_options):
        code, output = run(command, self.env, **run_options)
        problems = [] if code == 0 else [f"exit code {code}"]
        problems += [f"no {what!r} in its output" for what in expectations if not re.search(what, output)]
        if problems:
            self.failed += 1
            print(f"FAIL {name}: {'; '.join(problems)}\n" + "\n".join("    " + l for l in output.splitlines()[-30:]))
        else:
            self.passed += 1
            print(f"ok   {name}")
        return output

    def upload_token_count(self):
        return self.server.call("uploadToken", "list")["totalCount"]

    def entry(self, entry_id):
        return self.server.call("media", "get", entryId=entry_id)

    def script(self, name):
        return os.path.join(self.examples, name)

    def run_all(self):
        # Without the plugin on GStreamer's path, a script says how to put it there.
        hidden = dict(self.env, GST_PLUGIN_PATH=self.work, GST_PLUGIN_SYSTEM_PATH_1_0=self.work,
                      GST_REGISTRY_1_0=os.path.join(self.work, "empty-registry.bin"))
        code, output = run(["sh", self.script("record.sh")], hidden)
        self.count("record.sh without the plugin: says where to find it",
                   code == 1 and "export GST_PLUGIN_PATH=$PWD/build/plugins/kaltura" in output,
                   f"exit code {code}, output {output[-300:]!r}")

        output = self.check("record.sh", ["sh", self.script("record.sh")], [r"kaltura-entry-ready"])
        recorded = ENTRY_CREATED.search(output)
        self.expect_entry("record.sh: the entry", recorded, name="Test recording", tags="example,gst-kaltura")

        # Ctrl-C once the upload has begun (its token exists): gst-launch-1.0
        # finishes the recording (-e), and the script shows it and ends with
        # its status, not killed with its output filter.
        tokens_before = self.upload_token_count()
        output = self.check("record.sh stopped with Ctrl-C", ["sh", self.script("record.sh")],
                            [r"kaltura-upload-complete", r"kaltura-entry-ready"],
                            stop_when=lambda: self.upload_token_count() > tokens_before)
        self.expect_entry("record.sh stopped with Ctrl-C: the entry", ENTRY_CREATED.search(output),
                          name="Test recording")

        # An account reached with an app token only: the scripts take the
        # devserver's secret only when the environment has no credential.
        app_token = self.server.call("appToken", "add", **{"appToken[objectType]": "KalturaAppToken",
                                                           "appToken[sessionType]": "2"})
        app_token_env = {key: value for key, value in self.env.items() if key != "KALTURA_SECRET"}
        app_token_env.update(KALTURA_APP_TOKEN_ID=app_token["id"], KALTURA_APP_TOKEN=app_token["token"])
        saved, self.env = self.env, app_token_env
        output = self.check("record.sh with an app token", ["sh", self.script("record.sh")], [r"kaltura-entry-ready"])
        self.env = saved
        self.expect_entry("record.sh with an app token: the entry", ENTRY_CREATED.search(output),
                          name="Test recording")

        self.check("read-back.sh", ["sh", self.script("read-back.sh")],
                   [r"Same bytes", r"decoded to the end", r"decoded the rendition: 640x360 pictures"])

        log = os.path.join(self.work, "followed.jsonl")
        self.check("follow-entry.sh", ["sh", self.script("follow-entry.sh"), "", log],
                   [r"Done: the entry and all its flavors are READY", r'"message":"kaltura-entry-ready"'])

        # Its own upload failing (every chunk refused): the follow ends when
        # the failed upload deletes its entry, and the script shows why,
        # long before the follow's wait-timeout (600 s).
        failing = DevServer(self.server_binary, self.work, "failing-devserver",
                            ["--fault-rate", "1", "--fault-actions", "uploadtoken.upload", "--fault-kinds", "http500"])
        try:
            code, output = run(["sh", self.script("follow-entry.sh"), "", log],
                               dict(self.env, KALTURA_SERVICE_URL=failing.url), timeout=120)
        finally:
            failing.stop()
        self.count("follow-entry.sh with its upload failing: exit 1 with the upload's error",
                   code == 1 and "The upload failed:" in output and "HTTP 500" in output,
                   f"exit code {code}, output {output[-600:]!r}")

        if recorded:
            entry_id = recorded.group(1)
            self.check("replace-content.sh", ["sh", self.script("replace-content.sh"), entry_id],
                       [r"kaltura-upload-complete", r"kaltura-entry-ready"])
            self.check("play-entry.sh", ["sh", self.script("play-entry.sh"), entry_id], [r"Playing kaltura://"])

        empty = self.server.call("media", "add", **{"entry[objectType]": "KalturaMediaEntry",
                                                    "entry[name]": "renditions", "entry[mediaType]": "1"})
        output = self.check("upload-renditions.sh", ["sh", self.script("upload-renditions.sh"), empty["id"]],
                            [r"kaltura-flavor-ready"])
        self.expect_flavors("upload-renditions.sh: the flavors", empty["id"], {3, 5})

        self.check("record.py", [python_with_gi(), self.script("record.py")], [r"READY: [0-9a-z_]+"])
        self.check("kaltura-record-example --test",
                   [os.path.join(self.build_dir, "examples", "kaltura-record-example"), "--test", "--name",
                    "application example"], [r"Entry [0-9a-z_]+ is READY"], stop_after=6)

        fragments_env = dict(self.env, FRAGMENT_SECONDS="2")
        saved, self.env = self.env, fragments_env
        output = self.check("hourly-entries.sh", ["sh", self.script("hourly-entries.sh")],
                            [r"kaltura-upload-complete"], stop_after=7)
        self.env = saved
        # Ctrl-C ends the broadcast with EOS: the last fragment is uploaded too.
        created = len(set(ENTRY_CREATED.findall(output)))
        completed = len(re.findall(r"kaltura-upload-complete", output))
        self.count("hourly-entries.sh: one entry per fragment, each uploaded", created >= 2 and completed == created,
                   f"{created} entries created, {completed} uploads complete")

    def expect_entry(self, label, match, **fields):
        if not match:
            return self.count(label, False, "no entry was created")
        entry = self.entry(match.group(1))
        wrong = {key: entry.get(key) for key, value in fields.items() if entry.get(key) != value}
        self.count(label, entry.get("status") == 2 and not wrong, f"status {entry.get('status')}, differs: {wrong}")

    def expect_flavors(self, label, entry_id, params_ids):
        flavors = self.server.call("flavorAsset", "list", **{"filter[entryIdEqual]": entry_id})["objects"]
        ready = {flavor["flavorParamsId"] for flavor in flavors if flavor["status"] == 2}
        self.count(label, params_ids <= ready, f"READY flavor params {sorted(ready)}")

    def count(self, label, ok, why):
        if ok:
            self.passed += 1
            print(f"ok   {label}")
        else:
            self.failed += 1
            print(f"FAIL {label}: {why}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source_dir")
    parser.add_argument("build_dir")
    parser.add_argument("--preload", help="libraries to load first into every example (LD_PRELOAD, colon-separated)")
    options = parser.parse_args()
    source_dir, build_dir = os.path.abspath(options.source_dir), os.path.abspath(options.build_dir)
    binary = os.environ.get("KALTURA_DEVSERVER") or os.path.join(build_dir, "tools", "devserver", "kaltura-devserver")
    with tempfile.TemporaryDirectory(prefix="kaltura-examples-") as work:
        server = DevServer(binary, work)
        try:
            examples = Examples(source_dir, build_dir, binary, server, work, options.preload)
            os.chdir(work)  # examples that write files write them here
            started = time.monotonic()
            examples.run_all()
        finally:
            server.stop()
        print(f"examples took {time.monotonic() - started:.0f} s")
        print(f"{examples.passed} passed, {examples.failed} failed")
    return 1 if examples.failed else 0


if __name__ == "__main__":
    sys.exit(main())
