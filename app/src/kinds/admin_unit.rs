//! Đơn vị hành chính — an administrative unit with the period it existed:
//! units merge (the 2025 reform), and old records keep pointing at the unit
//! as it was. A catalogue.

use serde::{Deserialize, Serialize};

use crate::auth::model::{ADMINISTRATION, CATALOGUES};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::check::period_rule;
use crate::records::spec::{ASC, Closed, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("admin_unit");

choices! {
    pub enum UnitLevel, UNIT_LEVEL = "unit_level" {
        Province = "province",
        District = "district",
        Commune = "commune",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`valid_to` must not be before `valid_from` (`ends_before_start` on `valid_to`). A merged unit keeps its record with `valid_to` set; records made before keep pointing at it.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "units",
    group: Group::Catalogues,
    fields: FIELDS,
    columns: &["code", "level", "valid_from", "valid_to"],
    order: &[("level", ASC), ("name", ASC)],
    year: None,
    read: CATALOGUES,
    write: ADMINISTRATION,
    review: None,
    closed: Closed::Never,
    rules,
    series: None,
    compute: None,
};

fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    period_rule(values, "valid_from", "valid_to", None, errors);
}

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct AdminUnit, FIELDS {
        code: String = FieldType::Text { max: 20 } => required;
        name: String = FieldType::Text { max: 200 } => required;
        level: UnitLevel = FieldType::Choice(&UNIT_LEVEL) => required filter;
        parent: Option<RecordId> = FieldType::Link(KIND);
        valid_from: IsoDate = FieldType::Date => required;
        valid_to: Option<IsoDate> = FieldType::Date => hint;
        #[serde(default)]
        merged_from: Vec<RecordId> = FieldType::Links { kind: KIND, max: 30, } => hint;
    }
}

impl Body for AdminUnit {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        AdminUnit {
            code: "02".into(),
            name: "Tỉnh Hà Giang".into(),
            level: UnitLevel::Province,
            parent: Some(RecordId::example(1)),
            valid_from: IsoDate::ymd(1991, 10, 1),
            valid_to: Some(IsoDate::ymd(2025, 6, 30)),
            merged_from: vec![RecordId::example(2)],
        }
    }
}
