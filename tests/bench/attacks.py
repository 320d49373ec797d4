#!/usr/bin/env python3
"""The outside attacks of issue 18, replayed against an hdnd binary, with the
figures that show whether they hold: what a retried push hands a role that
changed, how long made-up fields hold the writer (and /healthz meanwhile),
the RSS under slow pull readers and under unfinished sign-in bodies, how
fast one account grows the database, how much a header flood writes to the
log, what a burst of right sign-ins gets, and how large the answer to 200
empty puts is. Run it on the binary before and after a change, on the same
machine. Nothing but the standard library.

Usage: tests/bench/attacks.py HDND [ATTACK ...]
  attacks: retry stall pullmem bodymem disk log signin amplify (default: all)
  e.g. tests/bench/attacks.py target/release/hdnd
"""
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ADMIN_PASSWORD = "tấn công thử lần hai"


def uuid7():
    ms = int(time.time() * 1000) & ((1 << 48) - 1)
    rand_a = int.from_bytes(os.urandom(2), "big") & 0xFFF
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    return str(uuid.UUID(int=(ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b))


class Server:
    """One hdnd on a fresh data directory; its log is counted, not kept."""

    def __init__(self, binary):
        self.data = tempfile.mkdtemp(prefix="hdnd-attack-")
        env = dict(os.environ, HDND_ADMIN_PASSWORD=ADMIN_PASSWORD)
        env.pop("RUST_LOG", None)
        self.process = subprocess.Popen(
            [binary, "serve", "--addr", "127.0.0.1:0", "--data-dir", self.data],
            env=env, stderr=subprocess.PIPE)
        self.log_bytes = 0
        for line in self.process.stderr:
            self.log_bytes += len(line)
            found = re.search(rb"serving on http://([\d.]+):(\d+)", line)
            if found:
                self.host, self.port = found.group(1).decode(), int(found.group(2))
                break
        self.log_at_start = self.log_bytes

        def drain():
            for line in self.process.stderr:
                self.log_bytes += len(line)

        threading.Thread(target=drain, daemon=True).start()
        self.admin = self.sign_in("admin", ADMIN_PASSWORD)

    def connection(self, timeout=120):
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def post(self, path, body, cookie=None, timeout=120):
        connection = self.connection(timeout)
        headers = {"content-type": "application/json"}
        if cookie:
            headers["cookie"] = cookie
        data = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
        if isinstance(data, str):
            data = data.encode()
        connection.request("POST", path, data, headers)
        response = connection.getresponse()
        text = response.read()
        connection.close()
        return response.status, response, text

    def sign_in(self, username, password):
        status, response, text = self.post("/api/auth/login", {"username": username, "password": password})
        assert status == 200, (status, text[:200])
        return response.getheader("set-cookie").split(";")[0]

    def add_user(self, username, role):
        password = f"{username} mật khẩu 2026"
        status, _, text = self.post("/api/admin/users/create", {
            "username": username, "display_name": f"Người dùng {username}", "role": role,
            "password": password}, self.admin)
        assert status == 200, text[:200]
        return password

    def set_role(self, username, role):
        status, _, text = self.post("/api/admin/users/set-role", {"username": username, "role": role}, self.admin)
        assert status == 200, text[:200]

    def rss_mb(self, field="VmRSS"):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
        return 0.0

    def database_bytes(self):
        return sum(os.path.getsize(os.path.join(self.data, name)) for name in os.listdir(self.data))

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.data, ignore_errors=True)


class Replica:
    def __init__(self, server, cookie):
        self.server, self.cookie, self.client, self.seq = server, cookie, uuid7(), 0

    def mutation(self, kind, record, base, changes, op="put"):
        self.seq += 1
        body = {"client_id": self.client, "seq": self.seq, "kind": kind, "record_id": record,
                "base_version": base, "at": int(time.time() * 1000), "op": op}
        if op == "delete":
            body["seen"] = changes
        else:
            body["changes"] = changes
        return body

    def create(self, kind, fields):
        record = uuid7()
        changes = [{"field": k, "old": None, "new": v} for k, v in fields.items()]
        return record, self.mutation(kind, record, 0, changes)

    def push(self, mutations, timeout=600):
        """Pushes until all are answered (a server may answer in part)."""
        results, answered = [], 0
        while answered < len(mutations):
            status, response, text = self.server.post(
                "/api/sync/push", {"mutations": mutations[answered:]}, self.cookie, timeout)
            if status != 200:
                return status, results, text
            page = json.loads(text)["results"]
            if not page:
                return status, results, text
            results.extend(page)
            answered += len(page)
        return 200, results, b""


def matter(index, phone="0912345678"):
    return {"subject": f"Tố cáo cán bộ xã số {index}", "matter_type": "denunciation",
            "received_on": "2020-03-02", "citizen_name": f"Người tố cáo {index}",
            "citizen_id_number": f"0010850{index:05}", "citizen_address": "Thôn Bản Phố",
            "citizen_phone": phone}


def big_meeting(number):
    # About 110 KB of text.
    return {"number": number % 999 + 1, "meeting_type": "regular", "held_on": "2020-12-01",
            "items": "ệ" * 10_000, "conclusion": "𝕂" * 20_000}


def session(number, place="Hội trường"):
    return {"term": 18, "number": number % 999 + 1, "session_type": "regular",
            "starts_on": "2020-12-09", "ends_on": "2020-12-11", "place": place}


# 1. A retried push after a role change.
def attack_retry(server):
    leader = Replica(server, server.sign_in("lead", server.add_user("lead", "office_leader")))
    tiep_password = server.add_user("tiep", "reception_staff")
    tiep = Replica(server, server.sign_in("tiep", tiep_password))
    ids, creates = [], []
    for index in range(25):
        record, mutation = leader.create("reception_matter", matter(index))
        ids.append(record)
        creates.append(mutation)
    leader.push(creates)
    puts = [tiep.mutation("reception_matter", record, 1, []) for record in ids]
    puts.append(tiep.mutation("reception_matter", ids[0], 1, [
        {"field": "citizen_phone", "old": "0900000000", "new": "0987654321"}]))
    tiep.push(puts)
    figures = {}
    for role in ["staff", "standing_committee"]:
        server.set_role("tiep", role)
        status, results, _ = tiep.push(puts)
        text = json.dumps(results, ensure_ascii=False)
        records = sum(1 for result in results if "record" in result)
        fields = text.count('"citizen_')
        phones = text.count("0912345678")
        figures[role] = f"{status}: {records} records, {fields} citizen_* fields, phone shown {phones}×"
    # A staff member's Party records, read again as reception staff.
    mai = Replica(server, server.sign_in("mai", server.add_user("mai", "staff")))
    party = [mai.create("party_member", {"full_name": f"Đảng viên {i}", "active": True})[1] for i in range(10)]
    mai.push(party)
    server.set_role("mai", "reception_staff")
    status, results, _ = mai.push(party)
    carried = sum(1 for result in results if "record" in result)
    figures["staff → reception_staff, 10 Party records"] = (
        f"{status}: {carried} records sent, results {sorted({r['result'] for r in results})}")
    return figures


# 2. Made-up fields on a record with a long history.
def attack_stall(server):
    lan = Replica(server, server.sign_in("lan", server.add_user("lan", "staff")))
    record, create = lan.create("council_session", session(1))
    lan.push([create])
    edits, old = [], None
    for index in range(3000):
        new = f"Chương trình {index}"
        edits.append(lan.mutation("council_session", record, 1, [{"field": "agenda", "old": old, "new": new}]))
        old = new
    for start in range(0, len(edits), 200):
        lan.push(edits[start:start + 200])

    def made_up():
        lan.seq += 1
        changes = [{"field": f"f{index:02}_{'x' * 30}", "old": "x" * 10, "new": "y" * 10} for index in range(64)]
        return {"client_id": lan.client, "seq": lan.seq, "kind": "council_session", "record_id": record,
                "base_version": 1, "at": 0, "op": "put", "changes": changes}

    # One, then eight at once, each from its own replica.
    started = time.perf_counter()
    status, _, _ = server.post("/api/sync/push", {"mutations": [made_up()]}, lan.cookie)
    one = time.perf_counter() - started
    health, statuses = [], []

    def push_one():
        replica = Replica(server, lan.cookie)
        body = made_up()
        body["client_id"], body["seq"] = replica.client, 1
        statuses.append(server.post("/api/sync/push", {"mutations": [body]}, lan.cookie, 600)[0])

    threads = [threading.Thread(target=push_one) for _ in range(8)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        probe = time.perf_counter()
        connection = server.connection(60)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        health.append(time.perf_counter() - probe)
        time.sleep(0.05)
    eight = time.perf_counter() - started
    # A stale edit of every declared field: each is a conflict that names
    # its author (the scan of the history, once per field, before).
    fields = {"term": 17, "number": 5, "session_type": "thematic", "starts_on": "2020-01-01",
              "ends_on": "2020-01-02", "place": "Nơi khác", "agenda": "Khác"}
    fresh = Replica(server, lan.cookie)
    stale = fresh.mutation("council_session", record, 1, [
        {"field": k, "old": "cũ", "new": v} for k, v in fields.items()])
    started = time.perf_counter()
    status_conflict, results, _ = fresh.push([stale])
    conflict = time.perf_counter() - started
    return {
        "one push of 64 made-up fields": f"{status} in {one * 1000:.0f} ms",
        "eight at once": f"statuses {sorted(statuses)} in {eight * 1000:.0f} ms",
        "/healthz meanwhile": f"max {max(health or [0]) * 1000:.0f} ms over {len(health)} probes",
        "7 declared fields conflicting, 3,000 changes": (
            f"{status_conflict} {results[0]['result'] if results else '?'} in {conflict * 1000:.0f} ms"),
    }


# 3. Slow readers of large pulls.
def attack_pullmem(server):
    # 1,000 records of ~110 KB, entered by four accounts (a rate limit holds
    # one account's bytes).
    for writer in range(4):
        name = f"cv{writer}"
        replica = Replica(server, server.sign_in(name, server.add_user(name, "staff")))
        mutations = [replica.create("sc_meeting", big_meeting(index))[1] for index in range(250)]
        for start in range(0, len(mutations), 30):
            replica.push(mutations[start:start + 30])
    server.add_user("xem", "viewer")
    cookie = server.sign_in("xem", "xem mật khẩu 2026")
    before = server.rss_mb()
    sockets = []
    body = json.dumps({"since": 0, "limit": 1000})
    for _ in range(24):
        sock = socket.create_connection((server.host, server.port))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall((f"POST /api/sync/pull HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      f"Cookie: {cookie}\r\nContent-Length: {len(body)}\r\n\r\n{body}").encode())
        sockets.append(sock)
    peak = before
    for _ in range(40):
        time.sleep(0.25)
        peak = max(peak, server.rss_mb())
    for sock in sockets:
        sock.close()
    time.sleep(3)
    return {"RSS": f"{before:.0f} MB before, {peak:.0f} MB peak with 24 readers, {server.rss_mb():.0f} MB after they closed"}


# 4. Unfinished bodies to the sign-in endpoint.
def attack_bodymem(server):
    before = server.rss_mb()
    sockets = []
    chunk = b"x" * 65536
    length = 4_131_000  # 3.94 MiB
    for _ in range(150):
        sock = socket.create_connection((server.host, server.port))
        sock.settimeout(0.2)
        sock.sendall((f"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {length}\r\n\r\n").encode())
        sockets.append(sock)

    def feed(sock):
        sent = 0
        try:
            while sent < length - 65536:
                sock.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass

    threads = [threading.Thread(target=feed, args=(sock,)) for sock in sockets]
    for thread in threads:
        thread.start()
    peak = before
    deadline = time.time() + 12
    while time.time() < deadline:
        time.sleep(0.25)
        peak = max(peak, server.rss_mb())
    for sock in sockets:
        sock.close()
    time.sleep(2)
    return {"RSS": f"{before:.0f} MB before, {peak:.0f} MB peak with 150 unfinished 3.94 MiB bodies, {server.rss_mb():.0f} MB after"}


# 5. One account toggling a large field on five records.
def attack_disk(server):
    lan = Replica(server, server.sign_in("lan", server.add_user("lan", "staff")))
    records = []
    for index in range(5):
        record, mutation = lan.create("sc_meeting", big_meeting(index))
        lan.push([mutation])
        records.append(record)
    values = ["ệ" * 10_000, "ễ" * 10_000]
    state = {record: 0 for record in records}
    start_bytes = server.database_bytes()
    started = time.time()
    statuses = {}
    half = None
    while time.time() - started < 60:
        if half is None and time.time() - started >= 30:
            half = server.database_bytes()
        batch = []
        for record in records:
            old, new = values[state[record]], values[1 - state[record]]
            batch.append(lan.mutation("sc_meeting", record, 1, [{"field": "items", "old": old, "new": new}]))
        status, response, text = server.post("/api/sync/push", {"mutations": batch}, lan.cookie)
        statuses[status] = statuses.get(status, 0) + 1
        if status == 200:
            answered = json.loads(text)["results"]
            for result, mutation in zip(answered, batch):
                if result["result"] == "applied":
                    state[mutation["record_id"]] = 1 - state[mutation["record_id"]]
            lan.seq -= len(batch) - len(answered)
        else:
            lan.seq -= len(batch)
            if status == 429:
                time.sleep(min(float(response.getheader("retry-after") or 1), 1))
    end_bytes = server.database_bytes()
    half = half or end_bytes
    return {
        "database growth, first 30 s": f"{(half - start_bytes) / 1e6:.1f} MB = {(half - start_bytes) / 30e6:.2f} MB/s",
        "database growth, next 30 s": f"{(end_bytes - half) / 1e6:.1f} MB = {(end_bytes - half) / 30e6:.3f} MB/s",
        "pushes by status": str(statuses),
    }


# 6. A header flood to the log.
def attack_log(server):
    return {f"Origin of {size // 1000} KB": flood_log(server, size) for size in [60_000, 20_000]}


def flood_log(server, size):
    start = server.log_bytes
    origin = "http://" + "x" * size
    statuses = {}
    for _ in range(2000):
        sock = socket.create_connection((server.host, server.port))
        sock.settimeout(5)
        try:
            sock.sendall((f"POST /api/system/hello HTTP/1.1\r\nHost: x\r\nOrigin: {origin}\r\n"
                          f"Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}").encode())
            line = sock.recv(64).split(b"\r\n")[0].decode()
        except OSError:
            line = "reset"
        statuses[line] = statuses.get(line, 0) + 1
        sock.close()
    time.sleep(1)
    return f"{(server.log_bytes - start) / 1e6:.3f} MB written for 2,000 requests; answers {statuses}"


# 10. Right passwords in a burst.
def attack_signin(server):
    password = server.add_user("lan", "staff")
    statuses = []

    def one():
        status, response, _ = server.post("/api/auth/login", {"username": "lan", "password": password})
        statuses.append((status, response.getheader("retry-after")))

    threads = [threading.Thread(target=one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"8 right sign-ins at once": str(sorted(statuses, key=str))}


# 11. Answers many times their request.
def attack_amplify(server):
    lan = Replica(server, server.sign_in("lan", server.add_user("lan", "staff")))
    record, create = lan.create("sc_meeting", big_meeting(1))
    lan.push([create])
    puts = [lan.mutation("sc_meeting", record, 1, []) for _ in range(200)]
    body = json.dumps({"mutations": puts}, ensure_ascii=False).encode()
    answer = 0
    answered = 0
    while answered < len(puts):
        status, _, text = server.post("/api/sync/push", {"mutations": puts[answered:]}, lan.cookie)
        answer += len(text)
        answered += len(json.loads(text)["results"])
    return {"200 empty puts on a 110 KB record": f"request {len(body) / 1e3:.0f} KB, answer {answer / 1e6:.3f} MB"}


ATTACKS = {
    "retry": attack_retry, "stall": attack_stall, "pullmem": attack_pullmem, "bodymem": attack_bodymem,
    "disk": attack_disk, "log": attack_log, "signin": attack_signin, "amplify": attack_amplify,
}


def main():
    binary = sys.argv[1]
    chosen = sys.argv[2:] or list(ATTACKS)
    print(f"{binary}: {os.cpu_count()} cores; {os.uname().release}")
    for name in chosen:
        server = Server(binary)
        try:
            figures = ATTACKS[name](server)
        except Exception as error:  # the attack itself failed: say so, go on
            import traceback
            where = traceback.extract_tb(error.__traceback__)[-1]
            figures = {"failed": f"{error!r} at line {where.lineno}: {where.line}"[:300]}
        finally:
            server.stop()
        for label, value in figures.items():
            print(f"  {name:8} {label}: {value}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
