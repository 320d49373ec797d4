//! What a kind's declaration says about a push, on both sides of the store:
//! before the writer, a mutation may name only fields its kind declares and
//! its links are put in one canonical form; after it, every answer is cut
//! to what the caller's role may read *now* — whatever the role was when
//! the mutation was first answered. Pure functions over the registry.

use serde_json::Value;

use super::spec::{FieldType, KindSpec, Registry};
use crate::auth::model::Role;
use crate::error::FieldError;
use crate::sync::model::{Conflict, Mutation, Operation, Outcome, RecordId, Rejection};

/// Checks that every field a mutation changes (or, for a delete, describes)
/// is declared by its kind, and writes its link ids in canonical form
/// (lower case, hyphenated), so what is compared and stored is one text
/// whatever form the client sent. An undeclared name makes the push
/// malformed: the message names the mutation and the field.
pub fn prepare(spec: &KindSpec, mutation: &mut Mutation) -> Result<(), String> {
    let seq = mutation.seq;
    let undeclared = |name: &str| {
        format!(
            "mutation {seq}: {} is not a field of {}",
            crate::error::clip(name, 64),
            spec.kind
        )
    };
    match &mut mutation.operation {
        Operation::Put { changes } | Operation::Restore { changes } => {
            for change in changes {
                let field = spec
                    .field(&change.field)
                    .ok_or_else(|| undeclared(&change.field))?;
                canonical_links(field.ty, &mut change.old);
                canonical_links(field.ty, &mut change.new);
            }
        }
        Operation::Delete { seen } => {
            for (name, value) in seen.iter_mut() {
                let field = spec.field(name).ok_or_else(|| undeclared(name))?;
                canonical_links(field.ty, value);
            }
        }
    }
    Ok(())
}

/// Rewrites the ids of a link field as `RecordId` prints them. Anything
/// that is not an id is left for the validation to refuse.
pub fn canonical_links(ty: FieldType, value: &mut Value) {
    let canonical = |value: &mut Value| {
        if let Value::String(text) = value
            && let Ok(id) = RecordId::parse(text)
        {
            let form = id.to_string();
            if form != *text {
                *text = form;
            }
        }
    };
    match (ty, value) {
        (FieldType::Link(_), value) => canonical(value),
        (FieldType::Links { .. }, Value::Array(items)) => items.iter_mut().for_each(canonical),
        _ => {}
    }
}

/// An answer as `role` may see it now: nothing of a record whose kind the
/// role may not read (`Withheld`; a refusal that says only "forbidden"
/// stays), no personal field it may not see — in the record, in a field
/// conflict or in the fields a delete collided on — and no kind of a record
/// it may not read in a `kind_mismatch`. `kind` is the mutation's kind.
/// Returns whether anything was taken out.
pub fn answer_for(
    registry: &Registry,
    role: Role,
    kind: crate::sync::model::RecordKind,
    outcome: &mut Outcome,
) -> bool {
    if let Outcome::Rejected {
        reason: Rejection::KindMismatch { kind: theirs },
    } = outcome
    {
        let readable = registry
            .get(*theirs)
            .is_some_and(|spec| spec.readable_by(role));
        if !readable {
            *outcome = Outcome::Rejected {
                reason: Rejection::Forbidden,
            };
            return true;
        }
        return false;
    }
    let kind = outcome.record().map_or(kind, |record| record.kind);
    let spec = match registry.get(kind) {
        Some(spec) if spec.readable_by(role) => spec,
        _ => {
            return match outcome {
                Outcome::Rejected {
                    reason: Rejection::Forbidden,
                }
                | Outcome::Withheld => false,
                _ => {
                    *outcome = Outcome::Withheld;
                    true
                }
            };
        }
    };
    if spec.shows_personal_data(role) {
        return false;
    }
    let hidden = |name: &str| spec.field(name).is_some_and(|field| field.personal);
    let mut cut = false;
    if let Outcome::Applied {
        record: Some(record),
        ..
    }
    | Outcome::Conflict {
        record: Some(record),
        ..
    } = outcome
    {
        let before = record.fields.len();
        spec.withhold(role, &mut record.fields);
        cut |= record.fields.len() != before;
    }
    match outcome {
        Outcome::Conflict {
            record,
            version,
            conflicts,
        } => {
            let before = conflicts.len();
            conflicts.retain(|conflict| match conflict {
                Conflict::Field { field, .. } => !hidden(field),
                Conflict::DeletedThere { .. } | Conflict::EditedThere { .. } => true,
            });
            cut |= conflicts.len() != before;
            for conflict in conflicts.iter_mut() {
                if let Conflict::EditedThere { fields, .. } = conflict {
                    let before = fields.len();
                    fields.retain(|field| !hidden(field));
                    cut |= fields.len() != before;
                }
            }
            if conflicts.is_empty() {
                // Only fields the role may not see collided: for this role
                // the server's record is simply the answer.
                *outcome = Outcome::Applied {
                    record: record.take(),
                    version: *version,
                };
            }
        }
        Outcome::Rejected {
            reason: Rejection::Invalid { fields },
        } => {
            let before = fields.len();
            fields.retain(|error| !hidden(&error.field));
            if fields.len() != before {
                cut = true;
                if fields.is_empty() {
                    fields.push(FieldError::new(
                        "record",
                        "invalid",
                        "the record breaks its kind's rules",
                    ));
                }
            }
        }
        _ => {}
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::model::{ClientId, Document, FieldChange, Fields, RecordKind, Stamp};
    use serde_json::json;

    const MATTER: RecordKind = RecordKind::new("reception_matter");
    const SESSION: RecordKind = RecordKind::new("council_session");
    static REGISTRY: Registry = Registry::new(&[
        &crate::kinds::reception_matter::SPEC,
        &crate::kinds::council_session::SPEC,
    ]);

    fn stamp() -> Stamp {
        Stamp {
            username: "tiep".into(),
            display_name: "Tiếp dân".into(),
            at: 1,
        }
    }

    fn matter() -> Document {
        let fields: Fields = serde_json::from_value(json!({
            "subject": "Khiếu nại về bồi thường", "citizen_name": "Người dân",
            "citizen_phone": "0912345678"
        }))
        .unwrap();
        Document {
            kind: MATTER,
            id: RecordId::example(1),
            version: 2,
            fields,
            deleted: false,
            created: stamp(),
            updated: stamp(),
        }
    }

    fn put(kind: RecordKind, changes: Vec<FieldChange>) -> Mutation {
        Mutation {
            client_id: ClientId::example(9),
            seq: 1,
            kind,
            record_id: RecordId::example(1),
            base_version: 1,
            at: 0,
            operation: Operation::Put { changes },
            settles: false,
        }
    }

    #[test]
    fn a_role_that_may_not_read_the_kind_gets_nothing_of_it() {
        for outcome in [
            Outcome::applied(matter()),
            Outcome::conflict(matter(), vec![Conflict::DeletedThere { by: stamp() }]),
            Outcome::Rejected {
                reason: Rejection::Invalid { fields: Vec::new() },
            },
        ] {
            let mut outcome = outcome;
            // An administrator reads no council work.
            assert!(answer_for(&REGISTRY, Role::Admin, MATTER, &mut outcome));
            assert_eq!(outcome, Outcome::Withheld);
        }
        let mut forbidden = Outcome::Rejected {
            reason: Rejection::Forbidden,
        };
        assert!(!answer_for(&REGISTRY, Role::Admin, MATTER, &mut forbidden));
    }

    #[test]
    fn personal_fields_leave_records_and_conflicts_for_roles_that_may_not_see_them() {
        let mut outcome = Outcome::conflict(
            matter(),
            vec![
                Conflict::Field {
                    field: "citizen_phone".into(),
                    base: json!("0900000000"),
                    mine: json!("0911111111"),
                    theirs: json!("0912345678"),
                    theirs_by: None,
                },
                Conflict::Field {
                    field: "subject".into(),
                    base: Value::Null,
                    mine: json!("Khiếu nại khác"),
                    theirs: json!("Khiếu nại về bồi thường"),
                    theirs_by: None,
                },
            ],
        );
        assert!(answer_for(&REGISTRY, Role::Staff, MATTER, &mut outcome));
        let Outcome::Conflict {
            record, conflicts, ..
        } = &outcome
        else {
            panic!("still a conflict: {outcome:?}");
        };
        let record = record.as_ref().unwrap();
        assert!(!record.fields.contains_key("citizen_name"));
        assert!(!record.fields.contains_key("citizen_phone"));
        assert_eq!(record.fields["subject"], "Khiếu nại về bồi thường");
        assert_eq!(conflicts.len(), 1);
        assert!(!format!("{outcome:?}").contains("091"));

        // A conflict only over a personal field is, for this role, the
        // server's record.
        let mut outcome = Outcome::conflict(
            matter(),
            vec![Conflict::Field {
                field: "citizen_name".into(),
                base: Value::Null,
                mine: json!("Tên khác"),
                theirs: json!("Người dân"),
                theirs_by: None,
            }],
        );
        assert!(answer_for(&REGISTRY, Role::Viewer, MATTER, &mut outcome));
        assert!(matches!(
            outcome,
            Outcome::Applied {
                record: Some(_),
                ..
            }
        ));

        // Reception staff see it all.
        let mut outcome = Outcome::applied(matter());
        assert!(!answer_for(
            &REGISTRY,
            Role::ReceptionStaff,
            MATTER,
            &mut outcome
        ));
        assert_eq!(outcome, Outcome::applied(matter()));
    }

    #[test]
    fn a_kind_mismatch_names_only_a_kind_the_role_may_read() {
        let mut outcome = Outcome::Rejected {
            reason: Rejection::KindMismatch { kind: MATTER },
        };
        assert!(answer_for(&REGISTRY, Role::Admin, SESSION, &mut outcome));
        assert_eq!(
            outcome,
            Outcome::Rejected {
                reason: Rejection::Forbidden
            }
        );
        let mut outcome = Outcome::Rejected {
            reason: Rejection::KindMismatch { kind: MATTER },
        };
        assert!(!answer_for(&REGISTRY, Role::Staff, SESSION, &mut outcome));
    }

    #[test]
    fn only_declared_fields_pass_and_links_are_written_one_way() {
        let spec = &crate::kinds::council_session::SPEC;
        let mut made_up = put(
            SESSION,
            vec![FieldChange {
                field: "made_up".into(),
                old: Value::Null,
                new: json!(1),
            }],
        );
        let message = prepare(spec, &mut made_up).unwrap_err();
        assert!(message.contains("made_up is not a field of council_session"));

        let id = RecordId::example(7);
        let mut value = json!(id.to_string().to_uppercase());
        canonical_links(FieldType::Link(SESSION), &mut value);
        assert_eq!(value, json!(id.to_string()));
        let simple = id.to_string().replace('-', "");
        let mut list = json!([simple, "not an id"]);
        canonical_links(
            FieldType::Links {
                kind: SESSION,
                max: 5,
            },
            &mut list,
        );
        assert_eq!(list, json!([id.to_string(), "not an id"]));
        // Text is never touched.
        let mut text = json!(id.to_string().to_uppercase());
        canonical_links(FieldType::Text { max: 100 }, &mut text);
        assert_eq!(text, json!(id.to_string().to_uppercase()));
    }
}
