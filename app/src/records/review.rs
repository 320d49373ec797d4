//! Review: a record of a reviewed kind is a draft (nháp), submitted (chờ
//! duyệt), approved (đã duyệt), or returned (trả lại) with a comment — a
//! draft again, with the reviewer's reason. Who takes each step follows the
//! kind's declaration: its writers submit and withdraw, its reviewers
//! (`KindSpec::review`: office leaders, and the Standing Committee for its
//! own outputs) approve and return; an approved record changes only by
//! being reopened, by a reviewer who also writes the kind, with a reason.
//!
//! The state is two fields every reviewed kind has, declared here once for
//! all of them (`FIELDS`): `review` and `review_note`. So a step is an edit
//! like any other — made offline, queued, pushed, merged, logged, pulled —
//! and two reviewers acting on one record at once meet in the merge: the
//! second finds the state it started from gone, a conflict. The rules are
//! pure functions over the kind, the caller's role, the record as stored and
//! the operation; the server's push decision (`super::decide`) and the
//! pages' buttons both ask them.

use serde_json::Value;

use super::spec::KindSpec;
use crate::auth::model::Role;
use crate::sync::model::{FieldChange, Fields, Operation, ReviewRule, field_value};

// The review fields are declared with the specs (a kind's spec lists them
// when it is reviewed); here with the rules that move them.
pub use super::spec::review_fields::{FIELD, FIELDS, NOTE, NOTE_MAX, STATES, is_review_field};

/// Where a record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    Draft,
    Submitted,
    Approved,
    /// Returned with a comment: a draft its writers edit and submit again.
    Returned,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Draft,
        State::Submitted,
        State::Approved,
        State::Returned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Approved => "approved",
            State::Returned => "returned",
        }
    }

    /// The state a value of the `review` field means: none is a draft; a
    /// value that is not a state is `None` (the validation refuses it).
    pub fn from_value(value: &Value) -> Option<State> {
        match value {
            Value::Null => Some(State::Draft),
            Value::String(code) => State::ALL.into_iter().find(|state| state.code() == code),
            _ => None,
        }
    }

    /// A record's state (a draft when it has none or an unknown one).
    pub fn of(fields: &Fields) -> State {
        State::from_value(field_value(fields, FIELD)).unwrap_or(State::Draft)
    }

    /// Whether its writers edit it as they like (a draft, or returned).
    pub fn is_open(self) -> bool {
        matches!(self, State::Draft | State::Returned)
    }

    /// The value the `review` field holds in this state (a draft holds
    /// none: records made before review, and new ones, are drafts).
    pub fn value(self) -> Value {
        match self {
            State::Draft => Value::Null,
            other => Value::String(other.code().to_owned()),
        }
    }
}

/// A move from one state to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Draft or returned → submitted: a writer asks for review.
    Submit,
    /// Submitted → draft: the writer takes it back to change it.
    Withdraw,
    /// Submitted → approved; or draft/returned → approved by a reviewer
    /// who writes the kind (a leader's own record).
    Approve,
    /// Submitted → returned, with a comment.
    Return,
    /// Approved → draft, by a reviewer who writes the kind, with a reason.
    Reopen,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Submit,
        Step::Withdraw,
        Step::Approve,
        Step::Return,
        Step::Reopen,
    ];

    /// The step from `from` to `to`, if there is one.
    pub fn between(from: State, to: State) -> Option<Step> {
        use State::*;
        match (from, to) {
            (Draft | Returned, Submitted) => Some(Step::Submit),
            (Submitted, Draft) => Some(Step::Withdraw),
            (Submitted | Draft | Returned, Approved) => Some(Step::Approve),
            (Submitted, Returned) => Some(Step::Return),
            (Approved, Draft) => Some(Step::Reopen),
            _ => None,
        }
    }

    /// Where the step leads.
    pub fn to(self) -> State {
        match self {
            Step::Submit => State::Submitted,
            Step::Withdraw | Step::Reopen => State::Draft,
            Step::Approve => State::Approved,
            Step::Return => State::Returned,
        }
    }

    /// Whether the step needs a comment (a return says why; so does a
    /// reopening, which is recorded).
    pub fn needs_note(self) -> bool {
        matches!(self, Step::Return | Step::Reopen)
    }

    pub fn code(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Withdraw => "withdraw",
            Step::Approve => "approve",
            Step::Return => "return",
            Step::Reopen => "reopen",
        }
    }
}

/// Whether `role` reviews records of the kind.
pub fn reviews(spec: &KindSpec, role: Role) -> bool {
    spec.review.is_some_and(|access| access.allows(Some(role)))
}

/// Whether `role` may take `step` from `from` on a record of the kind.
pub fn may_take(spec: &KindSpec, role: Role, from: State, step: Step) -> bool {
    if spec.review.is_none() || Step::between(from, step.to()) != Some(step) {
        return false;
    }
    let writes = spec.writable_by(role);
    let reviews = reviews(spec, role);
    match step {
        Step::Submit | Step::Withdraw => writes,
        Step::Approve if from == State::Submitted => reviews,
        // Approving what was never submitted, and reopening, change what
        // stands as the record: a reviewer who also writes it.
        Step::Approve | Step::Reopen => reviews && writes,
        Step::Return => reviews,
    }
}

/// The steps `role` may take on a record in `state`, in the order a page
/// offers them.
pub fn steps(spec: &KindSpec, role: Role, state: State) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|step| may_take(spec, role, state, *step))
        .collect()
}

/// Whether `role` may change the fields of a record in `state` (or delete
/// or restore it) without a step: its writers while it is open; while it
/// is submitted, writers who also review it (a leader correcting what it
/// approves); an approved record, nobody.
pub fn may_edit(spec: &KindSpec, role: Role, state: State) -> bool {
    spec.writable_by(role)
        && (spec.review.is_none()
            || state.is_open()
            || (state == State::Submitted && reviews(spec, role)))
}

/// What the review rules make of one mutation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It may go on to the merge, with its review changes as given here: a
    /// step writes its comment whatever comment the record held, so the
    /// comment's `old` is the stored one.
    Proceed(Operation),
    /// The state it started from is not the stored one: someone else took
    /// a step meanwhile. Nothing of it applies.
    Clash {
        base: Value,
        mine: Value,
        theirs: Value,
    },
    /// The caller may neither write nor review the kind, or a reviewer who
    /// does not write it changed its fields.
    Forbidden,
    Refused(ReviewRule),
    /// A return or reopening without a comment.
    NoteRequired,
}

/// The review rules for one mutation, on the record as stored (`None`: no
/// such record; `deleted` for a tombstone).
pub fn judge(
    spec: &KindSpec,
    role: Role,
    stored: Option<(&Fields, bool)>,
    operation: &Operation,
) -> Verdict {
    let writes = spec.writable_by(role);
    if !writes && !reviews(spec, role) {
        return Verdict::Forbidden;
    }
    if spec.review.is_none() {
        return if writes {
            Verdict::Proceed(operation.clone())
        } else {
            Verdict::Forbidden
        };
    }
    let empty = Fields::new();
    let (fields, deleted) = stored.unwrap_or((&empty, false));
    let changes: &[FieldChange] = match operation {
        Operation::Put { changes } | Operation::Restore { changes } => changes,
        Operation::Delete { .. } => &[],
    };
    let content = match operation {
        Operation::Delete { .. } => true,
        Operation::Restore { .. } => deleted,
        Operation::Put { .. } => false,
    } || changes.iter().any(|change| !is_review_field(&change.field));
    // A reviewer who does not write the kind takes steps, nothing else.
    if content && !writes {
        return Verdict::Forbidden;
    }
    // A change to a deleted record is the merge's conflict, whoever asks.
    if deleted && matches!(operation, Operation::Put { .. }) {
        return Verdict::Proceed(operation.clone());
    }
    let from = State::of(fields);
    let review_change = changes.iter().rev().find(|change| change.field == FIELD);
    let note_change = changes.iter().rev().find(|change| change.field == NOTE);
    // Someone else took the very step this mutation takes: it is already
    // there, and the rest of the mutation counts from where it is now.
    let mut already_there = false;
    let mut step = None;
    if let Some(change) = review_change {
        let (Some(base), Some(to)) = (
            State::from_value(&change.old),
            State::from_value(&change.new),
        ) else {
            return Verdict::Refused(ReviewRule::Transition);
        };
        if base != from && to == from {
            already_there = true;
        } else if base != from {
            return Verdict::Clash {
                base: change.old.clone(),
                mine: change.new.clone(),
                theirs: field_value(fields, FIELD).clone(),
            };
        } else if to != from {
            let Some(taken) = Step::between(from, to) else {
                return Verdict::Refused(ReviewRule::Transition);
            };
            if !may_take(spec, role, from, taken) {
                return match taken {
                    Step::Submit | Step::Withdraw => Verdict::Forbidden,
                    _ if !reviews(spec, role) => Verdict::Refused(ReviewRule::NotReviewer),
                    _ => Verdict::Forbidden,
                };
            }
            step = Some(taken);
        }
    }
    if let Some(step) = step
        && step.needs_note()
    {
        let note = note_change.map_or(field_value(fields, NOTE), |change| &change.new);
        if !note.as_str().is_some_and(crate::text::has_visible) {
            return Verdict::NoteRequired;
        }
    }
    // The comment is written by a step, never on its own.
    if step.is_none()
        && !already_there
        && note_change.is_some_and(|change| &change.new != field_value(fields, NOTE))
    {
        return Verdict::Refused(ReviewRule::Transition);
    }
    if content {
        // Changing the fields in the same edit as a step counts from the
        // state the step leaves (withdraw and change, reopen and change)
        // or, for a submit, the state it starts from (change and submit).
        let editable = match step {
            Some(Step::Reopen | Step::Withdraw) => true,
            _ => may_edit(spec, role, from),
        };
        if !editable {
            return Verdict::Refused(match from {
                State::Approved => ReviewRule::Approved,
                _ => ReviewRule::Submitted,
            });
        }
    }
    // The step owns the comment: its `old` is what the record holds, so a
    // comment left by an earlier return never collides with the next one.
    let stored_note = field_value(fields, NOTE).clone();
    let retarget = |changes: &[FieldChange]| -> Vec<FieldChange> {
        changes
            .iter()
            .map(|change| {
                if change.field == NOTE && step.is_some() {
                    FieldChange {
                        field: change.field.clone(),
                        old: stored_note.clone(),
                        new: change.new.clone(),
                    }
                } else {
                    change.clone()
                }
            })
            .collect()
    };
    Verdict::Proceed(match operation {
        Operation::Put { changes } => Operation::Put {
            changes: retarget(changes),
        },
        Operation::Restore { changes } => Operation::Restore {
            changes: retarget(changes),
        },
        Operation::Delete { seen } => Operation::Delete { seen: seen.clone() },
    })
}

/// The changes that take `step` on a record whose fields are `fields`:
/// the state, and the comment (cleared by a submit or an approval that
/// gives none).
pub fn step_changes(fields: &Fields, step: Step, note: Option<&str>) -> Vec<FieldChange> {
    let mut changes = vec![FieldChange {
        field: FIELD.to_owned(),
        old: field_value(fields, FIELD).clone(),
        new: step.to().value(),
    }];
    let note = note
        .map(crate::text::normalise)
        .filter(|text| !text.is_empty())
        .map(|text| Value::String(text.into_owned()))
        .unwrap_or(Value::Null);
    if &note != field_value(fields, NOTE) {
        changes.push(FieldChange {
            field: NOTE.to_owned(),
            old: field_value(fields, NOTE).clone(),
            new: note,
        });
    }
    changes
}

/// Copies the review fields of `from` into `into` where `into` has none: a
/// form holds a kind's own fields only, and saving it must not clear the
/// record's state.
pub fn keep_state(spec: &KindSpec, from: &Fields, into: &mut Fields) {
    if spec.review.is_none() {
        return;
    }
    for field in [FIELD, NOTE] {
        if !into.contains_key(field)
            && let Some(value) = from.get(field)
        {
            into.insert(field.to_owned(), value.clone());
        }
    }
}
