//! Sign-in screens: the login page, the dialog that asks for the password
//! again when a session ends mid-work, the user menu with sign-out, the
//! account page (own password), the access-denied page and the route guard.

use leptos::portal::Portal;
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::auth::model::{Access, Identity, LoginRequest, PasswordChange};
use crate::error::AppError;
use crate::i18n::{Locale, use_i18n};
use crate::messages::page_title;
use crate::messages::role_name;
use crate::paths::{login_path, safe_next};
use crate::web::session::{Farewell, use_auth};
use crate::web::ui::{TextField, alert_text, field_texts};

/// The sign-in form; with `fixed_username` the name is shown but not
/// editable (signing in again after the session ended).
#[component]
fn LoginForm(
    #[prop(optional)] fixed_username: Option<String>,
    on_success: Callback<Identity>,
    /// Prefix of element ids (the page and the dialog may both exist).
    id_prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let readonly = fixed_username.is_some();
    let username = RwSignal::new(fixed_username.unwrap_or_default());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);

    let field_errors = move |field| field_texts(error, field);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let request = LoginRequest {
            username: username.get_untracked(),
            password: password.get_untracked(),
        };
        if let Err(invalid) = request.validate() {
            error.set(Some(invalid));
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = crate::auth::api::login(request.username, request.password).await;
            busy.try_set(false);
            match result {
                Ok(identity) => {
                    password.try_set(String::new());
                    on_success.run(identity);
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };
    let alert = alert_text(error);
    let (user_id, password_id) = (
        format!("{id_prefix}-username"),
        format!("{id_prefix}-password"),
    );
    view! {
        <form class="form login-form" on:submit=submit novalidate>
            <TextField
                id=user_id
                label=Signal::derive(move || td_string!(i18n.get_locale(), auth.username).to_owned())
                value=username
                errors=field_errors("username")
                autocomplete="username"
                readonly=readonly
            />
            <TextField
                id=password_id
                label=Signal::derive(move || td_string!(i18n.get_locale(), auth.password).to_owned())
                value=password
                errors=field_errors("password")
                kind="password"
                autocomplete="current-password"
            />
            <div role="alert" class="form-alert">
                {move || alert.get().map(|text| view! { <p>{text}</p> })}
            </div>
            <button type="submit" class="primary" aria-busy=move || busy.get().to_string()>
                {move || {
                    if busy.get() {
                        td_string!(i18n.get_locale(), auth.signing_in)
                    } else {
                        td_string!(i18n.get_locale(), auth.submit)
                    }
                }}
            </button>
        </form>
    }
}

/// `/login`: the sign-in page; afterwards back to `?next=` or the overview.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let next = move || safe_next(query.with_untracked(|query| query.get("next")));
    let navigate = use_navigate();
    let on_success = Callback::new(move |identity: Identity| {
        auth.signed_in(identity);
        navigate(&next(), Default::default());
    });
    let title = move || td_string!(i18n.get_locale(), auth.login_title);
    view! {
        <Title text=move || page_title(i18n.get_locale(), title()) />
        <Show
            when=move || !auth.is_signed_in()
            fallback=move || view! { <Redirect path=next() /> }
        >
            <div class="login-page">
                <header class="page-header">
                    <h1>{title}</h1>
                    <p>{move || td_string!(i18n.get_locale(), auth.login_lead)}</p>
                </header>
                {move || {
                    auth.farewell()
                        .map(|farewell| {
                            let locale = i18n.get_locale();
                            let text = match farewell {
                                Farewell::Removed => {
                                    td_string!(locale, auth.farewell_removed).to_owned()
                                }
                                Farewell::Kept(count) => {
                                    td_string!(locale, auth.farewell_kept, count = count)
                                        .to_string()
                                }
                                Farewell::NotRemoved => {
                                    td_string!(locale, auth.farewell_not_removed).to_owned()
                                }
                            };
                            view! { <p class="notice" role="status">{text}</p> }
                        })
                }}
                <LoginForm on_success=on_success id_prefix="login" />
            </div>
        </Show>
    }
}

/// Over the current page when the session ended while signed in: sign in
/// again as the same user and carry on where you were.
#[component]
pub fn SessionExpiredDialog() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let other_account = move |_| {
        auth.signed_out();
        navigate("/login", Default::default());
    };
    let on_success = Callback::new(move |identity: Identity| auth.signed_in(identity));
    view! {
        <Show when=move || auth.expired()>
            <div class="dialog-backdrop">
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="expired-title"
                    aria-describedby="expired-body"
                >
                    <h2 id="expired-title">
                        {move || td_string!(i18n.get_locale(), auth.expired_title)}
                    </h2>
                    <p id="expired-body">
                        {move || td_string!(i18n.get_locale(), auth.expired_body)}
                    </p>
                    <LoginForm
                        fixed_username=auth
                            .identity_untracked()
                            .map(|identity| identity.username)
                            .unwrap_or_default()
                        on_success=on_success
                        id_prefix="dialog"
                    />
                    <button type="button" class="link-button" on:click=other_account.clone()>
                        {move || td_string!(i18n.get_locale(), auth.other_account)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// Name and role of the signed-in user, the account link and sign-out.
///
/// Signing out removes this browser's copy of the user's records when
/// nothing waits to be sent (nothing of them stays for the next person at
/// this computer); with changes still to send it asks first: send them now,
/// save them to a file, or keep the copy until the next sign-in. A session
/// that merely ends keeps the copy (see `SessionExpiredDialog`).
#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let replica = use_context::<crate::web::replica::Replica>();
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let send_failed = RwSignal::new(false);
    let pending = move || replica.map_or(0, |replica| replica.pending_changes());
    let finish = move |remove: bool| {
        let navigate = navigate.clone();
        async move {
            let kept = pending();
            let farewell = match (remove, replica) {
                (false, _) => Farewell::Kept(kept),
                (true, Some(replica)) if replica.forget_local_copy().await => Farewell::Removed,
                (true, Some(_)) => Farewell::NotRemoved,
                (true, None) => Farewell::Removed,
            };
            // Offline the server cannot be told; the session then ends by
            // its idle timeout. Locally the user is signed out either way.
            if let Err(error) = crate::auth::api::logout().await {
                leptos::logging::warn!("sign-out did not reach the server: {error}");
            }
            asking.set(false);
            busy.set(false);
            auth.signed_out_with(farewell);
            navigate("/login", Default::default());
        }
    };
    let sign_out = {
        let finish = finish.clone();
        move |_| {
            if pending() == 0 {
                leptos::task::spawn_local(finish(true));
            } else {
                send_failed.set(false);
                asking.set(true);
            }
        }
    };
    let send_now = {
        let finish = finish.clone();
        Callback::new(move |()| {
            let finish = finish.clone();
            busy.set(true);
            send_failed.set(false);
            leptos::task::spawn_local(async move {
                let sent = match replica {
                    Some(replica) => replica.send_now(20).await,
                    None => true,
                };
                if sent {
                    finish(true).await;
                } else {
                    busy.set(false);
                    send_failed.set(true);
                }
            });
        })
    };
    let save_file = {
        let finish = finish.clone();
        Callback::new(move |()| {
            if let Some(replica) = replica {
                replica.export_pending();
            }
            leptos::task::spawn_local(finish(true));
        })
    };
    let keep = Callback::new(move |()| leptos::task::spawn_local(finish(false)));
    let text = move |key: fn(Locale) -> &'static str| move || key(i18n.get_locale());
    view! {
        <Show when=move || auth.is_signed_in()>
            <div class="user-menu" role="group" aria-label=move || td_string!(i18n.get_locale(), auth.user_menu)>
                <A href="/account" attr:class="user-name">
                    <span>{move || auth.identity().map(|identity| identity.display_name)}</span>
                    <small>
                        {move || {
                            auth.identity().map(|identity| role_name(i18n.get_locale(), identity.role))
                        }}
                    </small>
                </A>
                <button type="button" on:click=sign_out.clone()>
                    {move || td_string!(i18n.get_locale(), auth.logout)}
                </button>
            </div>
        </Show>
        <Show when=move || asking.get()>
            // Under <body>: the top bar it is opened from may be scrolled,
            // clipped or hidden (a phone's narrow bar), and a fixed dialog
            // inside it would be too.
            <Portal>
            <div class="dialog-backdrop">
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="sign-out-title"
                    aria-describedby="sign-out-body"
                >
                    <h2 id="sign-out-title">{text(|l| td_string!(l, auth.sign_out_title))}</h2>
                    <p id="sign-out-body">
                        {move || {
                            td_string!(i18n.get_locale(), auth.sign_out_pending, count = pending())
                                .to_string()
                        }}
                    </p>
                    <Show when=move || send_failed.get()>
                        <p class="alert" role="alert">
                            {text(|l| td_string!(l, auth.send_failed))}
                        </p>
                    </Show>
                    <div class="dialog-actions">
                        <button
                            type="button"
                            class="primary"
                            disabled=move || busy.get()
                            on:click=move |_| send_now.run(())
                        >
                            {move || {
                                if busy.get() {
                                    td_string!(i18n.get_locale(), auth.sending)
                                } else {
                                    td_string!(i18n.get_locale(), auth.send_and_sign_out)
                                }
                            }}
                        </button>
                        <button
                            type="button"
                            class="secondary"
                            disabled=move || busy.get()
                            on:click=move |_| save_file.run(())
                        >
                            {text(|l| td_string!(l, auth.save_and_sign_out))}
                        </button>
                        <button
                            type="button"
                            class="secondary"
                            disabled=move || busy.get()
                            on:click=move |_| keep.run(())
                        >
                            {text(|l| td_string!(l, auth.keep_and_sign_out))}
                        </button>
                        <button
                            type="button"
                            class="link-button"
                            disabled=move || busy.get()
                            on:click=move |_| asking.set(false)
                        >
                            {text(|l| td_string!(l, auth.cancel))}
                        </button>
                    </div>
                </div>
            </div>
            </Portal>
        </Show>
    }
}

/// Shows `children` to users whose role `access` allows; sends anonymous
/// visitors to sign in (and back here afterwards), tells others they may not.
#[component]
pub fn Guarded(access: Access, children: ChildrenFn) -> impl IntoView {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Decision {
        SignIn,
        Refuse,
        Show,
    }
    let auth = use_auth();
    let location = use_location();
    // A memo: signing in again as the same user (after the session ended)
    // changes the identity but not the decision, so the page and everything
    // typed into it stay as they are.
    let decision = Memo::new(move |_| {
        if !auth.is_signed_in() {
            Decision::SignIn
        } else if !auth.allows(access) {
            Decision::Refuse
        } else {
            Decision::Show
        }
    });
    move || match decision.get() {
        Decision::SignIn => {
            // The whole address, its query too (a search, a figure's list).
            let mut here = location.pathname.get_untracked();
            let search = location.search.get_untracked();
            if !search.is_empty() {
                here.push('?');
                here.push_str(&search);
            }
            view! { <Redirect path=login_path(&here) /> }.into_any()
        }
        Decision::Refuse => view! { <ForbiddenPage /> }.into_any(),
        Decision::Show => children().into_any(),
    }
}

/// A section the user's role may not see.
#[component]
pub fn ForbiddenPage() -> impl IntoView {
    let i18n = use_i18n();
    let title = move || td_string!(i18n.get_locale(), auth.forbidden_title);
    view! {
        <Title text=move || page_title(i18n.get_locale(), title()) />
        <div class="not-found">
            <h1>{title}</h1>
            <p>{move || td_string!(i18n.get_locale(), auth.forbidden_body)}</p>
            <p>
                <A href="/">{move || td_string!(i18n.get_locale(), not_found.home)}</A>
            </p>
        </div>
    }
}

/// `/account`: who I am, and changing my password.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let mismatch = RwSignal::new(false);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let field_errors = move |field: &'static str| {
        let texts = field_texts(error, field);
        Signal::derive(move || {
            let mut texts = texts.get();
            if field == "repeat_password" && mismatch.get() {
                texts.push(td_string!(i18n.get_locale(), account.mismatch).to_owned());
            }
            texts
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        done.set(false);
        let request = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        let username = auth
            .identity_untracked()
            .map(|identity| identity.username)
            .unwrap_or_default();
        let checked = request.validate(&username);
        mismatch.set(repeat.get_untracked() != request.new_password);
        if let Err(invalid) = checked {
            error.set(Some(invalid));
            return;
        }
        error.set(None);
        if mismatch.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = auth.check(
                crate::auth::api::change_password(request.current_password, request.new_password)
                    .await,
            );
            busy.try_set(false);
            match result {
                Ok(()) => {
                    for field in [current, new, repeat] {
                        field.try_set(String::new());
                    }
                    done.try_set(true);
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };
    let alert = alert_text(error);
    let title = move || td_string!(i18n.get_locale(), account.title);
    let label = move |pick: fn(Locale) -> &'static str| {
        Signal::derive(move || pick(i18n.get_locale()).to_owned())
    };
    view! {
        <Title text=move || page_title(i18n.get_locale(), title()) />
        <header class="page-header">
            <h1>{title}</h1>
            <p>{move || td_string!(i18n.get_locale(), account.lead)}</p>
        </header>
        <dl class="facts">
            <dt>{move || td_string!(i18n.get_locale(), auth.username)}</dt>
            <dd>{move || auth.identity().map(|identity| identity.username)}</dd>
            <dt>{move || td_string!(i18n.get_locale(), account.display_name)}</dt>
            <dd>{move || auth.identity().map(|identity| identity.display_name)}</dd>
            <dt>{move || td_string!(i18n.get_locale(), account.role)}</dt>
            <dd>{move || auth.identity().map(|identity| role_name(i18n.get_locale(), identity.role))}</dd>
        </dl>
        <section class="card" aria-labelledby="change-password">
            <h2 id="change-password">{move || td_string!(i18n.get_locale(), account.change_password)}</h2>
            <form class="form" on:submit=submit novalidate>
                <TextField
                    id="current_password"
                    label=label(|locale| td_string!(locale, account.current_password))
                    value=current
                    errors=field_errors("current_password")
                    kind="password"
                    autocomplete="current-password"
                />
                <TextField
                    id="new_password"
                    label=label(|locale| td_string!(locale, account.new_password))
                    value=new
                    errors=field_errors("new_password")
                    kind="password"
                    autocomplete="new-password"
                    hint=label(|locale| td_string!(locale, account.password_hint))
                />
                <TextField
                    id="repeat_password"
                    label=label(|locale| td_string!(locale, account.repeat_password))
                    value=repeat
                    errors=field_errors("repeat_password")
                    kind="password"
                    autocomplete="new-password"
                />
                <div role="alert" class="form-alert">
                    {move || alert.get().map(|text| view! { <p>{text}</p> })}
                </div>
                <p role="status" class="form-status">
                    {move || done.get().then(|| td_string!(i18n.get_locale(), account.password_changed))}
                </p>
                <button type="submit" class="primary" aria-busy=move || busy.get().to_string()>
                    {move || td_string!(i18n.get_locale(), account.change_password)}
                </button>
            </form>
        </section>
    }
}
