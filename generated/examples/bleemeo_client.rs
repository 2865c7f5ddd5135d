//! Invites a user to a Bleemeo account and lists the account's users with
//! the generated client, building each request in Rust: the required
//! fields, then only those set. Against the reference server:
//!
//! ```sh
//! cargo run -p user-apis --example reference_server &
//! cargo run -p user-apis --example bleemeo_client -- http://127.0.0.1:8080 ada@example.com
//! ```

use user_apis::bleemeo::client::Client;
use user_apis::bleemeo::{UserCreateParams, UserCreateResponse, UserListParams, UserListResponse, UserRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let base_url = args.next().unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let email = args.next().unwrap_or_else(|| "ada@example.com".to_owned());
    let client = Client::new(&base_url)?.jwt_auth("JWT demo-token");

    // A create setting two of the body's fields: the e-mail, checked on the
    // way in (an invalid one is an error here, not a 400 later), and a name.
    let invite = UserRequest::new(email)?.first_name("Ada");
    match client.user_create(&UserCreateParams::new(), &invite).await? {
        UserCreateResponse::Created(user) => println!("invited {} ({})", user.email, user.id),
        UserCreateResponse::BadRequest(errors) => println!("refused: {errors:?}"),
        other => println!("{} {other:?}", other.status()),
    }

    // A list with one of its optional parameters set.
    match client.user_list(&UserListParams::new().page_size(50)).await? {
        UserListResponse::Ok(page) => {
            println!("{} user(s)", page.count);
            for user in page.results {
                println!("- {}", user.email);
            }
        }
        other => println!("{} {other:?}", other.status()),
    }
    Ok(())
}
