//! `/users`: user administration for members of `admins`, in server mode (the admin API
//! needs AWS credentials, which only `poolgate-server` holds). A searchable, paged table of
//! the pool's users with role, groups, status, and the actions of [`AdminAction`].

use crate::access::{AdminAction, MANAGED_GROUPS, ROLES, users_page_path};
use crate::auth::{api, parse_answer, use_auth};
use crate::text::server as text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;

/// Users per page ("More users" loads the next).
const PAGE_SIZE: u8 = 20;

/// One row, as `GET /api/admin/users` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct UserRow {
    username: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    groups: Vec<String>,
    status: String,
    enabled: bool,
}

impl UserRow {
    /// What a successful action changed, without reloading the list.
    fn apply(&mut self, action: &AdminAction) {
        match action {
            AdminAction::SetRole(role) => self.role = Some((*role).to_owned()),
            AdminAction::AddToGroup(group) => {
                if !self.groups.iter().any(|g| g == group) {
                    self.groups.push((*group).to_owned());
                }
            }
            AdminAction::RemoveFromGroup(group) => self.groups.retain(|g| g != group),
            AdminAction::Disable => self.enabled = false,
            AdminAction::Enable => self.enabled = true,
            AdminAction::ResetPassword => self.status = "RESET_REQUIRED".to_owned(),
        }
    }
}

#[derive(Deserialize)]
struct UsersPage {
    users: Vec<UserRow>,
    #[serde(default)]
    next: Option<String>,
}

/// The sentence after `action` succeeded for `username`.
fn done_sentence(action: &AdminAction, username: &str) -> String {
    match action {
        AdminAction::SetRole(role) => text::role_changed(username, role),
        AdminAction::AddToGroup(group) => text::group_added(username, group),
        AdminAction::RemoveFromGroup(group) => text::group_removed(username, group),
        AdminAction::Disable => text::disabled(username),
        AdminAction::Enable => text::enabled(username),
        AdminAction::ResetPassword => text::password_reset(username),
    }
}

#[component]
pub fn Users() -> impl IntoView {
    if !use_auth().auth.is_server_mode() {
        return view! {
            <section class="page">
                <h1>{text::USERS_HEADING}</h1>
                <p class="lead needs-server">{text::NEEDS_SERVER}</p>
            </section>
        }
        .into_any();
    }
    view! { <UserAdministration /> }.into_any()
}

#[component]
fn UserAdministration() -> impl IntoView {
    let rows = RwSignal::new(Vec::<UserRow>::new());
    let next = RwSignal::new(None::<String>);
    let search = RwSignal::new(String::new());
    let loading = RwSignal::new(true);
    // The user an action is running for; their controls are disabled meanwhile.
    let busy = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    // A destructive action waiting for "Confirm".
    let pending = RwSignal::new(None::<(String, AdminAction)>);

    let load = move |more: bool| {
        let after = if more { next.get_untracked() } else { None };
        let path = users_page_path(&search.get_untracked(), after.as_deref(), PAGE_SIZE);
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api("GET", &path, None)
                .await
                .and_then(|text| parse_answer::<UsersPage>(&text));
            match answer {
                Ok(page) => {
                    let _ = rows.try_update(|list| {
                        if !more {
                            list.clear();
                        }
                        list.extend(page.users);
                    });
                    let _ = next.try_set(page.next);
                }
                Err(failure) => {
                    let _ = error.try_set(Some(text::api_error(&failure)));
                }
            }
            let _ = loading.try_set(false);
        });
    };
    load(false);

    let run = move |username: String, action: AdminAction| {
        pending.set(None);
        busy.set(Some(username.clone()));
        result.set(None);
        error.set(None);
        spawn_local(async move {
            let (method, path, body) = action.request(&username);
            match api(method, &path, body).await {
                Ok(_) => {
                    let _ = rows.try_update(|list| {
                        if let Some(row) = list.iter_mut().find(|r| r.username == username) {
                            row.apply(&action);
                        }
                    });
                    let _ = result.try_set(Some(done_sentence(&action, &username)));
                }
                Err(failure) => {
                    let _ = error.try_set(Some(text::api_error(&failure)));
                }
            }
            let _ = busy.try_set(None);
        });
    };
    // Destructive actions ask first; the others run at once.
    let act = move |username: String, action: AdminAction| {
        if action.needs_confirmation() {
            result.set(None);
            pending.set(Some((username, action)));
        } else {
            run(username, action);
        }
    };

    let confirmation = move || {
        pending.get().map(|(username, action)| {
            let question = text::confirm(&action.label(), &username);
            let confirmed = (username.clone(), action.clone());
            view! {
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-question">
                    <p id="confirm-question">{question}</p>
                    <button
                        type="button"
                        class="danger confirm-yes"
                        on:click=move |_| run(confirmed.0.clone(), confirmed.1.clone())
                    >
                        {action.label()}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| pending.set(None)>
                        {text::CANCEL}
                    </button>
                </div>
            }
        })
    };

    let table_rows = move || {
        rows.get()
            .into_iter()
            .map(|row| view! { <UserRowView row busy act /> })
            .collect_view()
    };

    view! {
        <section class="page users">
            <h1>{text::USERS_HEADING}</h1>
            <p class="lead">{text::USERS_LEAD}</p>
            <form
                class="search"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    load(false);
                }
            >
                <label for="user-search">{text::SEARCH_LABEL}</label>
                <input
                    id="user-search"
                    name="search"
                    type="search"
                    autocomplete="off"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
                <button type="submit">{text::SEARCH_BUTTON}</button>
            </form>
            <p class="result" role="status" aria-live="polite">
                {move || {
                    if busy.get().is_some() {
                        Some(text::WORKING.to_owned())
                    } else if loading.get() {
                        Some(text::LOADING.to_owned())
                    } else {
                        result.get()
                    }
                }}
            </p>
            <p class="alert" role="alert" aria-live="assertive">{move || error.get()}</p>
            {confirmation}
            <table class="user-table" aria-busy=move || (loading.get() || busy.get().is_some()).to_string()>
                <caption>{text::USERS_HEADING}</caption>
                <thead>
                    <tr>
                        <th scope="col">{text::COL_USERNAME}</th>
                        <th scope="col">{text::COL_EMAIL}</th>
                        <th scope="col">{text::COL_ROLE}</th>
                        <th scope="col">{text::COL_GROUPS}</th>
                        <th scope="col">{text::COL_STATUS}</th>
                        <th scope="col">{text::COL_ENABLED}</th>
                        <th scope="col">{text::COL_ACTIONS}</th>
                    </tr>
                </thead>
                <tbody>{table_rows}</tbody>
            </table>
            {move || {
                (!loading.get() && rows.with(Vec::is_empty) && error.with(Option::is_none))
                    .then(|| view! { <p class="empty">{text::NO_USERS}</p> })
            }}
            {move || {
                next.with(Option::is_some).then(|| {
                    view! {
                        <button
                            type="button"
                            class="secondary more"
                            disabled=move || loading.get()
                            on:click=move |_| load(true)
                        >
                            {text::MORE}
                        </button>
                    }
                })
            }}
        </section>
    }
}

/// One user's row: facts, then labelled controls for each action.
#[component]
fn UserRowView(
    row: UserRow,
    busy: RwSignal<Option<String>>,
    act: impl Fn(String, AdminAction) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let username = row.username.clone();
    let is_busy = {
        let username = username.clone();
        move || busy.with(|b| b.as_deref() == Some(username.as_str()))
    };
    let role_options = ROLES
        .iter()
        .map(|role| {
            let selected = row.role.as_deref() == Some(*role);
            view! { <option value=*role selected=selected>{*role}</option> }
        })
        .collect_view();
    let on_role = {
        let username = username.clone();
        move |ev| {
            let chosen = event_target_value(&ev);
            if let Some(role) = ROLES.iter().find(|r| **r == chosen) {
                act(username.clone(), AdminAction::SetRole(role));
            }
        }
    };
    let member_of = row
        .groups
        .iter()
        .map(|name| {
            let managed = MANAGED_GROUPS.iter().find(|g| *g == name).copied();
            let username = username.clone();
            let is_busy = is_busy.clone();
            view! {
                <li>
                    {name.clone()}
                    {managed.map(|group| view! {
                        <button
                            type="button"
                            class="link remove-group"
                            data-group=group
                            aria-label=format!("{} {username}", text::remove_from(group))
                            disabled=is_busy
                            on:click={
                                let username = username.clone();
                                move |_| act(username.clone(), AdminAction::RemoveFromGroup(group))
                            }
                        >
                            "×"
                        </button>
                    })}
                </li>
            }
        })
        .collect_view();
    let addable: Vec<&'static str> = MANAGED_GROUPS
        .iter()
        .copied()
        .filter(|g| !row.groups.iter().any(|m| m == g))
        .collect();
    let add_group = (!addable.is_empty()).then(|| {
        let chosen = RwSignal::new(addable[0].to_owned());
        let options = addable
            .iter()
            .map(|g| view! { <option value=*g>{*g}</option> })
            .collect_view();
        let select_id = format!("group-{username}");
        let username = username.clone();
        let is_busy = is_busy.clone();
        view! {
            <label class="visually-hidden" for=select_id.clone()>
                {format!("{} {username}", text::GROUP_LABEL)}
            </label>
            <select
                id=select_id
                class="add-group-choice"
                on:change=move |ev| chosen.set(event_target_value(&ev))
            >
                {options}
            </select>
            <button
                type="button"
                class="secondary add-group"
                disabled=is_busy
                on:click=move |_| {
                    let wanted = chosen.get_untracked();
                    if let Some(group) = MANAGED_GROUPS.iter().find(|g| **g == wanted) {
                        act(username.clone(), AdminAction::AddToGroup(group));
                    }
                }
            >
                {text::ADD_GROUP}
            </button>
        }
    });
    let toggle = if row.enabled {
        AdminAction::Disable
    } else {
        AdminAction::Enable
    };
    let role_id = format!("role-{username}");
    view! {
        <tr data-user=username.clone()>
            <th scope="row" class="username">{username.clone()}</th>
            <td>{row.email.clone().unwrap_or_default()}</td>
            <td>
                <label class="visually-hidden" for=role_id.clone()>
                    {format!("{} {username}", text::ROLE_LABEL)}
                </label>
                <select id=role_id class="role" disabled=is_busy.clone() on:change=on_role>
                    {row.role.is_none().then(|| view! { <option value="" selected>"—"</option> })}
                    {role_options}
                </select>
            </td>
            <td>
                <ul class="groups">{member_of}</ul>
                {add_group}
            </td>
            <td class="status">{row.status.clone()}</td>
            <td class="enabled">{if row.enabled { text::ENABLED } else { text::DISABLED }}</td>
            <td class="actions">
                <button
                    type="button"
                    class="secondary toggle"
                    disabled=is_busy.clone()
                    on:click={
                        let username = username.clone();
                        let toggle = toggle.clone();
                        move |_| act(username.clone(), toggle.clone())
                    }
                >
                    {toggle.label()}
                </button>
                <button
                    type="button"
                    class="secondary reset-password"
                    disabled=is_busy
                    on:click={
                        let username = username.clone();
                        move |_| act(username.clone(), AdminAction::ResetPassword)
                    }
                >
                    {text::RESET_PASSWORD}
                </button>
            </td>
        </tr>
    }
}
