//! A JSON spec read with serde_json: into the JSON the checks walk,
//! refusing a key given twice (which `serde_json::Value` would let pass,
//! keeping the last), and, when the checks found nothing to repair, into
//! `openapiv3`'s document straight from the text, with no tree between.

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// `text` as JSON; an object with a key given twice is an error whose
/// message starts `duplicate entry with key`, as the YAML parser's does.
pub(super) fn parse(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str::<UniqueKeys>(text).map(|value| value.0)
}

/// The document, read from the text itself: what reading the tree would
/// give, in a third of the time. `None` when openapiv3 cannot read it;
/// the slower path through the tree then says where and why.
pub(super) fn document(text: &str) -> Option<openapiv3::OpenAPI> {
    serde_json::from_str(text).ok()
}

/// A JSON value whose objects name each key once.
struct UniqueKeys(Value);

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        input.deserialize_any(UniqueKeysVisitor).map(UniqueKeys)
    }
}

struct UniqueKeysVisitor;

impl<'de> Visitor<'de> for UniqueKeysVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity, so the parser gives none.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut array = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(UniqueKeys(item)) = items.next_element()? {
            array.push(item);
        }
        Ok(Value::Array(array))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            let UniqueKeys(value) = entries.next_value()?;
            match object.entry(key) {
                Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                Entry::Occupied(taken) => {
                    return Err(A::Error::custom(format!("duplicate entry with key {:?}", taken.key())));
                }
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_key_given_twice_is_refused_and_once_is_read() {
        let error = super::parse(r#"{"a": {"b": 1, "c": [true, null], "b": 2}}"#).unwrap_err();
        assert!(error.to_string().starts_with("duplicate entry with key \"b\""), "{error}");
        let value = super::parse(r#"{"a": {"b": 1.5, "c": [true, null, -3, "x"]}}"#).unwrap();
        assert_eq!(value, serde_json::json!({"a": {"b": 1.5, "c": [true, null, -3, "x"]}}));
    }
}
