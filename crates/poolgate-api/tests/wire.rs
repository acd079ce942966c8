//! The exact JSON of the requests the app sends and of the answers it reads.

use poolgate_api::routes::{
    AddToGroup, AnswerChallenge, GetSession, ListUsers, RemoveFromGroup, ResetPassword, SetRole,
    SignIn,
};
use poolgate_api::{
    AuthenticatorKey, ChallengeAnswer, ChallengeView, Done, Endpoint, ErrorResponse,
    ListUsersQuery, Method, NoParams, Role, SessionView, SetRoleRequest, SignInRequest,
    SignedInUser, StepAnswer, UserGroupPath, UserPage, UserPath, UserSummary,
};
use serde_json::{Value, json};

fn to_json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("serializes")
}

fn user() -> SignedInUser {
    SignedInUser {
        username: "alice".into(),
        email: Some("alice@example.com".into()),
        role: None,
        groups: vec!["admins".into(), "editors".into()],
        access_expires_at: 1_800_000_000,
        id_expires_at: 1_800_000_001,
        session_expires_at: 1_802_592_000,
    }
}

#[test]
fn a_signed_in_view_is_one_flat_object_with_nulls_for_missing_claims() {
    let view = SessionView::SignedIn(user());
    let expected = json!({
        "signedIn": true,
        "username": "alice",
        "email": "alice@example.com",
        "role": null,
        "groups": ["admins", "editors"],
        "accessExpiresAt": 1_800_000_000u64,
        "idExpiresAt": 1_800_000_001u64,
        "sessionExpiresAt": 1_802_592_000u64,
    });
    assert_eq!(to_json(&view), expected);
    assert_eq!(
        serde_json::from_value::<SessionView>(expected).unwrap(),
        view
    );
}

#[test]
fn signed_out_and_challenge_views() {
    assert_eq!(
        to_json(&SessionView::SignedOut),
        json!({ "signedIn": false })
    );
    let challenge = SessionView::Challenge(ChallengeView {
        name: "SOFTWARE_TOKEN_MFA".into(),
        parameters: [("FRIENDLY_DEVICE_NAME".to_owned(), "phone".to_owned())].into(),
        username: "alice".into(),
    });
    let expected = json!({
        "signedIn": false,
        "challenge": {
            "name": "SOFTWARE_TOKEN_MFA",
            "parameters": { "FRIENDLY_DEVICE_NAME": "phone" },
            "username": "alice",
        },
    });
    assert_eq!(to_json(&challenge), expected);
    assert_eq!(
        serde_json::from_value::<SessionView>(expected).unwrap(),
        challenge
    );
    // The parameters and username may be absent.
    let bare = json!({ "signedIn": false, "challenge": { "name": "MFA_SETUP" } });
    let SessionView::Challenge(read) = serde_json::from_value(bare).unwrap() else {
        panic!("a challenge");
    };
    assert!(read.parameters.is_empty() && read.username.is_empty());
}

#[test]
fn a_signed_in_view_without_its_facts_is_refused() {
    let partial = json!({ "signedIn": true, "username": "alice" });
    assert!(serde_json::from_value::<SessionView>(partial).is_err());
}

#[test]
fn step_answers_add_their_status_and_read_as_views() {
    let done = StepAnswer(SessionView::SignedIn(user()));
    let json = to_json(&done);
    assert_eq!(json["status"], "signedIn");
    assert_eq!(json["signedIn"], true);
    assert_eq!(serde_json::from_value::<StepAnswer>(json).unwrap(), done);
    let pending = StepAnswer(SessionView::Challenge(ChallengeView {
        name: "NEW_PASSWORD_REQUIRED".into(),
        parameters: Default::default(),
        username: "dave".into(),
    }));
    assert_eq!(to_json(&pending)["status"], "challenge");
}

#[test]
fn sign_in_requests_as_the_app_sends_them() {
    let body = SignInRequest {
        username: "alice".into(),
        password: "pw".into(),
    };
    assert_eq!(
        to_json(&body),
        json!({ "username": "alice", "password": "pw" })
    );
    let unknown = json!({ "username": "a", "password": "b", "remember": true });
    assert!(serde_json::from_value::<SignInRequest>(unknown).is_err());
}

#[test]
fn challenge_answers_carry_only_what_the_step_needs() {
    assert_eq!(
        to_json(&ChallengeAnswer::code("123456")),
        json!({ "code": "123456" })
    );
    assert_eq!(
        to_json(&ChallengeAnswer::new_password(
            "New-pass-1",
            Default::default()
        )),
        json!({ "newPassword": "New-pass-1" })
    );
    let attributes = [("name".to_owned(), "Dave".to_owned())].into();
    assert_eq!(
        to_json(&ChallengeAnswer::new_password("New-pass-1", attributes)),
        json!({ "newPassword": "New-pass-1", "attributes": { "name": "Dave" } })
    );
    let metadata = [("action".to_owned(), "new-code".to_owned())].into();
    assert_eq!(
        to_json(&ChallengeAnswer::answer("new-code", metadata)),
        json!({ "answer": "new-code", "clientMetadata": { "action": "new-code" } })
    );
    // What the app sent before these types (empty maps written out) reads the same.
    let old = json!({ "answer": "SOFTWARE_TOKEN_MFA", "clientMetadata": {}, "attributes": {} });
    assert_eq!(
        serde_json::from_value::<ChallengeAnswer>(old).unwrap(),
        ChallengeAnswer::answer("SOFTWARE_TOKEN_MFA", Default::default())
    );
    assert!(serde_json::from_value::<ChallengeAnswer>(json!({ "pin": "1" })).is_err());
}

#[test]
fn routes_name_their_method_and_fill_their_path() {
    assert_eq!(GetSession::METHOD, Method::Get);
    assert_eq!(GetSession::path(&NoParams), "/api/session");
    assert_eq!(SignIn::METHOD.as_str(), "POST");
    assert_eq!(AnswerChallenge::path(&NoParams), "/api/challenge");
    let bob = UserPath {
        username: "bob".into(),
    };
    assert_eq!(
        (SetRole::METHOD, SetRole::path(&bob).as_str()),
        (Method::Put, "/api/admin/users/bob/role")
    );
    assert_eq!(
        ResetPassword::path(&bob),
        "/api/admin/users/bob/reset-password"
    );
    let odd = UserGroupPath {
        username: "a b/c".into(),
        group: "editors".into(),
    };
    assert_eq!(RemoveFromGroup::METHOD, Method::Delete);
    assert_eq!(
        RemoveFromGroup::path(&odd),
        "/api/admin/users/a%20b%2Fc/groups/editors"
    );
    assert_eq!(AddToGroup::METHOD, Method::Put);
}

#[test]
fn the_user_list_query_encodes_its_members() {
    assert_eq!(
        ListUsers::path(&ListUsersQuery::default()),
        "/api/admin/users"
    );
    let query = ListUsersQuery {
        limit: Some(20),
        search: Some("b&o".into()),
        next: Some("tok+=/".into()),
        filter: None,
    };
    assert_eq!(
        ListUsers::path(&query),
        "/api/admin/users?limit=20&search=b%26o&next=tok%2B%3D%2F"
    );
}

#[test]
fn admin_bodies_and_answers() {
    let body = SetRoleRequest { role: Role::Viewer };
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"role":"viewer"}"#
    );
    assert!(serde_json::from_value::<SetRoleRequest>(json!({ "role": "owner" })).is_err());
    assert_eq!(to_json(&Done::OK), json!({ "ok": true }));
    assert_eq!(Role::ALL.map(Role::as_str), ["admin", "editor", "viewer"]);
    assert_eq!(Role::parse("editor"), Some(Role::Editor));

    let page = UserPage {
        users: vec![UserSummary {
            username: "bob".into(),
            status: "CONFIRMED".into(),
            enabled: true,
            email: None,
            role: Some("editor".into()),
            groups: vec!["editors".into()],
            created_at: Some(1_700_000_000),
        }],
        next: None,
    };
    let expected = json!({ "users": [{
        "username": "bob", "status": "CONFIRMED", "enabled": true, "email": null,
        "role": "editor", "groups": ["editors"], "createdAt": 1_700_000_000,
    }] });
    assert_eq!(to_json(&page), expected);
    assert_eq!(serde_json::from_value::<UserPage>(expected).unwrap(), page);
}

#[test]
fn the_authenticator_key_and_the_error_shape() {
    let key = AuthenticatorKey {
        secret_code: "JBSWY3DP".into(),
        username: "alice".into(),
    };
    assert_eq!(
        to_json(&key),
        json!({ "secretCode": "JBSWY3DP", "username": "alice" })
    );
    let error = ErrorResponse::new("NotAuthorizedException", "Not signed in.");
    assert_eq!(
        to_json(&error),
        json!({ "__type": "NotAuthorizedException", "message": "Not signed in." })
    );
}
