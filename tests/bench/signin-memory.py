#!/usr/bin/env python3
"""Sign-in memory and latency of a built hdnd binary: starts it on a fresh data
directory, signs in N times (4 at a time), prints RSS before/after and the median
sign-in time. Usage: tests/bench/signin-memory.py target/release/hdnd [N]"""
import subprocess, json, time, statistics, sys, os, shutil, tempfile, concurrent.futures as cf
binary = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 40
data = tempfile.mkdtemp(prefix="hdnd-bench-")
env = dict(os.environ, HDND_ADMIN_PASSWORD='đo bộ nhớ đăng nhập')
p = subprocess.Popen([binary, 'serve', '--addr', '127.0.0.1:3998', '--data-dir', data], env=env, stderr=subprocess.DEVNULL)
time.sleep(1.5)
def rss():
    for line in open(f'/proc/{p.pid}/status'):
        if line.startswith('VmRSS'): return int(line.split()[1]) // 1024
def login(_):
    out = subprocess.run(['curl','-s','-o','/dev/null','-w','%{time_total}','-H','content-type: application/json','-d',json.dumps({"username":"admin","password":"đo bộ nhớ đăng nhập"}),'http://127.0.0.1:3998/api/auth/login'],capture_output=True,text=True).stdout
    return float(out)
before = rss()
with cf.ThreadPoolExecutor(4) as pool: times = list(pool.map(login, range(n)))
time.sleep(1)
print(f'RSS idle {before} MB, after {n} sign-ins (4 at a time) {rss()} MB; median sign-in {statistics.median(times)*1000:.0f} ms')
p.terminate(); p.wait(); shutil.rmtree(data, ignore_errors=True)
