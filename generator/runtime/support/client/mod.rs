//! Run-time support for the generated reqwest clients: sending with
//! opt-in retries, and decoding answers into the typed response enums.

pub use self::answer::*;
pub use self::connection::*;
pub use self::encoding::*;
pub use self::error::*;
pub use self::hooks::*;
pub use self::pages::*;
pub use self::request::*;
pub use self::retry::Retry;
pub use self::urlencoded::*;
pub use crate::support::{Expansion, FormStyle};
/// The methods of HTTP, for [`Request::with_path`].
pub use reqwest::Method;
