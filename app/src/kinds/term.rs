//! Nhiệm kỳ, khóa — a term of the council ("khóa XVIII", 2016–2021). A
//! catalogue the administrator keeps.

use serde::{Deserialize, Serialize};

use crate::auth::model::{ADMINISTRATION, CATALOGUES};
use crate::error::FieldError;
use crate::records::body::{Body, body};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec, Series, Values};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("term");

const YEAR: FieldType = FieldType::Integer {
    min: 1946,
    max: 2100,
    roman: false,
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`ends_year` must be later than `starts_year` (`ends_before_start` on `ends_year`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "terms",
    group: Group::Catalogues,
    fields: FIELDS,
    columns: &["starts_year", "ends_year"],
    order: &[("number", DESC)],
    year: None,
    read: CATALOGUES,
    write: ADMINISTRATION,
    review: None,
    closed: Closed::Never,
    rules,
    series: Some(Series { field: "number", within: &[] }),
    compute: None,
};

fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    if let (Some(starts), Some(ends)) = (values.integer("starts_year"), values.integer("ends_year"))
        && ends <= starts
    {
        errors.push(FieldError::new(
            "ends_year",
            "ends_before_start",
            "a term ends in a later year than it starts",
        ));
    }
}

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Term, FIELDS {
        number: u32 = FieldType::Integer { min: 1, max: 30, roman: true, } => required;
        starts_year: u32 = YEAR => required;
        ends_year: u32 = YEAR => required;
    }
}

impl Body for Term {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Term {
            number: 18,
            starts_year: 2016,
            ends_year: 2021,
        }
    }
}
