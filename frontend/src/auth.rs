//! Who is logged in, in context. On start the app tries the refresh cookie,
//! so a reload keeps the user logged in. A flag in localStorage (not the
//! token, which scripts cannot read) says whether there may be a session,
//! so anonymous visitors do not send a refresh that can only fail.

use crate::api;
use fritid_domain::account::{Me, Session};
use fritid_domain::Role;
use leptos::prelude::*;

const SESSION_HINT: &str = "fritid.session";

fn set_hint(present: bool) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = if present {
            storage.set_item(SESSION_HINT, "1")
        } else {
            storage.remove_item(SESSION_HINT)
        };
    }
}

fn has_hint() -> bool {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(SESSION_HINT).ok().flatten())
        .is_some()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub access_token: String,
    pub user: Me,
}

#[derive(Debug, Clone, Copy)]
pub struct Auth {
    current: RwSignal<Option<Current>>,
    /// False until the start-up refresh has answered.
    ready: RwSignal<bool>,
}

impl Auth {
    pub fn user(&self) -> Option<Me> {
        self.current.with(|c| c.as_ref().map(|c| c.user.clone()))
    }

    pub fn is_ready(&self) -> bool {
        self.ready.get()
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.current
            .with(|c| c.as_ref().is_some_and(|c| c.user.roles.contains(&role)))
    }

    pub fn access_token(&self) -> Option<String> {
        self.current
            .with_untracked(|c| c.as_ref().map(|c| c.access_token.clone()))
    }

    pub fn set_session(&self, session: Session) {
        self.current.set(Some(Current {
            access_token: session.access_token,
            user: session.user,
        }));
        self.ready.set(true);
        set_hint(true);
    }

    /// Replaces the account details (after a change), keeping the session.
    pub fn set_user(&self, user: Me) {
        self.current.update(|c| {
            if let Some(c) = c {
                c.user = user;
            }
        });
    }

    pub fn clear(&self) {
        self.current.set(None);
        self.ready.set(true);
        set_hint(false);
    }
}

pub fn provide_auth() -> Auth {
    let auth = Auth {
        current: RwSignal::new(None),
        ready: RwSignal::new(false),
    };
    provide_context(auth);
    if has_hint() {
        leptos::task::spawn_local(async move {
            match api::refresh().await {
                Ok(session) => auth.set_session(session),
                Err(_) => auth.clear(),
            }
        });
    } else {
        auth.ready.set(true);
    }
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
