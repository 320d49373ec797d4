//! What a kind of record is, as data: its fields and their types and limits,
//! how it is listed and titled, who reads and writes it, when it is closed
//! and what it links to. Each kind declares one `KindSpec` (in `crate::kinds`);
//! everything generic — validation, the sync core, the server store, the
//! list, record and conflicts pages — reads these and never names a kind.

use crate::auth::model::{Access, Role};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use serde_json::Value;

use crate::sync::model::{Fields, RecordId, RecordKind, field_value};

/// A named list of choices ("session_type": regular, thematic, …). Values
/// are stable snake_case codes; their labels live in the translation files
/// under `choices.<set>.<value>`. Sets are shared between kinds.
#[derive(Debug, PartialEq, Eq)]
pub struct ChoiceSet {
    pub name: &'static str,
    pub values: &'static [&'static str],
}

impl ChoiceSet {
    pub fn contains(&self, value: &str) -> bool {
        self.values.contains(&value)
    }
}

/// The type of a field's value, as the record body holds it (JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// One line of text, at most `max` characters.
    Text { max: usize },
    /// Several lines (a textarea), at most `max` characters.
    LongText { max: usize },
    /// A whole number in `min..=max`; `roman` shows it as a Roman numeral
    /// (a council's term: 18 → "XVIII").
    Integer { min: i64, max: i64, roman: bool },
    /// A number with at most two decimals in `min..=max` (a planned value,
    /// a percentage). Stored as a JSON number.
    Decimal { min: i64, max: i64 },
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// One code of a choice set.
    Choice(&'static ChoiceSet),
    /// `true` or `false`.
    YesNo,
    /// The id of a record of another kind.
    Link(RecordKind),
    /// Ids of records of another kind, each once, at most `max`.
    Links { kind: RecordKind, max: usize },
    /// An administrative document's number and symbol: "85/BC-HĐND",
    /// "05/2025/NQ-HĐND", "1234/UBND-KTTH".
    DocNumber,
}

impl FieldType {
    /// The kind a link field points to.
    pub fn target(self) -> Option<RecordKind> {
        match self {
            FieldType::Link(kind) | FieldType::Links { kind, .. } => Some(kind),
            _ => None,
        }
    }
}

/// One field of a kind.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The key in the record body: `a–z`, `0–9`, `_`.
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    /// Citizens' personal data (names, ID numbers, addresses, phones; a
    /// denouncer's identity): sent only to the roles of
    /// [`PERSONAL_DATA`], withheld from everyone else by the server.
    pub personal: bool,
    /// Offered as a filter above the list (choices and links).
    pub filter: bool,
    /// Has a hint under its input (`hints.<field>` in the kind's texts).
    pub hint: bool,
    /// A new record's form starts with the signed-in user's name here (who
    /// received a citizen is most often who enters the visit).
    pub signed_in: bool,
}

impl FieldSpec {
    /// A field with no flags; chain the `required`, … helpers.
    pub const fn new(name: &'static str, ty: FieldType) -> Self {
        FieldSpec {
            name,
            ty,
            required: false,
            personal: false,
            filter: false,
            hint: false,
            signed_in: false,
        }
    }

    pub const fn signed_in(mut self) -> Self {
        self.signed_in = true;
        self
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub const fn personal(mut self) -> Self {
        self.personal = true;
        self
    }

    pub const fn filter(mut self) -> Self {
        self.filter = true;
        self
    }

    pub const fn hint(mut self) -> Self {
        self.hint = true;
        self
    }
}

/// Who may see citizens' personal data (fields marked `personal`).
pub const PERSONAL_DATA: Access = Access::Roles(&[Role::ReceptionStaff, Role::OfficeLeader]);

/// When a record stops changing and may leave a full browser cache (the
/// server keeps it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// Kept in every replica (catalogues, small kinds).
    Never,
    /// `days` after the date in `field` (e.g. a session a year after it ended).
    DaysAfter { field: &'static str, days: i64 },
    /// When `field` holds one of `values` and the date in `date` is more than
    /// `days` old (a settled petition a year after it was answered).
    StatusAfter {
        field: &'static str,
        values: &'static [&'static str],
        date: &'static str,
        days: i64,
    },
}

/// Where a kind sits in the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Council,
    Citizens,
    Office,
    Catalogues,
}

/// A sort order: fields compared in turn, each ascending or descending.
pub type Order = &'static [(&'static str, bool)];
/// Descending, for `Order`.
pub const DESC: bool = true;
/// Ascending, for `Order`.
pub const ASC: bool = false;

/// A kind of record, declared once.
#[derive(Debug)]
pub struct KindSpec {
    pub kind: RecordKind,
    /// The URL segment of its pages: `/sessions`, `/sessions/<id>`.
    pub path: &'static str,
    pub group: Group,
    /// In form order.
    pub fields: &'static [FieldSpec],
    /// The list's columns after the title, by field name.
    pub columns: &'static [&'static str],
    /// The list's default order.
    pub order: Order,
    /// The field whose year the list filters by (a date or a year number).
    pub year: Option<&'static str>,
    pub read: Access,
    pub write: Access,
    /// Who approves and returns its records (`super::review`); `None`: not
    /// reviewed (the catalogues, reference data in force once written).
    pub review: Option<Access>,
    pub closed: Closed,
    /// The rules between fields, on the values that passed their own checks.
    pub rules: fn(&Values<'_>, &mut Vec<FieldError>),
    /// The number that names a record in its series, if the kind has one:
    /// a second record with it is warned about before saving.
    pub series: Option<Series>,
    /// The values the kind shows without storing them, computed from other
    /// records (a target's actual, counted from the year's records).
    pub compute: Option<Compute>,
}

/// The records a computed value may be counted over: what this browser
/// holds (the replica's state implements it).
pub trait Held {
    /// The kinds the records are of.
    fn registry(&self) -> &Registry;
    /// The live records of `kind`.
    fn live_of(&self, kind: RecordKind) -> Box<dyn Iterator<Item = (RecordId, &Fields)> + '_>;
    /// A held record's fields, by id.
    fn fields_of(&self, id: RecordId) -> Option<&Fields>;
}

/// What a computed value is computed over: the records this browser holds,
/// which the signed-in role may read, on this day.
pub struct Seen<'a> {
    pub held: &'a dyn Held,
    pub role: Option<Role>,
    pub today: IsoDate,
}

impl Seen<'_> {
    /// Whether every record of `kind` the office has may be here: the role
    /// reads that kind (a replica holds only what its role may read).
    pub fn reads(&self, kind: RecordKind) -> bool {
        self.held
            .registry()
            .get(kind)
            .is_some_and(|spec| self.role.is_some_and(|role| spec.readable_by(role)))
    }
}

/// A value shown in place of a field's stored one.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub field: &'static str,
    /// `None`: it cannot be computed here (the role does not read the
    /// records it counts).
    pub value: Option<serde_json::Value>,
    /// The records it was counted from, when it is a count, in the order
    /// a reader would go through them (by date).
    pub from: Option<(RecordKind, Vec<RecordId>)>,
}

/// A kind's computed values for one record.
pub type Compute = fn(&Seen<'_>, &Fields) -> Vec<Computed>;

/// A number series ("Phiên họp thứ 50" of 2020, "29/NQ-HĐND"): two records
/// are the same number when `field` is equal and so is each of `within`
/// (a date field by its year: numbering starts again each year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series {
    pub field: &'static str,
    pub within: &'static [&'static str],
}

impl KindSpec {
    /// Whether two records' values put them at the same place of the
    /// kind's series (never without a series or a number).
    pub fn same_number(&self, a: &Fields, b: &Fields) -> bool {
        let Some(series) = self.series else {
            return false;
        };
        let number = field_value(a, series.field);
        if number.is_null() || number != field_value(b, series.field) {
            return false;
        }
        series.within.iter().all(|name| {
            let (x, y) = (field_value(a, name), field_value(b, name));
            match self.field(name).map(|field| field.ty) {
                Some(FieldType::Date) => {
                    let year = |value: &serde_json::Value| {
                        value
                            .as_str()
                            .and_then(|text| IsoDate::parse(text).ok())
                            .map(IsoDate::year)
                    };
                    year(x).is_some() && year(x) == year(y)
                }
                _ => x == y,
            }
        })
    }
}

impl KindSpec {
    /// A field of the kind: its own, or one of the review fields every
    /// reviewed kind has.
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields
            .iter()
            .find(|field| field.name == name)
            .or_else(|| self.review_fields().iter().find(|field| field.name == name))
    }

    /// The review fields, if the kind is reviewed (none else).
    pub fn review_fields(&self) -> &'static [FieldSpec] {
        match self.review {
            Some(_) => &review_fields::FIELDS,
            None => &[],
        }
    }

    pub fn readable_by(&self, role: Role) -> bool {
        self.read.allows(Some(role))
    }

    pub fn writable_by(&self, role: Role) -> bool {
        self.write.allows(Some(role))
    }

    /// Whether a record no longer changes and is old enough to leave the
    /// browser's cache when storage runs short.
    pub fn is_closed(&self, fields: &Fields, today: IsoDate) -> bool {
        let date = |name| {
            field_value(fields, name)
                .as_str()
                .and_then(|text| IsoDate::parse(text).ok())
        };
        match self.closed {
            Closed::Never => false,
            Closed::DaysAfter { field, days } => {
                date(field).is_some_and(|day| day.days_until(today) > days)
            }
            Closed::StatusAfter {
                field,
                values,
                date: date_field,
                days,
            } => {
                field_value(fields, field)
                    .as_str()
                    .is_some_and(|status| values.contains(&status))
                    && date(date_field).is_some_and(|day| day.days_until(today) > days)
            }
        }
    }

    /// The year a record belongs to, from the field the list filters years
    /// by (a date's year, or a year number); `None` without one.
    pub fn year_of(&self, fields: &Fields) -> Option<i32> {
        match field_value(fields, self.year?) {
            serde_json::Value::String(text) => IsoDate::parse(text).ok().map(IsoDate::year),
            serde_json::Value::Number(number) => {
                number.as_i64().and_then(|n| i32::try_from(n).ok())
            }
            _ => None,
        }
    }

    /// Whether `role` sees this kind's personal fields.
    pub fn shows_personal_data(&self, role: Role) -> bool {
        PERSONAL_DATA.allows(Some(role)) || !self.fields.iter().any(|field| field.personal)
    }

    /// Removes the personal fields `role` may not see.
    pub fn withhold(&self, role: Role, fields: &mut Fields) {
        if self.shows_personal_data(role) {
            return;
        }
        for field in self.fields.iter().filter(|field| field.personal) {
            fields.remove(field.name);
        }
    }
}

/// The kinds one build knows. The app has one (`crate::kinds::REGISTRY`);
/// tests may build smaller ones.
#[derive(Debug)]
pub struct Registry {
    kinds: &'static [&'static KindSpec],
}

/// One registry is one build's: equal when it is the same one.
impl PartialEq for Registry {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Registry {}

impl Registry {
    pub const fn new(kinds: &'static [&'static KindSpec]) -> Self {
        Registry { kinds }
    }

    pub fn all(&self) -> impl Iterator<Item = &'static KindSpec> + '_ {
        self.kinds.iter().copied()
    }

    pub fn get(&self, kind: RecordKind) -> Option<&'static KindSpec> {
        self.kinds.iter().copied().find(|spec| spec.kind == kind)
    }

    pub fn by_path(&self, path: &str) -> Option<&'static KindSpec> {
        self.kinds.iter().copied().find(|spec| spec.path == path)
    }

    /// The kinds `role` may read (what a pull sends it).
    pub fn readable_by(&self, role: Role) -> Vec<RecordKind> {
        self.all()
            .filter(|spec| spec.readable_by(role))
            .map(|spec| spec.kind)
            .collect()
    }

    /// What `role` may see, as a fingerprint a replica keeps: the role, the
    /// kinds it reads and which of them with personal data. A replica made
    /// for another fingerprint holds what this one may not see.
    pub fn view_of(&self, role: Role) -> String {
        let kinds: Vec<String> = self
            .all()
            .filter(|spec| spec.readable_by(role))
            .map(|spec| {
                let personal = if spec.shows_personal_data(role) {
                    "+"
                } else {
                    ""
                };
                format!("{}{personal}", spec.kind)
            })
            .collect();
        format!("{}:{}", role.as_str(), kinds.join(","))
    }

    /// Whether `role` may write some kind (may push at all).
    pub fn writes_any(&self, role: Role) -> bool {
        self.all().any(|spec| spec.writable_by(role))
    }

    /// Whether `role` may read some kind (may pull at all).
    pub fn reads_any(&self, role: Role) -> bool {
        self.all().any(|spec| spec.readable_by(role))
    }

    /// The fields of other kinds that link to `kind`: (their kind, field).
    pub fn links_to(
        &self,
        kind: RecordKind,
    ) -> impl Iterator<Item = (&'static KindSpec, &'static FieldSpec)> + '_ {
        self.all().flat_map(move |spec| {
            spec.fields
                .iter()
                .filter(move |field| field.ty.target() == Some(kind))
                .map(move |field| (spec, field))
        })
    }

    /// Whether a record may leave a full browser cache.
    pub fn is_closed(&self, kind: RecordKind, fields: &Fields, today: IsoDate) -> bool {
        self.get(kind)
            .is_some_and(|spec| spec.is_closed(fields, today))
    }
}

/// The fields of a body that passed their own checks, typed, for a kind's
/// rules. A field that is missing or failed reads as `None`, so a rule only
/// judges what it can and never repeats a field's own error.
pub struct Values<'a> {
    spec: &'a KindSpec,
    fields: &'a Fields,
    /// Bit `i`: `spec.fields[i]` has a value that passed.
    good: u128,
}

impl<'a> Values<'a> {
    /// `good`'s bit `i` says whether `spec.fields[i]` passed its own checks.
    pub(crate) fn new(spec: &'a KindSpec, fields: &'a Fields, good: u128) -> Self {
        Values { spec, fields, good }
    }

    fn good(&self, name: &str) -> Option<&'a Value> {
        let index = self.spec.fields.iter().position(|f| f.name == name)?;
        (self.good & (1 << index) != 0).then(|| field_value(self.fields, name))
    }

    /// Whether the body has a value for `name` (valid or not).
    pub fn present(&self, name: &str) -> bool {
        match field_value(self.fields, name) {
            Value::Null => false,
            Value::String(text) => !text.is_empty(),
            _ => true,
        }
    }

    pub fn date(&self, name: &str) -> Option<IsoDate> {
        self.good(name)?
            .as_str()
            .and_then(|text| IsoDate::parse(text).ok())
    }

    pub fn integer(&self, name: &str) -> Option<i64> {
        self.good(name)?.as_i64()
    }

    pub fn decimal(&self, name: &str) -> Option<f64> {
        self.good(name)?.as_f64()
    }

    pub fn text(&self, name: &str) -> Option<&'a str> {
        self.good(name)?.as_str()
    }

    /// A choice's code.
    pub fn choice(&self, name: &str) -> Option<&'a str> {
        self.text(name)
    }

    pub fn yes(&self, name: &str) -> Option<bool> {
        self.good(name)?.as_bool()
    }

    pub fn link(&self, name: &str) -> Option<&'a str> {
        self.text(name)
    }
}

/// The two fields every reviewed kind has besides its own (`review`,
/// `review_note`; `super::review` has the rules that move them).
pub mod review_fields {
    use crate::records::spec::{ChoiceSet, FieldSpec, FieldType};

    /// The field holding a record's review state.
    pub const FIELD: &str = "review";
    /// The field holding the reviewer's comment on a return, the reason of a
    /// reopening, or what the submitter adds.
    pub const NOTE: &str = "review_note";
    /// The longest comment.
    pub const NOTE_MAX: usize = 2_000;

    pub static STATES: ChoiceSet = ChoiceSet {
        name: "review",
        values: &["draft", "submitted", "approved", "returned"],
    };

    /// The review fields, which every reviewed kind has besides its own.
    pub static FIELDS: [FieldSpec; 2] = [
        FieldSpec::new(FIELD, FieldType::Choice(&STATES)).filter(),
        FieldSpec::new(NOTE, FieldType::LongText { max: NOTE_MAX }),
    ];

    /// Whether `name` is one of the review fields.
    pub fn is_review_field(name: &str) -> bool {
        name == FIELD || name == NOTE
    }
}
