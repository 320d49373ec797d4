//! A record's history: every change the server's change log holds for it —
//! created, each edit with its fields old → new, review steps and
//! reopenings (changes of the review fields), conflicts settled, deletes
//! and restores — with who made it and when; and the log of every record
//! change, filtered by person, kind and date, for the office leader and
//! the administrator. What a role may not read is cut here, in one pure
//! function the server applies to every entry before it leaves
//! (`HistoryEntry::for_role`): a personal field's values exactly as a pull
//! withholds them, and every value for the administrator, who reads no
//! record content.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::spec::Registry;
use crate::auth::model::Role;
use crate::calendar::IsoDate;
use crate::sync::model::{RecordId, RecordKind};

/// The most entries one answer holds (older ones are asked for with
/// `before`).
pub const MAX_HISTORY: u32 = 200;
/// Entries in an answer when the request names no limit.
pub const DEFAULT_HISTORY: u32 = 100;
/// The longest user name a log filter may name (as accounts allow).
pub const MAX_FILTER_USERNAME: usize = 64;

/// What a change did to its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOperation {
    Create,
    Update,
    Delete,
    Restore,
}

impl ChangeOperation {
    /// As the change log writes it.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "create" => ChangeOperation::Create,
            "update" => ChangeOperation::Update,
            "delete" => ChangeOperation::Delete,
            "restore" => ChangeOperation::Restore,
            _ => return None,
        })
    }
}

/// One field a change set. `withheld`: the caller's role may not see its
/// values, which are then `null` (the field's name is the kind's, public in
/// its declaration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
    #[serde(default, skip_serializing_if = "is_false")]
    pub withheld: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedBy {
    pub username: String,
    pub display_name: String,
}

/// One change of one record, as the change log holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The change log's number: the order changes were applied in.
    pub seq: u64,
    pub kind: RecordKind,
    pub record_id: RecordId,
    /// The record's version after the change (1 once created).
    pub version: u64,
    pub operation: ChangeOperation,
    pub by: ChangedBy,
    /// When the server applied it (Unix milliseconds).
    pub at: i64,
    /// When the person made it, on their device (offline edits arrive
    /// later).
    pub made_at: i64,
    /// It settled a conflict over someone else's value (`/conflicts`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub settles: bool,
    pub changes: Vec<HistoryChange>,
}

impl HistoryEntry {
    /// The entry as `role` may read it: `None` when the role does not read
    /// the kind; a personal field's values withheld from a role that may
    /// not see them (as a pull removes them); every value withheld when
    /// `content` is false (the administrator's log of all changes).
    pub fn for_role(mut self, registry: &Registry, role: Role, content: bool) -> Option<Self> {
        let spec = registry.get(self.kind)?;
        if content && !spec.readable_by(role) {
            return None;
        }
        let shows_personal = spec.shows_personal_data(role);
        for change in &mut self.changes {
            let personal = spec
                .field(&change.field)
                .is_some_and(|field| field.personal);
            if !content || (personal && !shows_personal) {
                change.old = Value::Null;
                change.new = Value::Null;
                change.withheld = true;
            }
        }
        Some(self)
    }
}

/// `POST /api/records/history`: one record's changes, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRequest {
    pub kind: RecordKind,
    pub id: RecordId,
    /// Only changes older than this `seq` (the next page).
    #[serde(default)]
    pub before: Option<u64>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A page of changes, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntry>,
    /// Older changes remain: ask again with `before` the last entry's `seq`.
    pub more: bool,
}

/// `POST /api/records/changes`: every record change, newest first, of the
/// kinds the caller reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLogQuery {
    /// Only changes by this user (user name).
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub kind: Option<RecordKind>,
    /// From this day (Vietnam time), included.
    #[serde(default)]
    pub from: Option<IsoDate>,
    /// To this day, included.
    #[serde(default)]
    pub to: Option<IsoDate>,
    #[serde(default)]
    pub before: Option<u64>,
    #[serde(default)]
    pub limit: Option<u32>,
}

impl ChangeLogQuery {
    /// The query as the store runs it: the limit within bounds, the days
    /// as server times (`[from, to)` in Unix milliseconds), or why it
    /// cannot be run.
    pub fn bounds(&self) -> Result<(u32, i64, i64), String> {
        if self
            .username
            .as_ref()
            .is_some_and(|name| name.chars().count() > MAX_FILTER_USERNAME)
        {
            return Err(format!(
                "username has at most {MAX_FILTER_USERNAME} characters"
            ));
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err("from is after to".to_owned());
        }
        let from = self.from.map_or(i64::MIN, IsoDate::start_ms_in_vietnam);
        let to = self
            .to
            .map_or(i64::MAX, |day| day.start_ms_in_vietnam() + 86_400_000);
        Ok((limit(self.limit), from, to))
    }
}

/// The store's side of a log query, bounded (`ChangeLogQuery::bounds`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub username: Option<String>,
    pub kind: Option<RecordKind>,
    /// Server time `[from, to)`, Unix milliseconds.
    pub from: i64,
    pub to: i64,
    /// Changes older than this `seq`.
    pub before: Option<u64>,
    /// Only these kinds (the ones the caller reads); `None`: every kind.
    pub kinds: Option<Vec<RecordKind>>,
}

/// A page size within bounds.
pub fn limit(asked: Option<u32>) -> u32 {
    asked.unwrap_or(DEFAULT_HISTORY).clamp(1, MAX_HISTORY)
}

/// Whether `before` fits the store's numbers.
pub fn check_before(before: Option<u64>) -> Result<(), String> {
    match before {
        Some(seq) if i64::try_from(seq).is_err() => {
            Err(format!("before must be at most {}", i64::MAX))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::kinds::{REGISTRY, council_session, reception_matter};

    fn entry(kind: RecordKind, changes: Vec<(&str, Value, Value)>) -> HistoryEntry {
        HistoryEntry {
            seq: 7,
            kind,
            record_id: RecordId::example(1),
            version: 2,
            operation: ChangeOperation::Update,
            by: ChangedBy {
                username: "tiepdan".into(),
                display_name: "Hoàng Thị Hoa".into(),
            },
            at: 1,
            made_at: 1,
            settles: false,
            changes: changes
                .into_iter()
                .map(|(field, old, new)| HistoryChange {
                    field: field.into(),
                    old,
                    new,
                    withheld: false,
                })
                .collect(),
        }
    }

    fn personal_fields(kind: RecordKind) -> Vec<&'static str> {
        REGISTRY
            .get(kind)
            .unwrap()
            .fields
            .iter()
            .filter(|field| field.personal)
            .map(|field| field.name)
            .collect()
    }

    #[test]
    fn personal_values_are_withheld_from_exactly_the_roles_a_pull_withholds_them_from() {
        for spec in REGISTRY.all() {
            let personal = personal_fields(spec.kind);
            let changes: Vec<(&str, Value, Value)> = spec
                .fields
                .iter()
                .map(|field| (field.name, json!("cũ"), json!("mới")))
                .collect();
            for role in Role::ALL {
                let shaped = entry(spec.kind, changes.clone()).for_role(&REGISTRY, role, true);
                if !spec.readable_by(role) {
                    assert_eq!(shaped, None, "{} for {role}", spec.kind);
                    continue;
                }
                let shaped = shaped.unwrap();
                // What a pull would send this role of a record holding every field.
                let mut pulled: crate::sync::model::Fields = spec
                    .fields
                    .iter()
                    .map(|field| (field.name.to_owned(), json!("mới")))
                    .collect();
                spec.withhold(role, &mut pulled);
                for change in &shaped.changes {
                    let hidden = personal.contains(&change.field.as_str())
                        && !pulled.contains_key(&change.field);
                    assert_eq!(
                        change.withheld, hidden,
                        "{}.{} for {role}",
                        spec.kind, change.field
                    );
                    if hidden {
                        assert_eq!((&change.old, &change.new), (&Value::Null, &Value::Null));
                    } else {
                        assert_eq!(change.new, json!("mới"));
                    }
                }
            }
        }
        // The kinds with personal fields are withheld from someone.
        assert!(!personal_fields(reception_matter::KIND).is_empty());
    }

    #[test]
    fn the_administrators_log_holds_no_record_content() {
        let shaped = entry(
            council_session::KIND,
            vec![("place", json!(null), json!("Hội trường"))],
        )
        .for_role(&REGISTRY, Role::Admin, false)
        .unwrap();
        assert_eq!(shaped.changes[0].field, "place");
        assert!(shaped.changes[0].withheld);
        assert_eq!(shaped.changes[0].new, Value::Null);
    }

    #[test]
    fn a_withheld_change_says_so_on_the_wire_and_others_do_not() {
        let mut shaped = entry(
            reception_matter::KIND,
            vec![("place", json!(null), json!("x"))],
        );
        shaped.changes[0].withheld = true;
        let json = serde_json::to_value(&shaped).unwrap();
        assert_eq!(json["changes"][0]["withheld"], json!(true));
        shaped.changes[0].withheld = false;
        let json = serde_json::to_value(&shaped).unwrap();
        assert!(json["changes"][0].get("withheld").is_none());
        assert_eq!(json["operation"], json!("update"));
    }

    #[test]
    fn a_log_query_is_bounded() {
        let query = ChangeLogQuery {
            from: Some(IsoDate::ymd(2020, 1, 1)),
            to: Some(IsoDate::ymd(2020, 1, 1)),
            limit: Some(10_000),
            ..ChangeLogQuery::default()
        };
        let (page, from, to) = query.bounds().unwrap();
        assert_eq!(page, MAX_HISTORY);
        assert_eq!(to - from, 86_400_000, "one whole day");
        // 1 January 2020, 00:00 in Vietnam is 31 December 2019, 17:00 UTC.
        assert_eq!(from, 1_577_811_600_000);
        let backwards = ChangeLogQuery {
            from: Some(IsoDate::ymd(2020, 2, 1)),
            to: Some(IsoDate::ymd(2020, 1, 1)),
            ..ChangeLogQuery::default()
        };
        assert!(backwards.bounds().is_err());
        let long_name = ChangeLogQuery {
            username: Some("a".repeat(65)),
            ..ChangeLogQuery::default()
        };
        assert!(long_name.bounds().is_err());
        assert_eq!(limit(None), DEFAULT_HISTORY);
        assert_eq!(limit(Some(0)), 1);
        assert!(check_before(Some(u64::MAX)).is_err());
        assert!(check_before(Some(5)).is_ok());
    }
}
