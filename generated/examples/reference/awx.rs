//! AWX: team 1 exists; users are created, added to and removed from it.

use std::collections::{BTreeMap, BTreeSet};
use user_apis::awx::server::Api;
use user_apis::awx::*;
use user_apis::support::server::{BodyError, HandlerError, Rejection};

const WWW_AUTHENTICATE: &str = "Bearer realm=api authorization_url=/api/o/authorize/";

struct Stored {
    username: String,
    first_name: String,
    last_name: String,
    email: String,
    is_superuser: bool,
    is_system_auditor: bool,
}

struct State {
    users: BTreeMap<i64, Stored>,
    teams: BTreeMap<i64, BTreeSet<i64>>,
    next_id: i64,
}

pub struct Awx {
    state: super::Shared<State>,
}

impl Default for Awx {
    fn default() -> Self {
        Self::new()
    }
}

impl Awx {
    /// Team 1, empty, and the `admin` user (id 1).
    pub fn new() -> Self {
        let admin = Stored {
            username: "admin".into(),
            first_name: String::new(),
            last_name: String::new(),
            email: "admin@example.com".into(),
            is_superuser: true,
            is_system_auditor: false,
        };
        let state =
            State { users: BTreeMap::from([(1, admin)]), teams: BTreeMap::from([(1, BTreeSet::new())]), next_id: 2 };
        Self { state: super::Shared::new(state) }
    }
}

fn authorized(credentials: &Credentials) -> bool {
    match credentials {
        Credentials::BasicAuth { username, password } => username == "admin" && password == "admin",
        Credentials::BearerAuth { token } => token == "demo-token",
    }
}

fn detail(message: &str) -> ErrorDetail {
    ErrorDetail { detail: message.to_owned() }
}

fn unauthorized() -> ErrorDetail {
    detail("Invalid username/password.")
}

fn not_found() -> ErrorDetail {
    detail("Not found.")
}

fn user_json(id: i64, user: &Stored) -> Result<User, HandlerError> {
    Ok(User {
        id,
        r#type: UserType::User,
        url: format!("/api/v2/users/{id}/"),
        related: BTreeMap::from([
            ("teams".to_owned(), format!("/api/v2/users/{id}/teams/")),
            ("named_url".to_owned(), format!("/api/v2/users/{}/", user.username)),
        ]),
        summary_fields: BTreeMap::from([(
            "user_capabilities".to_owned(),
            serde_json::json!({"edit": true, "delete": true}),
        )]),
        created: super::epoch(),
        modified: None,
        username: UserUsername::new(user.username.clone())?,
        first_name: UserFirstName::new(user.first_name.clone())?,
        last_name: UserLastName::new(user.last_name.clone())?,
        email: UserEmail::new(user.email.clone())?,
        is_superuser: user.is_superuser,
        is_system_auditor: user.is_system_auditor,
        ldap_dn: String::new(),
        last_login: None,
        external_account: None,
        auth: Some(Vec::new()),
    })
}

fn field_error(field: &str, message: &str) -> FieldErrors {
    BTreeMap::from([(field.to_owned(), vec![message.to_owned()])])
}

impl Api for Awx {
    async fn teams_users_list(
        &self,
        params: TeamsUsersListParams,
        credentials: Credentials,
    ) -> Result<TeamsUsersListResponse, HandlerError> {
        if !authorized(&credentials) {
            return Ok(TeamsUsersListResponse::Unauthorized {
                body: unauthorized(),
                www_authenticate: WWW_AUTHENTICATE.into(),
            });
        }
        let state = self.state.lock();
        let Some(members) = state.teams.get(&params.id) else {
            return Ok(TeamsUsersListResponse::NotFound(not_found()));
        };
        let search = params.search.as_deref().map(str::to_lowercase);
        let mut users: Vec<(i64, &Stored)> = members
            .iter()
            .filter_map(|id| state.users.get(id).map(|user| (*id, user)))
            .filter(|(_, user)| {
                search.as_ref().is_none_or(|needle| {
                    [&user.username, &user.first_name, &user.last_name, &user.email]
                        .iter()
                        .any(|f| f.to_lowercase().contains(needle))
                })
            })
            .collect();
        users.sort_by(|a, b| a.1.username.cmp(&b.1.username));
        if params.order_by.as_deref() == Some("-username") {
            users.reverse();
        }
        let page_size = super::page_size(params.page_size, 25, Some(200));
        let count = users.len();
        let Some(page) = super::page_number(params.page, page_size, count) else {
            return Ok(TeamsUsersListResponse::NotFound(detail("Invalid page.")));
        };
        let start = (page - 1) * page_size;
        let results = users
            .iter()
            .skip(start)
            .take(page_size)
            .map(|(id, user)| user_json(*id, user))
            .collect::<Result<_, _>>()?;
        let (next, previous) =
            super::page_links(&format!("/api/v2/teams/{}/users/", params.id), page, page_size, count);
        Ok(TeamsUsersListResponse::Ok(PaginatedUserList {
            count: count as i64,
            next: next.into(),
            previous: previous.into(),
            results,
        }))
    }

    async fn teams_users_create(
        &self,
        params: TeamsUsersCreateParams,
        body: TeamUserActionRequest,
        credentials: Credentials,
    ) -> Result<TeamsUsersCreateResponse, HandlerError> {
        if !authorized(&credentials) {
            return Ok(TeamsUsersCreateResponse::Unauthorized {
                body: unauthorized(),
                www_authenticate: WWW_AUTHENTICATE.into(),
            });
        }
        let mut state = self.state.lock();
        if !state.teams.contains_key(&params.id) {
            return Ok(TeamsUsersCreateResponse::NotFound(not_found()));
        }
        let missing_user = || {
            TeamsUsersCreateResponse::BadRequest(TeamUserError::ErrorDetail(detail(
                "User matching query does not exist.",
            )))
        };
        match body {
            TeamUserActionRequest::Disassociate(remove) => {
                let id = remove.id.get();
                if !state.users.contains_key(&id) {
                    return Ok(missing_user());
                }
                state.teams.entry(params.id).or_default().remove(&id);
                Ok(TeamsUsersCreateResponse::NoContent)
            }
            TeamUserActionRequest::Associate(add) => {
                let id = add.id.get();
                if !state.users.contains_key(&id) {
                    return Ok(missing_user());
                }
                state.teams.entry(params.id).or_default().insert(id);
                Ok(TeamsUsersCreateResponse::NoContent)
            }
            TeamUserActionRequest::Create(create) => {
                if state.users.values().any(|u| u.username == create.username.as_str()) {
                    let error = field_error("username", "A user with that username already exists.");
                    return Ok(TeamsUsersCreateResponse::BadRequest(TeamUserError::FieldErrors(error)));
                }
                let id = state.next_id;
                state.next_id += 1;
                let stored = Stored {
                    username: create.username.into_inner(),
                    first_name: create.first_name.into_inner(),
                    last_name: create.last_name.into_inner(),
                    email: create.email.into_inner(),
                    is_superuser: create.is_superuser,
                    is_system_auditor: create.is_system_auditor,
                };
                let user = user_json(id, &stored)?;
                state.users.insert(id, stored);
                state.teams.entry(params.id).or_default().insert(id);
                Ok(TeamsUsersCreateResponse::Created { body: user, location: format!("/api/v2/users/{id}/") })
            }
        }
    }

    async fn users_retrieve(
        &self,
        params: UsersRetrieveParams,
        credentials: Credentials,
    ) -> Result<UsersRetrieveResponse, HandlerError> {
        if !authorized(&credentials) {
            return Ok(UsersRetrieveResponse::Unauthorized {
                body: unauthorized(),
                www_authenticate: WWW_AUTHENTICATE.into(),
            });
        }
        let state = self.state.lock();
        match state.users.get(&params.id) {
            Some(user) => Ok(UsersRetrieveResponse::Ok(user_json(params.id, user)?)),
            None => Ok(UsersRetrieveResponse::NotFound(not_found())),
        }
    }

    async fn users_destroy(
        &self,
        params: UsersDestroyParams,
        credentials: Credentials,
    ) -> Result<UsersDestroyResponse, HandlerError> {
        if !authorized(&credentials) {
            return Ok(UsersDestroyResponse::Unauthorized {
                body: unauthorized(),
                www_authenticate: WWW_AUTHENTICATE.into(),
            });
        }
        let mut state = self.state.lock();
        if state.users.remove(&params.id).is_none() {
            return Ok(UsersDestroyResponse::NotFound(not_found()));
        }
        state.teams.values_mut().for_each(|members| {
            members.remove(&params.id);
        });
        Ok(UsersDestroyResponse::NoContent)
    }

    async fn users_partial_update(
        &self,
        params: UsersPartialUpdateParams,
        body: Option<PatchedUserRequest>,
        credentials: Credentials,
    ) -> Result<UsersPartialUpdateResponse, HandlerError> {
        if !authorized(&credentials) {
            return Ok(UsersPartialUpdateResponse::Unauthorized {
                body: unauthorized(),
                www_authenticate: WWW_AUTHENTICATE.into(),
            });
        }
        let mut state = self.state.lock();
        // DRF finds the object (404) before it validates the body.
        if !state.users.contains_key(&params.id) {
            return Ok(UsersPartialUpdateResponse::NotFound(not_found()));
        }
        if let Some(username) = body.as_ref().and_then(|body| body.username.as_ref()) {
            if state.users.iter().any(|(id, u)| *id != params.id && u.username == username.as_str()) {
                let error = field_error("username", "A user with that username already exists.");
                return Ok(UsersPartialUpdateResponse::BadRequest(ValidationError::FieldErrors(error)));
            }
        }
        let Some(user) = state.users.get_mut(&params.id) else {
            return Ok(UsersPartialUpdateResponse::NotFound(not_found()));
        };
        // No body is empty data, as DRF reads it: nothing changes.
        let Some(body) = body else {
            return Ok(UsersPartialUpdateResponse::Ok(user_json(params.id, user)?));
        };
        if let Some(value) = body.username {
            user.username = value.into_inner();
        }
        if let Some(value) = body.first_name {
            user.first_name = value.into_inner();
        }
        if let Some(value) = body.last_name {
            user.last_name = value.into_inner();
        }
        if let Some(value) = body.email {
            user.email = value.into_inner();
        }
        if let Some(value) = body.is_superuser {
            user.is_superuser = value;
        }
        if let Some(value) = body.is_system_auditor {
            user.is_system_auditor = value;
        }
        Ok(UsersPartialUpdateResponse::Ok(user_json(params.id, user)?))
    }

    fn unauthenticated(&self, _operation: &'static str) -> Rejection {
        Rejection::detail(axum::http::StatusCode::UNAUTHORIZED, "Authentication credentials were not provided.")
            .with_header(axum::http::header::WWW_AUTHENTICATE, WWW_AUTHENTICATE)
    }

    /// AWX's own messages for a POST body that is none of its three actions.
    fn invalid_body(&self, operation: &'static str, error: BodyError) -> Rejection {
        if operation != "teams_users_create" {
            return error.into();
        }
        let body = &error.value;
        let id = body.get("id");
        let integer_id = id.and_then(serde_json::Value::as_i64);
        let message = |text: &str| Rejection {
            status: axum::http::StatusCode::BAD_REQUEST,
            body: serde_json::json!({ "msg": text }),
            headers: Vec::new(),
        };
        if body.get("disassociate").is_some() {
            return match id {
                // AWX tests `if sub_id:`, Python's truth: 0 and null are no id.
                None | Some(serde_json::Value::Null) => message("\"id\" is required to disassociate"),
                Some(_) if integer_id == Some(0) => message("\"id\" is required to disassociate"),
                Some(_) if integer_id.is_none() => message("\"id\" field must be an integer."),
                Some(_) => {
                    Rejection::detail(axum::http::StatusCode::BAD_REQUEST, "User matching query does not exist.")
                }
            };
        }
        match (id, integer_id) {
            (Some(serde_json::Value::Null), _) | (None, _) | (_, Some(0)) => {}
            (Some(_), None) => return message("\"id\" field must be an integer."),
            // A non-zero id that is no valid user id (negative) names no user.
            (Some(_), Some(_)) => {
                return Rejection::detail(axum::http::StatusCode::BAD_REQUEST, "User matching query does not exist.")
            }
        }
        // A create: AWX lists both missing fields at once.
        let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
        if body.get("username").is_none() {
            fields.insert("username".into(), vec!["This field is required.".into()]);
        }
        if body.get("password").is_none() {
            fields.insert("password".into(), vec!["Password required for new User.".into()]);
        }
        if fields.is_empty() {
            fields = match user_apis::support::server::typed::<TeamUserCreateRequest>(body.clone()) {
                Err(create_error) => create_error.fields,
                Ok(_) => BTreeMap::from([("non_field_errors".into(), vec!["Invalid data.".into()])]),
            };
        }
        Rejection { status: axum::http::StatusCode::BAD_REQUEST, body: serde_json::json!(fields), headers: Vec::new() }
    }
}
