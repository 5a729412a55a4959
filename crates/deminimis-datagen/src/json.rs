//! A JSON value that keeps object keys in insertion order, pretty-printed through `serde_json`.
//!
//! (`serde_json`'s `preserve_order` feature would do the same, but features unify across the
//! workspace and would change the library's `serde_json::Map` ordering too.)

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// An ordered JSON value (no floats and no null: the rule document has neither).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, keys in output order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }

    /// An array of strings.
    pub fn strs<S: AsRef<str>>(items: &[S]) -> Json {
        Json::Arr(items.iter().map(|s| Json::str(s.as_ref())).collect())
    }

    /// An object from `(key, value)` pairs, in that order.
    pub fn obj<K: Into<String>>(fields: impl IntoIterator<Item = (K, Json)>) -> Json {
        Json::Obj(fields.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The value of `key` in an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Int(i) => serializer.serialize_i64(*i),
            Json::Str(s) => serializer.serialize_str(s),
            Json::Arr(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Obj(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Pretty-print with a 2-space indent and a trailing newline.
pub fn to_pretty(value: &Json) -> Result<String, String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| format!("JSON output: {e}"))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order() {
        let v = Json::obj([
            ("z", Json::Int(1)),
            ("a", Json::strs(&["x"])),
            ("m", Json::Arr(vec![])),
            ("b", Json::Bool(true)),
        ]);
        assert_eq!(
            to_pretty(&v).unwrap(),
            "{\n  \"z\": 1,\n  \"a\": [\n    \"x\"\n  ],\n  \"m\": [],\n  \"b\": true\n}\n"
        );
        assert_eq!(v.get("a"), Some(&Json::strs(&["x"])));
    }
}
