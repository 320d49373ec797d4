//! The server half of `cargo xtask bench`: the real `hdnd` binary, driven
//! over HTTP as browsers drive it, measured side by side with raw SQLite
//! (the same bundled SQLite, WAL, synchronous=FULL, on the same disk) in the
//! same run. Prints a line per measurement and writes every figure as JSON.
//!
//! ```text
//! hdnd-bench --hdnd target/release/hdnd --work target/bench/work --out target/bench/server.json
//!            [--rounds 3] [--growth 100000] [--pull 10000]
//! ```

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

type Error = Box<dyn std::error::Error + Send + Sync>;
type Result<T, E = Error> = std::result::Result<T, E>;

const ADMIN_PASSWORD: &str = "đo hiệu năng máy chủ 2026";
const USER_PASSWORD: &str = "chuyên viên đo 2026";

struct Args {
    hdnd: PathBuf,
    work: PathBuf,
    out: PathBuf,
    rounds: usize,
    growth: u64,
    pull: u64,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        hdnd: PathBuf::from("target/release/hdnd"),
        work: PathBuf::from("target/bench/work"),
        out: PathBuf::from("target/bench/server.json"),
        rounds: 3,
        growth: 100_000,
        pull: 10_000,
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let mut value = || given.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--hdnd" => args.hdnd = PathBuf::from(value()?),
            "--work" => args.work = PathBuf::from(value()?),
            "--out" => args.out = PathBuf::from(value()?),
            "--rounds" => args.rounds = value()?.parse()?,
            "--growth" => args.growth = value()?.parse()?,
            "--pull" => args.pull = value()?.parse()?,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    if args.rounds == 0 || args.growth < 2_000 || args.pull == 0 {
        return Err("--rounds must be ≥ 1, --growth ≥ 2000, --pull ≥ 1".into());
    }
    Ok(args)
}

#[tokio::main]
async fn main() {
    match parse_args() {
        Ok(args) => {
            if let Err(error) = run(&args).await {
                eprintln!("hdnd-bench: {error}");
                std::process::exit(1);
            }
        }
        Err(error) => {
            eprintln!("hdnd-bench: {error}");
            std::process::exit(2);
        }
    }
}

async fn run(args: &Args) -> Result<()> {
    if args.work.exists() {
        std::fs::remove_dir_all(&args.work)?;
    }
    std::fs::create_dir_all(&args.work)?;
    let machine = machine(&args.work);
    println!("machine: {machine}");
    let write = write_path(args).await?;
    let growth = growth(args).await?;
    let pull = pulls(args).await?;
    let report = json!({
        "machine": machine,
        "write": write,
        "growth": growth,
        "pull": pull,
    });
    if let Some(parent) = args.out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&args.out, serde_json::to_vec_pretty(&report)?)?;
    std::fs::remove_dir_all(&args.work)?;
    println!("written {}", args.out.display());
    Ok(())
}

// ---------------------------------------------------------------- machine

fn machine(work: &Path) -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .and_then(|rest| rest.split(':').nth(1))
        .map(str::trim)
        .unwrap_or("unknown")
        .to_owned();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory_kb = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
        .unwrap_or(0);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .unwrap_or_default()
        .trim()
        .to_owned();
    // The mount the work folder is on: the disk both SQLite and hdnd write.
    let work = std::fs::canonicalize(work).unwrap_or_else(|_| work.to_path_buf());
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    let disk = mounts
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let device = parts.next()?;
            let point = parts.next()?;
            let kind = parts.next()?;
            work.starts_with(point)
                .then(|| (point.len(), format!("{device} ({kind}) on {point}")))
        })
        .max()
        .map(|(_, disk)| disk)
        .unwrap_or_default();
    json!({
        "cpu": cpu,
        "cores": cores,
        "memory_gib": (memory_kb as f64 / 1_048_576.0 * 10.0).round() / 10.0,
        "kernel": kernel,
        "disk": disk,
        "sqlite": rusqlite::version(),
        "when": unix_ms(),
    })
}

fn unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or_default()
}

// ---------------------------------------------------------------- records

const AGENDA: [&str; 7] = [
    "Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, an ninh",
    "Tờ trình về dự toán thu ngân sách nhà nước trên địa bàn và chi ngân sách địa phương",
    "Báo cáo kết quả giám sát việc giải quyết ý kiến, kiến nghị của cử tri",
    "Nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025",
    "Chất vấn và trả lời chất vấn tại kỳ họp",
    "Báo cáo công tác phòng, chống tham nhũng, lãng phí",
    "Quyết định chủ trương đầu tư các dự án nhóm B trên địa bàn tỉnh",
];

/// The fields of the `index`th council session: about 1 KB of JSON, mostly
/// Vietnamese text, like a real session with its agenda.
fn session_fields(index: u64) -> Vec<(&'static str, Value)> {
    let year = 2000 + index % 26;
    let day = 1 + index % 28;
    let agenda: Vec<String> = AGENDA
        .iter()
        .enumerate()
        .map(|(at, line)| format!("{}. {line} ({index})", at + 1))
        .collect();
    vec![
        ("term", json!(10 + index % 9)),
        ("number", json!(1 + index % 40)),
        (
            "session_type",
            json!(["regular", "thematic", "extraordinary"][(index % 3) as usize]),
        ),
        ("starts_on", json!(format!("{year}-07-{day:02}"))),
        ("ends_on", json!(format!("{year}-07-{day:02}"))),
        (
            "place",
            json!(format!("Hội trường Trung tâm Hội nghị tỉnh, phòng {index}")),
        ),
        ("agenda", json!(agenda.join("\n"))),
    ]
}

/// The record body as the server stores it (a JSON object of the fields).
/// The mean size of the JSON of the first `sample` mutations the bench
/// makes (their texts differ in length).
fn mean_mutation_bytes(sample: u64) -> f64 {
    let total: usize = (0..sample.max(1))
        .map(|index| {
            create("01a223c3-8892-71c9-99cc-5fd2042062de", index + 1, index)
                .to_string()
                .len()
        })
        .sum();
    total as f64 / sample.max(1) as f64
}

fn body_bytes(index: u64) -> usize {
    let body: serde_json::Map<String, Value> = session_fields(index)
        .into_iter()
        .map(|(field, value)| (field.to_owned(), value))
        .collect();
    Value::Object(body).to_string().len()
}

fn create(client_id: &str, seq: u64, index: u64) -> Value {
    let changes: Vec<Value> = session_fields(index)
        .into_iter()
        .map(|(field, value)| json!({"field": field, "old": null, "new": value}))
        .collect();
    json!({
        "client_id": client_id,
        "seq": seq,
        "kind": "council_session",
        "record_id": uuid::Uuid::now_v7().to_string(),
        "base_version": 0,
        "at": unix_ms(),
        "op": "put",
        "changes": changes,
    })
}

// ---------------------------------------------------------------- the floor

/// Raw SQLite on the same disk: the floor hdnd is measured against.
struct Floor {
    path: PathBuf,
    connection: rusqlite::Connection,
}

impl Floor {
    fn open(work: &Path, name: &str) -> Result<Self> {
        let path = work.join(format!("{name}.sqlite3"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let connection = rusqlite::Connection::open(&path)?;
        let _: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.execute_batch(
            "CREATE TABLE records (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT",
        )?;
        Ok(Self { path, connection })
    }

    /// One row per transaction (a commit and an fsync each): rows per second.
    fn single_rows(&self, rows: &[Value]) -> Result<f64> {
        let started = Instant::now();
        let mut insert = self
            .connection
            .prepare("INSERT INTO records (id, body) VALUES (?1, ?2)")?;
        for row in rows {
            insert.execute(rusqlite::params![
                row["record_id"].as_str(),
                row.to_string()
            ])?;
        }
        Ok(rows.len() as f64 / started.elapsed().as_secs_f64())
    }

    /// All rows in one transaction: rows per second.
    fn one_transaction(&mut self, rows: &[Value]) -> Result<f64> {
        let started = Instant::now();
        let transaction = self.connection.transaction()?;
        {
            let mut insert =
                transaction.prepare("INSERT INTO records (id, body) VALUES (?1, ?2)")?;
            for row in rows {
                insert.execute(rusqlite::params![
                    row["record_id"].as_str(),
                    row.to_string()
                ])?;
            }
        }
        transaction.commit()?;
        Ok(rows.len() as f64 / started.elapsed().as_secs_f64())
    }

    fn remove(self) {
        let path = self.path.clone();
        drop(self.connection);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}

// ---------------------------------------------------------------- hdnd

/// The real binary, serving a fresh data folder on a free port.
struct Server {
    child: Child,
    base: String,
    data: PathBuf,
}

impl Server {
    fn start(binary: &Path, data: &Path) -> Result<Self> {
        let mut child = Command::new(binary)
            .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data)
            .env("HDND_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("RUST_LOG", "warn,server=info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let (found, address) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stderr).lines().map_while(|line| line.ok()) {
                if let Some(at) = line.find("serving on http://") {
                    let url: String = line[at + "serving on ".len()..]
                        .chars()
                        .take_while(|c| !c.is_whitespace() && *c != '\u{1b}')
                        .collect();
                    if let Some(sender) = found.take() {
                        let _ = sender.send(url);
                    }
                } else if line.contains("ERROR") {
                    eprintln!("hdnd: {line}");
                }
            }
        });
        let base = address
            .recv_timeout(Duration::from_secs(60))
            .map_err(|_| "hdnd did not start serving within 60 s")?;
        Ok(Self {
            child,
            base,
            data: data.to_path_buf(),
        })
    }

    /// Resident and peak resident memory (KiB) of the server process.
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// SIGTERM, as systemd stops it; waits for the graceful end.
    fn stop(mut self) -> Result<PathBuf> {
        // SAFETY: kill(2) with a pid we own and a valid signal number.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        let status = self.child.wait()?;
        if !status.success() {
            return Err(format!("hdnd ended with {status}").into());
        }
        Ok(self.data.join("hdnd.sqlite3"))
    }

    fn api(&self) -> Result<Api> {
        Ok(Api {
            http: reqwest::Client::builder().cookie_store(true).build()?,
            base: self.base.clone(),
        })
    }

    /// A new staff account, signed in, with a fresh browser replica.
    async fn staff(&self, admin: &Api, username: &str) -> Result<Replica> {
        admin
            .call(
                "/api/admin/users/create",
                &json!({"username": username, "display_name": format!("Chuyên viên {username}"),
                        "role": "staff", "password": USER_PASSWORD}),
            )
            .await?;
        self.replica(username).await
    }

    /// Another signed-in browser of an existing account.
    async fn replica(&self, username: &str) -> Result<Replica> {
        let api = self.api()?;
        api.call(
            "/api/auth/login",
            &json!({"username": username, "password": USER_PASSWORD}),
        )
        .await?;
        Ok(Replica {
            api,
            client_id: uuid::Uuid::now_v7().to_string(),
            next_seq: 1,
        })
    }

    async fn admin(&self) -> Result<Api> {
        let api = self.api()?;
        api.call(
            "/api/auth/login",
            &json!({"username": "admin", "password": ADMIN_PASSWORD}),
        )
        .await?;
        Ok(api)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Clone)]
struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    async fn call(&self, path: &str, body: &Value) -> Result<Value> {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await?;
        let status = response.status();
        let text = response.text().await?;
        if status != reqwest::StatusCode::OK {
            let shown: String = text.chars().take(300).collect();
            return Err(format!("{path}: {status} {shown}").into());
        }
        Ok(serde_json::from_str(&text)?)
    }
}

/// One browser replica: its client id and next sequence number.
struct Replica {
    api: Api,
    client_id: String,
    next_seq: u64,
}

impl Replica {
    /// `count` new council sessions as mutations, numbered from `index`.
    fn creates(&mut self, count: u64, index: u64) -> Vec<Value> {
        (0..count)
            .map(|offset| {
                let seq = self.next_seq;
                self.next_seq += 1;
                create(&self.client_id, seq, index + offset)
            })
            .collect()
    }

    /// Pushes and checks every mutation was applied.
    async fn push(&self, mutations: &[Value]) -> Result<()> {
        let answer = self
            .api
            .call("/api/sync/push", &json!({ "mutations": mutations }))
            .await?;
        let results = answer["results"].as_array().ok_or("push: no results")?;
        if results.len() != mutations.len() {
            return Err(format!(
                "push: {} answers for {} mutations",
                results.len(),
                mutations.len()
            )
            .into());
        }
        if let Some(other) = results.iter().find(|result| result["result"] != "applied") {
            return Err(format!("push: not applied: {other}").into());
        }
        Ok(())
    }

    /// `count` pushes with no mutation, one after another: a request with
    /// its sign-in check and nothing to write. Requests per second.
    async fn push_nothing(&self, count: u64) -> Result<f64> {
        let started = Instant::now();
        for _ in 0..count {
            let answer = self
                .api
                .call("/api/sync/push", &json!({ "mutations": [] }))
                .await?;
            if answer["results"]
                .as_array()
                .is_none_or(|results| !results.is_empty())
            {
                return Err(format!("empty push: unexpected answer {answer}").into());
            }
        }
        Ok(count as f64 / started.elapsed().as_secs_f64())
    }

    /// Pushes `total` creates `per_push` at a time; mutations per second.
    async fn push_creates(&mut self, total: u64, per_push: u64, index: u64) -> Result<f64> {
        let mut elapsed = Duration::ZERO;
        let mut done = 0;
        while done < total {
            let count = per_push.min(total - done);
            let mutations = self.creates(count, index + done);
            let started = Instant::now();
            self.push(&mutations).await?;
            elapsed += started.elapsed();
            done += count;
        }
        Ok(total as f64 / elapsed.as_secs_f64())
    }

    /// Pulls everything from `since` 0, page by page: (records, page times).
    async fn pull_all(&self) -> Result<(u64, Vec<Duration>)> {
        let mut since = 0u64;
        let mut records = 0;
        let mut pages = Vec::new();
        loop {
            let started = Instant::now();
            let page = self
                .api
                .call("/api/sync/pull", &json!({"since": since, "limit": 1000}))
                .await?;
            pages.push(started.elapsed());
            records += page["records"].as_array().map_or(0, Vec::len) as u64;
            since = page["cursor"].as_u64().ok_or("pull: no cursor")?;
            if page["more"] != true {
                return Ok((records, pages));
            }
        }
    }
}

// ---------------------------------------------------------------- measures

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.is_empty() {
        f64::NAN
    } else if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

fn percentile(sorted: &[f64], share: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((share * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

const SINGLE: u64 = 1_000;
const CLIENTS: u64 = 8;
const PER_CLIENT: u64 = 250;
const BATCHES: u64 = 100;
const BATCH: u64 = 100;

/// Pushes against the floor, side by side, `rounds` times with fresh
/// databases; medians.
async fn write_path(args: &Args) -> Result<Value> {
    let (mut raw_single, mut raw_transaction) = (Vec::new(), Vec::new());
    let (mut single, mut eight, mut batch) = (Vec::new(), Vec::new(), Vec::new());
    let mut empty = Vec::new();
    for round in 0..args.rounds {
        let rows: Vec<Value> = (0..SINGLE)
            .map(|index| create("floor", index + 1, index))
            .collect();
        let floor = Floor::open(&args.work, &format!("floor-{round}"))?;
        raw_single.push(floor.single_rows(&rows)?);
        floor.remove();

        let server = Server::start(&args.hdnd, &args.work.join(format!("write-{round}")))?;
        let admin = server.admin().await?;
        let mut first = server.staff(&admin, "lan").await?;
        empty.push(first.push_nothing(SINGLE).await?);
        single.push(first.push_creates(SINGLE, 1, 0).await?);

        let mut replicas = Vec::new();
        for client in 0..CLIENTS {
            replicas.push(server.staff(&admin, &format!("staff{client}")).await?);
        }
        let started = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for (client, mut replica) in replicas.into_iter().enumerate() {
            tasks.spawn(async move {
                let base = 1_000_000 * (client as u64 + 1);
                for index in 0..PER_CLIENT {
                    let mutations = replica.creates(1, base + index);
                    replica.push(&mutations).await?;
                }
                Ok::<(), Error>(())
            });
        }
        while let Some(done) = tasks.join_next().await {
            done??;
        }
        eight.push((CLIENTS * PER_CLIENT) as f64 / started.elapsed().as_secs_f64());

        let rows: Vec<Value> = (0..BATCHES * BATCH)
            .map(|index| create("floor", index + 1, index))
            .collect();
        let mut floor = Floor::open(&args.work, &format!("floor-tx-{round}"))?;
        raw_transaction.push(floor.one_transaction(&rows)?);
        floor.remove();

        batch.push(first.push_creates(BATCHES * BATCH, BATCH, 10_000).await?);
        server.stop()?;
        println!(
            "round {}: raw single-row {:.0}/s, empty push {:.0}/s, push 1 {:.0}/s, 8 clients {:.0}/s; raw one transaction {:.0}/s, push 100 {:.0}/s",
            round + 1,
            raw_single[round],
            empty[round],
            single[round],
            eight[round],
            raw_transaction[round],
            batch[round]
        );
    }
    let raw_single = median(&mut raw_single);
    let raw_transaction = median(&mut raw_transaction);
    let single = median(&mut single);
    let empty = median(&mut empty);
    let eight = median(&mut eight);
    let batch = median(&mut batch);
    println!(
        "write path (medians of {}): push 1 = {:.0}% of raw single-row, 8 clients = {:.0}%, push 100 = {:.0}% of raw one transaction",
        args.rounds,
        100.0 * single / raw_single,
        100.0 * eight / raw_single,
        100.0 * batch / raw_transaction
    );
    Ok(json!({
        "rounds": args.rounds,
        "raw_single_per_s": raw_single,
        "raw_transaction_per_s": raw_transaction,
        "push_single_per_s": single,
        "push_empty_per_s": empty,
        "push_8_clients_per_s": eight,
        "push_batch_100_per_s": batch,
        "single_share": single / raw_single,
        "eight_share": eight / raw_single,
        "batch_share": batch / raw_transaction,
        "mutation_bytes": mean_mutation_bytes(1_000),
    }))
}

/// Push rates at 0, half and all of `--growth` records already stored; the
/// bytes the database holds per mutation at the end.
async fn growth(args: &Args) -> Result<Value> {
    let server = Server::start(&args.hdnd, &args.work.join("growth"))?;
    let (idle_rss, _) = {
        tokio::time::sleep(Duration::from_millis(500)).await;
        server.memory()
    };
    let admin = server.admin().await?;
    let mut replica = server.staff(&admin, "lan").await?;
    let mut stored = 0u64;
    let mut index = 0u64;
    let mut points = Vec::new();
    let mut seeding = Vec::new();
    for target in [0, args.growth / 2, args.growth] {
        if target > stored {
            let count = target - stored;
            let rate = replica.push_creates(count, 200, index).await?;
            index += count;
            stored += count;
            seeding.push(rate);
            println!("seeded {count} records at {rate:.0}/s (200 per push)");
        }
        // The floor is measured beside each point: the machine's speed
        // drifts between points minutes apart.
        let (mut batch, mut single, mut floor) = (Vec::new(), Vec::new(), Vec::new());
        let rows: Vec<Value> = (0..5_000)
            .map(|row| create("floor", row + 1, row))
            .collect();
        for _ in 0..3 {
            let mut raw = Floor::open(&args.work, "floor-growth")?;
            floor.push(raw.one_transaction(&rows)?);
            raw.remove();
            batch.push(replica.push_creates(1_000, BATCH, index).await?);
            index += 1_000;
            single.push(replica.push_creates(200, 1, index).await?);
            index += 200;
        }
        let measured_at = stored;
        stored += 3 * 1_200;
        let (batch, single, floor) = (median(&mut batch), median(&mut single), median(&mut floor));
        println!(
            "at {measured_at} records: push 100 {batch:.0}/s, push 1 {single:.0}/s, raw one transaction beside it {floor:.0}/s (medians of 3)"
        );
        points.push(json!({"records": measured_at, "push_batch_100_per_s": batch, "push_single_per_s": single, "raw_transaction_per_s": floor}));
    }
    let (after_rss, peak_rss) = server.memory();
    let database = server.stop()?;
    let storage = storage(&database, index)?;
    println!(
        "memory: idle {:.1} MB, after the run {:.1} MB, peak {:.1} MB",
        idle_rss as f64 / 1024.0,
        after_rss as f64 / 1024.0,
        peak_rss as f64 / 1024.0
    );
    let rate = |point: &Value, key: &str| point[key].as_f64().unwrap_or(f64::NAN);
    let first = rate(&points[0], "push_batch_100_per_s");
    let last = rate(&points[2], "push_batch_100_per_s");
    let first_share = first / rate(&points[0], "raw_transaction_per_s");
    let last_share = last / rate(&points[2], "raw_transaction_per_s");
    Ok(json!({
        "points": points,
        "seeding_per_s": seeding,
        "batch_at_end_over_start": last / first,
        "batch_share_at_end_over_start": last_share / first_share,
        "storage": storage,
        "rss_kib": {"idle": idle_rss, "after": after_rss, "peak": peak_rss},
    }))
}

/// What the database holds per mutation, against the mutation and the
/// record body, with the share of each table and index.
fn storage(database: &Path, mutations: u64) -> Result<Value> {
    let mut file_bytes = 0;
    for suffix in ["", "-wal"] {
        if let Ok(meta) = std::fs::metadata(format!("{}{suffix}", database.display())) {
            file_bytes += meta.len();
        }
    }
    let connection = rusqlite::Connection::open(database)?;
    let changes: i64 =
        connection.query_row("SELECT count(*) FROM change_log", [], |row| row.get(0))?;
    let changes = changes.max(1) as u64;
    let mut parts = serde_json::Map::new();
    {
        let mut statement = connection.prepare(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (name, bytes) = row?;
            parts.insert(name, json!(bytes as f64 / changes.max(1) as f64));
        }
    }
    let sample = 1_000.min(mutations);
    let mutation_bytes = mean_mutation_bytes(sample);
    let body = (0..sample).map(body_bytes).sum::<usize>() as f64 / sample as f64;
    let per_mutation = file_bytes as f64 / changes.max(1) as f64;
    println!(
        "stored: {:.0} bytes per mutation ({changes} mutations, {:.1} MB) = {:.2}× the mutation ({mutation_bytes:.0} bytes), {:.2}× the record body ({body:.0} bytes)",
        per_mutation,
        file_bytes as f64 / 1e6,
        per_mutation / mutation_bytes,
        per_mutation / body
    );
    Ok(json!({
        "mutations": changes,
        "file_bytes": file_bytes,
        "bytes_per_mutation": per_mutation,
        "mutation_bytes": mutation_bytes,
        "body_bytes": body,
        "over_mutation": per_mutation / mutation_bytes,
        "over_body": per_mutation / body,
        "per_mutation_by_part": parts,
    }))
}

/// Pulls of `--pull` records: one client alone (three times, median), then
/// 32 clients at once (every page timed).
async fn pulls(args: &Args) -> Result<Value> {
    let server = Server::start(&args.hdnd, &args.work.join("pull"))?;
    let admin = server.admin().await?;
    let mut seeder = server.staff(&admin, "lan").await?;
    seeder.push_creates(args.pull, 200, 0).await?;
    let reader = server.replica("lan").await?;
    let mut alone = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let (records, _) = reader.pull_all().await?;
        if records != args.pull {
            return Err(format!("pulled {records} records of {}", args.pull).into());
        }
        alone.push(started.elapsed().as_secs_f64());
    }
    let alone = median(&mut alone);
    println!(
        "pull of {} records by one client: {:.2} s (median of 3)",
        args.pull, alone
    );

    let mut readers = Vec::new();
    for _ in 0..32 {
        readers.push(server.replica("lan").await?);
    }
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for reader in readers {
        tasks.spawn(async move { reader.pull_all().await });
    }
    let mut pages = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (records, times) = done??;
        if records != args.pull {
            return Err(format!("pulled {records} records of {}", args.pull).into());
        }
        pages.extend(times.iter().map(|time| time.as_secs_f64() * 1000.0));
    }
    let all = started.elapsed().as_secs_f64();
    pages.sort_by(f64::total_cmp);
    let (p50, p99) = (percentile(&pages, 0.5), percentile(&pages, 0.99));
    println!(
        "32 clients pulling {} records each: {all:.1} s in all; pages of 1,000: p50 {p50:.0} ms, p99 {p99:.0} ms ({} pages)",
        args.pull,
        pages.len()
    );
    let (rss, peak) = server.memory();
    server.stop()?;
    Ok(json!({
        "records": args.pull,
        "alone_s": alone,
        "concurrent_clients": 32,
        "concurrent_total_s": all,
        "page_p50_ms": p50,
        "page_p99_ms": p99,
        "pages": pages.len(),
        "rss_kib_after": rss,
        "rss_kib_peak": peak,
    }))
}
