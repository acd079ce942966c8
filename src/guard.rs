//! The one declarative guard every protected page goes through.

use crate::access::Access;
use crate::auth::use_auth;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_location;

/// What the guard shows; a memo of it keeps silent refreshes from re-rendering the page.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Decision {
    /// The stored session is still being looked at or renewed: show nothing protected yet.
    Wait,
    SignIn,
    Allow,
    Forbid {
        role: Option<String>,
        username: String,
    },
}

/// Renders `children` only once the session is known and satisfies `access`. Signed-out users
/// go to `/sign-in?next=<this page>`; signed-in users without access see the Forbidden notice,
/// naming the requirement.
#[component]
pub fn Guard(access: Access, children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let decision = Memo::new(move |_| {
        if !auth.is_settled.get() {
            return Decision::Wait;
        }
        match auth.session.get() {
            None => Decision::SignIn,
            Some(session) if access.allows(&session) => Decision::Allow,
            Some(session) => Decision::Forbid {
                role: session.role().map(str::to_owned),
                username: session.username().to_owned(),
            },
        }
    });
    let location = use_location();
    move || match decision.get() {
        Decision::Wait => view! {
            <p class="boot-status" role="status" aria-live="polite">{crate::text::RESTORING}</p>
        }
        .into_any(),
        Decision::SignIn => {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            view! { <Redirect path=crate::access::sign_in_then(&here) /> }.into_any()
        }
        Decision::Allow => children().into_any(),
        Decision::Forbid { role, username } => view! {
            <section class="page forbidden" aria-labelledby="forbidden-title">
                <h1 id="forbidden-title">{crate::text::shell::NOT_ALLOWED}</h1>
                <p class="requirement">{crate::text::shell::REQUIRES}{access.describe()}"."</p>
                <p>
                    {crate::text::shell::SIGNED_IN_AS_LONG}<strong>{username}</strong>
                    {match role {
                        Some(role) => crate::text::shell::with_role(&role),
                        None => crate::text::shell::WITH_NO_ROLE.to_owned(),
                    }}
                </p>
                <A href=crate::access::HOME>{crate::text::shell::BACK_HOME}</A>
            </section>
        }
        .into_any(),
    }
}
