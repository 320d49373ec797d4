//! The year's figures — every number of the report and the Overview — as
//! pure functions over records: each a [`Count`] (the value and the ids of
//! the records behind it) or a breakdown of [`Part`]s. docs/REPORTS.md says
//! for each key which kind, fields and values it counts and which date puts
//! a record in the period; a test checks that it names every key
//! [`Figures`] writes. Counts a target "Tính từ hồ sơ" shares with the
//! report are made with the same `Measure` (`crate::kinds::measures`).

use std::borrow::Cow;
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;

use crate::calendar::IsoDate;
use crate::kinds::{
    award, committee, conference, council_session, field, letter, measures, opinion_matter,
    party_member, party_rating, plan_target, reception_matter, recommendation, resolution,
    sc_meeting, supervision, task, term, visit, voter_contact, voter_petition,
};
use crate::records::figures::Period;
use crate::records::review::State;
use crate::records::spec::ChoiceSet;
use crate::sync::model::{Fields, RecordId, RecordKind, field_value};

use super::period::Span;

/// A number and the records behind it, in the order the office reads them
/// (by the date that counts them, then id).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Count {
    pub value: u64,
    pub ids: Vec<RecordId>,
    /// How many of `ids` are not yet approved (draft, submitted, returned):
    /// the figure rests on them, and the report says so.
    pub unapproved: u64,
}

impl Count {
    fn add(&mut self, id: RecordId, by: u64) {
        self.value += by;
        self.ids.push(id);
    }

    fn one(&mut self, id: RecordId) {
        self.add(id, 1);
    }
}

/// One part of a breakdown: a choice's code, or a catalogue record's id
/// (with its name), or `none` for records that give no value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub value: u64,
    pub ids: Vec<RecordId>,
    /// How many of `ids` are not yet approved.
    pub unapproved: u64,
}

/// A conference of the period, as the report names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConferenceItem {
    pub id: RecordId,
    pub name: String,
    pub kind: String,
    pub ordinal: Option<u64>,
    pub hosted: bool,
    /// "2016 - 2021", from the conference's term.
    pub term: Option<String>,
}

/// A rating of the Party organisation for the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganisationRating {
    pub id: RecordId,
    pub organisation: Option<String>,
    pub rating: String,
}

/// A plan target of the year and how it came out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetItem {
    pub id: RecordId,
    pub text: String,
    pub planned: f64,
    /// Counted from records for a computed target, as entered otherwise.
    pub actual: Option<f64>,
    /// `met`, `exceeded`, `not_met`, or `null` while not known.
    pub result: Option<String>,
    pub computed: bool,
}

/// Records overdue on the day the report is drawn: past their deadline and
/// not done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueItem {
    pub id: RecordId,
    pub kind: RecordKind,
    pub deadline: IsoDate,
    /// Whole days past the deadline.
    pub days: i64,
}

/// One month's counts of the main activities (the Overview's chart).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    pub sessions: u64,
    pub sc_meetings: u64,
    pub opinion_matters: u64,
    pub petitions_collected: u64,
    pub visits: u64,
    pub letters: u64,
}

/// Every figure of a period, by the key docs/REPORTS.md documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub sessions: Count,
    pub sessions_by_type: Vec<Part>,
    pub resolutions: Count,
    pub resolutions_normative: Count,
    pub sc_meetings: Count,
    pub sc_meetings_by_type: Vec<Part>,
    pub opinion_matters: Count,
    pub opinion_documents: Count,
    pub opinion_matters_by_field: Vec<Part>,
    pub opinion_matters_by_result: Vec<Part>,
    pub opinion_matters_by_committee: Vec<Part>,
    pub supervisions: Count,
    pub supervisions_by_body: Vec<Part>,
    pub supervisions_by_form: Vec<Part>,
    pub recommendations: Count,
    pub recommendations_by_status: Vec<Part>,
    pub recommendations_overdue: Count,
    pub voter_contacts: Count,
    pub voter_contacts_by_timing: Vec<Part>,
    pub petitions_collected: Count,
    pub petitions_forwarded: Count,
    pub petitions_answered: Count,
    pub petitions_settled: Count,
    pub petitions_by_status: Vec<Part>,
    pub petitions_by_type: Vec<Part>,
    pub petitions_by_field: Vec<Part>,
    pub visits: Count,
    pub visits_by_kind: Vec<Part>,
    pub group_visits: Count,
    pub citizens_received: Count,
    pub reception_matters: Count,
    pub reception_matters_by_type: Vec<Part>,
    pub letters: Count,
    pub letters_by_handling: Vec<Part>,
    pub letters_eligible: Count,
    pub conferences: Count,
    pub conferences_hosted: Count,
    pub conference_list: Vec<ConferenceItem>,
    pub party_members: Count,
    pub party_members_provincial_standing: Count,
    pub party_members_provincial_committee: Count,
    pub party_member_ratings: Vec<Part>,
    pub party_organisation_ratings: Vec<OrganisationRating>,
    pub targets: Count,
    pub targets_met: Count,
    pub targets_exceeded: Count,
    pub targets_not_met: Count,
    pub targets_unknown: Count,
    pub target_list: Vec<TargetItem>,
    pub awards: Count,
    pub award_names: Vec<String>,
    pub tasks_done: Count,
    pub tasks_overdue: Count,
    pub overdue: Vec<OverdueItem>,
    pub by_month: Vec<MonthRow>,
    /// The records behind any figure above that are not yet approved, each
    /// once (the report says how many).
    pub unapproved: Count,
}

/// The records a report is drawn from, by kind (deleted ones left out by
/// the caller), with each kind's records by the date that puts them in a
/// period, read once and kept for every period asked of the same pool (the
/// year, then the year before for the comparison).
pub struct Pool<'a> {
    kinds: Vec<Group<'a>>,
    /// The records of reviewed kinds that are not approved: each kind's
    /// read with its dates (the record is at hand then: a pass of its own
    /// over 100,000 records costs as much as all of a year's dates), the
    /// kinds no date was read of when a period's figures are marked. Each
    /// with whether it is behind a figure of the period being marked.
    unapproved: RefCell<Map<RecordId, bool>>,
}

/// A map keyed by record ids or their text: a seeded fast hash (the ids
/// are many, the maps live for one report).
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
type Set<K> = HashSet<K, foldhash::fast::RandomState>;

/// The records of one kind.
struct Group<'a> {
    kind: RecordKind,
    records: Vec<(RecordId, &'a Fields)>,
    /// By id, made the first time a record of the kind is looked up (the
    /// catalogues and matters links point to, not the many activities).
    by_id: OnceCell<Map<RecordId, &'a Fields>>,
    /// By date field: the records that give a valid date in it, by that
    /// date then id.
    dated: RefCell<Vec<ByDate<'a>>>,
    /// Whether the kind is reviewed and its records' states are yet to be
    /// read into the pool's `unapproved`.
    review_unread: Cell<bool>,
    /// Whether a figure has asked for the kind's records (by date, all of
    /// them, or one by id): a figure's ids come only from such asking, so
    /// the states of a kind never asked for are not read.
    asked: Cell<bool>,
}

/// A record and the day it gives in the field a period is read from.
type Dated<'a> = (IsoDate, RecordId, &'a Fields);

/// A date field and a kind's records by the day they give in it.
type ByDate<'a> = (&'static str, Rc<[Dated<'a>]>);

/// The part of a kind's records by date that falls in a period.
struct PeriodSlice<'a> {
    sorted: Rc<[Dated<'a>]>,
    from: usize,
    to: usize,
}

impl<'a> PeriodSlice<'a> {
    fn iter(&self) -> std::slice::Iter<'_, Dated<'a>> {
        self.sorted
            .get(self.from..self.to)
            .unwrap_or_default()
            .iter()
    }
}

impl<'a> Pool<'a> {
    pub fn new(records: impl IntoIterator<Item = (RecordKind, RecordId, &'a Fields)>) -> Self {
        let records = records.into_iter();
        let mut kinds: Vec<Group<'a>> = Vec::new();
        // Records come by kind, or cycling through a few: the last kind
        // seen is tried first, then the few others, without hashing.
        let mut last = 0;
        for (kind, id, fields) in records {
            if kinds.get(last).is_none_or(|group| group.kind != kind) {
                last = match kinds.iter().position(|group| group.kind == kind) {
                    Some(index) => index,
                    None => {
                        let reviewed = crate::kinds::REGISTRY
                            .get(kind)
                            .is_some_and(|spec| spec.review.is_some());
                        kinds.push(Group {
                            kind,
                            records: Vec::new(),
                            by_id: OnceCell::new(),
                            dated: RefCell::new(Vec::new()),
                            review_unread: Cell::new(reviewed),
                            asked: Cell::new(false),
                        });
                        kinds.len() - 1
                    }
                };
            }
            if let Some(group) = kinds.get_mut(last) {
                group.records.push((id, fields));
            }
        }
        // By id within each kind, whatever order they came in (the replica
        // gives them by id, the database by their last change): a figure
        // that is not ordered by a date lists its records by id.
        for group in &mut kinds {
            if !group.records.is_sorted_by_key(|(id, _)| id.as_u128()) {
                group.records.sort_unstable_by_key(|(id, _)| id.as_u128());
            }
        }
        Pool {
            kinds,
            unapproved: RefCell::new(Map::default()),
        }
    }

    /// The records not yet approved: of a reviewed kind, in any state but
    /// approved; none yet marked as behind a figure.
    fn unapproved(&self) -> std::cell::RefMut<'_, Map<RecordId, bool>> {
        for group in self.kinds.iter().filter(|group| group.asked.get()) {
            self.read_review(group);
        }
        let mut unapproved = self.unapproved.borrow_mut();
        unapproved.values_mut().for_each(|behind| *behind = false);
        unapproved
    }

    /// Reads the states of a reviewed kind's records into `unapproved`,
    /// once.
    fn read_review(&self, group: &Group<'a>) {
        if group.review_unread.replace(false) {
            self.unapproved.borrow_mut().extend(
                group
                    .records
                    .iter()
                    .filter(|(_, fields)| State::of(fields) != State::Approved)
                    .map(|(id, _)| (*id, false)),
            );
        }
    }

    /// The records of `kind`, noted as asked for.
    fn group(&self, kind: RecordKind) -> Option<&Group<'a>> {
        let group = self.kinds.iter().find(|group| group.kind == kind)?;
        group.asked.set(true);
        Some(group)
    }

    /// Every record of `kind`. Their states are read now, so the figure
    /// that reads them next finds them in the cache.
    fn of(&self, kind: RecordKind) -> &[(RecordId, &'a Fields)] {
        self.group(kind).map_or(&[], |group| {
            self.read_review(group);
            group.records.as_slice()
        })
    }

    /// The records of `kind` that give a valid date in `date`, by that date
    /// then id: read and sorted the first time, kept after.
    fn by_date(&self, kind: RecordKind, date: &'static str) -> Rc<[Dated<'a>]> {
        let Some(group) = self.group(kind) else {
            return Rc::from(Vec::new());
        };
        if let Some((_, found)) = group.dated.borrow().iter().find(|(name, _)| *name == date) {
            return Rc::clone(found);
        }
        // A reviewed kind's states are read here, each record at hand.
        let read_review = group.review_unread.replace(false);
        let mut unapproved = self.unapproved.borrow_mut();
        if read_review {
            // Room for all: growing the table as it fills costs more.
            unapproved.reserve(group.records.len());
        }
        let mut found: Vec<Dated<'a>> = Vec::with_capacity(group.records.len());
        for (id, fields) in &group.records {
            if let Some(on) = day(fields, date) {
                found.push((on, *id, *fields));
            }
            if read_review && State::of(fields) != State::Approved {
                unapproved.insert(*id, false);
            }
        }
        drop(unapproved);
        found.sort_unstable_by_key(|(on, id, _)| (*on, id.as_u128()));
        let found: Rc<[Dated<'a>]> = Rc::from(found);
        group.dated.borrow_mut().push((date, Rc::clone(&found)));
        found
    }

    /// The records of `kind` whose `date` falls in `period`, in the order
    /// of [`Pool::by_date`].
    fn in_period(&self, kind: RecordKind, date: &'static str, period: Period) -> PeriodSlice<'a> {
        let sorted = self.by_date(kind, date);
        let from = sorted.partition_point(|(on, _, _)| *on < period.from);
        let to = sorted
            .partition_point(|(on, _, _)| *on <= period.to)
            .max(from);
        PeriodSlice { sorted, from, to }
    }

    /// Whether the pool holds any record of the activities a period counts
    /// (the comparison with the year before is left out without).
    pub fn holds_activity_in(&self, period: Period) -> bool {
        ACTIVITY_DATES
            .iter()
            .any(|(kind, date)| self.in_period(*kind, date, period).iter().next().is_some())
    }

    /// A record of `kind` by its id.
    fn find(&self, kind: RecordKind, id: RecordId) -> Option<&'a Fields> {
        let group = self.group(kind)?;
        let by_id = group.by_id.get_or_init(|| {
            let mut by_id = Map::with_capacity_and_hasher(group.records.len(), Default::default());
            by_id.extend(group.records.iter().copied());
            by_id
        });
        by_id.get(&id).copied()
    }

    /// A catalogue record's name, for a breakdown's label.
    fn name(&self, kind: RecordKind, id: RecordId) -> Option<String> {
        let fields = self.find(kind, id)?;
        text(fields, "name").map(str::to_owned)
    }
}

/// The activities and the date that puts each in a period.
const ACTIVITY_DATES: &[(RecordKind, &str)] = &[
    (council_session::KIND, "starts_on"),
    (resolution::KIND, "adopted_on"),
    (sc_meeting::KIND, "held_on"),
    (opinion_matter::KIND, "received_on"),
    (supervision::KIND, "starts_on"),
    (voter_contact::KIND, "held_on"),
    (voter_petition::KIND, "received_on"),
    (visit::KIND, "visited_on"),
    (letter::KIND, "received_on"),
    (conference::KIND, "starts_on"),
];

fn text<'f>(fields: &'f Fields, name: &str) -> Option<&'f str> {
    field_value(fields, name).as_str()
}

fn day(fields: &Fields, name: &str) -> Option<IsoDate> {
    text(fields, name).and_then(|t| IsoDate::parse(t).ok())
}

/// A link's text as a key: the id's hyphenated lowercase form, borrowed when
/// it is already written so (it always is from the app), so links are
/// grouped and looked up without reading each as an id.
fn link_key<'f>(fields: &'f Fields, name: &str) -> Option<Cow<'f, str>> {
    let text = text(fields, name)?;
    Some(if text.bytes().any(|byte| byte.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    })
}

fn yes(fields: &Fields, name: &str) -> bool {
    field_value(fields, name) == &Value::Bool(true)
}

fn link(fields: &Fields, name: &str) -> Option<RecordId> {
    text(fields, name).and_then(|t| RecordId::parse(t).ok())
}

fn whole(fields: &Fields, name: &str) -> Option<u64> {
    field_value(fields, name).as_u64()
}

/// The records of `kind` whose `date` falls in `period`, by that date then
/// id, and those dates.
fn dated_days<'a>(
    pool: &Pool<'a>,
    kind: RecordKind,
    date: &'static str,
    period: Period,
) -> (Vec<(RecordId, &'a Fields)>, Vec<IsoDate>) {
    let found = pool.in_period(kind, date, period);
    let days = found.iter().map(|(on, _, _)| *on).collect();
    let records = found.iter().map(|(_, id, fields)| (*id, *fields)).collect();
    (records, days)
}

/// The records of `kind` whose `date` falls in `period`, by that date then id.
fn dated<'a>(
    pool: &Pool<'a>,
    kind: RecordKind,
    date: &'static str,
    period: Period,
) -> Vec<(RecordId, &'a Fields)> {
    pool.in_period(kind, date, period)
        .iter()
        .map(|(_, id, fields)| (*id, *fields))
        .collect()
}

fn count(records: &[(RecordId, &Fields)]) -> Count {
    let mut total = Count::default();
    for (id, _) in records {
        total.one(*id);
    }
    total
}

fn count_where(records: &[(RecordId, &Fields)], keep: impl Fn(&Fields) -> bool) -> Count {
    let mut total = Count::default();
    for (id, fields) in records {
        if keep(fields) {
            total.one(*id);
        }
    }
    total
}

/// By a choice field: every code of the set in its order (zeros too), then
/// `none` if some records give no value.
fn by_choice(records: &[(RecordId, &Fields)], name: &str, set: &ChoiceSet) -> Vec<Part> {
    let mut tally = ChoiceTally::new(set);
    for (id, fields) in records {
        tally.add(*id, text(fields, name));
    }
    tally.finish()
}

/// A breakdown by a choice field, added to record by record — so one pass
/// over a kind's records fills all its breakdowns while each record is at
/// hand (a record's fields are read from memory once, not once per figure).
struct ChoiceTally {
    parts: Vec<Part>,
    none: Count,
}

impl ChoiceTally {
    fn new(set: &ChoiceSet) -> Self {
        ChoiceTally {
            parts: set
                .values
                .iter()
                .map(|code| Part {
                    key: (*code).to_owned(),
                    label: None,
                    value: 0,
                    ids: Vec::new(),
                    unapproved: 0,
                })
                .collect(),
            none: Count::default(),
        }
    }

    fn add(&mut self, id: RecordId, code: Option<&str>) {
        match code.and_then(|code| self.parts.iter_mut().find(|p| p.key == code)) {
            Some(part) => {
                part.value += 1;
                part.ids.push(id);
            }
            None => self.none.one(id),
        }
    }

    fn finish(self) -> Vec<Part> {
        let mut parts = self.parts;
        push_none(&mut parts, self.none);
        parts
    }
}

/// A breakdown by a link, added to record by record (as [`ChoiceTally`]).
/// By the link's text (a hyphenated lowercase UUID sorts as the id), each
/// read as an id once.
struct LinkTally<'f> {
    /// The kind the link points to.
    target: RecordKind,
    groups: BTreeMap<Cow<'f, str>, Count>,
    none: Count,
}

impl<'f> LinkTally<'f> {
    fn new(target: RecordKind) -> Self {
        LinkTally {
            target,
            groups: BTreeMap::new(),
            none: Count::default(),
        }
    }

    fn add(&mut self, id: RecordId, target: Option<Cow<'f, str>>) {
        match target {
            Some(target) => self.groups.entry(target).or_default().one(id),
            None => self.none.one(id),
        }
    }

    fn finish(self, pool: &Pool<'_>) -> Vec<Part> {
        let LinkTally {
            target: kind,
            groups,
            mut none,
        } = self;
        let mut parts: Vec<Part> = Vec::with_capacity(groups.len());
        for (target, count) in groups {
            match RecordId::parse(&target) {
                Ok(target) => parts.push(Part {
                    key: target.to_string(),
                    label: pool.name(kind, target),
                    value: count.value,
                    ids: count.ids,
                    unapproved: 0,
                }),
                Err(_) => {
                    none.value += count.value;
                    none.ids.extend(count.ids);
                }
            }
        }
        parts.sort_by(|a, b| {
            b.value.cmp(&a.value).then_with(|| {
                let key = |p: &Part| p.label.as_deref().map(crate::text::sort_key);
                key(a).cmp(&key(b))
            })
        });
        push_none(&mut parts, none);
        parts
    }
}

fn push_none(parts: &mut Vec<Part>, none: Count) {
    if none.value > 0 {
        parts.push(Part {
            key: "none".to_owned(),
            label: None,
            value: none.value,
            ids: none.ids,
            unapproved: 0,
        });
    }
}

/// The figures of `span`, on the day `as_of` (what is overdue, and whether
/// a computed target's year is over), over the records in `pool`.
pub fn figures(pool: &Pool<'_>, span: &Span, as_of: IsoDate) -> Figures {
    let mut figures = figures_of(pool, span, as_of);
    let mut unapproved = pool.unapproved();
    if unapproved.is_empty() {
        return figures;
    }
    // Each found is marked behind a figure: the records behind any are
    // those marked, with no second set to make.
    let mut among = |ids: &[RecordId]| {
        let mut found = 0;
        for id in ids {
            if let Some(behind) = unapproved.get_mut(id) {
                *behind = true;
                found += 1;
            }
        }
        found
    };
    figures.each_count_mut(|count| count.unapproved = among(&count.ids));
    figures.each_part_mut(|part| part.unapproved = among(&part.ids));
    for key in [
        "overdue",
        "target_list",
        "conference_list",
        "party_organisation_ratings",
    ] {
        among(&figures.ids(key).unwrap_or_default());
    }
    let mut ids: Vec<RecordId> = unapproved
        .iter()
        .filter_map(|(id, behind)| behind.then_some(*id))
        .collect();
    ids.sort_unstable_by_key(|id| id.as_u128());
    figures.unapproved = Count {
        value: ids.len() as u64,
        unapproved: ids.len() as u64,
        ids,
    };
    figures
}

fn figures_of(pool: &Pool<'_>, span: &Span, as_of: IsoDate) -> Figures {
    let period = span.period();
    let year = Period::year(span.year).unwrap_or(period);

    let (sessions, session_days) = dated_days(pool, council_session::KIND, "starts_on", period);
    let resolutions = dated(pool, resolution::KIND, "adopted_on", period);
    let (meetings, meeting_days) = dated_days(pool, sc_meeting::KIND, "held_on", period);
    let (matters, matter_days) = dated_days(pool, opinion_matter::KIND, "received_on", period);
    let supervisions = dated(pool, supervision::KIND, "starts_on", period);
    let contacts = dated(pool, voter_contact::KIND, "held_on", period);
    let (petitions, petition_days) = dated_days(pool, voter_petition::KIND, "received_on", period);
    let (visits, visit_days) = dated_days(pool, visit::KIND, "visited_on", period);
    let (letters, letter_days) = dated_days(pool, letter::KIND, "received_on", period);
    let conferences = dated(pool, conference::KIND, "starts_on", period);

    // Matters for opinion, in one pass: the documents are the distinct
    // documents the matters of the period came in, in the order of their
    // first matter (each read as an id once); then the breakdowns.
    let mut opinion_documents = Count::default();
    let mut documents_seen = Set::default();
    let mut matters_by_field = LinkTally::new(field::KIND);
    let mut matters_by_result = ChoiceTally::new(&opinion_matter::MATTER_RESULT);
    let mut matters_by_committee = LinkTally::new(committee::KIND);
    for (id, fields) in &matters {
        if let Some(document) = link_key(fields, "document")
            && !documents_seen.contains(&document)
            && let Ok(id) = RecordId::parse(&document)
        {
            documents_seen.insert(document);
            opinion_documents.one(id);
        }
        matters_by_field.add(*id, link_key(fields, "field"));
        matters_by_result.add(*id, text(fields, "result"));
        matters_by_committee.add(*id, link_key(fields, "committee"));
    }

    // Recommendations: those made by the period's supervisions, in the
    // order of their supervision, then by deadline.
    // By the link's text: the supervisions are few, the recommendations
    // many, and a text is found without reading it as an id.
    let supervision_ids: Map<String, usize> = supervisions
        .iter()
        .enumerate()
        .map(|(index, (id, _))| (id.to_string(), index))
        .collect();
    let mut recommendations: Vec<(usize, Option<IsoDate>, RecordId, &Fields)> = pool
        .of(recommendation::KIND)
        .iter()
        .filter_map(|(id, fields)| {
            let index = *supervision_ids.get(link_key(fields, "supervision")?.as_ref())?;
            Some((index, day(fields, "deadline"), *id, *fields))
        })
        .collect();
    recommendations.sort_by_key(|(index, deadline, id, _)| (*index, *deadline, id.as_u128()));
    let recommendations: Vec<(RecordId, &Fields)> = recommendations
        .into_iter()
        .map(|(_, _, id, fields)| (id, fields))
        .collect();

    // Overdue, whatever the period: recommendations and tasks past their
    // deadline on `as_of` and not done (nor, for a task, cancelled).
    let mut overdue = Vec::new();
    for (kind, done) in [
        (recommendation::KIND, &["done"][..]),
        (task::KIND, &["done", "cancelled"][..]),
    ] {
        for (id, fields) in pool.of(kind) {
            let Some(deadline) = day(fields, "deadline") else {
                continue;
            };
            let finished = text(fields, "status").is_some_and(|s| done.contains(&s));
            if deadline < as_of && !finished {
                overdue.push(OverdueItem {
                    id: *id,
                    kind,
                    deadline,
                    days: deadline.days_until(as_of),
                });
            }
        }
    }
    overdue.sort_by_key(|item| (item.deadline, item.id.as_u128()));
    let overdue_of = |kind: RecordKind, among: Option<&[(RecordId, &Fields)]>| {
        let among: Option<Set<RecordId>> =
            among.map(|records| records.iter().map(|(id, _)| *id).collect());
        let mut total = Count::default();
        for item in overdue.iter().filter(|item| item.kind == kind) {
            if among.as_ref().is_none_or(|ids| ids.contains(&item.id)) {
                total.one(item.id);
            }
        }
        total
    };

    // Voter petitions of the period by how far they went, by status, type
    // and field, in one pass.
    let mut petition_status: Vec<(RecordId, Option<&str>)> = Vec::with_capacity(petitions.len());
    let mut petitions_by_type = ChoiceTally::new(&voter_petition::PETITION_TYPE);
    let mut petitions_by_field = LinkTally::new(field::KIND);
    for (id, fields) in &petitions {
        petition_status.push((*id, text(fields, "status")));
        petitions_by_type.add(*id, text(fields, "petition_type"));
        petitions_by_field.add(*id, link_key(fields, "field"));
    }
    let past = |codes: &[&str]| {
        let mut total = Count::default();
        for (id, status) in &petition_status {
            if status.is_some_and(|status| codes.contains(&status)) {
                total.one(*id);
            }
        }
        total
    };
    const FORWARDED: &[&str] = &[
        "forwarded",
        "answered",
        "in_progress",
        "settled",
        "explained",
        "closed_not_settled",
    ];
    const ANSWERED: &[&str] = &["answered", "settled", "explained", "closed_not_settled"];

    // Citizen reception, in one pass: the visits' kinds, group visits,
    // people, and the matters they were about, each once, in the order of
    // their first visit.
    let mut citizens_received = Count::default();
    let mut reception_matters = Count::default();
    let mut matters_seen = Set::default();
    let mut visits_by_kind = ChoiceTally::new(&visit::VISIT_KIND);
    let mut group_visits = Count::default();
    for (id, fields) in &visits {
        visits_by_kind.add(*id, text(fields, "visit_kind"));
        if yes(fields, "group_visit") {
            group_visits.one(*id);
        }
        citizens_received.add(*id, whole(fields, "people").unwrap_or(0));
        if let Some(matter) = link_key(fields, "matter")
            && !matters_seen.contains(&matter)
            && let Ok(id) = RecordId::parse(&matter)
        {
            matters_seen.insert(matter);
            reception_matters.one(id);
        }
    }
    let matter_records: Vec<(RecordId, &Fields)> = reception_matters
        .ids
        .iter()
        .filter_map(|id| Some((*id, pool.find(reception_matter::KIND, *id)?)))
        .collect();

    let mut letters_by_handling = ChoiceTally::new(&letter::LETTER_HANDLING);
    let mut letters_eligible = Count::default();
    for (id, fields) in &letters {
        letters_by_handling.add(*id, text(fields, "handling"));
        if yes(fields, "eligible") {
            letters_eligible.one(*id);
        }
    }

    let conference_list = conferences
        .iter()
        .map(|(id, fields)| ConferenceItem {
            id: *id,
            name: text(fields, "name").unwrap_or_default().to_owned(),
            kind: text(fields, "conference_kind")
                .unwrap_or_default()
                .to_owned(),
            ordinal: whole(fields, "ordinal"),
            hosted: text(fields, "role") == Some("host"),
            term: link(fields, "term")
                .and_then(|term| pool.find(term::KIND, term))
                .and_then(|term| {
                    Some(format!(
                        "{} - {}",
                        whole(term, "starts_year")?,
                        whole(term, "ends_year")?
                    ))
                }),
        })
        .collect();

    // The Party: members active at the period's end (joined by then), by
    // name, read in one pass with the posts they hold.
    let mut members: Vec<(Option<Vec<u32>>, RecordId, bool, bool)> = pool
        .of(party_member::KIND)
        .iter()
        .filter(|(_, fields)| {
            yes(fields, "active") && day(fields, "joined_on").is_none_or(|d| d <= period.to)
        })
        .map(|(id, fields)| {
            (
                text(fields, "full_name").map(crate::text::sort_key),
                *id,
                yes(fields, "provincial_standing"),
                yes(fields, "provincial_committee"),
            )
        })
        .collect();
    members.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.as_u128().cmp(&b.1.as_u128())));
    let (mut party_members, mut provincial_standing, mut provincial_committee) =
        (Count::default(), Count::default(), Count::default());
    for (_, id, standing, committee) in &members {
        party_members.one(*id);
        if *standing {
            provincial_standing.one(*id);
        }
        if *committee {
            provincial_committee.one(*id);
        }
    }
    let this_year = u64::try_from(span.year).ok();
    let of_year = |kind: RecordKind| -> Vec<(RecordId, &Fields)> {
        pool.of(kind)
            .iter()
            .filter(|(_, fields)| whole(fields, "year") == this_year)
            .map(|(id, fields)| (*id, *fields))
            .collect()
    };
    // Ratings of the year, of members and of the organisation, in one pass.
    let mut member_ratings = ChoiceTally::new(&party_rating::RATING);
    let mut party_organisation_ratings = Vec::new();
    for (id, fields) in pool.of(party_rating::KIND) {
        if whole(fields, "year") != this_year {
            continue;
        }
        match text(fields, "rated") {
            Some("member") => member_ratings.add(*id, text(fields, "rating")),
            Some("organisation") => {
                if let Some(rating) = text(fields, "rating") {
                    party_organisation_ratings.push(OrganisationRating {
                        id: *id,
                        organisation: text(fields, "organisation").map(str::to_owned),
                        rating: rating.to_owned(),
                    });
                }
            }
            _ => {}
        }
    }

    // Targets of the year: a computed one counted with its measure over the
    // year, as its own page counts it.
    let targets = sorted_by_text(of_year(plan_target::KIND), "text");
    // Each measure counted once, over its own kind's records: a year may
    // hold many targets with the same measure.
    let mut measured: HashMap<&'static str, f64> = HashMap::new();
    let target_list: Vec<TargetItem> = targets
        .iter()
        .map(|(id, fields)| {
            let planned = field_value(fields, "planned").as_f64().unwrap_or(0.0);
            let computed = text(fields, "source") == Some("computed");
            let (actual, result) = if computed {
                match text(fields, "measure").and_then(measures::measure) {
                    Some(measure) => {
                        let actual = *measured.entry(measure.key).or_insert_with(|| {
                            let records = pool.of(measure.kind).iter();
                            measure
                                .over(
                                    year,
                                    records.map(|(id, fields)| (measure.kind, *id, *fields)),
                                )
                                .value
                        });
                        let result = plan_target::counted_result(planned, actual, year, as_of);
                        (Some(actual), result.map(str::to_owned))
                    }
                    None => (None, None),
                }
            } else {
                (
                    field_value(fields, "actual").as_f64(),
                    text(fields, "result").map(str::to_owned),
                )
            };
            TargetItem {
                id: *id,
                text: text(fields, "text").unwrap_or_default().to_owned(),
                planned,
                actual,
                result,
                computed,
            }
        })
        .collect();
    let target_result = |code: Option<&str>| {
        let mut total = Count::default();
        for item in target_list.iter().filter(|t| t.result.as_deref() == code) {
            total.one(item.id);
        }
        total
    };

    let awards = sorted_by_text(of_year(award::KIND), "name");

    let tasks_done = {
        let mut done = dated(pool, task::KIND, "done_on", period);
        done.retain(|(_, fields)| text(fields, "status") == Some("done"));
        count(&done)
    };

    Figures {
        sessions_by_type: by_choice(&sessions, "session_type", &council_session::SESSION_TYPE),
        sessions: count(&sessions),
        resolutions_normative: count_where(&resolutions, |f| yes(f, "normative")),
        resolutions: count(&resolutions),
        sc_meetings_by_type: by_choice(&meetings, "meeting_type", &sc_meeting::MEETING_TYPE),
        sc_meetings: count(&meetings),
        opinion_documents,
        opinion_matters_by_field: matters_by_field.finish(pool),
        opinion_matters_by_result: matters_by_result.finish(),
        opinion_matters_by_committee: matters_by_committee.finish(pool),
        opinion_matters: count(&matters),
        supervisions_by_body: by_choice(&supervisions, "body", &supervision::SUPERVISION_BODY),
        supervisions_by_form: by_choice(&supervisions, "form", &supervision::SUPERVISION_FORM),
        supervisions: count(&supervisions),
        recommendations_by_status: by_choice(
            &recommendations,
            "status",
            &recommendation::RECOMMENDATION_STATUS,
        ),
        recommendations_overdue: overdue_of(recommendation::KIND, Some(&recommendations)),
        recommendations: count(&recommendations),
        voter_contacts_by_timing: by_choice(&contacts, "timing", &voter_contact::CONTACT_TIMING),
        voter_contacts: count(&contacts),
        petitions_forwarded: past(FORWARDED),
        petitions_answered: past(ANSWERED),
        petitions_settled: past(&["settled"]),
        petitions_by_status: {
            let mut tally = ChoiceTally::new(&voter_petition::PETITION_STATUS);
            for (id, status) in &petition_status {
                tally.add(*id, *status);
            }
            tally.finish()
        },
        petitions_by_type: petitions_by_type.finish(),
        petitions_by_field: petitions_by_field.finish(pool),
        petitions_collected: count(&petitions),
        visits_by_kind: visits_by_kind.finish(),
        group_visits,
        visits: count(&visits),
        citizens_received,
        reception_matters_by_type: by_choice(
            &matter_records,
            "matter_type",
            &reception_matter::MATTER_TYPE,
        ),
        reception_matters,
        letters_by_handling: letters_by_handling.finish(),
        letters_eligible,
        letters: count(&letters),
        conferences_hosted: count_where(&conferences, |f| text(f, "role") == Some("host")),
        conferences: count(&conferences),
        conference_list,
        party_members_provincial_standing: provincial_standing,
        party_members_provincial_committee: provincial_committee,
        party_members,
        party_member_ratings: member_ratings.finish(),
        party_organisation_ratings,
        targets: count(&targets),
        targets_met: target_result(Some("met")),
        targets_exceeded: target_result(Some("exceeded")),
        targets_not_met: target_result(Some("not_met")),
        targets_unknown: target_result(None),
        target_list,
        award_names: awards
            .iter()
            .filter_map(|(_, fields)| text(fields, "name").map(str::to_owned))
            .collect(),
        awards: count(&awards),
        tasks_done,
        tasks_overdue: overdue_of(task::KIND, None),
        by_month: by_month(
            period,
            [
                &session_days[..],
                &meeting_days,
                &matter_days,
                &petition_days,
                &visit_days,
                &letter_days,
            ],
        ),
        overdue,
        unapproved: Count::default(),
    }
}

fn sorted_by_text<'a>(
    mut records: Vec<(RecordId, &'a Fields)>,
    name: &str,
) -> Vec<(RecordId, &'a Fields)> {
    records.sort_by_cached_key(|(id, fields)| {
        (text(fields, name).map(crate::text::sort_key), id.as_u128())
    });
    records
}

/// The months of the period, each with its counts of the main activities.
/// `days`: the days of the sessions, meetings, matters, petitions, visits
/// and letters of the period.
fn by_month(period: Period, days: [&[IsoDate]; 6]) -> Vec<MonthRow> {
    let mut rows: Vec<MonthRow> = Vec::new();
    let (mut year, mut month) = (period.from.year(), period.from.month());
    while (year, month) <= (period.to.year(), period.to.month()) {
        rows.push(MonthRow {
            month: format!("{year:04}-{month:02}"),
            sessions: 0,
            sc_meetings: 0,
            opinion_matters: 0,
            petitions_collected: 0,
            visits: 0,
            letters: 0,
        });
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    let first = (period.from.year(), period.from.month());
    for (index, list) in days.iter().enumerate() {
        for on in list.iter() {
            // Months since the period's first, which is the row's index.
            let offset = (on.year() - first.0) * 12 + i32::from(on.month()) - i32::from(first.1);
            let Some(row) = usize::try_from(offset).ok().and_then(|i| rows.get_mut(i)) else {
                continue;
            };
            let cell = match index {
                0 => &mut row.sessions,
                1 => &mut row.sc_meetings,
                2 => &mut row.opinion_matters,
                3 => &mut row.petitions_collected,
                4 => &mut row.visits,
                _ => &mut row.letters,
            };
            *cell += 1;
        }
    }
    rows
}

/// The figures of a period and, where the same stretch a year earlier holds
/// records, of that one too (the report compares with it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub period: Span,
    pub as_of: IsoDate,
    pub figures: Figures,
    pub previous: Option<Previous>,
}

/// The figures of the year before, for the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Previous {
    pub period: Span,
    pub figures: Figures,
}

/// The report's figures: `span`'s and the year before's.
pub fn report(pool: &Pool<'_>, span: &Span, as_of: IsoDate) -> Report {
    let previous = span
        .year_before()
        .filter(|before| pool.holds_activity_in(before.period()))
        .map(|before| Previous {
            figures: figures(pool, &before, as_of),
            period: before,
        });
    Report {
        period: span.clone(),
        as_of,
        figures: figures(pool, span, as_of),
        previous,
    }
}

/// The figures that are a count, by key.
macro_rules! keyed {
    (counts: $($count:ident),* ; parts: $($part:ident),* $(,)?) => {
        impl Figures {
            /// Every key of a count, in the order of the JSON output.
            pub const COUNT_KEYS: &'static [&'static str] = &[$(stringify!($count)),*];
            /// Every key of a breakdown.
            pub const PARTS_KEYS: &'static [&'static str] = &[$(stringify!($part)),*];

            /// The count `key` names (`sessions`, `visits`, …).
            pub fn count(&self, key: &str) -> Option<&Count> {
                match key {
                    $(stringify!($count) => Some(&self.$count),)*
                    _ => None,
                }
            }

            /// Calls `f` with every count.
            fn each_count_mut(&mut self, mut f: impl FnMut(&mut Count)) {
                $(f(&mut self.$count);)*
            }

            /// Calls `f` with every part of every breakdown.
            fn each_part_mut(&mut self, mut f: impl FnMut(&mut Part)) {
                $(self.$part.iter_mut().for_each(&mut f);)*
            }

            /// The breakdown `key` names (`sessions_by_type`, …).
            pub fn parts(&self, key: &str) -> Option<&[Part]> {
                match key {
                    $(stringify!($part) => Some(&self.$part),)*
                    _ => None,
                }
            }
        }
    };
}

keyed! {
    counts: sessions, resolutions, resolutions_normative, sc_meetings, opinion_matters,
        opinion_documents, supervisions, recommendations, recommendations_overdue,
        voter_contacts, petitions_collected, petitions_forwarded, petitions_answered,
        petitions_settled, visits, group_visits, citizens_received, reception_matters, letters,
        letters_eligible, conferences, conferences_hosted, party_members,
        party_members_provincial_standing, party_members_provincial_committee, targets,
        targets_met, targets_exceeded, targets_not_met, targets_unknown, awards, tasks_done,
        tasks_overdue, unapproved;
    parts: sessions_by_type, sc_meetings_by_type, opinion_matters_by_field,
        opinion_matters_by_result, opinion_matters_by_committee, supervisions_by_body,
        supervisions_by_form, recommendations_by_status, voter_contacts_by_timing,
        petitions_by_status, petitions_by_type, petitions_by_field, visits_by_kind,
        reception_matters_by_type, letters_by_handling, party_member_ratings,
}

impl Figures {
    /// The records behind the figure `key` as docs/REPORTS.md names it —
    /// a count (`sessions`), one part of a breakdown
    /// (`sessions_by_type:regular`), or a list (`overdue`, `target_list`,
    /// `conference_list`, `party_organisation_ratings`: the records it
    /// names) — or `None` when there is no such figure.
    pub fn ids(&self, key: &str) -> Option<Vec<RecordId>> {
        if let Some(count) = self.count(key) {
            return Some(count.ids.clone());
        }
        if let Some((name, code)) = key.split_once(':') {
            let part = self.parts(name)?.iter().find(|part| part.key == code)?;
            return Some(part.ids.clone());
        }
        Some(match key {
            "overdue" => self.overdue.iter().map(|item| item.id).collect(),
            "target_list" => self.target_list.iter().map(|item| item.id).collect(),
            "conference_list" => self.conference_list.iter().map(|item| item.id).collect(),
            "party_organisation_ratings" => self
                .party_organisation_ratings
                .iter()
                .map(|item| item.id)
                .collect(),
            _ => return None,
        })
    }
}
