//! The year's targets, all met or exceeded: three counted from the records
//! of the other sections (their actual is what the records give), three
//! entered.

use super::{By, DemoYear, text};
use crate::kinds::plan_target;

/// Adds the targets of 2020.
pub(super) fn add(entry: &mut DemoYear) {
    for (text_value, unit, planned, measure) in [
        (
            "Tổ chức kỳ họp thường lệ của HĐND tỉnh",
            "kỳ họp",
            2.0,
            "regular_sessions",
        ),
        (
            "Phiên họp thường lệ của Thường trực HĐND",
            "phiên",
            10.0,
            "regular_sc_meetings",
        ),
        (
            "Cuộc giám sát của Thường trực HĐND",
            "cuộc",
            2.0,
            "sc_supervisions",
        ),
    ] {
        entry.add(
            By::Staff,
            &plan_target::PlanTarget {
                year: 2020,
                text: text_value.into(),
                unit: text(unit),
                planned,
                source: plan_target::TargetSource::Computed,
                measure: Some(measure.into()),
                actual: None,
                result: None,
            },
        );
    }
    for (text_value, unit, planned, actual) in [
        ("Tiếp công dân định kỳ hằng tháng", "buổi", 12.0, 12.0),
        ("Tỷ lệ kiến nghị cử tri được trả lời", "%", 95.0, 100.0),
        ("Văn bản tham mưu ban hành đúng hạn", "%", 100.0, 100.0),
    ] {
        entry.add(
            By::Staff,
            &plan_target::PlanTarget {
                year: 2020,
                text: text_value.into(),
                unit: text(unit),
                planned,
                source: plan_target::TargetSource::Entered,
                measure: None,
                actual: Some(actual),
                result: Some(if actual > planned {
                    plan_target::TargetResult::Exceeded
                } else {
                    plan_target::TargetResult::Met
                }),
            },
        );
    }
}
