//! `format: byte`: bytes that travel as base64 text.

use std::fmt;

/// `format: byte`: bytes that travel as base64 text (RFC 4648). Written
/// with the standard alphabet and padding; read in the standard or the
/// URL-safe alphabet, padded or not. Bits after the last byte (`"QR=="`,
/// which is one byte, `A`) are dropped, as most decoders drop them, unless
/// read [`strictly`](crate::support::strictly): a server refuses them.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Base64(pub Vec<u8>);

const BASE64_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl Base64 {
    /// The bytes as base64 text.
    pub fn encode(&self) -> String {
        let mut text = String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, byte)| bits | u32::from(*byte) << (16 - 8 * i));
            for index in 0..4 {
                if index <= chunk.len() {
                    text.push(char::from(BASE64_ALPHABET[(bits >> (18 - 6 * index) & 63) as usize]));
                } else {
                    text.push('=');
                }
            }
        }
        text
    }

    /// Reads base64 text, or says why it is not.
    pub fn decode(text: &str) -> Result<Self, String> {
        let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
        read(text, |byte| bytes.push(byte))?;
        Ok(Self(bytes))
    }

    /// Whether `text` is base64 that [`Base64::decode`] reads, without
    /// keeping its bytes (a `format: byte` check).
    pub fn is_valid(text: &str) -> bool {
        read(text, |_| ()).is_ok()
    }
}

/// Reads base64 text, giving each byte to `byte`, or says why it is not.
fn read(text: &str, mut byte: impl FnMut(u8)) -> Result<(), String> {
    let data = text.trim_end_matches('=');
    if text.len() - data.len() > 2 || data.len() % 4 == 1 {
        return Err(format!("{text:?} is not base64: wrong length or padding"));
    }
    let (mut bits, mut count) = (0u32, 0);
    for character in data.bytes() {
        let value = match character {
            b'A'..=b'Z' => character - b'A',
            b'a'..=b'z' => character - b'a' + 26,
            b'0'..=b'9' => character - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return Err(format!("{text:?} is not base64: {:?} is not in its alphabet", char::from(character))),
        };
        bits = bits << 6 | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            byte((bits >> count) as u8);
        }
    }
    // The bits after the last byte should be zero (RFC 4648, 3.5): else
    // two texts read as the same bytes, and one would not come back. A
    // decoder MAY refuse them: a server does; a client keeps the answer.
    if bits & ((1 << count) - 1) != 0 && super::is_strict() {
        return Err(format!("{text:?} is not base64: its last character carries bits beyond the last byte"));
    }
    Ok(())
}

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({} bytes)", self.0.len())
    }
}

impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl std::str::FromStr for Base64 {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::decode(text)
    }
}

impl serde::Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::decode(&String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}
