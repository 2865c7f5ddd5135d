//! Run-time support shared by every generated API module, one idea a file:
//! three-state nullable fields (`nullable`), structs written as and read
//! from JSON objects (`object`, `fields`), constraint checks and their
//! errors (`constraints`), checked values (`checked`), string enums
//! (`string_enum`), `oneOf` matching (`one_of`), response enums
//! (`responses`), base64 (`base64`), what travels on the wire (`wire`),
//! where in a JSON text an error is (`json_path`),
//! how strictly values are read (`strict`) and request builders
//! (`builder`). The generated servers' and
//! clients' plumbing is in `server` and `client`, each behind its feature.

pub use self::base64::*;
pub use self::builder::converted;
pub use self::checked::*;
pub use self::constraints::*;
pub use self::fields::*;
pub use self::json_path::*;
pub use self::nullable::*;
pub use self::object::*;
pub use self::one_of::*;
pub use self::strict::*;
pub use self::string_enum::*;
pub use self::wire::*;

// The macros, by the paths the generated code calls them: a crate without
// structs, operations, string enums or builders does not use some of them.
#[allow(unused_imports)]
pub(crate) use self::builder::builder;
#[allow(unused_imports)]
pub(crate) use self::object::json_object;
#[allow(unused_imports)]
pub(crate) use self::responses::responses;
#[allow(unused_imports)]
pub(crate) use self::string_enum::string_enum;
