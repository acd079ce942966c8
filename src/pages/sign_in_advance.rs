//! The callback the sign-in page hands its step forms (a module of its own so the step forms
//! need not import the page that contains them).

use crate::auth::{AuthError, SignInStep};
use leptos::prelude::*;

/// What each form hands its answer to: the page moves to the next step or shows the error in
/// the form's error region.
pub(super) type Advance = Callback<(Result<SignInStep, AuthError>, RwSignal<Option<String>>)>;
