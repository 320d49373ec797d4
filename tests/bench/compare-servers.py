#!/usr/bin/env python3
"""Sign-in, push and pull, two hdnd binaries side by side: each on a fresh data
directory, the requests alternated between them (A, B, A, B, ...) so that the
noise of a shared machine falls on both alike. Prints the median of each and
the ratio B / A. Nothing but the standard library.

Usage: tests/bench/compare-servers.py OLD_HDND NEW_HDND [ROUNDS]
  e.g. tests/bench/compare-servers.py /tmp/hdnd-before target/release/hdnd 3
"""
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

PASSWORD = "so sánh hai bản dựng"
USER_PASSWORD = "mật khẩu của lan 2026"


def uuid7():
    """A UUIDv7 (the server accepts no other version)."""
    ms = int(time.time() * 1000) & ((1 << 48) - 1)
    rand_a = int.from_bytes(os.urandom(2), "big") & 0xFFF
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))


class Server:
    def __init__(self, name, binary):
        self.name = name
        self.data = tempfile.mkdtemp(prefix="hdnd-compare-")
        env = dict(os.environ, HDND_ADMIN_PASSWORD=PASSWORD, RUST_LOG="info")
        self.process = subprocess.Popen(
            [binary, "serve", "--addr", "127.0.0.1:0", "--data-dir", self.data],
            env=env, stderr=subprocess.PIPE, text=True)
        for line in self.process.stderr:
            found = re.search(r"serving on http://([\d.]+):(\d+)", line)
            if found:
                self.host, self.port = found.group(1), int(found.group(2))
                break
        # Keep reading, so the server never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.process.stderr], daemon=True).start()
        self.cookies = {}
        self.connection = http.client.HTTPConnection(self.host, self.port)
        self.client_id = uuid7()
        self.seq = 0

    def post(self, path, body, cookie=None):
        headers = {"content-type": "application/json"}
        if cookie:
            headers["cookie"] = cookie
        started = time.perf_counter()
        self.connection.request("POST", path, json.dumps(body), headers)
        response = self.connection.getresponse()
        text = response.read()
        took = time.perf_counter() - started
        return response.status, response.getheader("set-cookie"), text, took

    def sign_in(self, username, password):
        status, cookie, text, took = self.post(
            "/api/auth/login", {"username": username, "password": password})
        assert status == 200, (self.name, status, text)
        return cookie.split(";")[0], took

    def mutations(self, count):
        result = []
        for _ in range(count):
            self.seq += 1
            result.append({
                "client_id": self.client_id, "seq": self.seq, "kind": "council_session",
                "record_id": uuid7(), "base_version": 0, "at": int(time.time() * 1000),
                "op": "put", "changes": [
                    {"field": "term", "old": None, "new": 18},
                    {"field": "number", "old": None, "new": self.seq % 90 + 1},
                    {"field": "session_type", "old": None, "new": "regular"},
                    {"field": "starts_on", "old": None, "new": "2020-12-09"},
                    {"field": "ends_on", "old": None, "new": "2020-12-11"},
                    {"field": "place", "old": None, "new": "Hội trường Trung tâm Hội nghị tỉnh"},
                    {"field": "agenda", "old": None, "new": "Báo cáo kinh tế - xã hội năm 2020\n" * 8},
                ]})
        return result

    def push(self, count):
        status, _, text, took = self.post(
            "/api/sync/push", {"mutations": self.mutations(count)}, self.lan)
        assert status == 200, (self.name, status, text[:300])
        return took

    def pull(self, limit):
        status, _, text, took = self.post(
            "/api/sync/pull", {"since": 0, "limit": limit}, self.lan)
        assert status == 200, (self.name, status, text[:300])
        return took

    def stop(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.data, ignore_errors=True)


def alternate(servers, rounds, measure):
    times = {server.name: [] for server in servers}
    for index in range(rounds):
        order = servers if index % 2 == 0 else list(reversed(servers))
        for server in order:
            times[server.name].append(measure(server))
    return times


def main():
    old, new = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    print(f"machine: {os.cpu_count()} cores; {os.uname().release}")
    results = {}
    for run in range(runs):
        servers = [Server("before", old), Server("after", new)]
        try:
            for server in servers:
                admin, _ = server.sign_in("admin", PASSWORD)
                status, _, text, _ = server.post("/api/admin/users/create", {
                    "username": "lan", "display_name": "Trần Thị Lan", "role": "staff",
                    "password": USER_PASSWORD}, admin)
                assert status == 200, text
                server.lan, _ = server.sign_in("lan", USER_PASSWORD)
            measures = {
                "sign-in (argon2id), one at a time": (40, lambda s: s.sign_in("lan", USER_PASSWORD)[1]),
                "push of 1 mutation": (400, lambda s: s.push(1)),
                "push of 100 mutations": (30, lambda s: s.push(100)),
                # After the pushes above: 3,400 records of ~600 bytes.
                "pull of a page of 1,000 records": (30, lambda s: s.pull(1000)),
            }
            for label, (rounds, measure) in measures.items():
                times = alternate(servers, rounds, measure)
                for name, values in times.items():
                    results.setdefault(label, {}).setdefault(name, []).append(statistics.median(values))
        finally:
            for server in servers:
                server.stop()
    print(f"medians over {runs} run(s) of alternated requests (ms):")
    for label, by_name in results.items():
        before = statistics.median(by_name["before"]) * 1000
        after = statistics.median(by_name["after"]) * 1000
        print(f"  {label:38} before {before:8.2f}  after {after:8.2f}  after/before {after / before:5.2f}")


if __name__ == "__main__":
    main()
