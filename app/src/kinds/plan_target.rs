//! Chỉ tiêu — a planned target of the year: its text, unit, planned value,
//! how the actual is obtained, the actual and the result (met, exceeded, not
//! met). A target "Tính từ hồ sơ" names the measure it counts by
//! (`super::measures`): its actual and result are computed from the year's
//! records wherever it is shown, never typed. An entered target has its
//! actual typed, and its result must agree with the figures.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::check::required_when;
use crate::records::figures::Period;
use crate::records::spec::{ASC, Closed, Computed, DESC, FieldType, Group, KindSpec, Seen, Values};
use crate::sync::model::{Fields, RecordKind, field_value};

use super::measures::{MEASURE_KEYS, measure};

pub const KIND: RecordKind = RecordKind::new("plan_target");

choices! {
    pub enum TargetSource, TARGET_SOURCE = "target_source" {
        Computed = "computed",
        Entered = "entered",
    }
}

choices! {
    pub enum TargetResult, TARGET_RESULT = "target_result" {
        Met = "met",
        Exceeded = "exceeded",
        NotMet = "not_met",
    }
}

pub const AMOUNT: FieldType = FieldType::Decimal {
    min: 0,
    max: 1_000_000_000,
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`source: computed` needs a `measure` (`required` on `measure`; see [Measures](#measures)) and has no `actual` or `result` — they are counted from the year's records wherever the target is shown (`computed_not_entered` on each given); `source: entered` has no `measure` (`measure_if_computed`). With `planned`, `actual` and `result` all given, the result follows from the figures: `exceeded` when `actual` is above `planned`, `met` when it equals it, `not_met` when it is below (`result_mismatch` on `result`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "targets",
    group: Group::Office,
    fields: FIELDS,
    columns: &["unit", "planned", "actual", "result"],
    order: &[("year", DESC), ("text", ASC)],
    year: Some("year"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::Never,
    rules,
    series: None,
    compute: Some(compute),
};

/// The result the figures give, if both are there.
pub fn follows(planned: f64, actual: f64) -> &'static str {
    if actual > planned {
        "exceeded"
    } else if actual == planned {
        "met"
    } else {
        "not_met"
    }
}

/// A computed target's actual (the measure's figure over the target's year)
/// and its result: met or exceeded as soon as the count reaches the plan,
/// not met once the year is over below it.
pub fn compute(seen: &Seen<'_>, fields: &Fields) -> Vec<Computed> {
    if field_value(fields, "source").as_str() != Some("computed") {
        return Vec::new();
    }
    let Some(measure) = field_value(fields, "measure").as_str().and_then(measure) else {
        return Vec::new();
    };
    let Some(period) = field_value(fields, "year")
        .as_i64()
        .and_then(|year| i32::try_from(year).ok())
        .and_then(Period::year)
    else {
        return Vec::new();
    };
    if !seen.reads(measure.kind) {
        return ["actual", "result"]
            .into_iter()
            .map(|field| Computed {
                field,
                value: None,
                from: None,
            })
            .collect();
    }
    let mut figure = measure.over(
        period,
        seen.held
            .live_of(measure.kind)
            .map(|(id, fields)| (measure.kind, id, fields)),
    );
    // The records behind it by date (ISO dates sort as text), then id.
    figure.ids.sort_by_cached_key(|id| {
        let day = seen.held.fields_of(*id).map(|fields| {
            field_value(fields, measure.date)
                .as_str()
                .unwrap_or_default()
                .to_owned()
        });
        (day, *id)
    });
    let result = field_value(fields, "planned")
        .as_f64()
        .and_then(|planned| counted_result(planned, figure.value, period, seen.today));
    let mut computed = vec![Computed {
        field: "actual",
        value: serde_json::Number::from_f64(figure.value).map(serde_json::Value::Number),
        from: Some((measure.kind, figure.ids)),
    }];
    if let Some(result) = result {
        computed.push(Computed {
            field: "result",
            value: Some(serde_json::Value::from(result)),
            from: None,
        });
    }
    computed
}

/// A computed target's result: once the count reaches the plan, or once
/// the year is over (until then it is not known).
pub fn counted_result(
    planned: f64,
    actual: f64,
    year: Period,
    today: crate::calendar::IsoDate,
) -> Option<&'static str> {
    (actual >= planned || year.is_over(today)).then(|| follows(planned, actual))
}

/// A computed target names its measure and types no actual or result; an
/// entered one names no measure, and its result follows from the figures
/// when both are there.
fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    if values.choice("source") == Some("computed") {
        required_when(values, true, "measure", errors);
        for field in ["actual", "result"] {
            if values.present(field) {
                errors.push(FieldError::new(
                    field,
                    "computed_not_entered",
                    format!("a target computed from records has its {field} counted, not given"),
                ));
            }
        }
        return;
    }
    if values.present("measure") {
        errors.push(FieldError::new(
            "measure",
            "measure_if_computed",
            "only a target computed from records has a measure",
        ));
    }
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

body! {
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct PlanTarget, FIELDS {
        year: u32 = FieldType::Integer { min: 2000, max: 2100, roman: false, } => required;
        text: String = FieldType::Text { max: 500 } => required;
        unit: Option<String> = FieldType::Text { max: 50 } => hint;
        planned: f64 = AMOUNT => required;
        source: TargetSource = FieldType::Choice(&TARGET_SOURCE) => required filter hint;
        measure: Option<String> = FieldType::Choice(&MEASURE_KEYS) => hint;
        actual: Option<f64> = AMOUNT;
        result: Option<TargetResult> = FieldType::Choice(&TARGET_RESULT) => filter;
    }
}

impl Body for PlanTarget {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        PlanTarget {
            year: 2020,
            text: "Tổ chức các phiên họp thường lệ của Thường trực HĐND".into(),
            unit: Some("phiên".into()),
            planned: 10.0,
            source: TargetSource::Entered,
            measure: None,
            actual: Some(10.5),
            result: Some(TargetResult::Exceeded),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::auth::model::Role;
    use crate::calendar::IsoDate;
    use crate::kinds::{REGISTRY, sc_meeting};
    use crate::records::check::validate;
    use crate::sync::client::{ClientState, LocalRecord};
    use crate::sync::model::{ClientId, Document, RecordId, Stamp};

    fn computed_target(year: i64, planned: f64) -> Fields {
        serde_json::from_value(json!({
            "year": year, "text": "Phiên họp thường lệ của Thường trực HĐND",
            "planned": planned, "source": "computed", "measure": "regular_sc_meetings",
        }))
        .unwrap()
    }

    /// A replica holding `meetings` (day, type) as synced records.
    fn replica(meetings: &[(&str, &str)]) -> ClientState {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        for (number, (day, meeting_type)) in meetings.iter().enumerate() {
            let id = RecordId::new();
            let stamp = Stamp { username: "lan".into(), display_name: "Lan".into(), at: 1 };
            let fields = serde_json::from_value(json!({
                "number": number + 1, "meeting_type": meeting_type, "held_on": day,
            }))
            .unwrap();
            let document = Document {
                kind: sc_meeting::KIND,
                id,
                version: 1,
                fields,
                deleted: false,
                created: stamp.clone(),
                updated: stamp,
            };
            state.records.insert(id, LocalRecord::synced(document));
        }
        state
    }

    fn shown(computed: &[Computed], field: &str) -> Option<Option<serde_json::Value>> {
        computed
            .iter()
            .find(|computed| computed.field == field)
            .map(|computed| computed.value.clone())
    }

    #[test]
    fn a_computed_target_counts_the_records_of_its_year() {
        // Entered out of order: listed by date.
        let state = replica(&[
            ("2021-02-20", "regular"),
            ("2021-01-14", "regular"),
            ("2021-03-02", "extraordinary"),
            ("2020-12-30", "regular"),
        ]);
        let day = |text| IsoDate::parse(text).unwrap();
        let seen = Seen { held: &state, role: Some(Role::Staff), today: day("2021-03-10") };
        let target = computed_target(2021, 10.0);
        let computed = compute(&seen, &target);
        assert_eq!(shown(&computed, "actual"), Some(Some(json!(2.0))));
        let (kind, ids) = computed[0].from.clone().unwrap();
        assert_eq!((kind, ids.len()), (sc_meeting::KIND, 2));
        let days: Vec<&serde_json::Value> = ids
            .iter()
            .map(|id| field_value(state.records[id].fields(), "held_on"))
            .collect();
        assert_eq!(days, [&json!("2021-01-14"), &json!("2021-02-20")]);
        // The year is not over and the plan is not reached: no result yet.
        assert_eq!(shown(&computed, "result"), None);
        // Once it is over, below the plan is not met.
        let later = Seen { today: day("2022-01-01"), ..seen };
        assert_eq!(shown(&compute(&later, &target), "result"), Some(Some(json!("not_met"))));
        // Reaching the plan is met at once, above it exceeded.
        let early = Seen { today: day("2021-03-10"), ..later };
        assert_eq!(shown(&compute(&early, &computed_target(2021, 2.0)), "result"), Some(Some(json!("met"))));
        assert_eq!(shown(&compute(&early, &computed_target(2021, 1.0)), "result"), Some(Some(json!("exceeded"))));
        // Another year counts its own.
        assert_eq!(shown(&compute(&early, &computed_target(2020, 1.0)), "actual"), Some(Some(json!(1.0))));
        // An entered target computes nothing.
        let mut entered = computed_target(2021, 10.0);
        entered.insert("source".into(), json!("entered"));
        assert!(compute(&early, &entered).is_empty());
    }

    #[test]
    fn a_role_that_does_not_read_the_counted_kind_is_told_so_not_shown_zero() {
        let state = replica(&[("2021-01-14", "regular")]);
        let seen = Seen {
            held: &state,
            role: None,
            today: IsoDate::parse("2022-01-01").unwrap(),
        };
        let computed = compute(&seen, &computed_target(2021, 10.0));
        assert_eq!(shown(&computed, "actual"), Some(None));
        assert_eq!(shown(&computed, "result"), Some(None));
    }

    #[test]
    fn a_computed_target_names_its_measure_and_types_no_figures() {
        let mut fields = computed_target(2021, 10.0);
        assert_eq!(validate(&SPEC, &fields), Ok(()));
        fields.insert("actual".into(), json!(2));
        fields.insert("result".into(), json!("not_met"));
        let codes: Vec<(String, String)> = validate(&SPEC, &fields)
            .unwrap_err()
            .into_iter()
            .map(|error| (error.field, error.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("actual".to_owned(), "computed_not_entered".to_owned()),
                ("result".to_owned(), "computed_not_entered".to_owned()),
            ]
        );
        let mut fields = computed_target(2021, 10.0);
        fields.remove("measure");
        assert_eq!(validate(&SPEC, &fields).unwrap_err()[0].code, "required");
        fields.insert("measure".into(), json!("no_such_measure"));
        assert_eq!(validate(&SPEC, &fields).unwrap_err()[0].code, "not_a_choice");
        let mut entered = PlanTarget::sample().to_fields();
        entered.insert("measure".into(), json!("visits"));
        assert_eq!(validate(&SPEC, &entered).unwrap_err()[0].code, "measure_if_computed");
    }

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
