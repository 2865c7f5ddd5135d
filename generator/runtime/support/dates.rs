//! Fields of `format: date-time` (`chrono::DateTime<FixedOffset>`) and
//! `format: date` (`chrono::NaiveDate`) read and written as chrono's own
//! `Deserialize` and `Serialize` do, in a fraction of the time.
//!
//! Reading: the form RFC 3339 writes goes through a scan (chrono's strict
//! RFC 3339 parser for a date-time, `date_parts` for a date), and only what
//! that refuses through chrono's relaxed parser, which `Deserialize` uses
//! for every text (formatting items interpreted one by one, ten times the
//! work). What is read, and every error, is what `Deserialize` gives: the
//! scan accepts a subset of what the relaxed parser does, with the same
//! value.
//!
//! Writing: the text is put together in a buffer on the stack, where
//! `Serialize` writes it through `fmt`, a character at a time. It is the
//! same text; a year beyond four digits, or an offset with seconds, is
//! written by chrono itself.

use super::{Map, Nullable, Slot};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use std::fmt;

/// A date or a date-time, as this module reads and writes it.
pub trait Value: Sized + serde::Serialize {
    /// What chrono's `Deserialize` says it expects.
    const EXPECTING: &'static str;

    /// Parses `text` as the type's `FromStr` does.
    fn parse(text: &str) -> Result<Self, chrono::ParseError>;

    /// Puts the text chrono's `Serialize` writes in `text`, and says how
    /// long it is; `None` where chrono writes it (a year beyond
    /// `0..=9999`, an offset that is not whole minutes).
    fn format(&self, text: &mut [u8; LONGEST]) -> Option<usize>;
}

impl Value for DateTime<FixedOffset> {
    const EXPECTING: &'static str = "an RFC 3339 formatted date and time string";

    #[inline]
    fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        DateTime::parse_from_rfc3339(text).or_else(|_| relaxed(text))
    }

    fn format(&self, text: &mut [u8; LONGEST]) -> Option<usize> {
        let local = self.naive_local();
        let offset = self.offset().local_minus_utc();
        if offset % 60 != 0 {
            return None;
        }
        date(&local.date(), text)?;
        let (mut second, mut nano) = (local.second(), local.nanosecond());
        if nano >= 1_000_000_000 {
            // A leap second.
            second += 1;
            nano -= 1_000_000_000;
        }
        text[10] = b'T';
        digits(&mut text[11..13], local.hour());
        text[13] = b':';
        digits(&mut text[14..16], local.minute());
        text[16] = b':';
        digits(&mut text[17..19], second);
        let mut length = 19;
        if nano != 0 {
            let (fraction, width) = match nano {
                _ if nano % 1_000_000 == 0 => (nano / 1_000_000, 3),
                _ if nano % 1_000 == 0 => (nano / 1_000, 6),
                _ => (nano, 9),
            };
            text[length] = b'.';
            digits(&mut text[length + 1..length + 1 + width], fraction);
            length += 1 + width;
        }
        if offset == 0 {
            text[length] = b'Z';
            return Some(length + 1);
        }
        text[length] = if offset < 0 { b'-' } else { b'+' };
        let minutes = offset.unsigned_abs() / 60;
        digits(&mut text[length + 1..length + 3], minutes / 60);
        text[length + 3] = b':';
        digits(&mut text[length + 4..length + 6], minutes % 60);
        Some(length + 6)
    }
}

impl Value for NaiveDate {
    const EXPECTING: &'static str = "a formatted date string";

    #[inline]
    fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        // `YYYY-MM-DD`; a date that does not exist is chrono's error.
        let date =
            super::date_parts(text).and_then(|(year, month, day)| NaiveDate::from_ymd_opt(year as i32, month, day));
        date.map_or_else(|| relaxed(text), Ok)
    }

    fn format(&self, text: &mut [u8; LONGEST]) -> Option<usize> {
        date(self, text)
    }
}

/// chrono's relaxed parser, for what the scan does not read (`UTC`,
/// spaces, unpadded numbers, years of five digits) and for its error.
#[cold]
fn relaxed<T: std::str::FromStr<Err = chrono::ParseError>>(text: &str) -> Result<T, chrono::ParseError> {
    text.parse()
}

/// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+HH:MM`.
pub const LONGEST: usize = 35;

/// `YYYY-MM-DD` at the start of `text`, for a year of four digits.
fn date(date: &NaiveDate, text: &mut [u8; LONGEST]) -> Option<usize> {
    let year = u32::try_from(date.year()).ok().filter(|year| *year <= 9999)?;
    digits(&mut text[0..4], year);
    text[4] = b'-';
    digits(&mut text[5..7], date.month());
    text[7] = b'-';
    digits(&mut text[8..10], date.day());
    Some(10)
}

/// `value` in decimal, zero-padded to fill `text`.
fn digits(text: &mut [u8], mut value: u32) {
    for digit in text.iter_mut().rev() {
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// The slot [`json_object!`](super::json_object) gives
/// [`read_fields`](super::read_fields) for a field `as date_time` or `as
/// date`: `T` is the [`Value`], or `Option` of it where the field may be
/// `null`.
pub struct Field<'a, T>(pub &'a mut Option<T>);

impl<'de, M: Map<'de>, T: Read<'de>> Slot<'de, M> for Field<'_, T> {
    fn read(&mut self, map: &mut M, key: &'static str) {
        map.value_seed(self.0, Seed(std::marker::PhantomData), key);
    }

    fn is_filled(&self) -> bool {
        self.0.is_some()
    }
}

/// A [`Value`], or `null` or one, read through [`Value::parse`].
pub trait Read<'de>: Sized {
    fn read<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error>;
}

impl<'de, T: Value> Read<'de> for T {
    #[inline]
    fn read<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        input.deserialize_str(Visitor(std::marker::PhantomData))
    }
}

impl<'de, T: Value> Read<'de> for Option<T> {
    fn read<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        input.deserialize_option(OrNull(std::marker::PhantomData))
    }
}

struct Seed<T>(std::marker::PhantomData<T>);

impl<'de, T: Read<'de>> serde::de::DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: serde::Deserializer<'de>>(self, input: D) -> Result<T, D::Error> {
        T::read(input)
    }
}

/// chrono's visitor, with its words for what it expects.
struct Visitor<T>(std::marker::PhantomData<T>);

impl<T: Value> serde::de::Visitor<'_> for Visitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(T::EXPECTING)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        T::parse(value).map_err(E::custom)
    }
}

/// serde's visitor of an `Option`, around [`Visitor`].
struct OrNull<T>(std::marker::PhantomData<T>);

impl<'de, T: Value> serde::de::Visitor<'de> for OrNull<T> {
    type Value = Option<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("option")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, input: D) -> Result<Option<T>, D::Error> {
        input.deserialize_str(Visitor(std::marker::PhantomData)).map(Some)
    }
}

/// How a field `as date_time` or `as date` is written: as [`Text`],
/// inside the `Option` or [`Nullable`] the field is.
pub trait Written {
    type As<'a>: serde::Serialize
    where
        Self: 'a;

    fn written(&self) -> Self::As<'_>;
}

impl<T: Value> Written for T {
    type As<'a>
        = Text<'a, T>
    where
        T: 'a;

    fn written(&self) -> Text<'_, T> {
        Text(self)
    }
}

impl<T: Value> Written for Option<T> {
    type As<'a>
        = Option<Text<'a, T>>
    where
        T: 'a;

    fn written(&self) -> Option<Text<'_, T>> {
        self.as_ref().map(Text)
    }
}

impl<T: Value> Written for Nullable<T> {
    type As<'a>
        = Nullable<Text<'a, T>>
    where
        T: 'a;

    fn written(&self) -> Nullable<Text<'_, T>> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(Text(value)),
        }
    }
}

/// A [`Value`] written as chrono's `Serialize` writes it: a date-time
/// `2026-12-07T08:00:00.250+01:00` (the fraction in 3, 6 or 9 digits as
/// it needs, none for whole seconds, `Z` for UTC), a date `2026-12-07`.
pub struct Text<'a, T>(pub &'a T);

impl<T: Value> serde::Serialize for Text<'_, T> {
    fn serialize<S: serde::Serializer>(&self, output: S) -> Result<S::Ok, S::Error> {
        let mut text = [0; LONGEST];
        match self.0.format(&mut text).and_then(|length| std::str::from_utf8(&text[..length]).ok()) {
            Some(text) => output.serialize_str(text),
            None => self.0.serialize(output),
        }
    }
}
