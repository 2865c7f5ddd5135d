//! `oneOf` and `anyOf`: matching a value against the alternatives.

/// One alternative of a `oneOf`: its name, the sets of keys it requires
/// not to be all present (`not: {required: [...]}`), and how to read it.
pub struct Alternative<T> {
    pub name: &'static str,
    pub forbidden_keys: &'static [&'static [&'static str]],
    /// The values of the discriminator property that select it.
    pub tags: &'static [&'static str],
    pub parse: fn(&serde_json::Value) -> Result<T, serde_json::Error>,
}

/// `oneOf` with a `discriminator`: the value of `property` picks the
/// alternative, which must then match. A discriminator is a hint
/// (OpenAPI 3.0): without the property, the alternatives that match are
/// weighed as by [`closest_of`]. A text the spec does not map to an
/// alternative (a newer server's) keeps the value as it came, in `other`,
/// unless it is read [`strictly`](crate::support::strictly).
pub fn one_of_tagged<T: serde::Serialize>(
    type_name: &str,
    value: serde_json::Value,
    property: &str,
    alternatives: &[Alternative<T>],
    other: fn(serde_json::Value) -> T,
) -> Result<T, String> {
    let Some(tag) = value.get(property) else {
        return closest_of(type_name, &value, alternatives)
            .map_err(|error| format!("{error}; nor is the key `{property}` there to pick one"));
    };
    let chosen = tag.as_str().and_then(|tag| alternatives.iter().find(|a| a.tags.contains(&tag)));
    let Some(alternative) = chosen else {
        if tag.is_string() && !crate::support::is_strict() {
            return Ok(other(value));
        }
        let known: Vec<&str> = alternatives.iter().flat_map(|a| a.tags.iter().copied()).collect();
        return Err(format!("{type_name}: `{property}` is {tag}, expected one of {}", known.join(", ")));
    };
    one_of(type_name, &value, std::slice::from_ref(alternative))
}

/// `oneOf`: the value must match exactly one alternative. The error says
/// why each alternative failed, or which ones matched together.
#[inline]
pub fn one_of<T>(type_name: &str, value: &serde_json::Value, alternatives: &[Alternative<T>]) -> Result<T, String> {
    // Only the first match is kept: a second is rare, and then decided
    // below. Nothing is allocated for one match (a further one is a `Vec`'s
    // first push), and why each failed is worded only if none matched.
    // Little here depends on `T`, as each `oneOf` type has its copy.
    let mut first: Option<(usize, T)> = None;
    let mut more: Vec<usize> = Vec::new();
    for (index, alternative) in alternatives.iter().enumerate() {
        if let Ok(parsed) = alternative.try_parse(value) {
            match first {
                None => first = Some((index, parsed)),
                Some(_) => more.push(index),
            }
        }
    }
    match first {
        Some((_, parsed)) if more.is_empty() => Ok(parsed),
        Some((index, _)) => {
            more.insert(0, index);
            strict_choice(type_name, value, alternatives, &more)
        }
        None => Err(no_match(type_name, value, alternatives)),
    }
}

/// Why an alternative does not match, worded only if none does.
enum Failure {
    Forbidden(&'static str, &'static [&'static str]),
    Parse(&'static str, serde_json::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Forbidden(name, [key]) => write!(f, "{name}: key `{key}` must be absent"),
            Failure::Forbidden(name, keys) => {
                write!(f, "{name}: keys {} may not all be present", super::fields::listed(keys))
            }
            Failure::Parse(name, error) => write!(f, "{name}: {error}"),
        }
    }
}

/// Of several alternatives that match, the one that also matches strictly.
/// Read leniently, an object closed by `additionalProperties: false` takes
/// any keys, so it matches beside others (GitHub's `oneOf` of a user and an
/// empty object): read strictly, the others may be refused.
fn strict_choice<T>(
    type_name: &str,
    value: &serde_json::Value,
    alternatives: &[Alternative<T>],
    matched: &[usize],
) -> Result<T, String> {
    // Only tried here, then the one chosen read again: each `oneOf` type
    // has its copy of this function, which then holds no `T` but the last.
    let mut chosen: Vec<usize> = Vec::new();
    if !crate::support::is_strict() {
        for &index in matched {
            let parse = alternatives[index].parse;
            if crate::support::strictly(|| parse(value).is_ok()) {
                chosen.push(index);
            }
        }
    }
    if let [only] = chosen[..] {
        return (alternatives[only].parse)(value).map_err(|error| error.to_string());
    }
    let names: Vec<&str> = matched.iter().map(|&index| alternatives[index].name).collect();
    Err(several_match(type_name, &names))
}

fn several_match(type_name: &str, names: &[&str]) -> String {
    format!("{type_name} must match exactly one alternative, but matches {}", names.join(" and "))
}

/// Why no alternative matches, each tried again: only an error pays for it.
/// A plain loop: an iterator adapter here would be compiled again for
/// every `oneOf` type.
fn no_match<T>(type_name: &str, value: &serde_json::Value, alternatives: &[Alternative<T>]) -> String {
    let mut failures = Vec::new();
    for alternative in alternatives {
        if let Err(failure) = alternative.try_parse(value) {
            failures.push(failure);
        }
    }
    worded(type_name, &failures)
}

/// The message of [`no_match`], compiled once for all `oneOf` types.
fn worded(type_name: &str, failures: &[Failure]) -> String {
    let failures: Vec<String> = failures.iter().map(ToString::to_string).collect();
    format!("no alternative of {type_name} matches ({})", failures.join("; "))
}

/// A `oneOf` whose alternatives cannot be told apart (some value of one is
/// always a value of another): of the alternatives that match, the one that
/// keeps the most of the value's keys, the first among equals.
pub fn closest_of<T: serde::Serialize>(
    type_name: &str,
    value: &serde_json::Value,
    alternatives: &[Alternative<T>],
) -> Result<T, String> {
    let mut best: Option<(usize, T)> = None;
    for alternative in alternatives {
        if let Ok(parsed) = alternative.try_parse(value) {
            let kept = kept_keys(value, &parsed);
            match &best {
                Some((most, _)) if *most >= kept => {}
                _ => best = Some((kept, parsed)),
            }
        }
    }
    match best {
        Some((_, parsed)) => Ok(parsed),
        None => Err(no_match(type_name, value, alternatives)),
    }
}

/// The first set of `sets` whose keys `value` all holds: out of the generic
/// [`Alternative::try_parse`], so it is compiled once.
fn forbidden(sets: &'static [&'static [&'static str]], value: &serde_json::Value) -> Option<&'static [&'static str]> {
    sets.iter().copied().find(|keys| keys.iter().all(|key| value.get(*key).is_some()))
}

/// How many keys of `value` survive in `parsed` written back.
fn kept_keys<T: serde::Serialize>(value: &serde_json::Value, parsed: &T) -> usize {
    match (value, serde_json::to_value(parsed)) {
        (serde_json::Value::Object(keys), Ok(serde_json::Value::Object(back))) => {
            keys.keys().filter(|key| back.contains_key(*key)).count()
        }
        _ => 0,
    }
}

impl<T> Alternative<T> {
    /// The value as this alternative, or why it is not one.
    fn try_parse(&self, value: &serde_json::Value) -> Result<T, Failure> {
        if let Some(keys) = forbidden(self.forbidden_keys, value) {
            return Err(Failure::Forbidden(self.name, keys));
        }
        (self.parse)(value).map_err(|error| Failure::Parse(self.name, error))
    }
}
