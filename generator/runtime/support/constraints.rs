//! The checks of the spec's constraints (lengths, patterns, ranges,
//! items, e-mail addresses, URIs) and the error that names what failed.

use std::fmt;

/// A value broke a constraint of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintError {
    subject: &'static str,
    violation: Violation,
}

/// The constraint that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    MinLength {
        limit: u64,
        actual: u64,
    },
    MaxLength {
        limit: u64,
        actual: u64,
    },
    Pattern {
        pattern: String,
    },
    Minimum {
        limit: String,
        exclusive: bool,
        actual: String,
    },
    Maximum {
        limit: String,
        exclusive: bool,
        actual: String,
    },
    MinItems {
        limit: u64,
        actual: u64,
    },
    MaxItems {
        limit: u64,
        actual: u64,
    },
    Email,
    Uri,
    /// Not text of the `format` named (`uuid`, `date-time`, `date`, `byte`).
    Format {
        format: &'static str,
    },
    /// Not one of the `enum` values (listed).
    NotAllowed {
        allowed: String,
        actual: String,
    },
}

impl ConstraintError {
    pub fn new(subject: &'static str, violation: Violation) -> Self {
        Self { subject, violation }
    }

    /// What the constraint belongs to, e.g. `User.username`.
    pub fn subject(&self) -> &'static str {
        self.subject
    }

    pub fn violation(&self) -> &Violation {
        &self.violation
    }
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.subject)?;
        match &self.violation {
            Violation::MinLength { limit, actual } => {
                write!(f, "must be at least {limit} characters long (minLength), got {actual}")
            }
            Violation::MaxLength { limit, actual } => {
                write!(f, "must be at most {limit} characters long (maxLength), got {actual}")
            }
            Violation::Pattern { pattern } => write!(f, "must match the pattern {pattern:?}"),
            Violation::Minimum { limit, exclusive: false, actual } => {
                write!(f, "must be at least {limit} (minimum), got {actual}")
            }
            Violation::Minimum { limit, exclusive: true, actual } => {
                write!(f, "must be greater than {limit} (exclusiveMinimum), got {actual}")
            }
            Violation::Maximum { limit, exclusive: false, actual } => {
                write!(f, "must be at most {limit} (maximum), got {actual}")
            }
            Violation::Maximum { limit, exclusive: true, actual } => {
                write!(f, "must be less than {limit} (exclusiveMaximum), got {actual}")
            }
            Violation::MinItems { limit, actual } => {
                write!(f, "must have at least {limit} items (minItems), got {actual}")
            }
            Violation::MaxItems { limit, actual } => {
                write!(f, "must have at most {limit} items (maxItems), got {actual}")
            }
            Violation::Email => f.write_str("must be an e-mail address (format: email)"),
            Violation::Uri => f.write_str("must be an absolute URI (format: uri)"),
            Violation::Format { format } => write!(f, "must be text of format {format}"),
            Violation::NotAllowed { allowed, actual } => write!(f, "must be one of {allowed} (enum), got {actual}"),
        }
    }
}

impl std::error::Error for ConstraintError {}

/// Checks a length in characters (not bytes) against `minLength`/`maxLength`.
pub fn check_length(
    subject: &'static str,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), ConstraintError> {
    // A character is one to four bytes: the bytes alone often settle it,
    // without counting (which the error's `got N` needs).
    let bytes = value.len() as u64;
    let surely_long_enough = min.is_none_or(|limit| bytes.div_ceil(4) >= limit);
    let surely_short_enough = max.is_none_or(|limit| bytes <= limit);
    if surely_long_enough && surely_short_enough {
        return Ok(());
    }
    let actual = value.chars().count() as u64;
    if let Some(limit) = min.filter(|&limit| actual < limit) {
        return Err(ConstraintError::new(subject, Violation::MinLength { limit, actual }));
    }
    if let Some(limit) = max.filter(|&limit| actual > limit) {
        return Err(ConstraintError::new(subject, Violation::MaxLength { limit, actual }));
    }
    Ok(())
}

/// A number against the values of an `enum` of numbers.
pub fn check_allowed<N: PartialEq + fmt::Display>(
    subject: &'static str,
    value: N,
    allowed: &[N],
) -> Result<(), ConstraintError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let listed: Vec<String> = allowed.iter().map(ToString::to_string).collect();
    Err(ConstraintError::new(subject, Violation::NotAllowed { allowed: listed.join(", "), actual: value.to_string() }))
}

/// A `pattern` that is one class over the whole text (`^[\w.@+-]+$`,
/// `^[A-Z]{2}$`), scanned: whether `text` is `min` to `max` characters
/// each in the class, whose ASCII characters are the bits of `ascii`.
/// `None` where a character beyond ASCII comes before any outside the
/// class: the pattern's regex decides those.
#[inline]
pub fn class_run(text: &str, ascii: u128, min: usize, max: usize) -> Option<bool> {
    for &byte in text.as_bytes() {
        if byte >= 128 {
            return None;
        }
        if ascii >> byte & 1 == 0 {
            return Some(false);
        }
    }
    Some(min <= text.len() && text.len() <= max)
}

/// A pattern of anchored sequences of classes (`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
/// as the generator built it into a deterministic automaton over ASCII
/// text: one look-up per character instead of the regex.
pub struct Automaton {
    /// The column of each ASCII character in a state's row.
    pub columns: [u8; 128],
    /// How many columns a row has.
    pub width: usize,
    /// The next state, a row per state: state 0 refuses, state 1 starts.
    pub table: &'static [u8],
    /// Bit `s`: whether the text may end in state `s`.
    pub accepting: u64,
}

impl Automaton {
    /// Whether `text` matches; `None` where a character beyond ASCII comes
    /// before the automaton refuses: the pattern's regex decides those.
    #[inline]
    pub fn run(&self, text: &str) -> Option<bool> {
        let mut state = 1;
        for &byte in text.as_bytes() {
            let column = *self.columns.get(usize::from(byte))?;
            state = usize::from(self.table[state * self.width + usize::from(column)]);
            if state == 0 {
                return Some(false);
            }
        }
        Some(self.accepting >> state & 1 == 1)
    }
}

/// The outcome of matching a value against a `pattern`. The caller compiles
/// the regex once and matches; support itself needs no regex engine, so a
/// crate without patterns does not depend on one.
pub fn check_pattern(subject: &'static str, matched: bool, pattern: &str) -> Result<(), ConstraintError> {
    if matched {
        Ok(())
    } else {
        Err(ConstraintError::new(subject, Violation::Pattern { pattern: pattern.to_owned() }))
    }
}

/// Checks a number against `minimum`/`maximum` (each possibly exclusive).
pub fn check_range<N: PartialOrd + fmt::Display>(
    subject: &'static str,
    value: N,
    minimum: Option<(N, bool)>,
    maximum: Option<(N, bool)>,
) -> Result<(), ConstraintError> {
    if let Some((limit, exclusive)) = minimum {
        if value < limit || (exclusive && value == limit) {
            let (limit, actual) = (limit.to_string(), value.to_string());
            return Err(ConstraintError::new(subject, Violation::Minimum { limit, exclusive, actual }));
        }
    }
    if let Some((limit, exclusive)) = maximum {
        if value > limit || (exclusive && value == limit) {
            let (limit, actual) = (limit.to_string(), value.to_string());
            return Err(ConstraintError::new(subject, Violation::Maximum { limit, exclusive, actual }));
        }
    }
    Ok(())
}

/// Checks a list length against `minItems`/`maxItems`.
pub fn check_items(
    subject: &'static str,
    actual: usize,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), ConstraintError> {
    let actual = actual as u64;
    if let Some(limit) = min.filter(|&limit| actual < limit) {
        return Err(ConstraintError::new(subject, Violation::MinItems { limit, actual }));
    }
    if let Some(limit) = max.filter(|&limit| actual > limit) {
        return Err(ConstraintError::new(subject, Violation::MaxItems { limit, actual }));
    }
    Ok(())
}

/// Checks `format: email`: one `@`, a non-empty local part of at most 64
/// characters without spaces, and a domain of dot-separated labels.
pub fn check_email(subject: &'static str, value: &str) -> Result<(), ConstraintError> {
    if is_email(value) {
        Ok(())
    } else {
        Err(ConstraintError::new(subject, Violation::Email))
    }
}

/// Checks that text parses as its `format` (`uuid`, `date-time`...).
pub fn check_format(subject: &'static str, parses: bool, format: &'static str) -> Result<(), ConstraintError> {
    if parses {
        Ok(())
    } else {
        Err(ConstraintError::new(subject, Violation::Format { format }))
    }
}

/// `format: date` in RFC 3339's own form, `YYYY-MM-DD`: whether the date
/// exists (the proleptic Gregorian calendar's, as chrono's), or `None` for
/// text of another form, which the caller's chrono reading decides (a
/// signed year, an unpadded month). chrono interprets its format string
/// item by item for every text; this is the same answer in a scan.
pub fn date_shape(value: &str) -> Option<bool> {
    let (year, month, day) = date_parts(value)?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Some(false),
    };
    Some((1..=days).contains(&day))
}

/// The year, month and day of text in RFC 3339's `full-date` form,
/// `YYYY-MM-DD`, not yet checked to be a date; `None` for other text.
pub fn date_parts(value: &str) -> Option<(u32, u32, u32)> {
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = value.as_bytes() else { return None };
    let number = |digits: &[u8]| {
        digits
            .iter()
            .try_fold(0, |number, &digit| digit.is_ascii_digit().then(|| number * 10 + u32::from(digit - b'0')))
    };
    Some((number(&[y1, y2, y3, y4])?, number(&[m1, m2])?, number(&[d1, d2])?))
}

/// Whether `value` passes [`check_email`]: a local part of at most 64
/// characters, none of them white space, a control or one of
/// `@<>()[]\,;:"`, with no dot first, last or twice in a row; `@`; a
/// domain of at most 253 characters, at least two labels of letters,
/// digits and `-` (not first or last), each of 1 to 63 characters. One
/// pass over each part, ASCII by table (the test `format_scans.rs` holds
/// it to the plainer first version).
pub fn is_email(value: &str) -> bool {
    // `@` is one byte, never inside another character's.
    let Some(at) = value.bytes().rposition(|byte| byte == b'@') else { return false };
    let (local, domain) = (&value[..at], &value[at + 1..]);
    email_local(local) && email_domain(domain)
}

/// ASCII characters an e-mail's local part may hold.
const EMAIL_LOCAL: [bool; 128] = {
    let mut allowed = [false; 128];
    let mut byte = 0x21;
    while byte < 0x7F {
        allowed[byte] = true;
        byte += 1;
    }
    let refused = b"@<>()[]\\,;:\"";
    let mut at = 0;
    while at < refused.len() {
        allowed[refused[at] as usize] = false;
        at += 1;
    }
    allowed
};

fn email_local(local: &str) -> bool {
    let bytes = local.as_bytes();
    if bytes.first().is_none_or(|&first| first == b'.') || bytes.last() == Some(&b'.') {
        return false;
    }
    // ASCII, the common case: a byte a character, by table.
    if local.is_ascii() {
        let mut previous = 0;
        for &byte in bytes {
            if !EMAIL_LOCAL[byte as usize] || (byte == b'.' && previous == b'.') {
                return false;
            }
            previous = byte;
        }
        return bytes.len() <= 64;
    }
    let mut count = 0;
    let mut previous = '\0';
    for c in local.chars() {
        count += 1;
        let allowed = match c {
            '.' => previous != '.',
            c if c.is_ascii() => EMAIL_LOCAL[c as usize],
            c => !c.is_whitespace() && !c.is_control(),
        };
        if !allowed {
            return false;
        }
        previous = c;
    }
    count <= 64
}

fn email_domain(domain: &str) -> bool {
    if !domain.is_ascii() {
        return email_domain_unicode(domain);
    }
    // ASCII, the common case: one pass over the bytes.
    let mut label = 0;
    let mut labels = 1;
    let mut previous = b'.';
    for &byte in domain.as_bytes() {
        if byte == b'.' {
            if label == 0 || previous == b'-' {
                return false;
            }
            labels += 1;
            label = 0;
        } else {
            if !(byte.is_ascii_alphanumeric() || byte == b'-') || (label == 0 && byte == b'-') {
                return false;
            }
            label += 1;
            if label > 63 {
                return false;
            }
        }
        previous = byte;
    }
    label > 0 && previous != b'-' && labels >= 2 && domain.len() <= 253
}

/// [`email_domain`] of a domain with letters beyond ASCII (an IDN).
fn email_domain_unicode(domain: &str) -> bool {
    let mut count = 0;
    let mut labels = 0;
    for label in domain.split('.') {
        if label.is_empty() || label.starts_with('-') || label.ends_with('-') {
            return false;
        }
        let mut length = 0;
        for c in label.chars() {
            length += 1;
            if !(c.is_alphanumeric() || c == '-') {
                return false;
            }
        }
        if length > 63 {
            return false;
        }
        count += length;
        labels += 1;
    }
    // The dots between the labels count too.
    labels >= 2 && count + labels - 1 <= 253
}

/// Checks `format: uri`: an absolute URI (RFC 3986): a scheme, `:`, and only
/// characters a URI may hold (percent-escapes well formed).
pub fn check_uri(subject: &'static str, value: &str) -> Result<(), ConstraintError> {
    if is_uri(value) {
        Ok(())
    } else {
        Err(ConstraintError::new(subject, Violation::Uri))
    }
}

/// Whether `value` passes [`check_uri`]. One pass, by table.
pub fn is_uri(value: &str) -> bool {
    // `:` is one byte, never inside another character's.
    let Some(colon) = value.bytes().position(|byte| byte == b':') else { return false };
    let (scheme, rest) = (&value[..colon], &value[colon + 1..]);
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.'));
    if !scheme_ok || rest.is_empty() {
        return false;
    }
    let bytes = rest.as_bytes();
    // Without percent-escapes, the common case: a byte at a time, by table.
    if bytes.iter().all(|&byte| URI_CHAR[byte as usize]) {
        return true;
    }
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(index + 1) && hex(index + 2)) {
                return false;
            }
            index += 3;
            continue;
        }
        if !URI_CHAR[byte as usize] {
            return false;
        }
        index += 1;
    }
    true
}

/// The bytes a URI holds outside percent-escapes: RFC 3986's unreserved
/// and reserved characters.
const URI_CHAR: [bool; 256] = {
    let mut allowed = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        allowed[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    let others = b"-._~:/?#[]@!$&'()*+,;=";
    let mut at = 0;
    while at < others.len() {
        allowed[others[at] as usize] = true;
        at += 1;
    }
    allowed
};
