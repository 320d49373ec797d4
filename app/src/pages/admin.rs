//! The administrator's screens: users and roles (`/admin`) and the security
//! log (`/admin/security-log`).

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::admin::texts::{detail_text, kind_name, origin_text};
use crate::auth::model::{NewUser, Role, SecurityEvent, UserAccount};
use crate::error::AppError;
use crate::i18n::{Locale, use_i18n};
use crate::messages::page_title;
use crate::messages::{date_time, error_message, role_name};
use crate::web::session::use_auth;
use crate::web::ui::{TextField, alert_text, field_texts};

/// Links between the administration pages.
#[component]
fn AdminTabs() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs" aria-label=move || td_string!(i18n.get_locale(), users.tabs)>
            <A href="/admin" exact=true>{move || td_string!(i18n.get_locale(), users.tab_users)}</A>
            <A href="/admin/security-log">{move || td_string!(i18n.get_locale(), users.tab_log)}</A>
        </nav>
    }
}

/// A message after an action: polite status or an alert.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Done(String),
    Failed(String),
}

/// `/admin`: accounts and roles.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let users = RwSignal::new(None::<Result<Vec<UserAccount>, AppError>>);
    let outcome = RwSignal::new(None::<Outcome>);

    let reload = move || {
        leptos::task::spawn_local(async move {
            let result = auth.check(crate::admin::api::list_users().await);
            users.try_set(Some(result));
        });
    };
    reload();

    // An action on one account: run it, say what happened, refresh.
    let act = move |action: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<String, AppError>>>,
    >| {
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = auth.check(action.await);
            outcome.try_set(Some(match result {
                Ok(message) => Outcome::Done(message),
                Err(AppError::Conflict { .. }) => Outcome::Failed(
                    td_string!(i18n.get_locale_untracked(), users.last_admin).to_owned(),
                ),
                Err(error) => Outcome::Failed(error_message(i18n.get_locale_untracked(), &error)),
            }));
            reload();
        });
    };

    let set_role = move |account: UserAccount, role: Role| {
        act(Box::pin(async move {
            let user = crate::admin::api::set_role(account.username.clone(), role).await?;
            let locale = i18n.get_locale_untracked();
            Ok(td_string!(
                locale,
                users.role_changed,
                name = user.display_name,
                role = role_name(locale, user.role)
            )
            .to_string())
        }));
    };
    let set_disabled = move |account: UserAccount| {
        act(Box::pin(async move {
            let user = crate::admin::api::set_disabled(account.username.clone(), !account.disabled)
                .await?;
            let locale = i18n.get_locale_untracked();
            Ok(if user.disabled {
                td_string!(locale, users.user_disabled, name = user.display_name).to_string()
            } else {
                td_string!(locale, users.user_enabled, name = user.display_name).to_string()
            })
        }));
    };

    let rows = move || {
        let locale = i18n.get_locale();
        match users.get() {
            None => view! { <p>{td_string!(locale, users.loading)}</p> }.into_any(),
            Some(Err(error)) => {
                view! { <p role="alert">{error_message(locale, &error)}</p> }.into_any()
            }
            Some(Ok(list)) => {
                let rows = list
                    .into_iter()
                    .map(|account| {
                        view! {
                            <UserRow
                                account=account
                                on_role=set_role
                                on_toggle=set_disabled
                                on_password=move |message| {
                                    outcome.set(Some(message));
                                }
                            />
                        }
                    })
                    .collect_view();
                view! {
                    <table class="data-table">
                        <caption>{td_string!(locale, users.list)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(locale, users.col_username)}</th>
                                <th scope="col">{td_string!(locale, users.col_name)}</th>
                                <th scope="col">{td_string!(locale, users.col_role)}</th>
                                <th scope="col">{td_string!(locale, users.col_status)}</th>
                                <th scope="col">{td_string!(locale, users.col_last_login)}</th>
                                <th scope="col">{td_string!(locale, users.col_actions)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            }
        }
    };

    let title = move || td_string!(i18n.get_locale(), users.title);
    view! {
        <Title text=move || page_title(i18n.get_locale(), title()) />
        <header class="page-header">
            <h1>{title}</h1>
            <p>{move || td_string!(i18n.get_locale(), users.lead)}</p>
        </header>
        <AdminTabs />
        <div role="status" class="form-status">
            {move || match outcome.get() {
                Some(Outcome::Done(text)) => Some(view! { <p>{text}</p> }),
                _ => None,
            }}
        </div>
        <div role="alert" class="form-alert">
            {move || match outcome.get() {
                Some(Outcome::Failed(text)) => Some(view! { <p>{text}</p> }),
                _ => None,
            }}
        </div>
        <div class="table-scroll">{rows}</div>
        <NewUserForm on_created=move |message| {
            outcome.set(Some(Outcome::Done(message)));
            reload();
        } />
    }
}

/// One account in the table, with its role select and actions.
#[component]
fn UserRow(
    account: UserAccount,
    on_role: impl Fn(UserAccount, Role) + Copy + 'static,
    on_toggle: impl Fn(UserAccount) + Copy + 'static,
    on_password: impl Fn(Outcome) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let name = account.username.clone();
    let select_id = format!("role-{name}");
    let password_id = format!("password-{name}");
    let new_password = RwSignal::new(String::new());
    // The password box opens on request, for one row at a time in use.
    let resetting = RwSignal::new(false);
    let password_error = RwSignal::new(None::<AppError>);
    let role_account = account.clone();
    let toggle_account = account.clone();
    let options = Role::ALL
        .into_iter()
        .map(|role| {
            view! {
                <option value=role.as_str() selected=role == account.role>
                    {move || role_name(i18n.get_locale(), role)}
                </option>
            }
        })
        .collect_view();
    let set_password = {
        let name = name.clone();
        let display_name = account.display_name.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let request = crate::auth::model::PasswordReset {
                username: name.clone(),
                password: new_password.get_untracked(),
            };
            if let Err(invalid) = request.validate() {
                password_error.set(Some(invalid));
                return;
            }
            password_error.set(None);
            let display_name = display_name.clone();
            leptos::task::spawn_local(async move {
                let result = auth.check(
                    crate::admin::api::set_password(request.username, request.password).await,
                );
                let locale = i18n.get_locale_untracked();
                match result {
                    Ok(()) => {
                        new_password.try_set(String::new());
                        resetting.try_set(false);
                        on_password(Outcome::Done(
                            td_string!(locale, users.password_set, name = display_name).to_string(),
                        ));
                    }
                    Err(AppError::Invalid { fields }) => {
                        password_error.try_set(Some(AppError::Invalid { fields }));
                    }
                    Err(error) => on_password(Outcome::Failed(error_message(locale, &error))),
                }
            });
        }
    };
    let password_errors = field_texts(password_error, "password");
    let disabled = account.disabled;
    let label_name = name.clone();
    let toggle_name = name.clone();
    let password_label_name = name.clone();
    let submit_label_name = name.clone();
    view! {
        <tr data-disabled=disabled.to_string()>
            <th scope="row">{name.clone()}</th>
            <td>{account.display_name.clone()}</td>
            <td>
                <label class="visually-hidden" for=select_id.clone()>
                    {move || td_string!(i18n.get_locale(), users.role_of, name = label_name.clone()).to_string()}
                </label>
                <select
                    id=select_id.clone()
                    on:change=move |event| {
                        if let Some(role) = Role::parse(&event_target_value(&event)) {
                            on_role(role_account.clone(), role);
                        }
                    }
                >
                    {options}
                </select>
            </td>
            <td>
                {move || {
                    if disabled {
                        td_string!(i18n.get_locale(), users.disabled)
                    } else {
                        td_string!(i18n.get_locale(), users.active)
                    }
                }}
            </td>
            <td>
                {move || match account.last_login_at {
                    Some(at) => date_time(at),
                    None => td_string!(i18n.get_locale(), users.never).to_owned(),
                }}
            </td>
            <td class="actions">
                <button
                    type="button"
                    aria-label=move || {
                        let locale = i18n.get_locale();
                        if disabled {
                            td_string!(locale, users.enable_label, name = toggle_name.clone()).to_string()
                        } else {
                            td_string!(locale, users.disable_label, name = toggle_name.clone()).to_string()
                        }
                    }
                    on:click=move |_| on_toggle(toggle_account.clone())
                >
                    {move || {
                        if disabled {
                            td_string!(i18n.get_locale(), users.enable)
                        } else {
                            td_string!(i18n.get_locale(), users.disable)
                        }
                    }}
                </button>
                <button
                    type="button"
                    class="secondary"
                    aria-expanded=move || resetting.get().to_string()
                    aria-label={
                        let name = submit_label_name.clone();
                        move || td_string!(i18n.get_locale(), users.reset_password_label, name = name.clone()).to_string()
                    }
                    on:click=move |_| resetting.update(|open| *open = !*open)
                >
                    {move || td_string!(i18n.get_locale(), users.reset_password)}
                </button>
                <form class="inline-form" hidden=move || !resetting.get() on:submit=set_password novalidate>
                    <TextField
                        id=password_id
                        label=Signal::derive(move || {
                            td_string!(i18n.get_locale(), users.new_password_of, name = password_label_name.clone()).to_string()
                        })
                        value=new_password
                        errors=password_errors
                        kind="password"
                        autocomplete="new-password"
                    />
                    <button
                        type="submit"
                        aria-label=move || {
                            td_string!(i18n.get_locale(), users.set_password_label, name = submit_label_name.clone()).to_string()
                        }
                    >
                        {move || td_string!(i18n.get_locale(), users.set_password)}
                    </button>
                </form>
            </td>
        </tr>
    }
}

/// The form that adds an account.
#[component]
fn NewUserForm(on_created: impl Fn(String) + Copy + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Staff);
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);

    let field_errors = move |field| field_texts(error, field);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let request = NewUser {
            username: username.get_untracked(),
            display_name: display_name.get_untracked(),
            role: role.get_untracked(),
            password: password.get_untracked(),
        };
        if let Err(invalid) = request.validate() {
            error.set(Some(invalid));
            return;
        }
        error.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = auth.check(
                crate::admin::api::create_user(
                    request.username,
                    request.display_name,
                    request.role,
                    request.password,
                )
                .await,
            );
            busy.try_set(false);
            match result {
                Ok(user) => {
                    for field in [username, display_name, password] {
                        field.try_set(String::new());
                    }
                    on_created(
                        td_string!(
                            i18n.get_locale_untracked(),
                            users.created,
                            name = user.username
                        )
                        .to_string(),
                    );
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };
    let alert = alert_text(error);
    let label = move |pick: fn(Locale) -> &'static str| {
        Signal::derive(move || pick(i18n.get_locale()).to_owned())
    };
    let options = Role::ALL
        .into_iter()
        .map(|option| {
            view! {
                <option value=option.as_str() selected=move || role.get() == option>
                    {move || role_name(i18n.get_locale(), option)}
                </option>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="new-user">
            <h2 id="new-user">{move || td_string!(i18n.get_locale(), users.new_user)}</h2>
            <form class="form" on:submit=submit novalidate>
                <TextField
                    id="new-username"
                    label=label(|locale| td_string!(locale, auth.username))
                    value=username
                    errors=field_errors("username")
                />
                <TextField
                    id="new-display-name"
                    label=label(|locale| td_string!(locale, users.display_name))
                    value=display_name
                    errors=field_errors("display_name")
                    autocomplete="name"
                />
                <div class="field">
                    <label for="new-role">{move || td_string!(i18n.get_locale(), users.role)}</label>
                    <select
                        id="new-role"
                        on:change=move |event| {
                            if let Some(picked) = Role::parse(&event_target_value(&event)) {
                                role.set(picked);
                            }
                        }
                    >
                        {options}
                    </select>
                </div>
                <TextField
                    id="new-password"
                    label=label(|locale| td_string!(locale, users.initial_password))
                    value=password
                    errors=field_errors("password")
                    kind="password"
                    autocomplete="new-password"
                    hint=label(|locale| td_string!(locale, account.password_hint))
                />
                <div role="alert" class="form-alert">
                    {move || alert.get().map(|text| view! { <p>{text}</p> })}
                </div>
                <button type="submit" class="primary" aria-busy=move || busy.get().to_string()>
                    {move || td_string!(i18n.get_locale(), users.create)}
                </button>
            </form>
        </section>
    }
}

/// `/admin/security-log`: newest first, a page at a time.
#[component]
pub fn SecurityLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let events = RwSignal::new(Vec::<SecurityEvent>::new());
    let next = RwSignal::new(None::<i64>);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);

    let load = move |before: Option<i64>| {
        leptos::task::spawn_local(async move {
            match auth.check(crate::admin::api::security_events(before, Some(50)).await) {
                Ok(page) => {
                    events.try_update(|events| events.extend(page.events));
                    next.try_set(page.next_before);
                    error.try_set(None);
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
            loaded.try_set(true);
        });
    };
    load(None);

    let title = move || td_string!(i18n.get_locale(), seclog.title);
    let rows = move || {
        let locale = i18n.get_locale();
        let dash = td_string!(locale, seclog.nobody);
        events
            .get()
            .into_iter()
            .map(|event| {
                view! {
                    <tr>
                        <td>{date_time(event.at)}</td>
                        <td>{kind_name(locale, event.kind)}</td>
                        <td>{event.actor.unwrap_or_else(|| dash.to_owned())}</td>
                        <td>{event.subject.unwrap_or_else(|| dash.to_owned())}</td>
                        <td>{origin_text(locale, &event.origin)}</td>
                        <td>{detail_text(locale, &event.detail)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <Title text=move || page_title(i18n.get_locale(), title()) />
        <header class="page-header">
            <h1>{title}</h1>
            <p>{move || td_string!(i18n.get_locale(), seclog.lead)}</p>
        </header>
        <AdminTabs />
        <div role="alert" class="form-alert">
            {move || error.get().map(|error| view! { <p>{error_message(i18n.get_locale(), &error)}</p> })}
        </div>
        <Show when=move || loaded.get() && events.with(Vec::is_empty) && error.with(Option::is_none)>
            <p>{move || td_string!(i18n.get_locale(), seclog.empty)}</p>
        </Show>
        <div class="table-scroll">
            <table class="data-table">
                <caption>{move || td_string!(i18n.get_locale(), seclog.table)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || td_string!(i18n.get_locale(), seclog.col_time)}</th>
                        <th scope="col">{move || td_string!(i18n.get_locale(), seclog.col_event)}</th>
                        <th scope="col">{move || td_string!(i18n.get_locale(), seclog.col_actor)}</th>
                        <th scope="col">{move || td_string!(i18n.get_locale(), seclog.col_subject)}</th>
                        <th scope="col">{move || td_string!(i18n.get_locale(), seclog.col_origin)}</th>
                        <th scope="col">{move || td_string!(i18n.get_locale(), seclog.col_detail)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Show when=move || next.get().is_some()>
            <button type="button" on:click=move |_| load(next.get_untracked())>
                {move || td_string!(i18n.get_locale(), seclog.more)}
            </button>
        </Show>
    }
}
