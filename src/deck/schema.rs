//! The JSON Schema (draft-07) of the deck format, for editors: with taplo / Even Better TOML, a
//! `#:schema ./deck.schema.json` comment at the top of a deck gives completion, hover help
//! and validation while typing. Generated from the serde types in `deck::source`, whose doc
//! comments are the descriptions; committed as `docs/deck.schema.json` and kept in sync by
//! `tests/schema.rs`.

use crate::deck::source::DeckFile;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

/// The schema as a JSON value.
pub fn value() -> Value {
    let schema = SchemaSettings::draft07()
        .with(|s| s.inline_subschemas = true)
        .into_generator()
        .into_root_schema_for::<DeckFile>();
    let mut v = schema.to_value();
    tomlify(&mut v);
    v
}

/// The schema as pretty-printed JSON with a final newline: what `convene schema` prints and
/// `docs/deck.schema.json` holds.
pub fn json() -> String {
    let mut text = serde_json::to_string_pretty(&value()).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

/// TOML has no `null`: an optional field is simply left out. Remove the `null` alternatives and
/// `null` defaults that serde's `Option` brings, and join the hard-wrapped lines of the doc
/// comments so editors show flowing text.
fn tomlify(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("default").is_some_and(Value::is_null) {
                map.remove("default");
            }
            // Rust number formats ("double", "int64") mean nothing to TOML editors.
            if map.get("format").is_some_and(Value::is_string) {
                map.remove("format");
            }
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(any)) = map.get("anyOf") {
                let non_null: Vec<&Value> = any.iter().filter(|s| !is_null_schema(s)).collect();
                if non_null.len() == 1
                    && any.len() == 2
                    && let Value::Object(inner) = non_null[0].clone()
                {
                    map.remove("anyOf");
                    merge_under(map, inner);
                }
            }
            if let Some(Value::String(d)) = map.get_mut("description") {
                *d = unwrap_lines(d);
            }
            map.values_mut().for_each(tomlify);
        }
        Value::Array(items) => items.iter_mut().for_each(tomlify),
        _ => {}
    }
}

fn is_null_schema(s: &Value) -> bool {
    s.get("type").is_some_and(|t| t == "null") && s.as_object().is_some_and(|o| o.len() == 1)
}

/// Add `inner`'s keys to `outer`, keeping `outer`'s own (its description wins).
fn merge_under(outer: &mut Map<String, Value>, inner: Map<String, Value>) {
    for (k, v) in inner {
        outer.entry(k).or_insert(v);
    }
}

/// Single line breaks become spaces; blank lines stay.
fn unwrap_lines(s: &str) -> String {
    s.split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}
