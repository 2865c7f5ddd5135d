//! Bleemeo: invite, list, retrieve, partially update and remove users of
//! one account.

use std::collections::BTreeMap;
use user_apis::bleemeo::server::Api;
use user_apis::bleemeo::*;
use user_apis::support::server::HandlerError;
use user_apis::support::{Nullable, Uri};

/// The account every user of this server belongs to.
pub const ACCOUNT: uuid::Uuid = uuid::Uuid::from_u128(0x0b1c2d3e_4f5a_6b7c_8d9e_0f1a2b3c4d5e);

struct State {
    users: BTreeMap<uuid::Uuid, User>,
    next_id: u128,
}

pub struct Bleemeo {
    state: super::Shared<State>,
}

impl Default for Bleemeo {
    fn default() -> Self {
        Self::new()
    }
}

impl Bleemeo {
    pub fn new() -> Self {
        Self { state: super::Shared::new(State { users: BTreeMap::new(), next_id: 1 }) }
    }
}

fn authorized(credentials: &Credentials) -> bool {
    match credentials {
        Credentials::BasicAuth { username, password } => username == "admin" && password == "admin",
        Credentials::BearerAuth { token } => token == "demo-token",
        Credentials::JwtAuth { value } => value == "JWT demo-token",
    }
}

fn detail(message: &str) -> ErrorDetail {
    ErrorDetail { detail: message.to_owned() }
}

fn wrong_credentials() -> ErrorDetail {
    detail("Invalid username/password.")
}

/// A header naming another account than ours finds nothing.
fn foreign_account(account: Option<uuid::Uuid>) -> bool {
    account.is_some_and(|account| account != ACCOUNT)
}

fn apply<T>(target: &mut T, change: Option<T>) {
    if let Some(value) = change {
        *target = value;
    }
}

fn apply_nullable<T>(target: &mut Nullable<T>, change: Nullable<T>) {
    if !change.is_absent() {
        *target = change;
    }
}

impl Api for Bleemeo {
    async fn user_list(
        &self,
        params: UserListParams,
        credentials: Credentials,
    ) -> Result<UserListResponse, HandlerError> {
        if !authorized(&credentials) {
            return Ok(UserListResponse::Unauthorized(wrong_credentials()));
        }
        if foreign_account(params.x_bleemeo_account) {
            return Ok(UserListResponse::Forbidden(detail("You do not have permission to perform this action.")));
        }
        let state = self.state.lock();
        let page_size = super::page_size(params.page_size, 25, None);
        let count = state.users.len();
        let Some(page) = super::page_number(params.page, page_size, count) else {
            return Ok(UserListResponse::NotFound(detail("Invalid page.")));
        };
        let results: Vec<User> =
            state.users.values().skip((page - 1).saturating_mul(page_size)).take(page_size).cloned().collect();
        let (next, previous) = super::page_links("https://api.bleemeo.com/v1/user/", page, page_size, count);
        Ok(UserListResponse::Ok(PaginatedUserList {
            count: count as i64,
            next: next.map(Uri::new).transpose()?.into(),
            previous: previous.map(Uri::new).transpose()?.into(),
            results,
        }))
    }

    async fn user_create(
        &self,
        params: UserCreateParams,
        body: UserRequest,
        credentials: Credentials,
    ) -> Result<UserCreateResponse, HandlerError> {
        if !authorized(&credentials) {
            return Ok(UserCreateResponse::Unauthorized(wrong_credentials()));
        }
        if foreign_account(params.x_bleemeo_account) {
            return Ok(UserCreateResponse::Forbidden(detail("You do not have permission to perform this action.")));
        }
        let mut state = self.state.lock();
        if state.users.values().any(|u| u.email == body.email) {
            let errors = BTreeMap::from([(
                "email".to_owned(),
                vec!["A user with this email is already in the account.".to_owned()],
            )]);
            return Ok(UserCreateResponse::BadRequest(ValidationError::FieldErrors(errors)));
        }
        let id = uuid::Uuid::from_u128(state.next_id);
        state.next_id += 1;
        let user = User {
            id,
            account: Some(ACCOUNT),
            accounts: vec![ACCOUNT],
            activated_at: None,
            can_leave_account: true,
            created_at: super::epoch(),
            created_by: None,
            date_joined: None,
            email: body.email,
            failed_login_count: Nullable::Value(0),
            first_name: Some(body.first_name.unwrap_or_default()),
            has_two_factor_auth: Some(false),
            is_admin: false,
            is_manager: false,
            last_access: Nullable::Null,
            last_login: Nullable::Null,
            last_name: Some(body.last_name.unwrap_or_default()),
            mobile_notification_enable: false,
            modified_at: Nullable::Value(super::epoch()),
            notification_web_critical: Some(body.notification_web_critical.unwrap_or(true)),
            notification_web_ok: Some(body.notification_web_ok.unwrap_or(false)),
            notification_web_warning: Some(body.notification_web_warning.unwrap_or(true)),
            password_last_change: Nullable::Null,
            profile_picture: match body.profile_picture {
                Nullable::Absent => Nullable::Null,
                other => other,
            },
            default_profile_picture: Some(body.default_profile_picture.unwrap_or(true)),
            timezone: match body.timezone {
                Nullable::Absent => Nullable::Null,
                other => other,
            },
            toggle_newsletter: Some(body.toggle_newsletter.unwrap_or(false)),
            toggle_weekly: match body.toggle_weekly {
                Nullable::Absent => Nullable::Null,
                other => other,
            },
            user: None,
        };
        state.users.insert(id, user.clone());
        Ok(UserCreateResponse::Created(user))
    }

    async fn user_retrieve(
        &self,
        params: UserRetrieveParams,
        credentials: Credentials,
    ) -> Result<UserRetrieveResponse, HandlerError> {
        if !authorized(&credentials) {
            return Ok(UserRetrieveResponse::Unauthorized(wrong_credentials()));
        }
        let state = self.state.lock();
        match state.users.get(&params.id).filter(|_| !foreign_account(params.x_bleemeo_account)) {
            Some(user) => Ok(UserRetrieveResponse::Ok(user.clone())),
            None => Ok(UserRetrieveResponse::NotFound(detail("Not found."))),
        }
    }

    async fn user_partial_update(
        &self,
        params: UserPartialUpdateParams,
        body: Option<PatchedUserRequest>,
        credentials: Credentials,
    ) -> Result<UserPartialUpdateResponse, HandlerError> {
        if !authorized(&credentials) {
            return Ok(UserPartialUpdateResponse::Unauthorized(wrong_credentials()));
        }
        let mut state = self.state.lock();
        let Some(user) = state.users.get_mut(&params.id).filter(|_| !foreign_account(params.x_bleemeo_account)) else {
            return Ok(UserPartialUpdateResponse::NotFound(detail("Not found.")));
        };
        // No body is empty data, as DRF reads it: nothing changes.
        let Some(body) = body else {
            return Ok(UserPartialUpdateResponse::Ok(user.clone()));
        };
        apply(&mut user.email, body.email);
        apply(&mut user.first_name, body.first_name.map(Some));
        apply(&mut user.last_name, body.last_name.map(Some));
        apply(&mut user.notification_web_critical, body.notification_web_critical.map(Some));
        apply(&mut user.notification_web_ok, body.notification_web_ok.map(Some));
        apply(&mut user.notification_web_warning, body.notification_web_warning.map(Some));
        apply(&mut user.default_profile_picture, body.default_profile_picture.map(Some));
        apply(&mut user.toggle_newsletter, body.toggle_newsletter.map(Some));
        // Absent leaves a field alone; null clears it.
        apply_nullable(&mut user.profile_picture, body.profile_picture);
        apply_nullable(&mut user.timezone, body.timezone);
        apply_nullable(&mut user.toggle_weekly, body.toggle_weekly);
        Ok(UserPartialUpdateResponse::Ok(user.clone()))
    }

    async fn user_destroy(
        &self,
        params: UserDestroyParams,
        credentials: Credentials,
    ) -> Result<UserDestroyResponse, HandlerError> {
        if !authorized(&credentials) {
            return Ok(UserDestroyResponse::Unauthorized(wrong_credentials()));
        }
        let mut state = self.state.lock();
        if foreign_account(params.x_bleemeo_account) || state.users.remove(&params.id).is_none() {
            return Ok(UserDestroyResponse::NotFound(detail("Not found.")));
        }
        Ok(UserDestroyResponse::NoContent)
    }
}
