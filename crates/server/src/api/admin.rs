//! User administration, `/api/admin/…`, for members of `admins` (see
//! [`super::extract::Administrator`]). After a role or group change every session of that
//! user is refreshed at once, so their next `GET /api/session` shows it.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::{Json, Router};
use poolgate_api::routes::{
    AddToGroup, DisableUser, EnableUser, ListUsers, RemoveFromGroup, ResetPassword, SetRole,
};
use poolgate_api::{Done, ListUsersQuery, SetRoleRequest, UserGroupPath, UserPage, UserPath};

use crate::AppState;
use crate::error::ApiError;
use crate::refresh::refresh_sessions_of;

use super::extract::{Administrator, JsonBody};
use super::route::RouterExt;

pub fn router() -> Router<AppState> {
    Router::new()
        .endpoint(ListUsers, list_users)
        .endpoint(SetRole, set_role)
        .endpoint(AddToGroup, add_to_group)
        .endpoint(RemoveFromGroup, remove_from_group)
        .endpoint(DisableUser, disable_user)
        .endpoint(EnableUser, enable_user)
        .endpoint(ResetPassword, reset_password)
}

type DoneResult = Result<Json<Done>, ApiError>;

/// ListUsers, with each user's groups.
async fn list_users(
    State(app): State<AppState>,
    _: Administrator,
    query: Result<Query<ListUsersQuery>, QueryRejection>,
) -> Result<Json<UserPage>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let filter = list_filter(query.search, query.filter)?;
    let limit = query.limit.unwrap_or(60);
    if !(1..=60).contains(&limit) {
        return Err(ApiError::bad_request("limit must be between 1 and 60."));
    }
    let page = app
        .cognito
        .list_users(filter.as_deref(), limit, query.next.as_deref())
        .await?;
    Ok(Json(page))
}

/// The ListUsers filter: `search` as a username prefix, or the caller's own `filter`.
fn list_filter(search: Option<String>, filter: Option<String>) -> Result<Option<String>, ApiError> {
    match (search, filter) {
        (Some(_), Some(_)) => Err(ApiError::bad_request("Give search or filter, not both.")),
        (Some(search), None) if !search.trim().is_empty() => {
            // Quotes and backslashes cannot be part of a username; dropping them keeps the
            // expression well-formed.
            let clean: String = search
                .trim()
                .chars()
                .filter(|c| !matches!(c, '"' | '\\'))
                .collect();
            Ok(Some(format!("username ^= \"{clean}\"")))
        }
        (_, filter) => Ok(filter.filter(|f| !f.trim().is_empty())),
    }
}

/// AdminUpdateUserAttributes `custom:role`.
async fn set_role(
    State(app): State<AppState>,
    Administrator(admin): Administrator,
    Path(UserPath { username }): Path<UserPath>,
    JsonBody(SetRoleRequest { role }): JsonBody<SetRoleRequest>,
) -> DoneResult {
    app.cognito.set_role(&username, role.as_str()).await?;
    tracing::info!(by = %admin.username, %username, %role, "role changed");
    refresh_sessions_of(&app, &username).await;
    Ok(Json(Done::OK))
}

/// AdminAddUserToGroup.
async fn add_to_group(
    State(app): State<AppState>,
    Administrator(admin): Administrator,
    Path(UserGroupPath { username, group }): Path<UserGroupPath>,
) -> DoneResult {
    app.cognito.add_to_group(&username, &group).await?;
    tracing::info!(by = %admin.username, %username, %group, "added to group");
    refresh_sessions_of(&app, &username).await;
    Ok(Json(Done::OK))
}

/// AdminRemoveUserFromGroup.
async fn remove_from_group(
    State(app): State<AppState>,
    Administrator(admin): Administrator,
    Path(UserGroupPath { username, group }): Path<UserGroupPath>,
) -> DoneResult {
    app.cognito.remove_from_group(&username, &group).await?;
    tracing::info!(by = %admin.username, %username, %group, "removed from group");
    refresh_sessions_of(&app, &username).await;
    Ok(Json(Done::OK))
}

/// AdminDisableUser (not oneself); their sessions here end too.
async fn disable_user(
    State(app): State<AppState>,
    Administrator(admin): Administrator,
    Path(UserPath { username }): Path<UserPath>,
) -> DoneResult {
    if admin.username.eq_ignore_ascii_case(&username) {
        return Err(ApiError::bad_request("You cannot disable yourself."));
    }
    app.cognito.set_enabled(&username, false).await?;
    app.store
        .delete_all_of(&username)
        .await
        .map_err(ApiError::store)?;
    tracing::info!(by = %admin.username, %username, "user disabled");
    Ok(Json(Done::OK))
}

/// AdminEnableUser.
async fn enable_user(
    State(app): State<AppState>,
    Administrator(admin): Administrator,
    Path(UserPath { username }): Path<UserPath>,
) -> DoneResult {
    app.cognito.set_enabled(&username, true).await?;
    tracing::info!(by = %admin.username, %username, "user enabled");
    Ok(Json(Done::OK))
}

/// AdminResetUserPassword: the user gets a code and must choose a new password at the next
/// sign-in.
async fn reset_password(
    State(app): State<AppState>,
    Administrator(admin): Administrator,
    Path(UserPath { username }): Path<UserPath>,
) -> DoneResult {
    app.cognito.reset_password(&username).await?;
    tracing::info!(by = %admin.username, %username, "password reset");
    Ok(Json(Done::OK))
}

#[cfg(test)]
mod tests {
    use super::list_filter;

    #[test]
    fn search_is_a_username_prefix_with_quotes_dropped() {
        let filter = list_filter(Some(" ca\"r\\ ".into()), None).unwrap();
        assert_eq!(filter.as_deref(), Some("username ^= \"car\""));
        let own = list_filter(None, Some("email ^= \"er\"".into())).unwrap();
        assert_eq!(own.as_deref(), Some("email ^= \"er\""));
        assert_eq!(list_filter(Some("  ".into()), None).unwrap(), None);
        assert!(list_filter(Some("a".into()), Some("b".into())).is_err());
    }
}
