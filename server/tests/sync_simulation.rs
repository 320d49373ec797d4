//! Three browser replicas (the client bookkeeping from `app::sync::client`)
//! against the real store, over a network that drops, duplicates and
//! reorders messages, with reloads that forget everything in flight. After
//! the network heals: every edit was applied or surfaced to its user, none
//! was applied twice, and every replica agrees with the server.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use app::auth::model::Role;
use app::backend::Pusher;
use app::sync::client::{ClientState, Resolution};
use app::sync::model::{
    ClientId, Conflict, Fields, Mutation, Operation, Outcome, PushResponse, RecordId, RecordKind,
    Rejection,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use server::store::{Store, StoreError};

const CLIENTS: usize = 3;

static RUNS: AtomicUsize = AtomicUsize::new(0);
static OPERATIONS: AtomicUsize = AtomicUsize::new(0);
static TOTALS: [AtomicUsize; 4] = [const { AtomicUsize::new(0) }; 4];
const RECORDS: usize = 3;

#[derive(Debug, Clone)]
enum Action {
    Edit {
        client: usize,
        record: usize,
        field: usize,
        value: usize,
    },
    Delete {
        client: usize,
        record: usize,
    },
    Send {
        client: usize,
    },
    Deliver {
        message: usize,
    },
    Duplicate {
        message: usize,
    },
    Drop {
        message: usize,
    },
    Reload {
        client: usize,
    },
    Pull {
        client: usize,
    },
    Resolve {
        client: usize,
        choice: usize,
    },
}

fn action() -> impl Strategy<Value = Action> {
    let client = 0..CLIENTS;
    prop_oneof![
        4 => (client.clone(), 0..RECORDS, 0..5_usize, 0..3_usize)
            .prop_map(|(client, record, field, value)| Action::Edit { client, record, field, value }),
        1 => (client.clone(), 0..RECORDS).prop_map(|(client, record)| Action::Delete { client, record }),
        3 => client.clone().prop_map(|client| Action::Send { client }),
        4 => any::<usize>().prop_map(|message| Action::Deliver { message }),
        1 => any::<usize>().prop_map(|message| Action::Duplicate { message }),
        1 => any::<usize>().prop_map(|message| Action::Drop { message }),
        1 => client.clone().prop_map(|client| Action::Reload { client }),
        2 => client.clone().prop_map(|client| Action::Pull { client }),
        1 => (client, 0..3_usize).prop_map(|(client, choice)| Action::Resolve { client, choice }),
    ]
}

#[derive(Debug, Clone)]
enum Message {
    Request {
        client: usize,
        mutations: Vec<Mutation>,
    },
    Response {
        client: usize,
        response: PushResponse,
    },
}

impl Message {
    fn client(&self) -> usize {
        match self {
            Message::Request { client, .. } | Message::Response { client, .. } => *client,
        }
    }
}

struct World {
    store: Store,
    _dir: tempfile::TempDir,
    pushers: Vec<Pusher>,
    clients: Vec<ClientState>,
    records: Vec<RecordId>,
    network: Vec<Message>,
    /// Every mutation a client made: (client, seq).
    made: BTreeSet<(usize, u64)>,
    /// Answers each client took, by (client, seq), and whether a problem was
    /// kept for the user when the answer was not "applied".
    taken: BTreeMap<(usize, u64), bool>,
    clock: i64,
    /// Answers taken: applied, conflict, rejected.
    stats: [usize; 4],
}

fn session(place: &str, agenda: &str, number: u64) -> Fields {
    let mut fields: Fields = serde_json::from_value(json!({
        "term": 18, "number": number, "session_type": "regular",
        "starts_on": "2020-12-09", "ends_on": "2020-12-11", "place": place
    }))
    .expect("session fields");
    if !agenda.is_empty() {
        fields.insert("agenda".into(), json!(agenda));
    }
    fields
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path(), &app::kinds::REGISTRY).expect("store");
        let connection = rusqlite::Connection::open(store.path()).expect("connection");
        let mut pushers = Vec::new();
        for (index, role) in [Role::Staff, Role::OfficeLeader, Role::Staff]
            .into_iter()
            .enumerate()
        {
            connection
                .execute(
                    "INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
                     VALUES (?1, ?1, ?2, 'x', 0, 0)",
                    rusqlite::params![format!("user{index}"), role.as_str()],
                )
                .expect("user");
            pushers.push(Pusher {
                user_id: connection.last_insert_rowid(),
                role,
            });
        }
        let clients = (0..CLIENTS)
            .map(|_| ClientState::new(ClientId::new(), &app::kinds::REGISTRY))
            .collect();
        let records = (0..RECORDS).map(|_| RecordId::new()).collect();
        let mut world = World {
            store,
            _dir: dir,
            pushers,
            clients,
            records,
            network: Vec::new(),
            made: BTreeSet::new(),
            taken: BTreeMap::new(),
            clock: 1,
            stats: [0; 4],
        };
        // Client 0 creates the records; everyone starts from them.
        for record in 0..RECORDS {
            let id = world.records[record];
            world.save(0, id, session("A", "", 1));
        }
        world.settle(0);
        for client in 0..CLIENTS {
            world.pull(client);
        }
        world
    }

    fn tick(&mut self) -> i64 {
        self.clock += 1;
        self.clock
    }

    fn save(&mut self, client: usize, id: RecordId, fields: Fields) {
        let at = self.tick();
        let state = &mut self.clients[client];
        if let Ok(set) = state.plan_save(RecordKind::new("council_session"), id, &fields, at) {
            for mutation in set.outbox.values().flatten() {
                self.made.insert((client, mutation.seq));
            }
            state.apply(set);
        }
    }

    fn take(&mut self, client: usize, response: &PushResponse) {
        let state = &mut self.clients[client];
        let pending: BTreeMap<u64, Mutation> = response
            .results
            .iter()
            .filter_map(|result| Some((result.seq, state.outbox.get(&result.seq)?.clone())))
            .collect();
        let set = state.plan_push_response(response);
        state.apply(set);
        for result in &response.results {
            let Some(mutation) = pending.get(&result.seq) else {
                continue; // an answer taken before
            };
            assert!(
                !state.outbox.contains_key(&result.seq),
                "an answered mutation stays in the outbox"
            );
            let id = mutation.record_id;
            let surfaced = match &result.outcome {
                Outcome::Applied { .. } => {
                    self.stats[0] += 1;
                    true
                }
                Outcome::Conflict { conflicts, .. } => {
                    self.stats[1] += 1;
                    conflicts.iter().all(|conflict| {
                        let key = match conflict {
                            Conflict::Field { field, .. } => format!("{id}/field/{field}"),
                            _ => format!("{id}/record"),
                        };
                        state.problems.contains_key(&key)
                    })
                }
                Outcome::Withheld => panic!("the simulation's roles never change"),
                Outcome::Rejected { reason } => {
                    self.stats[2] += 1;
                    let nothing_to_delete = matches!(reason, Rejection::NotFound)
                        && matches!(mutation.operation, Operation::Delete { .. });
                    nothing_to_delete
                        || state
                            .problems
                            .contains_key(&format!("{id}/rejected/{}", result.seq))
                }
            };
            let first = self.taken.insert((client, result.seq), surfaced);
            assert!(
                first.is_none(),
                "client {client} took mutation {} twice",
                result.seq
            );
        }
    }

    fn serve(&mut self, client: usize, mutations: Vec<Mutation>) -> Option<PushResponse> {
        match self.store.push(&self.pushers[client], mutations) {
            Ok(pushed) => Some(pushed.response),
            // A stale copy of a push whose answers arrived long ago (the
            // client has pushed later mutations since, so the server forgot
            // them): its error answer goes nowhere. The client must indeed
            // be done with that mutation.
            Err(StoreError::AnswerGone { seq }) => {
                assert!(
                    !self.clients[client].outbox.contains_key(&seq),
                    "the server forgot the answer to mutation {seq}, still in the outbox"
                );
                self.stats[3] += 1;
                None
            }
            Err(error) => panic!("push failed: {error}"),
        }
    }

    fn pull(&mut self, client: usize) {
        let role = self.pushers[client].role;
        loop {
            let since = self.clients[client].meta.cursor;
            let page = self.store.pull(role, since, 2).expect("pull");
            let now = self.tick();
            let set = self.clients[client].plan_pull(&page, now);
            self.clients[client].apply(set);
            if !page.more {
                break;
            }
        }
    }

    /// Pushes and pulls over a reliable network until the outbox is empty.
    fn settle(&mut self, client: usize) {
        for _ in 0..100 {
            let batch = self.clients[client].next_push(3);
            if batch.is_empty() {
                break;
            }
            let response = self.serve(client, batch).expect("answer");
            self.take(client, &response);
        }
        assert!(
            self.clients[client].outbox.is_empty(),
            "outbox never drains"
        );
        self.pull(client);
    }

    fn run(&mut self, action: &Action) {
        match *action {
            Action::Edit {
                client,
                record,
                field,
                value,
            } => {
                let id = self.records[record];
                let Some(local) = self.clients[client].records.get(&id) else {
                    return;
                };
                if local.deleted() {
                    return;
                }
                let mut fields = local.fields().clone();
                let (name, new) = match field {
                    0 => ("place", json!(["A", "B", "C"][value])),
                    1 => (
                        "agenda",
                        [Value::Null, json!("x"), json!("y")][value].clone(),
                    ),
                    2 => ("number", json!(value + 1)),
                    // Dates that are valid alone but may cross when two
                    // people change one each: the server refuses the merge.
                    3 => (
                        "starts_on",
                        json!(["2020-12-09", "2020-12-10", "2020-12-11"][value]),
                    ),
                    _ => (
                        "ends_on",
                        json!(["2020-12-11", "2020-12-10", "2020-12-09"][value]),
                    ),
                };
                app::sync::model::set_field(&mut fields, name, new);
                self.save(client, id, fields);
            }
            Action::Delete { client, record } => {
                let at = self.tick();
                let state = &mut self.clients[client];
                if let Ok(set) = state.plan_delete(self.records[record], at) {
                    for mutation in set.outbox.values().flatten() {
                        self.made.insert((client, mutation.seq));
                    }
                    state.apply(set);
                }
            }
            Action::Send { client } => {
                let batch = self.clients[client].next_push(3);
                if !batch.is_empty() {
                    self.network.push(Message::Request {
                        client,
                        mutations: batch,
                    });
                }
            }
            Action::Deliver { message } if !self.network.is_empty() => {
                let message = self.network.remove(message % self.network.len());
                match message {
                    Message::Request { client, mutations } => {
                        // A gap (never expected here) would be an error answer:
                        // the client simply sends again later.
                        if let Some(response) = self.serve(client, mutations) {
                            self.network.push(Message::Response { client, response });
                        }
                    }
                    Message::Response { client, response } => self.take(client, &response),
                }
            }
            Action::Duplicate { message } if !self.network.is_empty() => {
                let copy = self.network[message % self.network.len()].clone();
                self.network.push(copy);
            }
            Action::Drop { message } if !self.network.is_empty() => {
                self.network.remove(message % self.network.len());
            }
            Action::Reload { client } => self.network.retain(|message| message.client() != client),
            Action::Pull { client } => self.pull(client),
            Action::Resolve { client, choice } => {
                let at = self.tick();
                let state = &mut self.clients[client];
                let Some(key) = state.problems.keys().next().cloned() else {
                    return;
                };
                let resolution = match choice {
                    0 => Resolution::Mine,
                    1 => Resolution::Theirs,
                    _ => Resolution::Edited(json!("C")),
                };
                let planned = state
                    .plan_resolve(&key, &resolution, at)
                    .or_else(|_| state.plan_resolve(&key, &Resolution::Theirs, at));
                if let Ok(set) = planned {
                    for mutation in set.outbox.values().flatten() {
                        self.made.insert((client, mutation.seq));
                    }
                    state.apply(set);
                }
            }
            Action::Deliver { .. } | Action::Duplicate { .. } | Action::Drop { .. } => {}
        }
    }

    fn check(&mut self) {
        // Heal: everyone pushes everything, then everyone pulls.
        for client in 0..CLIENTS {
            self.settle(client);
        }
        for client in 0..CLIENTS {
            self.pull(client);
        }
        // Every mutation made got exactly one answer, and any answer other
        // than "applied" left a problem for the user.
        let answered: BTreeSet<(usize, u64)> = self.taken.keys().copied().collect();
        assert_eq!(answered, self.made, "mutations without an answer");
        for ((client, seq), surfaced) in &self.taken {
            assert!(
                surfaced,
                "client {client} mutation {seq}: a conflict nobody was shown"
            );
        }
        // Applied at most once: every version is one applied change.
        let connection = rusqlite::Connection::open(self.store.path()).expect("connection");
        let mut counts = connection
            .prepare(
                "SELECT r.id, r.version, (SELECT COUNT(*) FROM change_log c WHERE c.record_id = r.id)
                   FROM records r",
            )
            .expect("statement");
        let rows: Vec<(String, i64, i64)> = counts
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(rows.len(), RECORDS);
        for (id, version, changes) in rows {
            assert_eq!(version, changes, "record {id}: version vs changes logged");
        }
        let logged: i64 = connection
            .query_row("SELECT COUNT(*) FROM change_log", [], |row| row.get(0))
            .expect("count");
        let distinct: i64 = connection
            .query_row(
                "SELECT COUNT(*) FROM (SELECT DISTINCT client_id, client_seq FROM change_log)",
                [],
                |row| row.get(0),
            )
            .expect("count");
        assert_eq!(logged, distinct, "a mutation logged twice");
        // Every replica shows the server's state.
        let server = self
            .store
            .pull(app::auth::model::Role::OfficeLeader, 0, 1_000)
            .expect("pull");
        for (client, state) in self.clients.iter().enumerate() {
            assert!(state.outbox.is_empty());
            for document in &server.records {
                let local = &state.records[&document.id];
                assert_eq!(
                    local.fields(),
                    &document.fields,
                    "client {client} record {}",
                    document.id
                );
                assert_eq!(
                    local.deleted(),
                    document.deleted,
                    "client {client} record {}",
                    document.id
                );
                assert_eq!(local.server_version(), document.version);
            }
        }
    }
}

/// How many random runs (seeds): `HDND_SIM_CASES`, 64 by default (the
/// test run); the long form is `cargo xtask simulate` (1,000 runs of 200
/// operations).
fn cases() -> u32 {
    std::env::var("HDND_SIM_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(64)
}

/// Operations per run: `HDND_SIM_OPS` exactly when set, else 20 to 120.
fn operations() -> std::ops::RangeInclusive<usize> {
    match std::env::var("HDND_SIM_OPS")
        .ok()
        .and_then(|ops| ops.parse().ok())
    {
        Some(ops) => ops..=ops,
        None => 20..=120,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn three_replicas_over_a_bad_network_lose_nothing_and_apply_nothing_twice(
        actions in proptest::collection::vec(action(), operations())
    ) {
        let mut world = World::new();
        for action in &actions {
            world.run(action);
        }
        world.check();
        // Running totals: the last line sums every run.
        let runs = RUNS.fetch_add(1, Ordering::Relaxed) + 1;
        let ops = OPERATIONS.fetch_add(actions.len(), Ordering::Relaxed) + actions.len();
        let totals: Vec<usize> = world
            .stats
            .iter()
            .zip(&TOTALS)
            .map(|(count, total)| total.fetch_add(*count, Ordering::Relaxed) + count)
            .collect();
        eprintln!(
            "run {runs}: {} operations; so far {runs} runs, {ops} operations; answers applied {}, conflict {}, rejected {}, stale copies told the answer is gone {}; nothing lost, nothing applied twice",
            actions.len(), totals[0], totals[1], totals[2], totals[3]
        );
    }
}
