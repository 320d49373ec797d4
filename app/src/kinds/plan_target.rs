//! Chỉ tiêu — a planned target of the year: its text, unit, planned value,
//! how the actual is obtained (computed from records, or entered), the
//! actual and the result (met, exceeded, not met) — which must agree.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS};
use crate::error::FieldError;
use crate::records::Body;
use crate::records::check::{Values, value_from_text};
use crate::records::pages::{WidgetContext, select_input};
use leptos::prelude::*;
use crate::records::spec::{ASC, ChoiceSet, Closed, DESC, FieldSpec, FieldType, Group, KindSpec};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("plan_target");

pub static TARGET_SOURCE: ChoiceSet = ChoiceSet {
    name: "target_source",
    values: &["computed", "entered"],
};

pub static TARGET_RESULT: ChoiceSet = ChoiceSet {
    name: "target_result",
    values: &["met", "exceeded", "not_met"],
};

const AMOUNT: FieldType = FieldType::Decimal {
    min: 0,
    max: 1_000_000_000,
};

/// The rules between fields, for docs/API.md.
#[cfg(not(feature = "csr"))]
pub const RULES: &str = "With `planned`, `actual` and `result` all given, the result follows from the figures: `exceeded` when `actual` is above `planned`, `met` when it equals it, `not_met` when it is below (`result_mismatch` on `result`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "targets",
    group: Group::Office,
    fields: &[
        FieldSpec::new(
            "year",
            FieldType::Integer {
                min: 2000,
                max: 2100,
                roman: false,
            },
        )
        .required(),
        FieldSpec::new("text", FieldType::Text { max: 500 }).required(),
        FieldSpec::new("unit", FieldType::Text { max: 50 }).hint(),
        FieldSpec::new("planned", AMOUNT).required(),
        FieldSpec::new("source", FieldType::Choice(&TARGET_SOURCE))
            .required()
            .filter()
            .hint(),
        FieldSpec::new("actual", AMOUNT),
        FieldSpec::new("result", FieldType::Choice(&TARGET_RESULT))
            .filter()
            .widget(result_widget),
    ],
    columns: &["unit", "planned", "actual", "result"],
    order: &[("year", DESC), ("text", ASC)],
    year: Some("year"),
    read: RECORDS,
    write: RECORD_EDITORS,
    closed: Closed::Never,
    rules,
    series: None,
};

/// The result the figures give, if both are there.
fn follows(planned: f64, actual: f64) -> &'static str {
    if actual > planned {
        "exceeded"
    } else if actual == planned {
        "met"
    } else {
        "not_met"
    }
}

/// The result's select, with the result the figures give beside it and a
/// button to take it.
fn result_widget(context: WidgetContext) -> AnyView {
    use crate::records::texts::{choice_label, lookup};
    let i18n = crate::i18n::use_i18n();
    let (value, readonly) = (context.value, context.readonly);
    let figures = context.clone();
    let given = move || {
        let number = |name| {
            figures
                .text_of(name)
                .and_then(|text| value_from_text(i18n.get_locale(), AMOUNT, &text).as_f64())
        };
        Some(follows(number("planned")?, number("actual")?))
    };
    let aid = move || {
        let code = given()?;
        let locale = i18n.get_locale();
        Some(view! {
            <p class="hint">
                {lookup(locale, "plan_target", "widget", "follows").unwrap_or_default()} " "
                <strong>{choice_label(locale, TARGET_RESULT.name, code)}</strong> " "
                <button
                    type="button"
                    class="link-button"
                    disabled=readonly
                    on:click=move |_| value.set(code.to_owned())
                >
                    {lookup(locale, "plan_target", "widget", "use").unwrap_or_default()}
                </button>
            </p>
        })
    };
    view! { {select_input(context)} {aid} }.into_any()
}

/// The result follows from the figures when both are there.
fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    let (Some(planned), Some(actual), Some(result)) = (
        values.decimal("planned"),
        values.decimal("actual"),
        values.choice("result"),
    ) else {
        return;
    };
    let follows = follows(planned, actual);
    if result != follows {
        errors.push(FieldError::new(
            "result",
            "result_mismatch",
            format!("with these figures the result is {follows}"),
        ));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetSource {
    Computed,
    Entered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetResult {
    Met,
    Exceeded,
    NotMet,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTarget {
    pub year: u32,
    pub text: String,
    pub unit: Option<String>,
    pub planned: f64,
    pub source: TargetSource,
    pub actual: Option<f64>,
    pub result: Option<TargetResult>,
}

impl Body for PlanTarget {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        PlanTarget {
            year: 2020,
            text: "Tổ chức các phiên họp thường lệ của Thường trực HĐND".into(),
            unit: Some("phiên".into()),
            planned: 10.0,
            source: TargetSource::Computed,
            actual: Some(10.5),
            result: Some(TargetResult::Exceeded),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::records::check::validate;

    #[test]
    fn the_result_must_follow_from_the_figures() {
        let mut fields = PlanTarget::sample().to_fields();
        assert_eq!(validate(&SPEC, &fields), Ok(()));
        fields.insert("result".into(), json!("not_met"));
        let errors = validate(&SPEC, &fields).unwrap_err();
        assert_eq!(errors[0].code, "result_mismatch");
        fields.insert("actual".into(), json!(9.25));
        assert_eq!(validate(&SPEC, &fields), Ok(()));
        fields.insert("actual".into(), json!(9.255));
        assert_eq!(validate(&SPEC, &fields).unwrap_err()[0].code, "too_precise");
    }
}
