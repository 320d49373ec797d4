//! The three-way merge the server runs for every mutation, field by field:
//! if the server's value still equals the client's old value, the new value
//! is applied; if it already equals the new value, there is nothing to do;
//! otherwise it is a conflict and the server's value stays. A delete of a
//! record someone changed, and a change to a record someone deleted, are
//! conflicts too. Pure functions: the server store calls them inside its
//! transaction and the simulation tests call them directly.

use serde_json::Value;

use super::model::{FieldChange, Fields, Operation, field_value, set_field};

/// The server's record before the mutation, if it has one.
#[derive(Debug, Clone, Copy)]
pub struct Current<'a> {
    pub fields: &'a Fields,
    pub deleted: bool,
}

/// How one changed field merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldMerge {
    /// The server still has the old value: take the new one.
    Apply,
    /// The server already has the new value.
    AlreadyThere,
    /// The server has a third value: keep it and report.
    Conflict,
}

pub fn merge_field(current: &Value, old: &Value, new: &Value) -> FieldMerge {
    if current == new {
        FieldMerge::AlreadyThere
    } else if current == old {
        FieldMerge::Apply
    } else {
        FieldMerge::Conflict
    }
}

/// A field both sides changed, before the server adds who set its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldClash {
    pub field: String,
    pub base: Value,
    pub mine: Value,
    pub theirs: Value,
}

/// What the mutation does to the record's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Created,
    Updated,
    Deleted,
    Restored,
    /// Nothing to write (everything was already there, or collided).
    Unchanged,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Created => "create",
            Effect::Updated => "update",
            Effect::Deleted => "delete",
            Effect::Restored => "restore",
            Effect::Unchanged => "unchanged",
        }
    }
}

/// The record after a mergeable mutation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub fields: Fields,
    pub deleted: bool,
    pub effect: Effect,
    /// The changes actually made, `old` being the server's previous value
    /// (the audit rows).
    pub applied: Vec<FieldChange>,
    /// The fields left as the server had them.
    pub clashes: Vec<FieldClash>,
}

/// The outcome of merging one mutation into the server's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeResult {
    Merged(Merged),
    /// A change to a record that is deleted on the server: nothing applied.
    DeletedThere,
    /// A delete of a record changed since the client saw it: these fields
    /// differ; nothing applied.
    EditedThere {
        fields: Vec<String>,
    },
    /// A delete or restore of a record the server does not have.
    NotFound,
}

/// Merges `operation` into the server's record (`None`: no such record).
pub fn merge(current: Option<Current<'_>>, operation: &Operation) -> MergeResult {
    let empty = Fields::new();
    match operation {
        Operation::Put { changes } => match current {
            Some(record) if record.deleted => MergeResult::DeletedThere,
            Some(record) => {
                MergeResult::Merged(merge_changes(record.fields, changes, Effect::Updated))
            }
            None => MergeResult::Merged(merge_changes(&empty, changes, Effect::Created)),
        },
        Operation::Restore { changes } => match current {
            None => MergeResult::NotFound,
            Some(record) if record.deleted => {
                MergeResult::Merged(merge_changes(record.fields, changes, Effect::Restored))
            }
            Some(record) => {
                MergeResult::Merged(merge_changes(record.fields, changes, Effect::Updated))
            }
        },
        Operation::Delete { seen } => match current {
            None => MergeResult::NotFound,
            Some(record) if record.deleted => MergeResult::Merged(Merged {
                fields: record.fields.clone(),
                deleted: true,
                effect: Effect::Unchanged,
                applied: Vec::new(),
                clashes: Vec::new(),
            }),
            Some(record) => {
                let differing = differing_fields(record.fields, seen);
                if differing.is_empty() {
                    MergeResult::Merged(Merged {
                        fields: record.fields.clone(),
                        deleted: true,
                        effect: Effect::Deleted,
                        applied: Vec::new(),
                        clashes: Vec::new(),
                    })
                } else {
                    MergeResult::EditedThere { fields: differing }
                }
            }
        },
    }
}

/// Field names whose values differ between two bodies.
pub fn differing_fields(left: &Fields, right: &Fields) -> Vec<String> {
    let mut names: Vec<&String> = left.keys().chain(right.keys()).collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter(|name| field_value(left, name) != field_value(right, name))
        .cloned()
        .collect()
}

fn merge_changes(current: &Fields, changes: &[FieldChange], effect_if_changed: Effect) -> Merged {
    let mut fields = current.clone();
    let mut applied = Vec::new();
    let mut clashes = Vec::new();
    for change in changes {
        let now = field_value(&fields, &change.field).clone();
        match merge_field(&now, &change.old, &change.new) {
            FieldMerge::Apply => {
                set_field(&mut fields, &change.field, change.new.clone());
                applied.push(FieldChange {
                    field: change.field.clone(),
                    old: now,
                    new: change.new.clone(),
                });
            }
            FieldMerge::AlreadyThere => {}
            FieldMerge::Conflict => clashes.push(FieldClash {
                field: change.field.clone(),
                base: change.old.clone(),
                mine: change.new.clone(),
                theirs: now,
            }),
        }
    }
    let effect = if effect_if_changed == Effect::Restored || !applied.is_empty() {
        effect_if_changed
    } else {
        Effect::Unchanged
    };
    Merged {
        fields,
        deleted: false,
        effect,
        applied,
        clashes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn fields(pairs: &[(&str, Value)]) -> Fields {
        pairs
            .iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect()
    }

    fn change(field: &str, old: Value, new: Value) -> FieldChange {
        FieldChange {
            field: field.to_owned(),
            old,
            new,
        }
    }

    fn live(fields: &Fields) -> Option<Current<'_>> {
        Some(Current {
            fields,
            deleted: false,
        })
    }

    #[test]
    fn a_create_applies_every_field() {
        let put = Operation::Put {
            changes: vec![change("place", Value::Null, json!("Hội trường"))],
        };
        let MergeResult::Merged(merged) = merge(None, &put) else {
            panic!("create did not merge");
        };
        assert_eq!(merged.effect, Effect::Created);
        assert_eq!(merged.fields, fields(&[("place", json!("Hội trường"))]));
        assert_eq!(merged.applied.len(), 1);
    }

    #[test]
    fn a_third_value_is_a_conflict_and_stays() {
        let server = fields(&[("place", json!("B")), ("agenda", json!("x"))]);
        let put = Operation::Put {
            changes: vec![
                change("place", json!("A"), json!("C")),
                change("agenda", json!("x"), json!("y")),
            ],
        };
        let MergeResult::Merged(merged) = merge(live(&server), &put) else {
            panic!("put did not merge");
        };
        assert_eq!(merged.fields["place"], json!("B"));
        assert_eq!(merged.fields["agenda"], json!("y"));
        assert_eq!(
            merged.clashes,
            [FieldClash {
                field: "place".into(),
                base: json!("A"),
                mine: json!("C"),
                theirs: json!("B")
            }]
        );
        assert_eq!(merged.effect, Effect::Updated);
    }

    #[test]
    fn edit_against_delete_is_a_conflict_both_ways() {
        let server = fields(&[("place", json!("A"))]);
        let tombstone = Some(Current {
            fields: &server,
            deleted: true,
        });
        let put = Operation::Put {
            changes: vec![change("place", json!("A"), json!("B"))],
        };
        assert_eq!(merge(tombstone, &put), MergeResult::DeletedThere);

        let stale_view = fields(&[("place", json!("old"))]);
        let delete = Operation::Delete { seen: stale_view };
        assert_eq!(
            merge(live(&server), &delete),
            MergeResult::EditedThere {
                fields: vec!["place".into()]
            }
        );
        let delete = Operation::Delete {
            seen: server.clone(),
        };
        let MergeResult::Merged(merged) = merge(live(&server), &delete) else {
            panic!("delete did not merge");
        };
        assert!(merged.deleted);
        assert_eq!(merged.effect, Effect::Deleted);
        // The tombstone keeps the content, so a restore has something to show.
        assert_eq!(merged.fields, server);
    }

    #[test]
    fn restore_brings_a_deleted_record_back_with_the_changes() {
        let server = fields(&[("place", json!("A"))]);
        let tombstone = Some(Current {
            fields: &server,
            deleted: true,
        });
        let restore = Operation::Restore {
            changes: vec![change("place", json!("A"), json!("B"))],
        };
        let MergeResult::Merged(merged) = merge(tombstone, &restore) else {
            panic!("restore did not merge");
        };
        assert!(!merged.deleted);
        assert_eq!(merged.effect, Effect::Restored);
        assert_eq!(merged.fields["place"], json!("B"));
        assert_eq!(merge(None, &restore), MergeResult::NotFound);
        assert_eq!(
            merge(None, &Operation::Delete { seen: server }),
            MergeResult::NotFound
        );
    }

    const NAMES: [&str; 4] = ["a", "b", "c", "d"];

    fn small_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            (0..4_i64).prop_map(|n| json!(n)),
            "[xyz]{0,2}".prop_map(Value::String),
        ]
    }

    fn body() -> impl Strategy<Value = Fields> {
        proptest::collection::vec(small_value(), NAMES.len()).prop_map(|values| {
            NAMES
                .iter()
                .zip(values)
                .filter(|(_, value)| !value.is_null())
                .map(|(name, value)| ((*name).to_owned(), value))
                .collect()
        })
    }

    /// An edit made against `base`: a subset of fields set to new values.
    fn edit_of(base: Fields) -> impl Strategy<Value = (Fields, Vec<FieldChange>)> {
        proptest::collection::vec(proptest::option::of(small_value()), NAMES.len()).prop_map(
            move |wanted| {
                let changes = NAMES
                    .iter()
                    .zip(wanted)
                    .filter_map(|(name, new)| {
                        let old = field_value(&base, name).clone();
                        new.filter(|new| *new != old)
                            .map(|new| change(name, old, new))
                    })
                    .collect();
                (base.clone(), changes)
            },
        )
    }

    proptest! {
        /// Every changed field ends applied or reported, never silently lost;
        /// a field is overwritten only where the server still had the old value.
        #[test]
        fn nothing_is_dropped_silently(
            (base, changes) in body().prop_flat_map(edit_of),
            server in body(),
        ) {
            let _ = base;
            let put = Operation::Put { changes: changes.clone() };
            let MergeResult::Merged(merged) = merge(live(&server), &put) else {
                return Err(TestCaseError::fail("a put on a live record must merge"));
            };
            for change in &changes {
                let now = field_value(&server, &change.field);
                let after = field_value(&merged.fields, &change.field);
                let clashed = merged.clashes.iter().any(|clash| clash.field == change.field);
                prop_assert!(after == &change.new || clashed);
                if clashed {
                    prop_assert_eq!(after, now, "a conflict keeps the server's value");
                    prop_assert!(now != &change.old && now != &change.new);
                } else if now == &change.old {
                    prop_assert_eq!(after, &change.new);
                }
            }
            // Fields the mutation does not name are untouched.
            for name in NAMES {
                if !changes.iter().any(|change| change.field == name) {
                    prop_assert_eq!(field_value(&merged.fields, name), field_value(&server, name));
                }
            }
            // The audit rows describe exactly the difference.
            let mut replay = server.clone();
            for applied in &merged.applied {
                prop_assert_eq!(field_value(&replay, &applied.field), &applied.old);
                set_field(&mut replay, &applied.field, applied.new.clone());
            }
            prop_assert_eq!(&replay, &merged.fields);
        }

        /// Applying the same mutation twice changes nothing the second time.
        #[test]
        fn merging_again_is_a_no_op(
            (base, changes) in body().prop_flat_map(edit_of),
        ) {
            let put = Operation::Put { changes };
            let MergeResult::Merged(first) = merge(live(&base), &put) else {
                return Err(TestCaseError::fail("must merge"));
            };
            prop_assert!(first.clashes.is_empty(), "no conflict against its own base");
            let MergeResult::Merged(second) = merge(live(&first.fields), &put) else {
                return Err(TestCaseError::fail("must merge"));
            };
            prop_assert!(second.applied.is_empty());
            prop_assert!(second.clashes.is_empty());
            prop_assert_eq!(second.effect, Effect::Unchanged);
            prop_assert_eq!(second.fields, first.fields);
        }

        /// Two edits of the same base on different fields give the same record
        /// in either order, without conflicts.
        #[test]
        fn edits_of_different_fields_commute(
            (base, left) in body().prop_flat_map(edit_of),
            right_values in proptest::collection::vec(small_value(), NAMES.len()),
        ) {
            let right: Vec<FieldChange> = NAMES
                .iter()
                .zip(right_values)
                .filter(|(name, _)| !left.iter().any(|change| change.field == **name))
                .filter_map(|(name, new)| {
                    let old = field_value(&base, name).clone();
                    (new != old).then(|| change(name, old, new))
                })
                .collect();
            let apply = |start: &Fields, changes: &[FieldChange]| match merge(
                live(start),
                &Operation::Put { changes: changes.to_vec() },
            ) {
                MergeResult::Merged(merged) => merged,
                other => panic!("unexpected {other:?}"),
            };
            let left_first = apply(&apply(&base, &left).fields, &right);
            let right_first = apply(&apply(&base, &right).fields, &left);
            prop_assert!(left_first.clashes.is_empty() && right_first.clashes.is_empty());
            prop_assert_eq!(left_first.fields, right_first.fields);
        }

        /// A delete goes through only if the record is as the client saw it.
        #[test]
        fn a_delete_never_hides_an_unseen_edit(seen in body(), server in body()) {
            let result = merge(live(&server), &Operation::Delete { seen: seen.clone() });
            if seen == server {
                let deleted = matches!(result, MergeResult::Merged(Merged { deleted: true, .. }));
                prop_assert!(deleted);
            } else {
                let is_edited_there = matches!(result, MergeResult::EditedThere { .. });
                prop_assert!(is_edited_there);
            }
        }
    }
}
