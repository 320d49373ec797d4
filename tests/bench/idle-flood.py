#!/usr/bin/env python3
"""Idle connections against a built hdnd under a 1,024 open-file limit: starts
it with `prlimit --nofile=1024:1024`, times GET /healthz, opens 1,100
connections that never send a byte, and times /healthz again on a new one.
Usage: tests/bench/idle-flood.py target/release/hdnd"""
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

binary = sys.argv[1]
data = tempfile.mkdtemp(prefix="hdnd-flood-")
server = subprocess.Popen(
    ["prlimit", "--nofile=1024:1024", binary, "serve", "--addr", "127.0.0.1:0", "--data-dir", data],
    env=dict(os.environ, HDND_ADMIN_PASSWORD="mật khẩu quản trị 2026", RUST_LOG="info"),
    stderr=subprocess.PIPE, text=True)
for line in server.stderr:
    found = re.search(r"serving on http://([\d.]+):(\d+)", line)
    if found:
        host, port = found.group(1), int(found.group(2))
        break
threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()


def health():
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        outcome = response.status
    except OSError as error:
        outcome = repr(error)
    return f"{outcome} in {(time.perf_counter() - started) * 1000:.1f} ms"


print("GET /healthz alone:", health())
idle = [socket.create_connection((host, port)) for _ in range(1_100)]
time.sleep(0.5)
print("GET /healthz beside 1,100 idle connections:", health())
server.kill()
server.wait()
shutil.rmtree(data, ignore_errors=True)
