//! A kind's typed body: the Rust type of its records.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::check;
use super::spec::{KindSpec, review_fields};
use crate::error::FieldError;
use crate::sync::model::Fields;

/// A kind's typed body: the Rust type of its records, for code that makes or
/// reads records in bulk (`hdnd demo`, the report, tests). The spec is what
/// validates; a test checks that spec and type agree for every kind.
pub trait Body: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug {
    const SPEC: &'static KindSpec;

    /// A record with every field filled (for the tests and docs/API.md).
    fn sample() -> Self;

    /// The record body: `null`s left out, as records keep it.
    fn to_fields(&self) -> Fields {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map
                .into_iter()
                .filter(|(_, value)| !value.is_null())
                .filter(|(_, value)| value.as_array().is_none_or(|items| !items.is_empty()))
                .collect(),
            _ => Fields::new(),
        }
    }

    /// The typed record, after the kind's validation.
    fn from_fields(fields: &Fields) -> Result<Self, Vec<FieldError>> {
        check::validate(Self::SPEC, fields)?;
        // The review fields are the registry's, not the type's.
        let object: serde_json::Map<String, serde_json::Value> = fields
            .iter()
            .filter(|(name, _)| !review_fields::is_review_field(name))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        serde_json::from_value(serde_json::Value::Object(object)).map_err(|error| {
            vec![FieldError::new(
                "body",
                "not_the_type",
                format!("valid by the spec but not by the type: {error}"),
            )]
        })
    }
}

/// Declares a kind's typed body and its fields' specs from one list, so a
/// field cannot be added to one and forgotten in the other. Each line is
/// `name: RustType = FieldType => modifiers;` (the modifiers are
/// `FieldSpec`'s: `required`, `filter`, `hint`, `personal`, `signed_in`):
///
/// ```ignore
/// body! {
///     #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
///     #[serde(deny_unknown_fields)]
///     pub struct Task, FIELDS {
///         title: String = FieldType::Text { max: 500 } => required;
///         deadline: Option<IsoDate> = FieldType::Date;
///     }
/// }
/// ```
///
/// makes `pub struct Task { pub title: String, pub deadline: Option<IsoDate> }`
/// and `pub const FIELDS: &[FieldSpec]`, in the same order, for the kind's
/// `KindSpec::fields`.
macro_rules! body {
    (
        $(#[$meta:meta])*
        pub struct $name:ident, $fields:ident {
            $(
                $(#[$field_meta:meta])*
                $field:ident : $ty:ty = $field_type:expr $(=> $($modifier:ident)+)?;
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: $ty,
            )*
        }

        pub const $fields: &[$crate::records::spec::FieldSpec] = &[
            $(
                $crate::records::spec::FieldSpec::new(stringify!($field), $field_type)
                    $($(.$modifier())+)?,
            )*
        ];
    };
}
pub(crate) use body;

/// Declares a choice set and its Rust enum from one list: each variant with
/// the value records hold, in the order the set offers them.
///
/// ```ignore
/// choices! {
///     pub enum TaskStatus, TASK_STATUS = "task_status" {
///         NotStarted = "not_started",
///         Done = "done",
///     }
/// }
/// ```
///
/// makes the enum (serialised as those values) and
/// `pub static TASK_STATUS: ChoiceSet` named `task_status`.
macro_rules! choices {
    (
        $(#[$meta:meta])*
        pub enum $name:ident, $set:ident = $set_name:literal {
            $($(#[$variant_meta:meta])* $variant:ident = $value:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                #[serde(rename = $value)]
                $variant,
            )+
        }

        pub static $set: $crate::records::spec::ChoiceSet = $crate::records::spec::ChoiceSet {
            name: $set_name,
            values: &[$($value),+],
        };
    };
}
pub(crate) use choices;
