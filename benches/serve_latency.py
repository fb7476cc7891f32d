#!/usr/bin/env python3
"""Measures how fast a one-file edit reaches an open page under `rungs serve`.

Copies a site (default: the shipped ladder) into a temporary folder, starts the release
binary on a free loopback port, opens the live-reload event stream, then edits one level
file N times. For each edit it records the time until the `reload` event arrives and until
the edited page is served with the new text. Prints the medians. Standard library only;
all traffic stays on 127.0.0.1; every wait is bounded.

    cargo build --release
    python3 benches/serve_latency.py                 # shipped ladder
    python3 benches/serve_latency.py --root /tmp/l1000 --file content/levels/level-03.md
"""
import argparse, os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    ap.add_argument("--file", default="content/levels/senior.md", help="file to edit, relative to root")
    ap.add_argument("--page", default=None, help="URL path of the edited page (default: from --file)")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "rungs"))
    a = ap.parse_args()
    page = a.page or "/levels/%s/" % os.path.splitext(os.path.basename(a.file))[0]
    work = tempfile.mkdtemp(prefix="rungs-serve-bench-")
    try:
        shutil.copytree(os.path.join(a.root, "content"), os.path.join(work, "content"))
        proc = subprocess.Popen([a.binary, "serve", "--port", "0", "--root", work],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline()
            addr = line.split("http://", 1)[1].strip().rstrip("/")
            host, port = addr.split(":")
            sse = socket.create_connection((host, int(port)), timeout=10)
            sse.sendall(("GET /__rungs/events HTTP/1.1\r\nHost: %s\r\n\r\n" % addr).encode())
            buf = b""
            while b"\r\n\r\n" not in buf:
                buf += sse.recv(4096)
            buf = buf.split(b"\r\n\r\n", 1)[1]
            path = os.path.join(work, a.file)
            original = open(path, encoding="utf-8").read()
            to_event, to_page = [], []
            for i in range(a.runs):
                marker = "rungs-bench-marker-%d" % i
                text = original.rstrip("\n") + "\n\n%s\n" % marker if original.startswith("---") else original
                t0 = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                deadline = t0 + 10
                while b"event: reload" not in buf:
                    if time.perf_counter() > deadline:
                        sys.exit("no reload event within 10 s")
                    sse.settimeout(max(0.01, deadline - time.perf_counter()))
                    buf += sse.recv(4096)
                to_event.append(time.perf_counter() - t0)
                buf = buf.split(b"event: reload", 1)[1]
                body = urllib.request.urlopen("http://%s%s" % (addr, page), timeout=10).read().decode()
                if marker not in body:
                    sys.exit("edited text not served")
                to_page.append(time.perf_counter() - t0)
                time.sleep(1.5)  # let the background render of the rest finish
            ms = lambda xs: "%.1f ms" % (statistics.median(xs) * 1000)
            print("runs: %d  edit -> reload event: median %s (min %.1f, max %.1f)  edit -> new page served: median %s"
                  % (a.runs, ms(to_event), min(to_event) * 1000, max(to_event) * 1000, ms(to_page)))
            print("(includes the 40 ms debounce that waits for the editor to finish writing)")
        finally:
            proc.kill()
            proc.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
