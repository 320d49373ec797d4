//! A record's review on its page: where it stands (nháp, chờ duyệt, đã
//! duyệt, trả lại), the comment that came with the last step, and the steps
//! the signed-in role may take from there (`review::steps`). A step is an
//! edit of the replica like any other: it works offline and the sync sends
//! it; the server's decision (`records::decide`) is the one that counts.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::i18n::use_i18n;
use crate::pages::records::view::{escape_closes, focus_id};
use crate::records::review::{self, NOTE_MAX, State, Step};
use crate::records::review_texts::{note_problem, state_lead, state_name, step_label};
use crate::records::spec::KindSpec;
use crate::records::texts::field_label;
use crate::sync::client::EditError;
use crate::sync::model::RecordId;
use crate::sync::status::SaveError;
use crate::web::replica::use_replica;
use crate::web::session::use_auth;

/// The review section of the record `id` of `spec` (a kind that has one).
#[component]
pub fn ReviewPanel(
    spec: &'static KindSpec,
    id: Signal<Option<RecordId>>,
    state: Signal<State>,
    note: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let auth = use_auth();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    // The step whose comment is being typed, and the comment.
    let asking = RwSignal::new(None::<Step>);
    let typed = RwSignal::new(String::new());
    let typed_problem = RwSignal::new(None::<&'static str>);
    let stopped = move || replica.status().editing_stopped();
    let take = move |step: Step, note: Option<String>| {
        let Some(id) = id.get_untracked() else { return };
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = replica.review(id, step, note).await;
            busy.try_set(false);
            let locale = i18n.get_locale_untracked();
            match result {
                Ok(()) => {
                    asking.try_set(None);
                    focus_id("review-heading");
                }
                Err(SaveError::NotReady) => {
                    failure.try_set(Some(td_string!(locale, records.loading).to_owned()));
                }
                Err(SaveError::Storage(trouble)) => {
                    failure.try_set(Some(crate::pages::sync::trouble_text(locale, &trouble)));
                }
                Err(SaveError::Edit(EditError::NotFound | EditError::Deleted)) => {
                    failure.try_set(Some(td_string!(locale, review.gone).to_owned()));
                }
                Err(SaveError::Edit(other)) => {
                    failure.try_set(Some(other.to_string()));
                }
            }
        });
    };
    let close = move || {
        let step = asking.get_untracked();
        asking.set(None);
        if let Some(step) = step {
            focus_id(format!("review-{}", step.code()));
        }
    };
    let confirm = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(step) = asking.get_untracked() else {
            return;
        };
        let locale = i18n.get_locale_untracked();
        let note = typed.get_untracked();
        if let Some(problem) = note_problem(locale, step, &note) {
            typed_problem.set(Some(problem));
            focus_id("review-note-input");
            return;
        }
        typed_problem.set(None);
        let note = crate::text::nfc(note.trim());
        take(step, (!note.is_empty()).then_some(note));
    };
    let buttons = move || {
        let locale = i18n.get_locale();
        let role = auth.identity().map(|identity| identity.role)?;
        let steps = review::steps(spec, role, state.get());
        if steps.is_empty() {
            return None;
        }
        let buttons = steps
            .into_iter()
            .map(|step| {
                let class = match step {
                    Step::Approve | Step::Submit => "primary",
                    _ => "secondary",
                };
                let click = move |_| {
                    if step.needs_note() {
                        typed.set(String::new());
                        typed_problem.set(None);
                        asking.set(Some(step));
                        focus_id("review-note-input");
                    } else {
                        take(step, None);
                    }
                };
                view! {
                    <button
                        type="button"
                        id=format!("review-{}", step.code())
                        class=class
                        disabled=move || busy.get() || stopped()
                        on:click=click
                    >
                        {step_label(locale, step)}
                    </button>
                }
            })
            .collect_view();
        Some(view! { <div class="form-actions review-actions">{buttons}</div> })
    };
    let dialog = move || {
        let step = asking.get()?;
        let locale = i18n.get_locale();
        let (question, label) = match step {
            Step::Reopen => (
                td_string!(locale, review.reopen_question),
                td_string!(locale, review.reopen_reason),
            ),
            _ => (
                td_string!(locale, review.return_question),
                td_string!(locale, review.return_comment),
            ),
        };
        Some(view! {
            <div class="dialog-backdrop">
                <div
                    class="dialog dialog-form"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="review-question"
                    on:keydown=escape_closes(close)
                >
                    <h2 id="review-question">{question}</h2>
                    <form class="form" on:submit=confirm novalidate>
                        <div class="field">
                            <label for="review-note-input">{label}</label>
                            <textarea
                                id="review-note-input"
                                rows="4"
                                maxlength=NOTE_MAX.to_string()
                                aria-invalid=move || typed_problem.get().is_some().to_string()
                                aria-describedby="review-note-error"
                                prop:value=move || typed.get()
                                on:input=move |event| typed.set(event_target_value(&event))
                            ></textarea>
                            <p class="field-error" id="review-note-error" role="alert">
                                {move || typed_problem.get()}
                            </p>
                        </div>
                        <div class="form-actions">
                            <button type="submit" class="primary" disabled=move || busy.get()>
                                {step_label(locale, step)}
                            </button>
                            <button type="button" class="secondary" on:click=move |_| close()>
                                {td_string!(locale, records.cancel)}
                            </button>
                        </div>
                    </form>
                </div>
            </div>
        })
    };
    view! {
        <section class="review-panel" aria-labelledby="review-heading" data-review=move || state.get().code()>
            <h2 id="review-heading" tabindex="-1">{move || td_string!(i18n.get_locale(), review.heading)}</h2>
            <p class="review-state">
                <span class="badge" data-review=move || state.get().code()>
                    {move || state_name(i18n.get_locale(), state.get())}
                </span>
                " "
                {move || state_lead(i18n.get_locale(), state.get())}
            </p>
            {move || {
                let locale = i18n.get_locale();
                note.get().filter(|note| !note.trim().is_empty()).map(|note| view! {
                    <p class="review-note">
                        <strong>{field_label(locale, spec, review::NOTE)}": "</strong>
                        {note}
                    </p>
                })
            }}
            {buttons}
            <div role="alert">{move || failure.get().map(|message| view! { <p class="notice">{message}</p> })}</div>
        </section>
        {dialog}
    }
    .into_any()
}
