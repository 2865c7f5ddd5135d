//! Checked values: a constrained type's value, checked on every way in
//! (`Checked<R: Rule>`), and support's own rules, e-mail and URI.

use super::{check_email, check_uri, ConstraintError};
use std::fmt;

/// Text that does not parse as a constrained number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not a number of the right kind at all.
    NotANumber(String),
    /// A number that breaks a constraint.
    Constraint(ConstraintError),
}

impl From<ConstraintError> for ParseError {
    fn from(error: ConstraintError) -> Self {
        ParseError::Constraint(error)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::NotANumber(text) => write!(f, "{text:?} is not a number of the expected kind"),
            ParseError::Constraint(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ParseError {}

/// The constraints of one checked type: what a [`Checked`] value must meet.
/// The generator writes one per constrained schema (in the API's `rules`
/// module); `Email` and `Uri` are support's own.
pub trait Rule: 'static {
    /// The value checked: `String`, `i64`, `f64`, a `Vec`, JSON...
    type Value;
    /// The checked type's name, shown by `Debug`.
    const NAME: &'static str;
    /// Whether `Debug` hides the value (`writeOnly`, `format: password`).
    const SECRET: bool = false;

    fn check(value: &Self::Value) -> Result<(), ConstraintError>;
}

/// A value that met its [`Rule`]: the only ways in (`new`, `TryFrom`,
/// `FromStr`, `Deserialize`) check it, so holding one proves the spec's
/// constraints. On the wire it is the bare value.
pub struct Checked<R: Rule>(R::Value, std::marker::PhantomData<fn() -> R>);

impl<R: Rule> Checked<R> {
    /// Checks the rule; the only way to build one.
    pub fn new(value: impl Into<R::Value>) -> Result<Self, ConstraintError> {
        let value = value.into();
        R::check(&value)?;
        Ok(Self(value, std::marker::PhantomData))
    }

    /// The value.
    pub fn value(&self) -> &R::Value {
        &self.0
    }

    pub fn into_inner(self) -> R::Value {
        self.0
    }
}

impl<R: Rule> Checked<R>
where
    R::Value: Copy,
{
    pub fn get(self) -> R::Value {
        self.0
    }
}

impl<R: Rule<Value = String>> Checked<R> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<T: 'static, R: Rule<Value = Vec<T>>> Checked<R> {
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }
}

impl<R: Rule> Clone for Checked<R>
where
    R::Value: Clone,
{
    fn clone(&self) -> Self {
        Self(self.0.clone(), std::marker::PhantomData)
    }
}

impl<R: Rule> Copy for Checked<R> where R::Value: Copy {}

impl<R: Rule> PartialEq for Checked<R>
where
    R::Value: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<R: Rule> Eq for Checked<R> where R::Value: Eq {}

impl<R: Rule> PartialOrd for Checked<R>
where
    R::Value: PartialOrd,
{
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.0.partial_cmp(&other.0)
    }
}

impl<R: Rule> Ord for Checked<R>
where
    R::Value: Ord,
{
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

impl<R: Rule> std::hash::Hash for Checked<R>
where
    R::Value: std::hash::Hash,
{
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

/// `Name(value)`, or `Name(<redacted>)` for a secret.
impl<R: Rule> fmt::Debug for Checked<R>
where
    R::Value: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if R::SECRET {
            write!(f, "{}(<redacted>)", R::NAME)
        } else {
            f.debug_tuple(R::NAME).field(&self.0).finish()
        }
    }
}

/// The value itself, secrets too: `Display` is asked for by name, e.g. to
/// send it as a parameter.
impl<R: Rule> fmt::Display for Checked<R>
where
    R::Value: fmt::Display,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<R: Rule<Value = String>> AsRef<str> for Checked<R> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<R: Rule> std::str::FromStr for Checked<R>
where
    R::Value: std::str::FromStr,
{
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let value: R::Value = text.parse().map_err(|_| ParseError::NotANumber(text.to_owned()))?;
        Ok(Self::new(value)?)
    }
}

/// `TryFrom` and `From` for each kind of value a rule checks (one generic
/// pair would overlap `core`'s blanket `TryFrom`).
macro_rules! checked_conversions {
    ($($value:ty),*) => {$(
        impl<R: Rule<Value = $value>> TryFrom<$value> for Checked<R> {
            type Error = ConstraintError;

            fn try_from(value: $value) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl<R: Rule<Value = $value>> From<Checked<R>> for $value {
            fn from(value: Checked<R>) -> $value {
                value.0
            }
        }
    )*};
}

checked_conversions!(String, i32, i64, f64, serde_json::Value);

impl<'a, R: Rule<Value = String>> TryFrom<&'a str> for Checked<R> {
    type Error = ConstraintError;

    fn try_from(value: &'a str) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<T: 'static, R: Rule<Value = Vec<T>>> TryFrom<Vec<T>> for Checked<R> {
    type Error = ConstraintError;

    fn try_from(items: Vec<T>) -> Result<Self, Self::Error> {
        Self::new(items)
    }
}

impl<T: 'static, R: Rule<Value = Vec<T>>> From<Checked<R>> for Vec<T> {
    fn from(value: Checked<R>) -> Vec<T> {
        value.0
    }
}

impl<R: Rule> serde::Serialize for Checked<R>
where
    R::Value: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, R: Rule> serde::Deserialize<'de> for Checked<R>
where
    R::Value: serde::Deserialize<'de>,
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::new(R::Value::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// `format: email` on its own: an e-mail address (see [`check_email`]).
pub type Email = Checked<EmailAddress>;

/// The rule of [`Email`].
pub struct EmailAddress;

impl Rule for EmailAddress {
    type Value = String;
    const NAME: &'static str = "Email";

    fn check(value: &Self::Value) -> Result<(), ConstraintError> {
        check_email(Self::NAME, value)
    }
}

/// `format: uri` on its own: an absolute URI (see [`check_uri`]).
pub type Uri = Checked<AbsoluteUri>;

/// The rule of [`Uri`].
pub struct AbsoluteUri;

impl Rule for AbsoluteUri {
    type Value = String;
    const NAME: &'static str = "Uri";

    fn check(value: &Self::Value) -> Result<(), ConstraintError> {
        check_uri(Self::NAME, value)
    }
}
