//! Form bodies: `application/x-www-form-urlencoded` and
//! `multipart/form-data` read into their fields.

use super::query::parse_field;
use super::Rejection;
use axum::http::StatusCode;
use std::fmt::Display;
use std::str::FromStr;

/// The parts of a `multipart/form-data` body (RFC 7578), in order.
pub struct FormFields(Vec<FormField>);

struct FormField {
    name: String,
    file: crate::support::FilePart,
}

impl FormFields {
    /// Splits `body` on the boundary its `content_type` names.
    pub fn parse(content_type: &str, body: &[u8]) -> Result<Self, Rejection> {
        let bad = |what: &str| Rejection::detail(StatusCode::BAD_REQUEST, format!("Malformed multipart body: {what}."));
        let boundary = content_type
            .split(';')
            .skip(1)
            .filter_map(|parameter| parameter.split_once('='))
            .find(|(key, _)| key.trim().eq_ignore_ascii_case("boundary"))
            .map(|(_, value)| value.trim().trim_matches('"').to_owned())
            .filter(|boundary| !boundary.is_empty())
            .ok_or_else(|| bad("the Content-Type names no boundary"))?;
        let delimiter = format!("\r\n--{boundary}").into_bytes();
        // The first delimiter may open the body, without the line break before it.
        let opening = &delimiter[2..];
        let start = find(body, opening).ok_or_else(|| bad("no part"))?;
        let mut rest = &body[start + opening.len()..];
        let mut fields = Vec::new();
        while !rest.starts_with(b"--") {
            rest = rest.strip_prefix(b"\r\n").ok_or_else(|| bad("a delimiter is not followed by a line break"))?;
            let end = find(rest, &delimiter).ok_or_else(|| bad("a part is not closed"))?;
            let (part, after) = rest.split_at(end);
            rest = &after[delimiter.len()..];
            let (head, content) = match part.strip_prefix(b"\r\n") {
                Some(content) => (&[][..], content),
                None => {
                    let split = find(part, b"\r\n\r\n").ok_or_else(|| bad("a part's headers do not end"))?;
                    (&part[..split], &part[split + 4..])
                }
            };
            let head = std::str::from_utf8(head).map_err(|_| bad("a part's headers are not UTF-8"))?;
            let mut field = FormField { name: String::new(), file: crate::support::FilePart::default() };
            for line in head.split("\r\n") {
                let Some((header, value)) = line.split_once(':') else { continue };
                if header.trim().eq_ignore_ascii_case("content-type") {
                    field.file.content_type = Some(value.trim().to_owned());
                } else if header.trim().eq_ignore_ascii_case("content-disposition") {
                    for parameter in value.split(';').skip(1) {
                        let Some((key, value)) = parameter.split_once('=') else { continue };
                        let value = value.trim().trim_matches('"').to_owned();
                        match key.trim().to_ascii_lowercase().as_str() {
                            "name" => field.name = value,
                            "filename" => field.file.file_name = Some(value),
                            _ => {}
                        }
                    }
                }
            }
            field.file.bytes = content.to_vec();
            fields.push(field);
        }
        Ok(Self(fields))
    }

    fn first(&self, name: &str) -> Option<&FormField> {
        self.0.iter().find(|field| field.name == name)
    }

    fn missing(name: &str) -> Rejection {
        Rejection::field(name, "This field is required.")
    }

    /// A required file part.
    pub fn file(&self, name: &str) -> Result<crate::support::FilePart, Rejection> {
        self.optional_file(name).ok_or_else(|| Self::missing(name))
    }

    pub fn optional_file(&self, name: &str) -> Option<crate::support::FilePart> {
        self.first(name).map(|field| field.file.clone())
    }

    /// Every part of that name, in order.
    pub fn files(&self, name: &str) -> Vec<crate::support::FilePart> {
        self.0.iter().filter(|field| field.name == name).map(|field| field.file.clone()).collect()
    }

    /// A required text part, parsed.
    pub fn text<T: FromStr>(&self, name: &str) -> Result<T, Rejection>
    where
        T::Err: Display,
    {
        self.optional_text(name)?.ok_or_else(|| Self::missing(name))
    }

    pub fn optional_text<T: FromStr>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T::Err: Display,
    {
        let Some(field) = self.first(name) else { return Ok(None) };
        let text =
            std::str::from_utf8(&field.file.bytes).map_err(|_| Rejection::field(name, "Not valid UTF-8 text."))?;
        parse_field(name, text).map(Some)
    }

    /// A required list: a text part an item, each parsed.
    pub fn texts<T: FromStr + serde::de::DeserializeOwned>(&self, name: &str) -> Result<Vec<T>, Rejection>
    where
        T::Err: Display,
    {
        self.optional_texts(name)?.ok_or_else(|| Self::missing(name))
    }

    /// A list: a text part an item, each parsed; also one JSON part
    /// (`Content-Type: application/json`) of the whole list.
    pub fn optional_texts<T: FromStr + serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> Result<Option<Vec<T>>, Rejection>
    where
        T::Err: Display,
    {
        let fields: Vec<&FormField> = self.0.iter().filter(|field| field.name == name).collect();
        let json = |field: &FormField| {
            field.file.content_type.as_deref().is_some_and(|media| media.starts_with("application/json"))
        };
        match fields.as_slice() {
            [] => Ok(None),
            [only] if json(only) => self.optional_json(name),
            fields => fields
                .iter()
                .map(|field| {
                    let text = std::str::from_utf8(&field.file.bytes)
                        .map_err(|_| Rejection::field(name, "Not valid UTF-8 text."))?;
                    parse_field(name, text)
                })
                .collect::<Result<Vec<T>, Rejection>>()
                .map(Some),
        }
    }

    /// A required JSON part.
    pub fn json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, Rejection> {
        self.optional_json(name)?.ok_or_else(|| Self::missing(name))
    }

    pub fn optional_json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Rejection> {
        let Some(field) = self.first(name) else { return Ok(None) };
        serde_json::from_slice(&field.file.bytes).map(Some).map_err(|error| Rejection::field(name, error.to_string()))
    }
}

/// Where `needle` first starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}
