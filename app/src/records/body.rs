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
