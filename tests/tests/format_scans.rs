//! `format: date` is checked by a scan of `YYYY-MM-DD` (`support::date_shape`)
//! before chrono's format string, and `format: byte` without keeping the
//! bytes (`Base64::is_valid`): each must answer as what it stands in for.
//!
//! `format: email` and `format: uri` are checked by one-pass scans with
//! lookup tables (`support::is_email`, `support::is_uri`). They must accept
//! exactly what their plainer first versions, kept here as the reference,
//! accepted: every string of up to five or six characters over an alphabet of the
//! characters that matter, and long ones at each length limit.

use tests::support::{date_shape, is_email, is_uri, Base64};

fn reference_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\,;:\"".contains(c));
    let domain_ok = domain.chars().count() <= 253
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

fn reference_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else { return false };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let bytes = rest.as_bytes();
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
        if !(byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&byte)) {
            return false;
        }
        index += 1;
    }
    scheme_ok && !rest.is_empty()
}

/// Every string of up to `length` characters of `alphabet`.
fn strings(alphabet: &[char], length: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..length {
        last = last.iter().flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}"))).collect();
        all.extend(last.iter().cloned());
    }
    all
}

#[test]
fn the_email_scan_accepts_what_the_reference_accepts() {
    let alphabet = ['a', '.', '-', '@', ' ', '\u{85}', '\u{e9}', '"', '\u{7f}'];
    let mut accepted = 0;
    for text in strings(&alphabet, 6) {
        assert_eq!(is_email(&text), reference_email(&text), "{text:?}");
        accepted += usize::from(reference_email(&text));
    }
    assert!(accepted > 50, "the alphabet reaches accepted addresses too: {accepted}");
    for local in [63, 64, 65] {
        for label in [62, 63, 64] {
            for labels in [1, 2, 4, 5] {
                let domain = vec!["d".repeat(label); labels].join(".");
                let idn = vec!["\u{e9}".repeat(label); labels].join(".");
                for text in [
                    format!("{}@{domain}", "l".repeat(local)),
                    format!("{}@{domain}.io", "\u{e9}".repeat(local)),
                    format!("l@{idn}"),
                    format!("l@-{idn}"),
                ] {
                    assert_eq!(is_email(&text), reference_email(&text), "{} characters", text.chars().count());
                }
            }
        }
    }
}

#[test]
fn the_uri_scan_accepts_what_the_reference_accepts() {
    let alphabet = ['h', '1', ':', '/', '%', 'F', 'g', ' ', '+', '\u{e9}', '[', '^'];
    let mut accepted = 0;
    for text in strings(&alphabet, 5) {
        assert_eq!(is_uri(&text), reference_uri(&text), "{text:?}");
        accepted += usize::from(reference_uri(&text));
    }
    assert!(accepted > 1000, "the alphabet reaches accepted URIs too: {accepted}");
    for byte in 0..=255u8 {
        let text = format!("https://example.com/{}", byte as char);
        assert_eq!(is_uri(&text), reference_uri(&text), "{text:?}");
    }
}

#[test]
fn a_length_settled_by_the_bytes_alone_is_the_length_counted() {
    use tests::support::check_length;
    let pieces = ["a", "\u{e9}", "\u{20ac}", "\u{1f600}"];
    for text in strings(&['a', '\u{e9}', '\u{20ac}', '\u{1f600}'], 4).into_iter().chain(pieces.map(|p| p.repeat(9))) {
        let count = text.chars().count() as u64;
        for limit in 0..12 {
            let min = check_length("T.x", &text, Some(limit), None);
            assert_eq!(min.is_ok(), count >= limit, "{text:?} minLength {limit}");
            let max = check_length("T.x", &text, None, Some(limit));
            assert_eq!(max.is_ok(), count <= limit, "{text:?} maxLength {limit}");
            if let Err(error) = max {
                assert!(error.to_string().ends_with(&format!("got {count}")), "{error}");
            }
        }
    }
}

/// A `pattern` that is one class over the whole text is scanned where the
/// text is ASCII (`support::class_run`), one of anchored sequences of
/// classes runs as an automaton (`support::automaton`: AWX's e-mail), and
/// either is left to the regex otherwise: each checked type accepts exactly
/// what its regex (and its lengths) accept, over every string of up to four
/// characters of an alphabet with members and non-members of each class,
/// ASCII and not, and runs of every length around the bounds.
#[test]
fn a_pattern_of_one_class_or_a_sequence_of_them_accepts_what_its_regex_accepts() {
    use tests::constraints::{LimitsCode, LimitsWord};
    use user_apis::awx::{UserEmail, UserUsername};
    type Check = fn(&str) -> bool;
    type Lengths = fn(usize) -> bool;
    let cases: [(&str, Check, Lengths); 4] = [
        (r"^[\w.@+-]+$", |text| UserUsername::new(text).is_ok(), |chars| chars <= 150),
        (r"^[A-Z]+$", |text| LimitsCode::new(text).is_ok(), |chars| (2..=4).contains(&chars)),
        (r"^\w+$", |text| LimitsWord::new(text).is_ok(), |_| true),
        (r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$", |text| UserEmail::new(text).is_ok(), |chars| chars <= 254),
    ];
    let alphabet: Vec<char> = "aZ09_.@+- ~é中٣ð\u{2028}".chars().collect();
    let mut texts: Vec<String> = vec![String::new()];
    let mut last: Vec<String> = vec![String::new()];
    for _ in 0..4 {
        last = last.iter().flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}"))).collect();
        texts.extend(last.iter().cloned());
    }
    for length in 0..=152 {
        texts.extend(["A", "é", "_"].iter().map(|c| c.repeat(length)));
        texts.push(format!("{}!", "A".repeat(length)));
        texts.push(format!("é{}", "A".repeat(length)));
    }
    for text in
        ["a@b.c", "a.b@c.d.e", "a@b.", "@b.c", "a@.c", "a@b@c.d", "a b@c.d", "a@b.c\u{a0}", "ä@b.c", "a@b.cä", "a@bc"]
    {
        texts.push(text.to_owned());
        texts.push(format!("{}{text}", "x".repeat(250)));
    }
    for (pattern, check, lengths) in cases {
        let regex = regex::Regex::new(pattern).unwrap();
        for text in &texts {
            let expected = regex.is_match(text) && lengths(text.chars().count());
            assert_eq!(check(text), expected, "{pattern} on {text:?}");
        }
    }
}

#[test]
fn a_date_s_shape_answers_as_chrono_s_date_format() {
    let chrono = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() && text.len() == 10;
    let mut texts = Vec::new();
    // Every month and day, and one beyond each end, of years at the leap
    // year rule's cases.
    for year in [0, 1, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 9999] {
        for month in 0..=13 {
            for day in 0..=32 {
                texts.push(format!("{year:04}-{month:02}-{day:02}"));
            }
        }
    }
    // Ten characters of other shapes, some of which chrono reads.
    for text in [
        "+999-01-01",
        "-999-01-01",
        "2026-1-011",
        " 026-01-01",
        "2026/01/01",
        "2026-01-1 ",
        "20260-1-01",
        "2a26-01-01",
        "2026-0a-01",
        "2026-01-0a",
        "0000-00-00",
        "2026-12-7 ",
        "2026-1-7  ",
    ] {
        texts.push(text.to_owned());
    }
    let mut read = 0;
    for text in &texts {
        let expected = chrono(text);
        assert_eq!(date_shape(text).unwrap_or_else(|| chrono(text)), expected, "{text:?}");
        read += usize::from(expected);
    }
    assert!(read > 3_000 && read < texts.len() - 1_000, "{read} of {}", texts.len());
}

#[test]
fn base64_is_valid_where_it_decodes() {
    let alphabet = ['A', 'Q', 'z', '9', '+', '/', '-', '_', '=', '.', ' '];
    for text in strings(&alphabet, 5) {
        assert_eq!(Base64::is_valid(&text), Base64::decode(&text).is_ok(), "{text:?}");
        tests::support::strictly(|| assert_eq!(Base64::is_valid(&text), Base64::decode(&text).is_ok(), "{text:?}"));
    }
}
