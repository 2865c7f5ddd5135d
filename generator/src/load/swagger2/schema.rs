//! Schemas: Swagger 2.0's are 3.0's but for references, `x-nullable`,
//! `type: file` and a discriminator that is only a property name.

use super::{rewrite_reference, Converter};
use crate::json_pointer::push_pointer;
use serde_yaml::{Mapping, Value};

impl Converter<'_> {
    /// A schema (Swagger 2.0's is 3.0's but for references, `x-nullable`,
    /// `type: file` and a discriminator that is only a property name).
    pub(super) fn schema(&mut self, schema: &Value, at: &str) -> Value {
        let Some(fields) = schema.as_mapping() else {
            return schema.clone();
        };
        let mut converted = Mapping::new();
        for (key, value) in fields {
            let Some(key_text) = key.as_str() else {
                converted.insert(key.clone(), value.clone());
                continue;
            };
            let value_at = push_pointer(at, key_text);
            let value = match key_text {
                "$ref" => value.as_str().map_or_else(|| value.clone(), |r| rewrite_reference(self.root, r).into()),
                "properties" => self.schema_map(value, &value_at),
                "items" | "additionalProperties" if value.is_mapping() => self.schema(value, &value_at),
                "allOf" => match value {
                    Value::Sequence(members) => Value::Sequence(
                        members
                            .iter()
                            .enumerate()
                            .map(|(index, member)| self.schema(member, &format!("{value_at}/{index}")))
                            .collect(),
                    ),
                    other => other.clone(),
                },
                _ => value.clone(),
            };
            converted.insert(key.clone(), value);
        }
        self.schema_keywords(&mut converted, at);
        Value::Mapping(converted)
    }

    fn schema_map(&mut self, map: &Value, at: &str) -> Value {
        let Some(entries) = map.as_mapping() else {
            return map.clone();
        };
        let mut converted = Mapping::new();
        for (name, schema) in entries {
            let name_text = name.as_str().map(str::to_owned).unwrap_or_default();
            converted.insert(name.clone(), self.schema(schema, &push_pointer(at, &name_text)));
        }
        Value::Mapping(converted)
    }

    /// The keywords whose 3.0 form differs, rewritten in place.
    pub(super) fn schema_keywords(&mut self, schema: &mut Mapping, at: &str) {
        for key in ["x-nullable", "x-isnullable"] {
            if let Some(nullable) = schema.shift_remove(key) {
                if nullable.as_bool() == Some(true) {
                    schema.insert("nullable".into(), true.into());
                    self.record(push_pointer(at, "nullable"), push_pointer(at, key));
                }
            }
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), "string".into());
            schema.insert("format".into(), "binary".into());
            self.record(push_pointer(at, "format"), push_pointer(at, "type"));
        }
        if let Some(Value::String(property)) = schema.get("discriminator").cloned().as_ref() {
            let mut discriminator = Mapping::new();
            discriminator.insert("propertyName".into(), property.as_str().into());
            schema.insert("discriminator".into(), Value::Mapping(discriminator));
            let at = push_pointer(at, "discriminator");
            self.record(push_pointer(&at, "propertyName"), at);
        }
    }
}
