#!/usr/bin/env python3
"""The client library as a program outside this tree uses it: installed
(into a staging directory), found with pkg-config, compiled against and run
against a real kaltura-devserver.

    installed_library.py SOURCE_DIR BUILD_DIR PROGRAM.cpp COMPILER [FLAGS...]

Every header of lib/kaltura must be installed: a program may include any.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

SECRET = "installed-library-secret"


def main():
    source_dir, build_dir, program, compiler, flags = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    work = tempfile.mkdtemp(prefix="kaltura-installed-library-")
    server = None
    try:
        stage = os.path.join(work, "stage")
        subprocess.run(["meson", "install", "-C", build_dir, "--no-rebuild", "--quiet", "--destdir", stage],
                       check=True, stdout=subprocess.DEVNULL)
        found = glob.glob(os.path.join(stage, "**", "pkgconfig", "gstkaltura-1.0.pc"), recursive=True)
        if len(found) != 1:
            sys.exit(f"gstkaltura-1.0.pc installed {len(found)} times")
        headers = os.path.join(source_dir, "lib")
        wanted = {os.path.relpath(path, headers)
                  for path in glob.glob(os.path.join(headers, "kaltura", "**", "*.h"), recursive=True)}
        included = glob.glob(os.path.join(stage, "**", "include", "gstkaltura-1.0"), recursive=True)
        if len(included) != 1:
            sys.exit("the headers' directory include/gstkaltura-1.0 is not installed")
        installed = {os.path.relpath(path, included[0])
                     for path in glob.glob(os.path.join(included[0], "**", "*.h"), recursive=True)}
        if wanted != installed:
            sys.exit(f"headers not installed: {sorted(wanted - installed)}; installed but not in the tree: "
                     f"{sorted(installed - wanted)} (lib/meson.build lists them)")
        # The staged file, its prefix moved to where the stage put it.
        pc_dir = os.path.join(work, "pkgconfig")
        os.mkdir(pc_dir)
        with open(found[0]) as staged, open(os.path.join(pc_dir, "gstkaltura-1.0.pc"), "w") as moved:
            for line in staged:
                if line.startswith("prefix="):
                    line = "prefix=" + stage + line[len("prefix="):]
                moved.write(line)
        env = dict(os.environ, PKG_CONFIG_PATH=pc_dir)
        pkg = subprocess.run(["pkg-config", "--cflags", "--libs", "gstkaltura-1.0"], env=env, check=True,
                             stdout=subprocess.PIPE, text=True).stdout.split()
        binary = os.path.join(work, "use_installed_library")
        subprocess.run([compiler, "-std=c++17", *flags, program, "-o", binary, *pkg], check=True)
        libdir = os.path.dirname(os.path.dirname(found[0]))

        server = subprocess.Popen([os.environ["KALTURA_DEVSERVER"], "--port", "0", "--admin-secret", SECRET,
                                   "--data-dir", os.path.join(work, "data")],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        url = server.stdout.readline().strip()
        run_env = dict(os.environ, LD_LIBRARY_PATH=libdir)
        if os.environ.get("GST_KALTURA_TEST_PRELOAD"):
            run_env["LD_PRELOAD"] = os.environ["GST_KALTURA_TEST_PRELOAD"]
        result = subprocess.run([binary, url, SECRET], env=run_env, stdout=subprocess.PIPE, text=True)
        print(result.stdout, end="")
        if result.returncode != 0 or not result.stdout.startswith("upload token 0_"):
            sys.exit(f"the program failed (exit code {result.returncode})")
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
