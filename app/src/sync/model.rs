//! The sync protocol, shared by the browser and the server: records as typed
//! documents, the mutations a client sends, the per-mutation answers, and the
//! paged pull over the server's change log. Plain data; the merge lives in
//! `merge`, the client's bookkeeping in `client`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::FieldError;

/// A record's content: field name → JSON value. A field that is absent and a
/// field that is `null` mean the same; `normalise` drops the nulls.
pub type Fields = BTreeMap<String, Value>;

/// The value of `field`, `null` when absent.
pub fn field_value<'a>(fields: &'a Fields, field: &str) -> &'a Value {
    fields.get(field).unwrap_or(&Value::Null)
}

/// Sets `field`, removing it when the value is `null`.
pub fn set_field(fields: &mut Fields, field: &str, value: Value) {
    if value.is_null() {
        fields.remove(field);
    } else {
        fields.insert(field.to_owned(), value);
    }
}

/// The longest kind name.
pub const KIND_NAME_MAX: usize = 31;

/// A kind of record by its name ("council_session"): `a–z`, `0–9` and `_`,
/// starting with a letter, at most [`KIND_NAME_MAX`] bytes. Held inline (no
/// allocation, `Copy`), since every record and mutation carries one. What a
/// kind *is* — fields, rules, access — is in the registry
/// (`crate::records::spec::Registry`); the protocol only carries the name.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordKind {
    // Zero-padded: comparing the arrays compares the names.
    name: [u8; KIND_NAME_MAX],
    len: u8,
}

impl RecordKind {
    /// A kind name known when compiling; an invalid one fails the build.
    pub const fn new(name: &str) -> Self {
        match Self::from_bytes(name.as_bytes()) {
            Some(kind) => kind,
            None => panic!("a kind name is a-z, 0-9 and _, starting with a letter, 1-31 bytes"),
        }
    }

    const fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.is_empty() || bytes.len() > KIND_NAME_MAX || !bytes[0].is_ascii_lowercase() {
            return None;
        }
        let mut name = [0_u8; KIND_NAME_MAX];
        let mut index = 0;
        while index < bytes.len() {
            let byte = bytes[index];
            if !(byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_') {
                return None;
            }
            name[index] = byte;
            index += 1;
        }
        Some(RecordKind {
            name,
            len: bytes.len() as u8,
        })
    }

    /// Reads a kind name; `None` if it is not one (whether the kind exists
    /// is the registry's question).
    pub fn parse(text: &str) -> Option<Self> {
        Self::from_bytes(text.as_bytes())
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored.
        std::str::from_utf8(&self.name[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RecordKind({})", self.as_str())
    }
}

impl Serialize for RecordKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RecordKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = RecordKind;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a kind of record such as \"council_session\"")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RecordKind, E> {
                RecordKind::parse(text).ok_or_else(|| {
                    E::custom(format!(
                        "{:?} is not a kind name (a-z, 0-9, _; at most {KIND_NAME_MAX})",
                        crate::error::clip(text, 40)
                    ))
                })
            }
        }
        deserializer.deserialize_str(Name)
    }
}

macro_rules! uuid_v7_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// A new id, made here (UUIDv7: time-ordered, random).
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }

            /// A fixed, valid id for samples, docs and tests: a UUIDv7 of
            /// 28/11/2024 with `n` in its last bits.
            pub const fn example(n: u64) -> Self {
                Self(uuid::Uuid::from_u128(
                    0x0193_6a4e_8f7c_7d21_9c55_0000_0000_0000 | n as u128,
                ))
            }

            /// An id from 128 bits, made a UUIDv7: its version and variant
            /// bits are set, the others kept.
            pub fn from_v7_bits(bits: u128) -> Self {
                Self(
                    uuid::Builder::from_u128(bits)
                        .with_version(uuid::Version::SortRand)
                        .with_variant(uuid::Variant::RFC4122)
                        .into_uuid(),
                )
            }

            /// The id as a number, ordered as the ids are (a sort key
            /// compared without a call to `memcmp`).
            pub const fn as_u128(self) -> u128 {
                self.0.as_u128()
            }

            /// Parses the hyphenated form; only version 7 is accepted.
            pub fn parse(text: &str) -> Result<Self, String> {
                let id = uuid::Uuid::try_parse(text)
                    .map_err(|error| format!("not a UUID: {error}"))?;
                if id.get_version_num() != 7 {
                    return Err(format!("expected a UUIDv7, got version {}", id.get_version_num()));
                }
                Ok(Self(id))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(text: String) -> Result<Self, String> {
                Self::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.hyphenated().to_string()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }
    };
}

uuid_v7_id!(
    /// A record's id, made by the client that creates the record.
    RecordId
);
uuid_v7_id!(
    /// One browser replica of one user: made when the replica is created.
    ClientId
);

/// Who did something and when (Unix milliseconds, server clock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub username: String,
    pub display_name: String,
    pub at: i64,
}

/// A record as the server holds it. `version` counts the changes applied to
/// it (1 after creation); a deleted record stays as a tombstone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub kind: RecordKind,
    pub id: RecordId,
    pub version: u64,
    pub fields: Fields,
    pub deleted: bool,
    pub created: Stamp,
    pub updated: Stamp,
}

/// One field changed by a mutation: the value the client started from and
/// the value it wants. The server merges on these, not on versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

/// What a mutation does to its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation {
    /// Create (base version 0, every old value null) or change fields.
    Put { changes: Vec<FieldChange> },
    /// Delete, as the client saw the record: if anyone changed it since,
    /// the delete is a conflict rather than a silent loss of their edit.
    Delete { seen: Fields },
    /// Bring back a deleted record and apply the changes (how a user keeps
    /// their edit after someone else deleted the record).
    Restore { changes: Vec<FieldChange> },
}

/// One edit made on a client, queued in its outbox until acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mutation {
    pub client_id: ClientId,
    /// 1, 2, 3, … per client, without gaps.
    pub seq: u64,
    pub kind: RecordKind,
    pub record_id: RecordId,
    /// The record's version the client had when it made the edit (0: new).
    pub base_version: u64,
    /// When the user made the edit (client clock, Unix milliseconds).
    pub at: i64,
    #[serde(flatten)]
    pub operation: Operation,
    /// The user chose this over someone else's value when settling a
    /// conflict: whoever set a value it replaces (or the delete it undoes,
    /// or the edit it deletes) is told, with a [`Notice`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub settles: bool,
}

impl Mutation {
    /// About the JSON size of the values it carries, without serialising
    /// them.
    pub fn weight(&self) -> usize {
        match &self.operation {
            Operation::Put { changes } | Operation::Restore { changes } => changes
                .iter()
                .map(|change| value_weight(&change.old) + value_weight(&change.new))
                .sum(),
            Operation::Delete { seen } => seen.values().map(value_weight).sum(),
        }
    }

    /// The fields this mutation touches.
    pub fn changed_fields(&self) -> Vec<&str> {
        match &self.operation {
            Operation::Put { changes } | Operation::Restore { changes } => {
                changes.iter().map(|change| change.field.as_str()).collect()
            }
            Operation::Delete { .. } => Vec::new(),
        }
    }
}

/// A value as records keep it: every text in it normalised
/// ([`crate::text::normalise`]: NFC, trimmed); a text that is left empty is
/// no value (`null`).
pub fn normalise_value(value: &mut Value) {
    match value {
        Value::String(text) => {
            let normalised = crate::text::normalise(text);
            if normalised.is_empty() {
                *value = Value::Null;
            } else if normalised.len() != text.len() || normalised != text.as_str() {
                *text = normalised.into_owned();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalise_value),
        Value::Object(entries) => entries.values_mut().for_each(normalise_value),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

impl Mutation {
    /// Normalises every value the mutation carries, old and new alike (the
    /// records' values are normalised, so an `old` typed with a trailing
    /// space still matches).
    pub fn normalise(&mut self) {
        match &mut self.operation {
            Operation::Put { changes } | Operation::Restore { changes } => {
                for change in changes {
                    normalise_value(&mut change.old);
                    normalise_value(&mut change.new);
                }
            }
            Operation::Delete { seen } => {
                seen.values_mut().for_each(normalise_value);
                seen.retain(|_, value| !value.is_null());
            }
        }
    }
}

/// About the JSON size of a value (text bytes plus a little per value),
/// without serialising it.
pub fn value_weight(value: &Value) -> usize {
    match value {
        Value::String(text) => text.len() + 2,
        Value::Array(items) => items.iter().map(value_weight).sum::<usize>() + 2,
        Value::Object(entries) => entries
            .iter()
            .map(|(key, value)| key.len() + 3 + value_weight(value))
            .sum::<usize>()
            .saturating_add(2),
        Value::Null | Value::Bool(_) | Value::Number(_) => 8,
    }
}

/// The most mutations one push may carry.
pub const MAX_PUSH: usize = 200;
/// The most fields one mutation may change (or, for a delete, describe).
pub const MAX_CHANGES: usize = 64;
/// Field names are `a–z`, `0–9` and `_`, starting with a letter, at most
/// this long.
pub const MAX_FIELD_NAME: usize = 64;
/// The most a mutation's values may weigh together (about their JSON size).
pub const MAX_MUTATION_BYTES: usize = 256 * 1024;
/// The most records one pull returns, and the default.
pub const MAX_PULL: u32 = 1_000;
pub const DEFAULT_PULL: u32 = 500;

/// `POST /api/sync/push`: the client's oldest pending mutations, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    pub mutations: Vec<Mutation>,
}

/// One answer per mutation, in the order sent — for the first mutations
/// only when the server's limits on one push's time or answer size cut it
/// short: the client sends the rest again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<PushResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResult {
    pub seq: u64,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What became of one mutation. Stored with the mutation: sending it again
/// returns the same answer and changes nothing.
///
/// `record` is left out when the answer would only repeat what the client
/// can work out itself — the mutation changed nothing, or a later answer in
/// the same push carries the same record. `version` is then the record's
/// version after the mutation: a client whose copy is older folds the
/// mutation into it (the next pull brings the rest); one whose copy is as
/// new or newer already has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Outcome {
    /// Every change is in; `record` is the record afterwards.
    Applied {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        record: Option<Document>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<u64>,
    },
    /// Some of it collided with someone else's change. The changes that did
    /// not collide are applied; `record` is the server's record afterwards.
    Conflict {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        record: Option<Document>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<u64>,
        conflicts: Vec<Conflict>,
    },
    /// Nothing was applied.
    Rejected { reason: Rejection },
    /// The mutation was answered before, but the caller's role may no
    /// longer read its record: nothing of the record or of the answer is
    /// sent. The client drops its copy.
    Withheld,
}

impl Outcome {
    /// Applied, with the record afterwards.
    pub fn applied(record: Document) -> Self {
        Outcome::Applied {
            record: Some(record),
            version: None,
        }
    }

    /// A conflict, with the server's record afterwards.
    pub fn conflict(record: Document, conflicts: Vec<Conflict>) -> Self {
        Outcome::Conflict {
            record: Some(record),
            version: None,
            conflicts,
        }
    }

    /// The record the answer carries, if any.
    pub fn record(&self) -> Option<&Document> {
        match self {
            Outcome::Applied { record, .. } | Outcome::Conflict { record, .. } => record.as_ref(),
            Outcome::Rejected { .. } | Outcome::Withheld => None,
        }
    }

    /// Leaves the record out of the answer, keeping its version.
    pub fn drop_record(&mut self) {
        if let Outcome::Applied { record, version }
        | Outcome::Conflict {
            record, version, ..
        } = self
            && let Some(document) = record.take()
        {
            *version = Some(document.version);
        }
    }
}

/// A collision between this mutation and the server's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum Conflict {
    /// Both sides changed the same field to different values.
    Field {
        field: String,
        /// The value the client started from.
        base: Value,
        /// The value the client wanted.
        mine: Value,
        /// The server's value, kept.
        theirs: Value,
        /// Who set the server's value and when, if anyone did.
        theirs_by: Option<Stamp>,
    },
    /// The client changed a record someone else deleted (nothing applied).
    DeletedThere { by: Stamp },
    /// The client deleted a record someone else changed (not deleted); the
    /// fields that differ from what the client saw.
    EditedThere { by: Stamp, fields: Vec<String> },
}

/// Why a mutation was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Rejection {
    /// The record would break the kind's rules (same validation as the form).
    Invalid { fields: Vec<FieldError> },
    /// The user's role may not write this kind of record.
    Forbidden,
    /// Deleting or restoring a record the server does not have.
    NotFound,
    /// The id belongs to a record of another kind.
    KindMismatch { kind: RecordKind },
    /// The review rules refuse it (`crate::records::review`).
    Review { rule: ReviewRule },
}

/// Which review rule refused a mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewRule {
    /// The record is approved: it changes only by being reopened.
    Approved,
    /// The record waits for review: only its reviewers change it, or its
    /// writer withdraws it first.
    Submitted,
    /// Approving, returning and reopening are its reviewers' steps.
    NotReviewer,
    /// There is no such step from the record's state (or the comment was
    /// changed without one).
    Transition,
}

/// `POST /api/sync/pull`: records changed after `since` (a cursor from the
/// previous pull; 0 for everything).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequest {
    pub since: u64,
    pub limit: Option<u32>,
}

/// The records (latest state, tombstones included) in change order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    pub records: Vec<Document>,
    /// Pass as `since` next time.
    pub cursor: u64,
    /// More changes wait beyond this page.
    pub more: bool,
    /// The role the page was cut for (the caller's role now): a replica
    /// made for another role drops what this one may not see and pulls
    /// again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<crate::auth::model::Role>,
}

/// What happened to something a user wrote when someone else settled a
/// conflict over it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Overruled {
    /// The value the user had set in `field` was replaced by `now`.
    Replaced {
        field: String,
        yours: Value,
        now: Value,
    },
    /// The record the user had changed was deleted anyway.
    Deleted,
    /// The record the user had deleted was brought back.
    Restored,
}

/// A notice for the user whose value lost a conflict: which record, what
/// happened to it, and who chose so when. Kept on the server until the user
/// says it was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    pub kind: RecordKind,
    pub record_id: RecordId,
    #[serde(flatten)]
    pub overruled: Overruled,
    pub by: Stamp,
}

/// The most notices one answer carries (the oldest first).
pub const MAX_NOTICES: u32 = 50;

/// The most notices one request may say were seen.
pub const MAX_SEEN_AT_ONCE: usize = 100;

/// The answer to saying notices were seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticesRemoved {
    /// How many of the caller's notices were removed (ids of other users'
    /// notices, or of notices already removed, count for nothing).
    pub removed: u64,
}

/// The notices a user has not yet seen, the oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeList {
    pub notices: Vec<Notice>,
    /// More wait beyond these.
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_are_uuid_v7_made_here() {
        let first = RecordId::new();
        let second = RecordId::new();
        assert_ne!(first, second);
        assert_eq!(RecordId::parse(&first.to_string()), Ok(first));
        // A version 4 id is refused, and so is garbage.
        assert!(RecordId::parse("9b2f5a58-3f86-4c7a-9a7e-0d4d3c1e2f10").is_err());
        assert!(RecordId::parse("nope").is_err());
        assert!(serde_json::from_value::<ClientId>(json!("x")).is_err());
    }

    #[test]
    fn ids_as_numbers_sort_as_the_ids() {
        // Ids that differ in their first, a middle and their last byte.
        let mut ids = vec![
            RecordId::from_v7_bits(u128::MAX),
            RecordId::example(2),
            RecordId::from_v7_bits(0),
            RecordId::example(1),
            RecordId::from_v7_bits(1 << 64),
        ];
        let mut by_number = ids.clone();
        ids.sort();
        by_number.sort_by_key(|id| id.as_u128());
        assert_eq!(ids, by_number);
        assert!(RecordId::example(1).as_u128() < RecordId::example(2).as_u128());
    }

    #[test]
    fn a_mutation_reads_as_documented() {
        let mutation: Mutation = serde_json::from_value(json!({
            "client_id": "01936a4e-8f7c-7d21-9c55-5a0e1c7e9b10",
            "seq": 1,
            "kind": "council_session",
            "record_id": "01936a4e-9b2d-7a6e-8f1c-2b3c4d5e6f70",
            "base_version": 0,
            "at": 1_732_780_800_000_i64,
            "op": "put",
            "changes": [{"field": "place", "old": null, "new": "Hội trường HĐND tỉnh"}]
        }))
        .unwrap();
        assert_eq!(mutation.kind, RecordKind::new("council_session"));
        assert_eq!(mutation.changed_fields(), ["place"]);
        let back = serde_json::to_value(&mutation).unwrap();
        assert_eq!(back["op"], "put");
        assert_eq!(back["changes"][0]["new"], "Hội trường HĐND tỉnh");
    }

    #[test]
    fn outcomes_are_tagged() {
        let outcome = Outcome::Rejected {
            reason: Rejection::Forbidden,
        };
        let json = serde_json::to_value(PushResult { seq: 3, outcome }).unwrap();
        assert_eq!(
            json,
            json!({"seq": 3, "result": "rejected", "reason": {"reason": "forbidden"}})
        );
    }

    #[test]
    fn kind_names_are_checked_and_held_inline() {
        let kind = RecordKind::new("council_session");
        assert_eq!(kind.as_str(), "council_session");
        assert_eq!(RecordKind::parse("council_session"), Some(kind));
        for bad in ["", "Council", "1st", "a-b", "đ", &"a".repeat(32)] {
            assert_eq!(RecordKind::parse(bad), None, "{bad}");
        }
        assert!(RecordKind::parse(&"a".repeat(31)).is_some());
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            json!("council_session")
        );
        assert_eq!(
            serde_json::from_value::<RecordKind>(json!("council_session")).unwrap(),
            kind
        );
        assert!(serde_json::from_value::<RecordKind>(json!("Bad Kind")).is_err());
        assert!(serde_json::from_value::<RecordKind>(json!(7)).is_err());
        // Names order as text does.
        assert!(RecordKind::new("ab") < RecordKind::new("b"));
        assert!(RecordKind::new("a") < RecordKind::new("ab"));
    }

    #[test]
    fn mutations_carry_normalised_values() {
        let mut mutation: Mutation = serde_json::from_value(json!({
            "client_id": "01936a4e-8f7c-7d21-9c55-5a0e1c7e9b10",
            "seq": 1,
            "kind": "council_session",
            "record_id": "01936a4e-9b2d-7a6e-8f1c-2b3c4d5e6f70",
            "base_version": 1,
            "at": 1_732_780_800_000_i64,
            "op": "put",
            "changes": [
                {"field": "place", "old": "Hội trường ", "new": format!("Ho\u{302}\u{323}i trường{}", " ".repeat(1_000))},
                {"field": "agenda", "old": null, "new": "   "},
                {"field": "term", "old": 17, "new": 18}
            ]
        }))
        .unwrap();
        mutation.normalise();
        let Operation::Put { changes } = &mutation.operation else {
            panic!("a put");
        };
        assert_eq!(changes[0].old, json!("Hội trường"));
        assert_eq!(changes[0].new, json!("Hội trường"));
        assert_eq!(changes[1].new, Value::Null);
        assert_eq!(changes[2].new, json!(18));
    }

    #[test]
    fn null_and_absent_fields_are_the_same() {
        let mut fields = Fields::new();
        set_field(&mut fields, "place", json!("Hà Giang"));
        assert_eq!(field_value(&fields, "place"), &json!("Hà Giang"));
        set_field(&mut fields, "place", Value::Null);
        assert!(fields.is_empty());
        assert_eq!(field_value(&fields, "place"), &Value::Null);
    }
}
