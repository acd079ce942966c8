//! Helpers shared by the operation families: lookups with Cognito's not-found errors, client
//! secrets, one-time codes and their delivery, attribute validation.

use aws_lc_rs::hmac;
use cognito_wire::DeliveryMediumType;

use crate::lambda::{MessageSource, TriggerSubject};
use crate::model::{AppClient, AttributeType, Attributes, User, UserPool, UserStatus};
use crate::ops::Context;
use crate::protocol::ApiError;
use crate::random;
use crate::store::{OutboxMessage, Tx};

pub fn load_pool(tx: &Tx<'_>, pool_id: &str) -> Result<UserPool, ApiError> {
    tx.pool(pool_id)?
        .ok_or_else(|| ApiError::resource_not_found(format!("User pool {pool_id} does not exist.")))
}

pub fn load_client(tx: &Tx<'_>, client_id: &str) -> Result<AppClient, ApiError> {
    tx.client(client_id)?.ok_or_else(|| {
        ApiError::resource_not_found(format!("User pool client {client_id} does not exist."))
    })
}

/// The client, checked to belong to `pool_id` (admin operations name both).
pub fn load_pool_client(
    tx: &Tx<'_>,
    pool_id: &str,
    client_id: &str,
) -> Result<(UserPool, AppClient), ApiError> {
    let pool = load_pool(tx, pool_id)?;
    let client = load_client(tx, client_id)?;
    if client.user_pool_id != pool.id {
        return Err(ApiError::resource_not_found(format!(
            "User pool client {client_id} does not exist."
        )));
    }
    Ok((pool, client))
}

/// Finds a user by username, then by a sign-in alias (verified email / phone), then by sub.
pub fn find_user(tx: &Tx<'_>, pool: &UserPool, login: &str) -> Result<Option<User>, ApiError> {
    if let Some(user) = tx.user(&pool.id, &pool.username_key(login))? {
        return Ok(Some(user));
    }
    for alias in pool.sign_in_aliases() {
        let ignore_case = pool.alias_ignores_case(alias);
        let candidates = tx.users_by_attribute(&pool.id, alias, login, ignore_case)?;
        if let Some(user) = candidates.into_iter().find(|u| u.is_verified(alias)) {
            return Ok(Some(user));
        }
    }
    tx.user_by_sub(&pool.id, login)
}

/// For admin operations: the user or `UserNotFoundException`.
pub fn require_user(tx: &Tx<'_>, pool: &UserPool, username: &str) -> Result<User, ApiError> {
    find_user(tx, pool, username)?.ok_or_else(ApiError::user_not_found)
}

pub fn username_key(pool: &UserPool, user: &User) -> String {
    pool.username_key(&user.username)
}

/// Checks `SECRET_HASH` = Base64(HMAC-SHA256(client secret, username + client id)) for clients
/// that have a secret. `usernames` lists the names the caller may have hashed (username, alias).
pub fn check_secret_hash(
    client: &AppClient,
    usernames: &[&str],
    secret_hash: Option<&str>,
) -> Result<(), ApiError> {
    let Some(secret) = client.client_secret.as_deref() else {
        return Ok(());
    };
    let Some(given) = secret_hash else {
        return Err(ApiError::not_authorized(format!(
            "Client {} is configured with secret but SECRET_HASH was not received",
            client.client_id
        )));
    };
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    // Every candidate is checked (no early exit) and compared in constant time.
    let matches = usernames.iter().fold(false, |found, username| {
        let expected = hmac::sign(&key, format!("{username}{}", client.client_id).as_bytes());
        let encoded = data_encoding::BASE64.encode(expected.as_ref());
        secrets_equal(&encoded, given) | found
    });
    if matches {
        Ok(())
    } else {
        Err(ApiError::not_authorized(format!(
            "Unable to verify secret hash for client {}",
            client.client_id
        )))
    }
}

/// Compares two secrets (codes, hashes, client secrets) in time independent of where they
/// differ, so response timing does not reveal how much of a guess was right.
pub fn secrets_equal(expected: &str, given: &str) -> bool {
    aws_lc_rs::constant_time::verify_slices_are_equal(expected.as_bytes(), given.as_bytes()).is_ok()
}

/// ConfirmSignUp and AdminConfirmSignUp accept only UNCONFIRMED users.
pub fn require_unconfirmed(user: &User) -> Result<(), ApiError> {
    if user.status == UserStatus::Unconfirmed {
        Ok(())
    } else {
        Err(ApiError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status.as_str()
        )))
    }
}

pub fn trigger_context<'a>(user: &'a User, client_id: Option<&'a str>) -> TriggerSubject<'a> {
    TriggerSubject {
        pool_id: &user.pool_id,
        client_id,
        username: &user.username,
        attributes: &user.attributes,
    }
}

// ---- one-time codes ------------------------------------------------------------------------

/// What a code is for; decides its lifetime and its outbox `kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodePurpose {
    SignUp,
    ForgotPassword,
    VerifyAttribute(String),
    /// An SMS_MFA / EMAIL_OTP sign-in code; lives as long as the challenge session.
    SignInMfa,
}

impl CodePurpose {
    fn key(&self) -> String {
        match self {
            Self::SignUp => "SIGN_UP".into(),
            Self::ForgotPassword => "FORGOT_PASSWORD".into(),
            Self::VerifyAttribute(attribute) => format!("VERIFY_ATTRIBUTE:{attribute}"),
            Self::SignInMfa => "SIGN_IN_MFA".into(),
        }
    }

    /// Cognito: sign-up and attribute codes last 24 hours, password reset codes 1 hour,
    /// MFA codes 3 minutes.
    fn lifetime_secs(&self) -> i64 {
        match self {
            Self::SignUp | Self::VerifyAttribute(_) => 24 * 3600,
            Self::ForgotPassword => 3600,
            Self::SignInMfa => 180,
        }
    }
}

/// How a code reaches the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Email,
    Sms,
}

impl Medium {
    pub fn attribute(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "phone_number",
        }
    }

    pub fn for_attribute(attribute: &str) -> Option<Self> {
        match attribute {
            "email" => Some(Self::Email),
            "phone_number" => Some(Self::Sms),
            _ => None,
        }
    }
}

pub use cognito_wire::{CodeDeliveryDetailsType, CodeDeliveryResponse};

impl From<Medium> for DeliveryMediumType {
    fn from(medium: Medium) -> Self {
        match medium {
            Medium::Email => Self::Email,
            Medium::Sms => Self::Sms,
        }
    }
}

/// The `CodeDeliveryDetailsType` for a code sent by `medium` to `destination` (masked).
pub fn delivery_details(medium: Medium, destination: &str) -> CodeDeliveryDetailsType {
    CodeDeliveryDetailsType {
        destination: Some(mask_destination(medium, destination)),
        delivery_medium: Some(medium.into()),
        attribute_name: Some(medium.attribute().into()),
    }
}

/// Where a password-reset code can go: email, else phone number, if present and verified.
pub fn verified_medium(user: &User) -> Option<Medium> {
    [Medium::Email, Medium::Sms]
        .into_iter()
        .find(|m| user.attribute(m.attribute()).is_some() && user.is_verified(m.attribute()))
}

/// `a***@e***` / `+*******1234`, as Cognito masks destinations.
pub fn mask_destination(medium: Medium, destination: &str) -> String {
    match medium {
        Medium::Email => {
            let (local, domain) = destination.split_once('@').unwrap_or((destination, ""));
            let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
            format!("{}***@{}***", first(local), first(domain))
        }
        Medium::Sms => {
            let digits: Vec<char> = destination.chars().collect();
            let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
            format!("+{}{tail}", "*".repeat(digits.len().saturating_sub(5)))
        }
    }
}

/// A code message decided inside an operation's transaction and sent after it: the
/// CustomMessage trigger may take up to 5 s and must not hold the store's write lock.
#[derive(Debug, Clone)]
pub struct PendingMessage {
    pub pool_id: String,
    pub user: User,
    pub kind: &'static str,
    pub destination: String,
    /// The code (for an invitation, the temporary password).
    pub code: String,
    pub medium: Medium,
    pub source: MessageSource,
    pub client_metadata: Option<cognito_wire::StringMap>,
}

thread_local! {
    // An operation runs start to end on one blocking thread (`ops::dispatch`), so the messages
    // it queues are found here when it returns.
    static PENDING_MESSAGES: std::cell::RefCell<Vec<PendingMessage>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Queues a message for [`send_pending_messages`].
pub fn queue_message(message: PendingMessage) {
    PENDING_MESSAGES.with(|pending| pending.borrow_mut().push(message));
}

/// Takes the messages queued on this thread (so far).
pub fn take_pending_messages() -> Vec<PendingMessage> {
    PENDING_MESSAGES.with(|pending| std::mem::take(&mut *pending.borrow_mut()))
}

/// Sends the messages an operation queued, after its transaction committed: CustomMessage
/// (`CustomMessage_<source>`, with the request's ClientMetadata), then the outbox. A trigger
/// refusal is answered as the operation's error; what the operation wrote stays (whether
/// Cognito keeps it too is not documented).
pub fn send_pending_messages(ctx: &Context, messages: Vec<PendingMessage>) -> Result<(), ApiError> {
    for message in messages {
        let text = crate::lambda::custom_message(
            ctx,
            &trigger_context(&message.user, None),
            message.source,
            &message.code,
            message.client_metadata.as_ref(),
        )?
        .map(|reply| MessageText::for_medium(reply, message.medium))
        .unwrap_or_default();
        ctx.store.transaction(|tx| {
            let pool = load_pool(tx, &message.pool_id)?;
            deliver(
                ctx,
                tx,
                &pool,
                &message.user,
                message.kind,
                &message.destination,
                &message.code,
                text.clone(),
            )
        })?;
    }
    Ok(())
}

/// Creates a code for `purpose`, stores it and queues its message (sent after the transaction,
/// see [`send_pending_messages`]).
#[allow(clippy::too_many_arguments)]
pub fn send_code(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    user: &User,
    purpose: CodePurpose,
    medium: Medium,
    source: MessageSource,
    client_metadata: Option<&cognito_wire::StringMap>,
) -> Result<CodeDeliveryDetailsType, ApiError> {
    let destination = user
        .attribute(medium.attribute())
        .ok_or_else(|| ApiError::invalid_parameter(format!("User has no {}", medium.attribute())))?
        .to_owned();
    let code = random::digits(6)?;
    let now = ctx.now();
    tx.put_code(
        &pool.id,
        &username_key(pool, user),
        &purpose.key(),
        &code,
        now + purpose.lifetime_secs(),
    )?;
    let kind = match (&purpose, medium) {
        (CodePurpose::SignUp, _) => "SIGN_UP",
        (CodePurpose::ForgotPassword, _) => "FORGOT_PASSWORD",
        (CodePurpose::VerifyAttribute(_), _) => "VERIFY_ATTRIBUTE",
        (CodePurpose::SignInMfa, Medium::Sms) => "SMS_MFA",
        (CodePurpose::SignInMfa, Medium::Email) => "EMAIL_OTP",
    };
    queue_message(PendingMessage {
        pool_id: pool.id.clone(),
        user: user.clone(),
        kind,
        destination: destination.clone(),
        code,
        medium,
        source,
        client_metadata: client_metadata.cloned(),
    });
    Ok(delivery_details(medium, &destination))
}

/// The text a CustomMessage trigger chose for one message (both `None`: the default text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageText {
    pub subject: Option<String>,
    pub message: Option<String>,
}

impl MessageText {
    /// The part of a CustomMessage reply that the medium sends (SMS has no subject).
    pub fn for_medium(reply: crate::lambda::CustomMessageReply, medium: Medium) -> Self {
        match medium {
            Medium::Sms => Self {
                subject: None,
                message: reply.sms_message,
            },
            Medium::Email => Self {
                subject: reply.email_subject,
                message: reply.email_message,
            },
        }
    }
}

/// Appends a message to the outbox and logs that it was sent (the local stand-in for SES /
/// SNS). The message text goes to the outbox only.
#[allow(clippy::too_many_arguments)]
pub fn deliver(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    user: &User,
    kind: &str,
    destination: &str,
    code: &str,
    text: MessageText,
) -> Result<(), ApiError> {
    tx.append_outbox(
        &pool.id,
        &OutboxMessage {
            username: user.username.clone(),
            kind: kind.into(),
            destination: destination.into(),
            code: code.into(),
            sent_at: ctx.now(),
            subject: text.subject,
            message: text.message,
            text: None,
        },
    )?;
    if kind == "ADMIN_CREATE_USER" {
        // The "code" of an invitation is the temporary password: never in the log.
        tracing::info!(
            pool = %pool.id, username = %user.username, kind, destination,
            "outbox: invitation sent (temporary password: GET /_local/outbox)"
        );
    } else {
        tracing::info!(
            pool = %pool.id, username = %user.username, kind, destination, code,
            "outbox: code sent"
        );
    }
    Ok(())
}

/// Wrong guesses a code survives: the fifth wrong one voids it.
pub const CODE_ATTEMPTS: i64 = 5;

/// Checks and consumes a code. The outer error is a storage failure; the inner one refuses
/// the code *after* recording the attempt, so the caller must commit the transaction and then
/// answer it (see [`commit_refusal`]):
/// - expired, or none outstanding: ExpiredCodeException;
/// - wrong: CodeMismatchException, counted; after [`CODE_ATTEMPTS`] wrong guesses the code is
///   void and every further try (right or wrong) gets LimitExceededException "Attempt limit
///   exceeded, please try after some time." until a new code is sent. Cognito does not
///   document its code attempt limit; five CodeMismatchExceptions followed by
///   LimitExceededException is what developers report from real pools (see
///   tests/conformance/lockout.rs).
pub fn check_code(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    user: &User,
    purpose: &CodePurpose,
    given: &str,
) -> Result<Result<(), ApiError>, ApiError> {
    let key = username_key(pool, user);
    let Some(stored) = tx.code(&pool.id, &key, &purpose.key())? else {
        return Ok(Err(ApiError::expired_code()));
    };
    if stored.failed_attempts >= CODE_ATTEMPTS {
        return Ok(Err(attempt_limit_exceeded()));
    }
    if stored.expires_at <= ctx.now() {
        return Ok(Err(ApiError::expired_code()));
    }
    if !secrets_equal(&stored.code, given.trim()) {
        tx.count_failed_code_attempt(&pool.id, &key, &purpose.key())?;
        return Ok(Err(ApiError::code_mismatch()));
    }
    tx.delete_code(&pool.id, &key, &purpose.key())?;
    Ok(Ok(()))
}

pub fn attempt_limit_exceeded() -> ApiError {
    ApiError::new(
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    )
}

/// For a transaction body that may refuse after writing bookkeeping (attempt counters): the
/// refusal travels as `Ok(Err(..))` so the transaction commits, then it is answered.
pub fn commit_refusal<T>(outcome: Result<Result<T, ApiError>, ApiError>) -> Result<T, ApiError> {
    outcome?
}

// ---- attributes ----------------------------------------------------------------------------

pub use crate::model::STANDARD_ATTRIBUTES;

/// Who is writing attributes: users may not set `*_verified` or immutable attributes.
#[derive(Debug, Clone, Copy)]
pub enum Writer<'a> {
    Admin,
    User(&'a AppClient),
}

/// Validates attribute names against the pool schema and the writer's permissions; returns
/// them as a map (`Value: null` means "delete").
pub fn validate_attributes(
    pool: &UserPool,
    attributes: &[AttributeType],
    writer: Writer<'_>,
    creating: bool,
) -> Result<Vec<(String, Option<String>)>, ApiError> {
    let mut out = Vec::with_capacity(attributes.len());
    for attribute in attributes {
        let name = attribute.name.as_str();
        if name == "sub" {
            return Err(ApiError::invalid_parameter(
                "Cannot modify the non-mutable attribute sub",
            ));
        }
        let schema = pool.schema_attribute(name);
        let known = schema.is_some() || STANDARD_ATTRIBUTES.contains(&name);
        if !known {
            return Err(ApiError::invalid_parameter(format!(
                "Attributes did not conform to the schema: Type for attribute {{{name}}} could not be determined"
            )));
        }
        if let Writer::User(client) = writer {
            if name.ends_with("_verified") {
                return Err(ApiError::not_authorized(format!(
                    "A client attempted to write unauthorized attribute {name}"
                )));
            }
            if !client.can_write(name) {
                return Err(ApiError::not_authorized(format!(
                    "A client attempted to write unauthorized attribute {name}"
                )));
            }
        }
        if !creating && schema.and_then(|s| s.mutable) == Some(false) {
            return Err(ApiError::invalid_parameter(format!(
                "Cannot modify the non-mutable attribute {name}"
            )));
        }
        out.push((name.to_owned(), attribute.value.clone()));
    }
    Ok(out)
}

/// Applies validated attribute changes. Changing an email or phone number un-verifies it
/// unless the same request sets its `*_verified` flag; returns the changed attribute names.
pub fn apply_attributes(
    attributes: &mut Attributes,
    changes: Vec<(String, Option<String>)>,
) -> Vec<String> {
    let explicitly_set: Vec<String> = changes.iter().map(|(name, _)| name.clone()).collect();
    let mut changed = Vec::new();
    for (name, value) in changes {
        let previous = attributes.get(&name).cloned();
        match value.filter(|v| !v.is_empty()) {
            Some(value) => attributes.insert(name.clone(), value),
            None => attributes.remove(&name),
        };
        if attributes.get(&name) != previous.as_ref() {
            changed.push(name);
        }
    }
    for name in &changed {
        let flag = format!("{name}_verified");
        if Medium::for_attribute(name).is_some() && !explicitly_set.contains(&flag) {
            attributes.insert(flag, "false".into());
        }
    }
    changed
}

/// Validates and applies attribute updates to an existing user and saves it; returns the
/// names of the attributes that changed.
pub fn update_attributes(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    user: &mut User,
    attributes: &[AttributeType],
    writer: Writer<'_>,
) -> Result<Vec<String>, ApiError> {
    let changes = validate_attributes(pool, attributes, writer, false)?;
    let changed = apply_attributes(&mut user.attributes, changes);
    user.modified_at = ctx.now();
    tx.update_user(user)?;
    Ok(changed)
}

/// Required schema attributes missing from `attributes`.
pub fn missing_required(pool: &UserPool, attributes: &Attributes) -> Vec<String> {
    pool.schema_attributes
        .iter()
        .filter(|a| {
            a.name != "sub" && a.required == Some(true) && !attributes.contains_key(&a.name)
        })
        .map(|a| a.name.clone())
        .collect()
}

/// For PreventUserExistenceErrors: the error to give for an unknown user.
pub fn unknown_user_error(client: &AppClient) -> ApiError {
    if client.prevents_user_existence_errors() {
        ApiError::incorrect_credentials()
    } else {
        ApiError::user_not_found()
    }
}
