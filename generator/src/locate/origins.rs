//! Where the parts of a converted document (an OpenAPI 3.1 or Swagger 2.0
//! spec read as the 3.0 document it means) stand in the spec's own text, so
//! every diagnostic names the spec's pointer and line:column, not the
//! converted document's.

use std::borrow::Cow;
use std::collections::BTreeMap;

/// Converted pointer → the spec's pointer, for each part the conversion
/// moved or made; a part inside a moved one moved with it.
#[derive(Debug, Default)]
pub(crate) struct Origins {
    moved: BTreeMap<String, String>,
}

/// More moves than this in a chain is a bug of the conversion, not a spec.
const CHAIN_LIMIT: usize = 16;

impl Origins {
    /// The part at `converted` came from `original`.
    pub(crate) fn record(&mut self, converted: impl Into<String>, original: impl Into<String>) {
        self.moved.insert(converted.into(), original.into());
    }

    /// The spec's pointer for a pointer of the converted document: the
    /// longest recorded prefix (whole segments) replaced, again while one
    /// matches, since a part can move twice (made, then hoisted).
    pub(crate) fn original<'p>(&self, pointer: &'p str) -> Cow<'p, str> {
        if self.moved.is_empty() {
            return Cow::Borrowed(pointer);
        }
        let mut current = Cow::Borrowed(pointer);
        for _ in 0..CHAIN_LIMIT {
            match self.step(&current) {
                Some(next) => current = Cow::Owned(next),
                None => break,
            }
        }
        current
    }

    fn step(&self, pointer: &str) -> Option<String> {
        let mut end = pointer.len();
        loop {
            let prefix = &pointer[..end];
            if let Some(original) = self.moved.get(prefix) {
                return Some(format!("{original}{}", &pointer[end..]));
            }
            end = prefix.rfind('/')?;
            if end == 0 {
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Origins;

    #[test]
    fn the_longest_moved_prefix_maps_and_moves_chain() {
        let mut origins = Origins::default();
        origins.record("/components/schemas/Tag", "/components/schemas/Pet/$defs/Tag");
        origins.record(
            "/components/schemas/Pet/$defs/Tag/properties/a/allOf/0",
            "/components/schemas/Pet/$defs/Tag/properties/a",
        );
        origins.record("/components/schemas/Pet/enum", "/components/schemas/Pet/const");
        origins.record("/components/schemas/Pet/enum/0", "/components/schemas/Pet/const");
        assert_eq!(
            origins.original("/components/schemas/Tag/properties/a/allOf/0/$ref"),
            "/components/schemas/Pet/$defs/Tag/properties/a/$ref"
        );
        assert_eq!(origins.original("/components/schemas/Pet/enum/0"), "/components/schemas/Pet/const");
        assert_eq!(origins.original("/components/schemas/Pet/enum/1"), "/components/schemas/Pet/const/1");
        // A segment prefix only: `Tags` did not move with `Tag`.
        assert_eq!(origins.original("/components/schemas/Tags/type"), "/components/schemas/Tags/type");
        assert_eq!(origins.original(""), "");
        assert_eq!(Origins::default().original("/a/b"), "/a/b");
    }
}
