//! Creates a user in AWX team 1 with the generated client and matches on
//! the answer. Against the reference server:
//!
//! ```sh
//! cargo run -p user-apis --example reference_server &
//! cargo run -p user-apis --example awx_client -- http://127.0.0.1:8080 alice
//! ```

use user_apis::awx::client::Client;
use user_apis::awx::{
    TeamUserActionRequest, TeamUserCreateRequest, TeamUserError, TeamsUsersCreateParams, TeamsUsersCreateResponse,
    UserExternalAccount,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let base_url = args.next().unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let username = args.next().unwrap_or_else(|| "alice".to_owned());

    let client = Client::new(&base_url)?.basic_auth("admin", "admin");
    // The required fields, then only those set: each value checked on the way in.
    let user = TeamUserCreateRequest::new(username, "correct horse battery staple")?.first_name("Alice")?;
    let body = TeamUserActionRequest::Create(user);
    match client.teams_users_create(&TeamsUsersCreateParams::new(1), &body).await? {
        TeamsUsersCreateResponse::Created { body: user, location } => {
            println!("created {} at {location}", user.username);
            // A newer AWX may answer a kind of account this client does not
            // list: it is kept as it came, not an error.
            match &user.external_account {
                Some(UserExternalAccount::Unknown(kind)) => {
                    println!("an account kind this client does not know: {kind}")
                }
                Some(kind) => println!("external account: {kind}"),
                None => println!("a local account"),
            }
        }
        TeamsUsersCreateResponse::NoContent => println!("added or removed an existing user"),
        TeamsUsersCreateResponse::BadRequest(TeamUserError::FieldErrors(errors)) => println!("refused: {errors:?}"),
        TeamsUsersCreateResponse::BadRequest(other) => println!("refused: {other:?}"),
        TeamsUsersCreateResponse::Unauthorized { body, .. } => println!("unauthorized: {}", body.detail),
        TeamsUsersCreateResponse::Forbidden(body)
        | TeamsUsersCreateResponse::NotFound(body)
        | TeamsUsersCreateResponse::PayloadTooLarge(body)
        | TeamsUsersCreateResponse::UnsupportedMediaType(body) => println!("{}", body.detail),
    }
    Ok(())
}
