//! A field of `format: date-time` or `format: date` is read and written by
//! `support::dates`, not by chrono's `Deserialize` and `Serialize`: it must
//! read every text to the same value (offset included) or the same error,
//! and write every value to the same text, as chrono does.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use user_apis::support::dates::{Text, Value};

/// Texts around RFC 3339's form: each part of a base text replaced by its
/// variants one at a time, then every part varied at once by a fixed
/// sequence (mostly among the variants chrono reads, the first of each
/// part), so that the strict parser's edges, and what only the relaxed one
/// reads, are all met.
fn texts() -> Vec<String> {
    // Each part: how many of its first variants are read, and the variants.
    let parts: [(usize, &[&str]); 10] = [
        (5, &["2026", "0000", "9999", "2024", "2023", "+2026", "-0001", "+12345", "202", "20261", "2a26"]),
        (2, &["-12-", "-02-", "-13-", "-00-", "-1-", "-12", " -12-", "-12 -", "/12/"]),
        (4, &["07", "29", "30", "31", "00", "32", "7", "0a"]),
        (3, &["T", "t", " ", "x", "", "  ", "TT"]),
        (3, &["08", "00", "23", "24", "9", "99"]),
        (2, &[":00", ":59", ":60", ":5", ":"]),
        (3, &[":00", ":59", ":60", ":61", ":5", ""]),
        (
            9,
            &[
                "",
                ".1",
                ".25",
                ".123",
                ".123456",
                ".123456789",
                ".1234567891",
                ".000000000000",
                ".9999999999",
                ".",
                ".x",
            ],
        ),
        (
            8,
            &[
                "Z", "z", "+00:00", "-00:00", "+01:00", "-05:30", "+23:59", "-23:59", "+24:00", "+0530", "+05",
                "+5:30", "UTC", "utc", " Z", "", "+05:60", "+05:3",
            ],
        ),
        (2, &["", " ", "x", "  ", "Z"]),
    ];
    let base: Vec<&str> = parts.iter().map(|(_, variants)| variants[0]).collect();
    let mut texts = Vec::new();
    for (at, (_, variants)) in parts.iter().enumerate() {
        for variant in *variants {
            let mut text = base.clone();
            text[at] = variant;
            texts.push(text.concat());
        }
    }
    // A linear congruential sequence picks each part's variant: one read
    // nine times in ten.
    let mut state: u64 = 0x2026_1207;
    let mut next = |below: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize % below
    };
    for _ in 0..20_000 {
        let text: String = parts
            .iter()
            .map(|(read, variants)| if next(10) < 9 { variants[next(*read)] } else { variants[next(variants.len())] })
            .collect();
        texts.push(text);
    }
    texts
}

#[test]
fn every_text_reads_as_chrono_reads_it_value_offset_and_error() {
    let texts = texts();
    let mut read = 0;
    for text in &texts {
        let ours = <DateTime<FixedOffset> as Value>::parse(text);
        let chrono = text.parse::<DateTime<FixedOffset>>();
        // `DateTime`'s `==` compares instants; `Debug` shows the offset too.
        assert_eq!(format!("{ours:?}"), format!("{chrono:?}"), "{text:?}");
        read += usize::from(chrono.is_ok());
    }
    // The texts are not all refused, nor all read.
    assert!(read > 1_000 && read < texts.len() - 1_000, "{read} of {}", texts.len());
}

#[test]
fn every_value_is_written_as_chrono_writes_it() {
    let dates =
        [(0, 1, 1), (1, 2, 3), (999, 12, 31), (2024, 2, 29), (2026, 12, 7), (9999, 12, 31), (-1, 6, 1), (10_000, 1, 1)];
    let times = [
        (0, 0, 0, 0),
        (8, 5, 9, 0),
        (23, 59, 59, 1),
        (12, 0, 0, 1_000),
        (12, 0, 0, 250_000_000),
        (1, 2, 3, 123_456_789),
    ];
    let offsets = [0, 3_600, -19_800, 86_399, -86_399, 45, -61, 20_700];
    let mut written = 0;
    for (year, month, day) in dates {
        for (hour, minute, second, nano) in times {
            let date = NaiveDate::from_ymd_opt(year, month, day).expect("a date");
            let mut naive = vec![date.and_hms_nano_opt(hour, minute, second, nano).expect("a time")];
            // A leap second, `:60`.
            naive.extend(date.and_hms_nano_opt(23, 59, 59, 1_000_000_000 + nano));
            for naive in naive {
                for offset in offsets {
                    let offset = FixedOffset::east_opt(offset).expect("an offset");
                    let Some(value) = offset.from_local_datetime(&naive).single() else { continue };
                    let ours = serde_json::to_string(&Text(&value)).expect("written");
                    assert_eq!(ours, serde_json::to_string(&value).expect("written"), "{value:?}");
                    written += 1;
                }
            }
        }
    }
    assert!(written > 700, "{written}");
}

#[test]
fn every_date_reads_and_is_written_as_chrono_does() {
    // The date parts of the date-times' texts, and what may follow them.
    let mut texts = 0;
    let mut read = 0;
    for text in self::texts() {
        for date in [&text[..text.len().min(10)], text.get(..11).unwrap_or(""), text.get(..9).unwrap_or("")] {
            let ours = <NaiveDate as Value>::parse(date);
            let chrono = date.parse::<NaiveDate>();
            assert_eq!(ours, chrono, "{date:?}");
            texts += 1;
            read += usize::from(chrono.is_ok());
        }
    }
    assert!(read > 1_000 && read < texts - 1_000, "{read} of {texts}");
    for year in [-10_000, -1, 0, 1, 999, 2024, 9999, 10_000, 262_000] {
        for (month, day) in [(1, 1), (2, 29), (12, 31)] {
            let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else { continue };
            let ours = serde_json::to_string(&Text(&date)).expect("written");
            assert_eq!(ours, serde_json::to_string(&date).expect("written"), "{date:?}");
        }
    }
}

/// The same field, read by chrono's `Deserialize`.
#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)]
struct Twin {
    created: DateTime<FixedOffset>,
}

/// An AWX user of the seed API, its `created` first.
fn awx_user(created: &str, last_login: &str) -> String {
    format!(
        r#"{{"created":{created},"id":1,"type":"user","url":"/api/v2/users/1/","related":{{}},"summary_fields":{{}},"modified":null,"username":"ada","ldap_dn":"","last_login":{last_login},"external_account":null}}"#
    )
}

#[test]
fn a_struct_reads_its_date_time_fields_with_chrono_s_errors_and_writes_them_back() {
    let user: user_apis::awx::User =
        serde_json::from_str(&awx_user(r#""2026-12-07T08:00:00.5+02:00""#, r#""2026-12-07 08:00:00 UTC""#))
            .expect("read");
    assert_eq!(user.created.to_rfc3339(), "2026-12-07T08:00:00.500+02:00");
    assert_eq!(user.modified, None);
    // Not RFC 3339, but chrono's relaxed reading: the same instant.
    assert_eq!(user.last_login.map(|login| login.to_rfc3339()).as_deref(), Some("2026-12-07T08:00:00+00:00"));
    let written = serde_json::to_value(&user).expect("written");
    assert_eq!(written["created"], "2026-12-07T08:00:00.500+02:00");
    assert_eq!(written["modified"], serde_json::Value::Null);
    assert_eq!(written["last_login"], "2026-12-07T08:00:00Z");

    for created in ["5", r#""2026-13-07T08:00:00Z""#, r#""2026-12-07""#, r#""yesterday""#, "null", "[]"] {
        let ours = serde_json::from_str::<user_apis::awx::User>(&awx_user(created, "null")).expect_err(created);
        let chrono = serde_json::from_str::<Twin>(&format!(r#"{{"created":{created}}}"#)).expect_err(created);
        assert_eq!(ours.to_string(), chrono.to_string(), "{created}");
    }
    // A nullable one says what chrono says inside an `Option`.
    let ours =
        serde_json::from_str::<user_apis::awx::User>(&awx_user(r#""2026-12-07T08:00:00Z""#, "7")).expect_err("7");
    let chrono = serde_json::from_str::<Option<DateTime<FixedOffset>>>("7").expect_err("7");
    assert_eq!(ours.to_string().split(" at line").next(), chrono.to_string().split(" at line").next());
}
