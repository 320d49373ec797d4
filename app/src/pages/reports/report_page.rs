//! `/reports`: the Báo cáo page. A period's report in the Decree 30 layout,
//! drafted in the browser from the replica (offline too): part I from the
//! figures, each figure a link to its records; the number, place, day,
//! recipients, signer and parts II–IV written here and kept as the
//! period's `work_report` record (synced, conflict-handled, with its
//! history, like any record). Printed on A4 by the print style sheet;
//! downloaded as an editable .docx and the statistics as .xlsx, made here
//! (this page loads as its own WebAssembly chunk, with the file writers).

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;

use crate::error::FieldError;
use crate::i18n::{Locale, use_i18n};
use crate::kinds::work_report;
use crate::messages::page_title;
use crate::pages::records::view::{field_error_text, record_path};
use crate::pages::reports::picker::{
    PeriodPicker, list_href, live, period_label, today, use_chosen,
};
use crate::records::texts::{field_hint, field_label};
use crate::reports::document::{
    MOTTO, NATIONAL_TITLE, RECIPIENTS_HEADING, ReportDocument, Written, document, province,
    report_key,
};
use crate::reports::draft::{Paragraph as Drafted, Piece};
use crate::reports::export;
use crate::reports::figures::{Pool, Report, report};
use crate::reports::labels::{GROUPS, Line};
use crate::reports::period::{PeriodAsked, Span, resolve};
use crate::sync::client::{ClientState, EditError};
use crate::sync::model::{Fields, RecordKind};
use crate::sync::status::SaveError;
use crate::web::replica::use_replica;
use crate::web::session::use_auth;

/// A period's figures and those of the year before, over the replica;
/// `None` when the period cannot be resolved here.
fn compute(state: &ClientState, year: i32, period: PeriodAsked) -> Option<Report> {
    crate::platform::mark("hdnd-figures-start");
    let records = live(state);
    let span = resolve(year, period, records.iter().copied()).ok()?;
    let pool = Pool::new(records);
    let report = report(&pool, &span, today());
    crate::platform::mark("hdnd-figures-done");
    Some(report)
}

/// The kind a figure of the draft counts (`sessions_by_type.regular` →
/// council sessions).
fn kind_of(key: &str) -> Option<RecordKind> {
    let name = key.split('.').next().unwrap_or(key);
    GROUPS
        .iter()
        .flat_map(|(_, lines)| lines.iter())
        .find_map(|line| match *line {
            Line::Count { key, kind, .. } | Line::Parts { key, kind, .. } if key == name => {
                Some(kind)
            }
            _ => None,
        })
}

/// The fields people write, in the form's order.
const WRITTEN: [&str; 10] = [
    "number",
    "place",
    "signed_on",
    "authority",
    "signer_title",
    "signer",
    "recipients",
    "assessment",
    "direction",
    "recommendations",
];

/// The form: one signal per written field, as typed.
#[derive(Clone, Copy)]
struct Form([RwSignal<String>; 10]);

impl Form {
    fn new() -> Self {
        Form(std::array::from_fn(|_| RwSignal::new(String::new())))
    }

    fn signal(&self, name: &str) -> RwSignal<String> {
        let index = WRITTEN.iter().position(|field| *field == name).unwrap_or(0);
        self.0[index]
    }

    fn fill(&self, written: &Written) {
        let day = written
            .signed_on
            .map(|day| day.display())
            .unwrap_or_default();
        for (name, value) in [
            ("number", &written.number),
            ("place", &written.place),
            ("signed_on", &day),
            ("authority", &written.authority),
            ("signer_title", &written.signer_title),
            ("signer", &written.signer),
            ("recipients", &written.recipients),
            ("assessment", &written.assessment),
            ("direction", &written.direction),
            ("recommendations", &written.recommendations),
        ] {
            self.signal(name).set(value.clone());
        }
    }

    /// What the form holds, as the document shows it while it is edited.
    fn written(&self) -> Written {
        let text = |name: &str| self.signal(name).get().trim().to_owned();
        Written {
            number: text("number"),
            place: text("place"),
            signed_on: crate::calendar::IsoDate::parse_typed(&text("signed_on")).ok(),
            authority: text("authority"),
            signer_title: text("signer_title"),
            signer: text("signer"),
            recipients: text("recipients"),
            assessment: text("assessment"),
            direction: text("direction"),
            recommendations: text("recommendations"),
        }
    }

    /// The record to save: `base` (the record as this browser has it) with
    /// the period and the form's values; an empty value removes its field.
    fn fields(&self, base: Option<Fields>, span: &Span) -> Fields {
        let mut fields = base.unwrap_or_default();
        let (_, year, code, session) = report_key(span);
        fields.insert("year".into(), serde_json::Value::from(year));
        fields.insert("period".into(), serde_json::Value::from(code));
        match session {
            Some(session) => {
                fields.insert(
                    "session".into(),
                    serde_json::Value::from(String::from(session)),
                );
            }
            None => {
                fields.remove("session");
            }
        }
        for name in WRITTEN {
            let value = self.signal(name).get_untracked();
            let value = value.trim();
            if value.is_empty() {
                fields.remove(name);
            } else if name == "signed_on" {
                // Typed as on screen (05/01/2021); kept as the record keeps a
                // day, or as typed so the check says what is wrong.
                let kept = crate::calendar::IsoDate::parse_typed(value)
                    .map(|day| day.iso())
                    .unwrap_or_else(|_| value.to_owned());
                fields.insert(name.into(), serde_json::Value::from(kept));
            } else {
                fields.insert(name.into(), serde_json::Value::from(value.to_owned()));
            }
        }
        fields
    }
}

/// A paragraph of part I, each figure a link to the records behind it,
/// marked (on screen only) when some of them are not yet approved.
fn drafted_view(
    locale: Locale,
    paragraph: &Drafted,
    state: &ClientState,
    year: i32,
    code: &str,
) -> impl IntoView + use<> {
    let pieces = paragraph
        .pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text { text } => text.clone().into_any(),
            Piece::Figure {
                text,
                key,
                unapproved,
                ..
            } => {
                // Marked by its style (an asterisk drawn after it, on screen
                // only) and described by its title: the sentence's text
                // stays the document's.
                let said = (*unapproved > 0).then(|| {
                    let count = crate::numbers::count(locale, *unapproved as usize);
                    td_string!(locale, report.figure_unapproved, count = count).to_string()
                });
                let marked = said.is_some();
                match kind_of(key) {
                    Some(kind) => {
                        let href = list_href(state, kind, &key.replacen('.', ":", 1), year, code);
                        view! {
                            <a class="paper-figure" class:paper-unapproved=marked href=href title=said>
                                {text.clone()}
                            </a>
                        }
                        .into_any()
                    }
                    None => view! {
                        <span class:paper-unapproved=marked title=said>{text.clone()}</span>
                    }
                    .into_any(),
                }
            }
        })
        .collect_view();
    view! { <p class="paper-text">{pieces}</p> }
}

/// The report as the office signs it, on screen and on paper.
fn paper_view(
    locale: Locale,
    document: &ReportDocument,
    state: &ClientState,
    year: i32,
    code: &str,
) -> impl IntoView + use<> {
    let issuer = &document.issuer;
    let above = (!issuer.above.is_empty()).then(|| view! { <p>{issuer.above.clone()}</p> });
    let sections = document
        .draft
        .sections
        .iter()
        .map(|section| {
            let paragraphs = section
                .paragraphs
                .iter()
                .map(|paragraph| drafted_view(locale, paragraph, state, year, code))
                .collect_view();
            view! {
                <h4 class="paper-section">{format!("{}. {}", section.number, section.title)}</h4>
                {paragraphs}
            }
        })
        .collect_view();
    let written = document
        .written
        .iter()
        .map(|part| {
            let paragraphs = if part.paragraphs.is_empty() {
                view! {
                    <p class="paper-missing">{td_string!(locale, report.not_written)}</p>
                }
                .into_any()
            } else {
                part.paragraphs
                    .iter()
                    .map(|text| view! { <p class="paper-text">{text.clone()}</p> })
                    .collect_view()
                    .into_any()
            };
            view! {
                <h3 class="paper-part">{part.heading.clone()}</h3>
                {paragraphs}
            }
        })
        .collect_view();
    let recipients = document
        .recipients
        .iter()
        .map(|line| view! { <p>{line.clone()}</p> })
        .collect_view();
    let authority = document
        .authority
        .iter()
        .map(|line| view! { <p class="paper-strong">{line.clone()}</p> })
        .collect_view();
    view! {
        <article class="report-paper" aria-label=td_string!(locale, report.paper) lang="vi">
            <div class="paper-top">
                <div class="paper-issuer">
                    {above}
                    <p class="paper-strong">{issuer.name.clone()}</p>
                    <hr class="paper-rule short" />
                    <p class="paper-blanks">{document.number.clone()}</p>
                </div>
                <div class="paper-nation">
                    <p class="paper-strong paper-national">{NATIONAL_TITLE}</p>
                    <p class="paper-strong">{MOTTO}</p>
                    <hr class="paper-rule" />
                    <p class="paper-day paper-blanks">{document.place_and_day.clone()}</p>
                </div>
            </div>
            <h2 class="paper-kind">
                {document.kind}
                " "
                <span class="paper-title">{document.title.clone()}</span>
            </h2>
            <hr class="paper-rule short" />
            <p class="paper-text">{document.opening.clone()}</p>
            <h3 class="paper-part">{document.part_one.clone()}</h3>
            {sections}
            {written}
            <div class="paper-bottom">
                <div class="paper-recipients">
                    <p class="paper-strong"><em>{RECIPIENTS_HEADING}</em></p>
                    {recipients}
                </div>
                <div class="paper-sign">
                    {authority}
                    <div class="paper-sign-space"></div>
                    <p class="paper-strong">{document.signer.clone()}</p>
                </div>
            </div>
        </article>
    }
}

/// `/reports`.
#[component]
pub fn ReportPage(
    /// The office's name, as the server says it (`--office-name`).
    office: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let replica = use_replica();
    let chosen = use_chosen();
    let ready = move || replica.status().ready;
    let writable = move || {
        auth.identity()
            .is_some_and(|identity| work_report::SPEC.writable_by(identity.role))
    };
    let shown = Memo::new(move |_| {
        let (year, period) = chosen.get();
        replica.with(|state| compute(state, year, period))
    });
    let id = Memo::new(move |_| {
        shown.with(|report| report.as_ref().map(|report| report_key(&report.period).0))
    });
    // The period's record, as this browser has it.
    let record = Memo::new(move |_| {
        let id = id.get()?;
        replica.with(|state| {
            state
                .records
                .get(&id)
                .filter(|record| record.kind == work_report::KIND && !record.deleted())
                .map(|record| record.fields().clone())
        })
    });
    let form = Form::new();
    let editing = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<String>);
    // Leaving the period leaves its form.
    Effect::new(move |_| {
        chosen.track();
        editing.set(false);
        errors.set(Vec::new());
    });
    let written = Memo::new(move |_| {
        if editing.get() {
            form.written()
        } else {
            record.with(|fields| {
                fields
                    .as_ref()
                    .map(Written::from_fields)
                    .unwrap_or_default()
            })
        }
    });
    let paper = Memo::new(move |_| {
        let report = shown.get()?;
        let office = office.get();
        Some(document(&report, office.as_deref(), &written.get()))
    });

    let start_editing = move |_| {
        let mut current = record.with_untracked(|fields| {
            fields
                .as_ref()
                .map(Written::from_fields)
                .unwrap_or_default()
        });
        if current.place.is_empty()
            && let Some(place) = office.get_untracked().as_deref().and_then(province)
        {
            current.place = place;
        }
        form.fill(&current);
        errors.set(Vec::new());
        notice.set(None);
        editing.set(true);
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (Some(report), Some(id)) = (shown.get_untracked(), id.get_untracked()) else {
            return;
        };
        let fields = form.fields(record.get_untracked(), &report.period);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = replica.save(work_report::KIND, id, fields).await;
            busy.set(false);
            let locale = i18n.get_locale_untracked();
            match result {
                Ok(()) => {
                    errors.set(Vec::new());
                    editing.set(false);
                    notice.set(Some(td_string!(locale, report.saved).to_owned()));
                }
                Err(SaveError::Edit(EditError::Invalid(fields))) => errors.set(fields),
                Err(SaveError::Edit(other)) => notice.set(Some(other.to_string())),
                Err(SaveError::NotReady) => {
                    notice.set(Some(td_string!(locale, records.loading).to_owned()))
                }
                Err(SaveError::Storage(trouble)) => {
                    notice.set(Some(crate::pages::sync::trouble_text(locale, &trouble)))
                }
            }
        });
    };
    let offer = move |extension: &'static str| {
        let locale = i18n.get_locale_untracked();
        let (Some(report), Some(paper)) = (shown.get_untracked(), paper.get_untracked()) else {
            return;
        };
        let made = match extension {
            "docx" => export::docx(&paper).map(|bytes| {
                (
                    bytes,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                )
            }),
            "json" => serde_json::to_string_pretty(&report)
                .map(|mut text| {
                    text.push('\n');
                    (text.into_bytes(), "application/json")
                })
                .map_err(|error| export::ExportError::Json(error.to_string())),
            _ => export::xlsx(&report, &paper.title).map(|bytes| {
                (
                    bytes,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            }),
        };
        let offered = made
            .map_err(|error| error.to_string())
            .and_then(|(bytes, mime)| {
                crate::web::replica::offer_file(
                    &export::file_name(&report, extension),
                    &bytes,
                    mime,
                )
            });
        if let Err(error) = offered {
            notice.set(Some(
                td_string!(locale, report.file_failed, error = error).to_string(),
            ));
        }
    };

    let field_input = move |name: &'static str, long: bool| {
        let locale = i18n.get_locale();
        let spec = &work_report::SPEC;
        let label = field_label(locale, spec, name);
        let hint = spec
            .field(name)
            .and_then(|field| field_hint(locale, spec, field))
            .map(str::to_owned)
            .or_else(|| {
                (name == "signed_on").then(|| td_string!(locale, report.day_hint).to_owned())
            });
        let input_id = format!("report-{name}");
        let hint_id = format!("report-{name}-hint");
        let error_id = format!("report-{name}-error");
        let error = move || {
            let locale = i18n.get_locale();
            errors.with(|errors| {
                errors
                    .iter()
                    .find(|error| error.field == name)
                    .map(|error| {
                        spec.field(name)
                            .map(|field| field_error_text(locale, spec, field, error))
                            .unwrap_or_else(|| error.message.clone())
                    })
            })
        };
        let invalid = move || error().is_some().to_string();
        let described = format!("{hint_id} {error_id}");
        let signal = form.signal(name);
        let input = if long {
            view! {
                <textarea
                    id=input_id.clone()
                    rows=if WRITTEN[7..].contains(&name) { 8 } else { 4 }
                    aria-describedby=described
                    aria-invalid=invalid
                    prop:value=move || signal.get()
                    on:input=move |event| signal.set(event_target_value(&event))
                ></textarea>
            }
            .into_any()
        } else {
            view! {
                <input
                    id=input_id.clone()
                    type="text"
                    aria-describedby=described
                    aria-invalid=invalid
                    prop:value=move || signal.get()
                    on:input=move |event| signal.set(event_target_value(&event))
                />
            }
            .into_any()
        };
        view! {
            <div class="field">
                <label for=input_id>{label}</label>
                {input}
                <p class="hint" id=hint_id>{hint}</p>
                <p class="field-error" id=error_id role="alert">{error}</p>
            </div>
        }
    };

    let editor = move || {
        let locale = i18n.get_locale();
        editing.get().then(|| {
            view! {
                <form class="report-editor card" on:submit=save aria-labelledby="report-editor-title">
                    <h2 id="report-editor-title">{td_string!(locale, report.editor)}</h2>
                    <div class="report-editor-grid">
                        {field_input("number", false)}
                        {field_input("place", false)}
                        {field_input("signed_on", false)}
                        {field_input("authority", false)}
                        {field_input("signer_title", false)}
                        {field_input("signer", false)}
                    </div>
                    {field_input("recipients", true)}
                    {field_input("assessment", true)}
                    {field_input("direction", true)}
                    {field_input("recommendations", true)}
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || busy.get()>
                            {td_string!(locale, report.save)}
                        </button>
                        <button type="button" class="secondary" on:click=move |_| editing.set(false)>
                            {td_string!(locale, report.cancel)}
                        </button>
                    </div>
                </form>
            }
        })
    };

    let body = move || {
        let locale = i18n.get_locale();
        if !ready() {
            return view! { <p class="loading">{td_string!(locale, records.loading)}</p> }
                .into_any();
        }
        let Some(document) = paper.get() else {
            return view! { <p class="notice">{td_string!(locale, overview.no_period)}</p> }
                .into_any();
        };
        let Some(report) = shown.get() else {
            return ().into_any();
        };
        let year = report.period.year;
        let code = report.period.code.clone();
        replica.with(|state| {
            let heading = period_label(locale, state, &report.period);
            let history = id.get().filter(|_| record.with(Option::is_some)).map(|id| {
                view! {
                    <a href=record_path(&work_report::SPEC, id)>
                        {td_string!(locale, report.history)}
                    </a>
                }
            });
            let unapproved = (document.draft.unapproved > 0).then(|| {
                let count = crate::numbers::count(locale, document.draft.unapproved as usize);
                view! {
                    <p class="notice report-unapproved">
                        {td_string!(locale, report.unapproved, count = count)}
                    </p>
                }
            });
            view! {
                <div class="report-toolbar" role="group" aria-label=td_string!(locale, report.actions)>
                    <p class="report-period">{heading}</p>
                    <Show when=move || writable() && !editing.get()>
                        <button type="button" class="primary" on:click=start_editing>
                            {td_string!(locale, report.edit)}
                        </button>
                    </Show>
                    <button type="button" class="secondary" on:click=move |_| crate::web::replica::print_page()>
                        {td_string!(locale, report.print)}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| offer("docx")>
                        {td_string!(locale, report.docx)}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| offer("xlsx")>
                        {td_string!(locale, report.xlsx)}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| offer("json")>
                        {td_string!(locale, report.json)}
                    </button>
                    {history}
                </div>
                {unapproved}
                {paper_view(locale, &document, state, year, &code)}
            }
            .into_any()
        })
    };

    view! {
        <Title text=move || page_title(i18n.get_locale(), td_string!(i18n.get_locale(), nav.reports)) />
        <header class="page-header">
            <h1>{move || td_string!(i18n.get_locale(), nav.reports)}</h1>
            <p>{move || td_string!(i18n.get_locale(), reports.lead)}</p>
        </header>
        <div class="report-page">
            <PeriodPicker base="/reports" id="report" />
            <div role="status" class="report-status">
                {move || notice.get().map(|text| view! { <p class="notice saved">{text}</p> })}
            </div>
            {editor}
            {body}
        </div>
    }
}
