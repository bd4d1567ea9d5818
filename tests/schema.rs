//! The JSON Schema for editors: `docs/deck.schema.json` is exactly what `convene::deck::schema::json()`
//! generates (run with `CONVENE_BLESS=1` to rewrite it), every field has a description, and
//! the schema agrees with the loader on real decks (a small draft-07 validator below covers the
//! keywords the schema uses).

use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_schema_is_in_sync() {
    let path = root().join("docs/deck.schema.json");
    let generated = convene::deck::schema::json();
    if std::env::var_os("CONVENE_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write docs/deck.schema.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/deck.schema.json is out of date: run `CONVENE_BLESS=1 cargo test --test schema` \
         and commit the result"
    );
}

#[test]
fn schema_is_draft_07_and_describes_every_field() {
    let schema = convene::deck::schema::value();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(schema.get("$defs").is_none() && schema.get("definitions").is_none());
    let mut missing = Vec::new();
    let mut count = 0;
    fn walk(v: &Value, path: &str, missing: &mut Vec<String>, count: &mut usize) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    for (name, prop) in props {
                        *count += 1;
                        let described = prop
                            .get("description")
                            .and_then(Value::as_str)
                            .is_some_and(|d| d.len() > 10);
                        if !described {
                            missing.push(format!("{path}.{name}"));
                        }
                    }
                }
                for (k, child) in map {
                    walk(child, &format!("{path}/{k}"), missing, count);
                }
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, path, missing, count)),
            _ => {}
        }
    }
    walk(&schema, "", &mut missing, &mut count);
    assert!(
        missing.is_empty(),
        "fields without a description: {missing:?}"
    );
    assert!(count > 40, "only {count} fields");
    let text = convene::deck::schema::json();
    assert!(!text.contains("null"), "TOML has no null");
    assert!(!text.contains("$ref"), "subschemas are inlined for taplo");
}

#[test]
fn top_level_fields_match_the_format() {
    let schema = convene::deck::schema::value();
    let props: Vec<&String> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .collect();
    assert_eq!(props, ["checklist", "deck", "format", "slides"]);
    assert_eq!(schema["required"], serde_json::json!(["format", "deck"]));
    let kinds: Vec<&Value> = schema["properties"]["slides"]["items"]["properties"]["kind"]["oneOf"]
        .as_array()
        .expect("kind alternatives")
        .iter()
        .map(|k| &k["const"])
        .collect();
    assert_eq!(kinds, ["title", "section", "content", "case"]);
}

// ---------------------------------------------------------------------------------------------
// A minimal validator for the draft-07 keywords the schema uses.

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        _ => false,
    }
}

fn validate(schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(s) = schema.as_object() else {
        return;
    };
    let mut fail = |msg: String| errors.push(format!("{path}: {msg}"));
    match s.get("type") {
        Some(Value::String(t)) if !type_ok(t, v) => fail(format!("not {t}")),
        Some(Value::Array(ts)) if !ts.iter().any(|t| t.as_str().is_some_and(|t| type_ok(t, v))) => {
            fail(format!("not any of {ts:?}"));
        }
        _ => {}
    }
    if let Some(c) = s.get("const")
        && c != v
    {
        fail(format!("not {c}"));
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_f64), v.as_f64())
        && n < min
    {
        fail(format!("{n} < {min}"));
    }
    if let (Some(max), Some(n)) = (s.get("maximum").and_then(Value::as_f64), v.as_f64())
        && n > max
    {
        fail(format!("{n} > {max}"));
    }
    if let (Some(min), Some(a)) = (s.get("minItems").and_then(Value::as_u64), v.as_array())
        && (a.len() as u64) < min
    {
        fail(format!("fewer than {min} items"));
    }
    if let (Some(min), Some(t)) = (s.get("minLength").and_then(Value::as_u64), v.as_str())
        && (t.chars().count() as u64) < min
    {
        fail(format!("shorter than {min}"));
    }
    if let Some(pattern) = s.get("pattern").and_then(Value::as_str) {
        // The only pattern used: no whitespace, no dot.
        assert_eq!(pattern, r"^[^\s.]+$");
        if let Some(t) = v.as_str()
            && (t.is_empty() || t.contains(|c: char| c.is_whitespace() || c == '.'))
        {
            fail(format!("{t:?} does not match {pattern}"));
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(alts)) = s.get(key) {
            let passing = alts
                .iter()
                .filter(|alt| {
                    let mut e = Vec::new();
                    validate(alt, v, path, &mut e);
                    e.is_empty()
                })
                .count();
            let ok = if key == "oneOf" {
                passing == 1
            } else {
                passing >= 1
            };
            if !ok {
                errors.push(format!("{path}: {passing} alternatives of {key} match"));
            }
        }
    }
    if let (Some(items), Some(a)) = (s.get("items"), v.as_array()) {
        for (i, x) in a.iter().enumerate() {
            validate(items, x, &format!("{path}[{i}]"), errors);
        }
    }
    if let Some(obj) = v.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(required)) = s.get("required") {
            for r in required.iter().filter_map(Value::as_str) {
                if !obj.contains_key(r) {
                    errors.push(format!("{path}: missing {r}"));
                }
            }
        }
        for (k, x) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(sub) => validate(sub, x, &format!("{path}.{k}"), errors),
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: unknown field {k}"));
                }
                None => {}
            }
        }
    }
}

fn schema_errors(toml_text: &str) -> Vec<String> {
    let v: Value = toml::from_str(toml_text).expect("valid TOML");
    let mut errors = Vec::new();
    validate(&convene::deck::schema::value(), &v, "", &mut errors);
    errors
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn decks_that_load_pass_the_schema() {
    let mut checked = 0;
    for dir in ["decks", "tests/warning_decks"] {
        for path in toml_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&path).expect("read");
            if convene::deck::load_str(&text).is_ok() {
                let errors = schema_errors(&text);
                assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "only {checked} decks checked");
}

#[test]
fn schema_errors_match_loader_errors_on_fixtures() {
    for name in [
        "unknown_field",
        "unknown_slide_kind",
        "wrong_type",
        "wrong_type_bullet",
        "missing_title",
        "missing_format",
        "format_2",
        "missing_deck",
        "missing_prompt_text",
        "minutes_negative",
        "bad_id",
        "bad_rule_level",
        "group_without_items",
        "unknown_top_level_table",
        "many_errors",
    ] {
        let path = root().join(format!("tests/invalid_decks/{name}.toml"));
        let text = std::fs::read_to_string(&path).expect("read fixture");
        assert!(
            !schema_errors(&text).is_empty(),
            "{name}: the schema accepts a deck the loader rejects"
        );
    }
}
