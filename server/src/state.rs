//! What every request shares: the settings `serve` was started with, the
//! store, and the store behind the server functions' `Backend`.

use std::sync::Arc;
use std::time::Duration;

use app::auth::model::{Role, SecurityEventPage, SecurityEventQuery, UserAccount, ValidNewUser};
use app::auth::server::{AuthServices, PasswordHash, ServerContext, SessionPolicy, ThrottlePolicy};
use app::backend::{
    Backend, EventSource, LoginRecord, NewSecurityEvent, Pushed, Pusher, UserRecord,
};
use app::error::AppError;
use app::records::history::{
    self, ChangeLogQuery, HistoryEntry, HistoryPage, HistoryRequest, LogFilter,
};
use app::sync::model::{Mutation, NoticeList, PullResponse};
use app::system::model::ServerFacts;

use crate::cli::ServeArgs;
use crate::store::{Store, StoreError};
use crate::{assets, budgets, connections, logs, rates, store};

/// How the server treats sessions, sign-in, connections and its network
/// position.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    pub sessions: SessionPolicy,
    pub throttle: ThrottlePolicy,
    /// Mark the session cookie `Secure` (served over https, e.g. behind a
    /// TLS-terminating proxy).
    pub secure_cookies: bool,
    /// Take the client address from X-Forwarded-For (behind a reverse proxy).
    pub trust_forwarded_for: bool,
    /// The address users type; when set, other hosts and origins are refused.
    pub public_url: Option<crate::origin::PublicOrigin>,
    pub limits: connections::Limits,
    pub budgets: budgets::BudgetLimits,
    pub rates: rates::RateLimits,
    /// The office's name (`--office-name`), sent with the handshake.
    pub office_name: Option<String>,
}

impl Settings {
    pub fn from_args(args: &ServeArgs) -> Self {
        Self {
            sessions: SessionPolicy {
                idle: Duration::from_secs(args.session_idle_minutes.saturating_mul(60)),
                absolute: Duration::from_secs(args.session_max_hours.saturating_mul(3600)),
            },
            throttle: ThrottlePolicy::default(),
            secure_cookies: args.secure_cookies,
            trust_forwarded_for: args.trust_forwarded_for,
            public_url: args.public_url.clone(),
            limits: connections::Limits {
                max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
                ..connections::Limits::default()
            },
            budgets: budgets::BudgetLimits::default(),
            rates: rates::RateLimits::default(),
            office_name: args.office_name.clone(),
        }
    }
}

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub context: ServerContext,
    pub settings: Settings,
    pub budgets: Arc<budgets::Budgets>,
    /// How often each kind of line about requests reaches the process log.
    pub log_gate: Arc<logs::LogGate>,
}

impl AppState {
    pub fn new(store: Store, settings: Settings) -> Self {
        let store = Arc::new(store);
        let backend: Arc<dyn Backend> = Arc::new(StoreBackend {
            store: store.clone(),
            build: assets::build_id(),
            rates: rates::Rates::new(settings.rates),
            office_name: settings.office_name.clone(),
        });
        let auth = Arc::new(AuthServices::new(settings.sessions, settings.throttle));
        Self {
            store,
            context: ServerContext { backend, auth },
            budgets: Arc::new(budgets::Budgets::new(settings.budgets)),
            log_gate: Arc::new(logs::LogGate::new(logs::LogPace::default())),
            settings,
        }
    }
}

/// The server's implementation of what server functions need.
struct StoreBackend {
    store: Arc<Store>,
    build: String,
    /// How fast each account may write.
    rates: rates::Rates,
    office_name: Option<String>,
}

/// Store errors as the wire sees them: expected ones by kind, the rest
/// logged and sent as an internal error with a reference.
fn wire(error: StoreError) -> AppError {
    match error {
        StoreError::UserExists(name) => AppError::invalid(
            "username",
            "username_taken",
            format!("user {name} already exists"),
        ),
        StoreError::UserNotFound(name) => AppError::NotFound {
            what: format!("user {name}"),
        },
        StoreError::LastAdministrator => AppError::Conflict {
            message: "at least one active administrator must remain".to_owned(),
        },
        StoreError::ForeignClient => AppError::Forbidden,
        // Disabled since the request was let in: its sessions are gone.
        StoreError::AccountDisabled => AppError::Unauthenticated,
        StoreError::UnknownKind(kind) => {
            AppError::bad_request(&format!("{kind} is not a kind of record"))
        }
        StoreError::UnknownField(message) => AppError::bad_request(&message),
        StoreError::SequenceGap { expected } => AppError::SequenceGap { expected },
        StoreError::SequenceReused { seq } => AppError::Conflict {
            message: format!("mutation {seq} was answered before with different content"),
        },
        StoreError::AnswerGone { seq } => AppError::Conflict {
            message: format!(
                "mutation {seq} was answered before, and a later push showed the answer arrived"
            ),
        },
        StoreError::DiskFull => AppError::InsufficientStorage,
        StoreError::TooManyClients => AppError::Conflict {
            message: format!(
                "this account already syncs from {} browsers",
                store::MAX_CLIENTS_PER_USER
            ),
        },
        other => AppError::internal(&other),
    }
}

impl Backend for StoreBackend {
    fn server_facts(&self) -> Result<ServerFacts, AppError> {
        let facts = self.store.instance_facts().map_err(wire)?;
        Ok(ServerFacts {
            build: self.build.clone(),
            instance_id: facts.instance_id,
            schema_version: facts.schema_version,
            office_name: self.office_name.clone(),
        })
    }

    fn find_login(&self, username: &str) -> Result<Option<LoginRecord>, AppError> {
        self.store.find_login(username).map_err(wire)
    }

    fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, AppError> {
        self.store.user_by_id(id).map_err(wire)
    }

    fn record_login(&self, user_id: i64, event: NewSecurityEvent) -> Result<(), AppError> {
        self.store.record_login(user_id, &event).map_err(wire)
    }

    fn log_security_event(&self, event: NewSecurityEvent) -> Result<(), AppError> {
        self.store.log_security_event(&event).map_err(wire)
    }

    fn security_events(&self, query: &SecurityEventQuery) -> Result<SecurityEventPage, AppError> {
        self.store.security_events(query).map_err(wire)
    }

    fn list_users(&self) -> Result<Vec<UserAccount>, AppError> {
        self.store.list_users().map_err(wire)
    }

    fn create_user(
        &self,
        user: &ValidNewUser,
        password_hash: &PasswordHash,
        source: &EventSource,
    ) -> Result<UserAccount, AppError> {
        self.store
            .create_user(user, password_hash, source)
            .map_err(wire)
    }

    fn set_role(
        &self,
        username: &str,
        role: Role,
        source: &EventSource,
    ) -> Result<UserAccount, AppError> {
        self.store.set_role(username, role, source).map_err(wire)
    }

    fn set_password(
        &self,
        username: &str,
        password_hash: &PasswordHash,
        source: &EventSource,
    ) -> Result<(), AppError> {
        self.store
            .set_password(username, password_hash, source)
            .map_err(wire)
    }

    fn set_disabled(
        &self,
        username: &str,
        disabled: bool,
        source: &EventSource,
    ) -> Result<UserAccount, AppError> {
        self.store
            .set_disabled(username, disabled, source)
            .map_err(wire)
    }

    /// Within the account's rate: the mutations its buckets hold now are
    /// pushed (the rest is answered in a later push), none a 429 that says
    /// how long to wait. What was taken but not written — retries answered
    /// before, mutations past the writer's limits, a failed push — is given
    /// back.
    fn notices(&self, user_id: i64, role: Role, limit: u32) -> Result<NoticeList, AppError> {
        self.store.notices(user_id, role, limit).map_err(wire)
    }

    fn dismiss_notices(&self, user_id: i64, ids: &[i64]) -> Result<u64, AppError> {
        self.store.dismiss_notices(user_id, ids).map_err(wire)
    }

    fn push(&self, pusher: &Pusher, mutations: Vec<Mutation>) -> Result<Pushed, AppError> {
        if mutations.is_empty() {
            return self.store.push(pusher, mutations).map_err(wire);
        }
        // A malformed push is a 400 whatever the account's rate.
        let mut mutations = mutations;
        self.store.prepare(&mut mutations).map_err(wire)?;
        let weights: Vec<usize> = mutations.iter().map(Mutation::weight).collect();
        let taken = match self
            .rates
            .admit(pusher.user_id, &weights, std::time::Instant::now())
        {
            rates::Admission::Take(count) => count,
            rates::Admission::Wait(wait) => {
                return Err(AppError::TooManyRequests {
                    retry_after_seconds: wait.as_secs().max(1),
                });
            }
        };
        mutations.truncate(taken);
        let pushed = self.store.push(pusher, mutations);
        let taken_bytes: usize = weights[..taken].iter().sum();
        match &pushed {
            Ok(pushed) => {
                let answered = pushed.response.results.len().min(taken);
                let fresh = pushed.fresh.min(answered);
                let written: usize = weights[answered - fresh..answered].iter().sum();
                self.rates.refund(
                    pusher.user_id,
                    taken - fresh,
                    taken_bytes.saturating_sub(written),
                );
            }
            Err(_) => self.rates.refund(pusher.user_id, taken, taken_bytes),
        }
        pushed.map_err(wire)
    }

    fn pull(&self, role: Role, since: u64, limit: u32) -> Result<PullResponse, AppError> {
        self.store.pull(role, since, limit).map_err(wire)
    }

    fn history(&self, role: Role, request: &HistoryRequest) -> Result<HistoryPage, AppError> {
        let registry = self.store.registry();
        let Some(spec) = registry.get(request.kind) else {
            return Err(AppError::bad_request(&format!(
                "{} is not a kind of record",
                request.kind
            )));
        };
        if !spec.readable_by(role) {
            return Err(AppError::Forbidden);
        }
        let limit = history::limit(request.limit);
        let mut entries = self
            .store
            .history(request.id, request.before, limit + 1)
            .map_err(wire)?;
        let more = entries.len() > limit as usize;
        entries.truncate(limit as usize);
        // An id of another kind is no record of this one.
        let entries: Vec<HistoryEntry> = entries
            .into_iter()
            .filter(|entry| entry.kind == request.kind)
            .filter_map(|entry| entry.for_role(registry, role, true))
            .collect();
        if entries.is_empty() && request.before.is_none() {
            return Err(AppError::not_found("record"));
        }
        Ok(HistoryPage { entries, more })
    }

    fn change_log(&self, role: Role, query: &ChangeLogQuery) -> Result<HistoryPage, AppError> {
        let registry = self.store.registry();
        let (limit, from, to) = query
            .bounds()
            .map_err(|message| AppError::bad_request(&message))?;
        // The administrator reads who changed what and when, never the
        // values; a role that reads records gets the kinds it reads.
        let content = role != Role::Admin;
        let filter = LogFilter {
            username: query.username.clone(),
            kind: query.kind,
            from,
            to,
            before: query.before,
            kinds: content.then(|| registry.readable_by(role)),
        };
        let mut entries = self.store.change_log(&filter, limit + 1).map_err(wire)?;
        let more = entries.len() > limit as usize;
        entries.truncate(limit as usize);
        let entries = entries
            .into_iter()
            .filter_map(|entry| entry.for_role(registry, role, content))
            .collect();
        Ok(HistoryPage { entries, more })
    }
}
