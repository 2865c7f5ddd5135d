//! How a list operation's answers page, as `lower/paging.rs` finds it
//! from the spec: the client gets a pager that follows the pages and
//! yields their items.

use super::presence::Presence;

/// The pages of a `GET` operation whose 200 answer is a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Paging {
    /// How the request for the next page is made.
    pub(crate) next: NextPage,
    /// Where a page's items are.
    pub(crate) items: Items,
}

/// Where a page's items are: the answer's body is their list, or a field
/// of it is (by its Rust name, and how it is present).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Items {
    Body,
    Field(String, Presence),
}

/// How the request for the next page is made; each ends the walk where
/// it finds no next page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NextPage {
    /// A field of the page holds the next page's URL (Django REST
    /// Framework's nullable `next`): its Rust name, and how it is present.
    LinkField(String, Presence),
    /// The answer's `Link` header names it, `rel="next"` (RFC 8288; GitHub).
    LinkHeader,
    /// A string field of the page holds a token that the query parameter
    /// sends back (`next_cursor` → `cursor`, `nextPageToken` →
    /// `pageToken`); absent, null or empty at the end.
    Token { field: String, presence: Presence, parameter: String },
    /// While a boolean field says there is more (`has_more`), the last
    /// item's `id` is sent as the query parameter (`starting_after`; Stripe).
    HasMore { flag: String, parameter: String, id: String },
    /// The query parameter `offset` moves past the items read, until a
    /// page has none, or fewer than the `limit` parameter asked for.
    Offset { offset: String, limit: Option<String> },
}
