//! The browser's view of who is signed in. The identity is kept in
//! localStorage so the app opens offline as the last user; the server is
//! asked (`/api/auth/me`) whenever it can be reached, and it alone decides
//! what data anyone gets. When a call finds the session gone while the user
//! was signed in, a sign-in dialog opens over the page, so nothing typed is
//! lost.

use leptos::prelude::*;

use crate::auth::model::{Access, Identity};
use crate::error::AppError;

/// localStorage key of the last signed-in identity (no secrets: name, display
/// name, role).
const IDENTITY_KEY: &str = "hdnd.identity";

/// The sign-in state, provided at the root.
#[derive(Debug, Clone, Copy)]
pub struct Auth {
    identity: RwSignal<Option<Identity>>,
    /// The session ended while the user was working: ask for the password
    /// again without leaving the page.
    expired: RwSignal<bool>,
    /// What became of this browser's copy at the last sign-out, for the
    /// sign-in page to say.
    farewell: RwSignal<Option<Farewell>>,
}

/// What an explicit sign-out did with the browser's copy of the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Farewell {
    /// Removed: nothing of the user's records stays in this browser.
    Removed,
    /// Kept, with this many changes still to send at the next sign-in.
    Kept(usize),
    /// Removing it failed (the browser's storage refused); it stays.
    NotRemoved,
}

impl Auth {
    pub fn identity(&self) -> Option<Identity> {
        self.identity.get()
    }

    pub fn identity_untracked(&self) -> Option<Identity> {
        self.identity.get_untracked()
    }

    pub fn is_signed_in(&self) -> bool {
        self.identity.with(Option::is_some)
    }

    /// Whether the signed-in user may see what `access` guards.
    pub fn allows(&self, access: Access) -> bool {
        self.identity
            .with(|identity| access.allows(identity.as_ref().map(|identity| identity.role)))
    }

    pub fn expired(&self) -> bool {
        self.expired.get()
    }

    pub fn expired_untracked(&self) -> bool {
        self.expired.get_untracked()
    }

    pub fn signed_in(&self, identity: Identity) {
        store(Some(&identity));
        self.identity.set(Some(identity));
        self.expired.set(false);
        self.farewell.set(None);
    }

    /// The server says the signed-in user's role is now `role` (an
    /// administrator changed it): the screens follow.
    pub fn role_changed(&self, role: crate::auth::model::Role) {
        let changed = self.identity.with_untracked(|identity| {
            identity
                .as_ref()
                .is_some_and(|identity| identity.role != role)
        });
        if changed {
            self.identity.update(|identity| {
                if let Some(identity) = identity {
                    identity.role = role;
                    store(Some(identity));
                }
            });
        }
    }

    pub fn signed_out(&self) {
        store(None);
        self.expired.set(false);
        self.identity.set(None);
    }

    /// Signed out by the user, with what became of the local copy.
    pub fn signed_out_with(&self, farewell: Farewell) {
        self.farewell.set(Some(farewell));
        self.signed_out();
    }

    /// What the last sign-out did with the local copy (until someone signs
    /// in).
    pub fn farewell(&self) -> Option<Farewell> {
        self.farewell.get()
    }

    /// Passes a call's result through; a lost session while signed in opens
    /// the sign-in dialog.
    pub fn check<T>(&self, result: Result<T, AppError>) -> Result<T, AppError> {
        if matches!(result, Err(AppError::Unauthenticated))
            && self.identity.get_untracked().is_some()
        {
            self.expired.set(true);
        }
        result
    }
}

fn store(identity: Option<&Identity>) {
    use gloo_storage::{LocalStorage, Storage};
    let outcome = match identity {
        Some(identity) => LocalStorage::set(IDENTITY_KEY, identity),
        None => {
            LocalStorage::delete(IDENTITY_KEY);
            Ok(())
        }
    };
    if let Err(error) = outcome {
        leptos::logging::warn!("cannot remember the signed-in user: {error}");
    }
}

fn stored() -> Option<Identity> {
    use gloo_storage::{LocalStorage, Storage};
    LocalStorage::get(IDENTITY_KEY).ok()
}

/// Provides [`Auth`] to the app and confirms the stored identity with the
/// server (an unreachable server keeps it: the app works offline).
pub fn provide_auth() -> Auth {
    let auth = Auth {
        identity: RwSignal::new(stored()),
        expired: RwSignal::new(false),
        farewell: RwSignal::new(None),
    };
    provide_context(auth);
    if auth.identity.get_untracked().is_some() {
        leptos::task::spawn_local(async move {
            match crate::auth::api::me().await {
                Ok(identity) => auth.signed_in(identity),
                Err(AppError::Unauthenticated) => auth.signed_out(),
                Err(error) => leptos::logging::warn!("cannot confirm the session: {error}"),
            }
        });
    }
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
