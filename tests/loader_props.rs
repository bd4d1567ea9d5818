//! The loader never panics or hangs, whatever it is given, and decks it accepts hold only clean
//! text. Case counts are kept moderate so the suite stays fast on a 2-core CI machine.

use convene::deck::load::{Parse, load_str_with};
use convene::deck::sanitize::{clean_line, is_clean};
use convene::deck::{Deck, LoadError, PromptKind, load_bytes, load_str};
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Every string anywhere in the validated deck (found through its JSON form, so new model fields
/// are covered without changing this test).
fn strings(deck: &Deck) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(
        &serde_json::to_value(deck).expect("the model serialises"),
        &mut out,
    );
    out
}

/// Whatever the result, it must be well formed: a loaded deck holds only clean text, an error
/// has at least one error diagnostic and renders without panicking.
fn assert_sound(result: Result<convene::deck::Loaded, LoadError>) -> Result<(), TestCaseError> {
    match result {
        Ok(loaded) => {
            for s in strings(&loaded.deck) {
                prop_assert!(is_clean(&s), "unclean text in a loaded deck: {s:?}");
            }
            prop_assert!(!loaded.deck.slides.is_empty());
        }
        Err(e) => {
            if let LoadError::Invalid { diagnostics, .. } = &e {
                prop_assert!(diagnostics.iter().any(|d| d.is_error()));
            }
            let rendered = e.render("deck.toml", false);
            prop_assert!(rendered.starts_with("error"), "{rendered}");
            prop_assert!(!rendered.contains('\u{1b}'), "{rendered:?}");
            let _ = e.render("deck.toml", true);
            let _ = e.one_line("deck.toml");
        }
    }
    Ok(())
}

const VALID: &str = r#"format = 1

[deck]
title = "Raising awareness"
subtitle = "A community workshop"
language = "en"
minutes = 20
content_note = "This workshop discusses exploitation."
support = ["Hotline: 1-833-900-1010", "Emergency: 911"]

[checklist]
title = "Key elements"
disclaimer = "A teaching aid, not a legal determination."

[[checklist.groups]]
id = "act"
label = "ACT"
question = "What was done?"
items = [
  { id = "recruitment", label = "Recruitment" },
  { id = "harbouring", label = "Harbouring" },
]

[[checklist.groups]]
id = "purpose"
label = "PURPOSE"
items = [{ id = "exploitation", label = "Exploitation" }]

[[checklist.flags]]
id = "minor"
label = "Under 18"

[[checklist.frameworks]]
id = "protocol"
label = "UN Protocol"
rules = [
  { all = ["act", "purpose"], say = "Indicates trafficking." },
  { say = "Not all elements identified yet." },
]

[[slides]]
id = "title"
kind = "title"
title = "Raising awareness"
minutes = 2

[[slides]]
id = "what-is"
section = "Learn"
title = "What is trafficking?"
bullets = ["Exploitation", { text = "Movement", bullets = ["across borders", "within a country"] }]
reveal = true
notes = "Stress isolation."
minutes = 8

[[slides.prompts]]
text = "Who might be far from support?"
minutes = 3
follow_ups = ["Why?"]

[[slides]]
id = "compare"
title = "Trafficking vs smuggling"
columns = [
  { heading = "Trafficked", bullets = ["Controlled"] },
  { heading = "Smuggled", bullets = ["Paid a fee"] },
]
callout = { label = "Did you know?", text = "All countries are affected." }
minutes = 5

[[slides]]
id = "case"
kind = "case"
title = "Case study: Rosa"
body = """
A fictional composite.

Second paragraph.
"""
answer = ["act.harbouring", "purpose.exploitation"]
answer_flags = ["minor"]
debrief = "Which rights were violated?"
minutes = 5
"#;

#[test]
fn the_reference_deck_loads_cleanly() {
    let loaded = load_str(VALID).expect("VALID loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.deck.slides.len(), 4);
}

/// A mutation of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Insert(prop::sample::Index, u8),
    Delete(prop::sample::Index),
    Replace(prop::sample::Index, u8),
    /// Insert a piece of TOML syntax, to reach deeper into the parser and the schema pass.
    Splice(prop::sample::Index, &'static str),
}

const SNIPPETS: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "\"",
    "'",
    "\"\"\"",
    "=",
    ",",
    ".",
    "\n",
    "\r\n",
    "#",
    "\\",
    "\\u001b",
    "\\u202E",
    "[[slides]]\n",
    "[deck]\n",
    "id = \"x\"\n",
    "title = 5\n",
    "kind = \"case\"\n",
    "minutes = -1\n",
    "answer = [\"a.b\"]\n",
    "checklist = true\n",
    "ä",
    "\u{1b}[2J",
    "\u{0}",
    "true",
    "1e400",
    "-0",
    "nan",
    "1979-05-27",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<prop::sample::Index>().prop_map(Edit::Delete),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<prop::sample::Index>(), prop::sample::select(SNIPPETS))
            .prop_map(|(i, s)| Edit::Splice(i, s)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for e in edits {
        let len = bytes.len();
        match e {
            Edit::Insert(i, b) => bytes.insert(i.index(len + 1), *b),
            Edit::Delete(i) if len > 0 => {
                bytes.remove(i.index(len));
            }
            Edit::Delete(_) => {}
            Edit::Replace(i, b) if len > 0 => bytes[i.index(len)] = *b,
            Edit::Replace(_, _) => {}
            Edit::Splice(i, s) => {
                let at = i.index(len + 1);
                bytes.splice(at..at, s.bytes());
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn load_str_never_panics_on_any_string(s in any::<String>()) {
        assert_sound(load_str(&s))?;
    }

    #[test]
    fn load_str_never_panics_on_toml_like_text(
        s in r#"(format = 1\n|\[deck\]\n|\[\[slides\]\]\n|[a-z_]{1,8} = ("[^"\n]{0,12}"|[0-9.-]{1,4}|true|\[("[a-z.]{0,6}",? ?){0,3}\]|\{ ?[a-z]{1,5} = "[a-z]{0,4}" ?\})\n|\r\n|#[^\n]{0,5}\n){0,24}"#
    ) {
        assert_sound(load_str(&s))?;
    }

    #[test]
    fn load_bytes_never_panics_on_any_bytes(b in prop::collection::vec(any::<u8>(), 0..2048)) {
        assert_sound(load_bytes(&b))?;
    }

    #[test]
    fn load_never_panics_on_mutations_of_a_valid_deck(edits in prop::collection::vec(edit(), 1..8)) {
        let bytes = apply(VALID, &edits);
        assert_sound(load_bytes(&bytes))?;
    }
}

// ---------------------------------------------------------------------------------------------
// Generated valid decks always load, with clean text.

/// Text with a visible start and anything after it, including control characters, escapes,
/// bidi overrides, quotes and backslashes.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9 ,.!?'-]{1,12}",
        1 => "[\u{0}-\u{1f}\u{7f}-\u{9f}]{1,3}",
        1 => prop::sample::select(vec![
            "\u{1b}[31m", "\u{1b}]0;x\u{7}", "\u{202E}", "\u{2066}", "\"", "\\", "\"\"\"",
            "\t", "\r\n", "é", "中文", "👩🏽‍🏫", "#",
        ]).prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    // `{{` opens a placeholder, which the loader marks on purpose ("[TO FILL IN: …]"); that has
    // its own tests (`deck::load::tests::placeholders_…`), so generated text keeps braces apart.
    prop::collection::vec(piece, 0..5).prop_map(|v| {
        let mut t = format!("T{}", v.concat());
        while t.contains("{{") {
            t = t.replace("{{", "{ {");
        }
        t
    })
}

/// A TOML basic string holding exactly `s`.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Debug, Clone)]
struct GenSlide {
    title: String,
    bullets: Vec<String>,
    body: Option<String>,
    notes: Option<String>,
    prompt: Option<(String, Vec<String>)>,
    minutes: Option<u8>,
    case: bool,
}

fn gen_slide() -> impl Strategy<Value = GenSlide> {
    (
        text(),
        prop::collection::vec(text(), 0..4),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of((text(), prop::collection::vec(text(), 0..3))),
        prop::option::of(0u8..60),
        any::<bool>(),
    )
        .prop_map(
            |(title, bullets, body, notes, prompt, minutes, case)| GenSlide {
                title,
                bullets,
                body,
                notes,
                prompt,
                minutes,
                case,
            },
        )
}

fn deck_text(title: &str, slides: &[GenSlide]) -> String {
    let mut t = format!("format = 1\n\n[deck]\ntitle = {}\n\n", quoted(title));
    t.push_str(
        "[checklist]\ntitle = \"Elements\"\n[[checklist.groups]]\nid = \"act\"\nlabel = \"ACT\"\n\
         items = [{ id = \"recruitment\", label = \"Recruitment\" }]\n\
         [[checklist.frameworks]]\nid = \"fw\"\nlabel = \"Framework\"\n\
         rules = [{ all = [\"act\"], say = \"Act.\" }, { say = \"Not yet.\" }]\n\n",
    );
    for (i, s) in slides.iter().enumerate() {
        t.push_str(&format!(
            "[[slides]]\nid = \"s{i}\"\ntitle = {}\n",
            quoted(&s.title)
        ));
        if s.case {
            t.push_str("kind = \"case\"\nanswer = [\"act.recruitment\"]\n");
        }
        if !s.bullets.is_empty() {
            let list: Vec<String> = s.bullets.iter().map(|b| quoted(b)).collect();
            t.push_str(&format!("bullets = [{}]\nreveal = true\n", list.join(", ")));
        }
        if let Some(b) = &s.body {
            t.push_str(&format!("body = {}\n", quoted(b)));
        }
        if let Some(n) = &s.notes {
            t.push_str(&format!("notes = {}\n", quoted(n)));
        }
        if let Some(m) = s.minutes {
            t.push_str(&format!("minutes = {m}\n"));
        }
        if let Some((p, follow)) = &s.prompt {
            let f: Vec<String> = follow.iter().map(|x| quoted(x)).collect();
            // Every other slide's prompt is a break.
            let kind = if i % 2 == 1 { "kind = \"break\"\n" } else { "" };
            t.push_str(&format!(
                "\n[[slides.prompts]]\n{kind}text = {}\nminutes = 3\nfollow_ups = [{}]\n",
                quoted(p),
                f.join(", ")
            ));
        }
        t.push('\n');
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_decks_load_with_clean_text(
        title in text(),
        slides in prop::collection::vec(gen_slide(), 1..6),
        crlf in any::<bool>(),
    ) {
        let mut t = deck_text(&title, &slides);
        if crlf {
            t = t.replace('\n', "\r\n");
        }
        let loaded = match load_str(&t) {
            Ok(l) => l,
            Err(e) => return Err(TestCaseError::fail(format!("{}\n{t}", e.render("gen.toml", false)))),
        };
        let deck = &loaded.deck;
        prop_assert_eq!(deck.slides.len(), slides.len());
        prop_assert_eq!(&deck.meta.title, &clean_line(&title));
        for (i, (got, want)) in deck.slides.iter().zip(&slides).enumerate() {
            prop_assert_eq!(&got.id, &format!("s{i}"));
            prop_assert_eq!(&got.title, &clean_line(&want.title));
            prop_assert_eq!(got.bullets.len(), want.bullets.len());
            prop_assert_eq!(got.prompts().len(), usize::from(want.prompt.is_some()));
            if let Some(p) = got.prompts().first() {
                let kind = if i % 2 == 1 { PromptKind::Break } else { PromptKind::Discuss };
                prop_assert_eq!(p.kind, kind);
            }
            prop_assert_eq!(got.answer().is_some(), want.case);
        }
        for s in strings(deck) {
            prop_assert!(is_clean(&s), "unclean: {:?}", s);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile shapes: each must fail fast with an error, never overflow the stack or hang. These
// run on a test thread (2 MB stack by default), in debug builds too.

fn assert_fast_error(text: &str, what: &str) {
    let started = Instant::now();
    let result = load_str(text);
    let took = started.elapsed();
    assert!(result.is_err(), "{what}: loaded");
    assert!(took < Duration::from_secs(3), "{what}: took {took:?}");
    if let Err(e) = result {
        let rendered = e.render("deck.toml", false);
        assert!(rendered.starts_with("error: "), "{what}: {rendered}");
    }
}

#[test]
fn twenty_thousand_nested_arrays_are_an_error_not_a_stack_overflow() {
    let n = 20_000;
    let closed = format!("a = {}{}\n", "[".repeat(n), "]".repeat(n));
    assert_fast_error(&closed, "nested arrays");
    let open = format!("a = {}\n", "[".repeat(n));
    assert_fast_error(&open, "unclosed nested arrays");
    let tables = format!("a = {}1{}\n", "{ b = ".repeat(n), " }".repeat(n));
    assert_fast_error(&tables, "nested inline tables");
    let dotted = format!("{} = 1\n", vec!["a"; n].join("."));
    assert_fast_error(&dotted, "dotted keys");
    let headers = format!("[{}]\n", vec!["a"; n].join("."));
    assert_fast_error(&headers, "dotted table header");
    let in_slide = format!(
        "format = 1\n[deck]\ntitle = \"T\"\n[[slides]]\nid = \"a\"\nbullets = {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    assert_fast_error(&in_slide, "nested arrays in a slide");
}

#[test]
fn nesting_within_the_parser_limit_is_handled_by_the_schema_pass() {
    // Deep enough to be interesting, shallow enough to parse: every level is a wrong type.
    for depth in [10, 50, 100] {
        let text = format!(
            "format = 1\n[deck]\ntitle = \"T\"\n[[slides]]\nid = \"a\"\nbullets = {}\"x\"{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let _ = load_str(&text);
    }
}

#[test]
fn oversized_input_is_refused_by_size() {
    let big = vec![b'#'; convene::deck::load::MAX_DECK_BYTES + 1];
    let started = Instant::now();
    match load_bytes(&big) {
        Err(LoadError::Invalid { diagnostics, .. }) => {
            assert!(
                diagnostics[0]
                    .message
                    .contains("convene reads decks of at most 16 MB")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn odd_but_harmless_inputs() {
    for (text, what) in [
        ("", "empty"),
        ("\n\n   \n", "blank lines"),
        ("# only a comment\n", "comment"),
        ("format = 1\0\n", "NUL"),
        ("format = 1\r[deck]\r", "lone CR"),
    ] {
        assert_fast_error(text, what);
    }
    let long = format!(
        "format = 1\n[deck]\ntitle = \"{}\"\n[[slides]]\nid = \"a\"\ntitle = \"A\"\n",
        "x".repeat(2_000_000)
    );
    let started = Instant::now();
    assert!(load_str(&long).is_ok());
    assert!(started.elapsed() < Duration::from_secs(5));
    let crlf =
        "format = 1\r\n[deck]\r\ntitle = \"T\"\r\n[[slides]]\r\nid = \"a\"\r\ntitle = \"A\"\r\n";
    assert!(load_str(crlf).is_ok());
    // Windows editors may start UTF-8 files with a byte-order mark.
    let bom = "\u{feff}format = 1\n[deck]\ntitle = \"T\"\n[[slides]]\nid = \"a\"\ntitle = \"A\"\n";
    assert!(load_str(bom).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Parsing in parts (issue 11): the loader parses the part before the first `[[slides]]` and
// then each slide's part on its own. Loading in parts must equal loading whole: the same deck,
// warnings, spans, and the same errors (file:line:col, words, hints).

/// Everything a load gives, as text: the deck and its warnings, or the rendered error and its
/// diagnostics.
fn outcome(text: &str, how: Parse) -> String {
    match load_str_with(text, how) {
        Ok(l) => format!("{l:?}"),
        Err(e) => format!("{}\n{e:?}", e.render("deck.toml", false)),
    }
}

fn assert_same_in_parts(text: &str, what: &str) -> Result<(), TestCaseError> {
    let whole = outcome(text, Parse::Whole);
    let parts = outcome(text, Parse::InParts);
    prop_assert!(
        whole == parts,
        "{what}: in parts differs\n--- whole\n{whole}\n--- in parts\n{parts}\n--- text\n{text}"
    );
    Ok(())
}

/// Shapes that split at `[[slides]]` in tricky places: a header inside multi-line strings and
/// comments, tables reopened after the slides, `slides` written other ways, sub-tables.
const PART_SNIPPETS: &[&str] = &[
    "\n[[slides]]\n",
    "\n[[slides]]\nid = \"x\"\ntitle = \"X\"\n",
    "\nbody = \"\"\"\n[[slides]]\nid = \"in-a-string\"\n\"\"\"\n",
    "\nbody = '''\n[[slides]]\n'''\n",
    "\nbody = \"\"\"a\\\"\"\"\n[[slides]]\nb\"\"\"\"\n",
    "\n# [[slides]]\n",
    "\n[deck]\ntitle = \"Again\"\n",
    "\n[checklist]\ntitle = \"Late\"\n",
    "\nslides = []\n",
    "\n[slides]\n",
    "\n[[slides.prompts]]\ntext = \"Talk\"\nminutes = 2\n",
    "\n[slides.callout]\ntext = \"Note\"\n",
    "\n  [[ slides ]]  # spaced\nid = \"sp\"\ntitle = \"Spaced\"\n",
    "\n[[slides]]\nid = \"s0\"\ntitle = \"Duplicate\"\n",
    "\nzzz = 1\n",
    "\naaa = 1\n",
    "\ntitle = \"{{fill me}}\"\n",
    "\"\"\"",
    "'''",
    "\\",
    "\"",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn loading_in_parts_equals_loading_whole_for_generated_decks(
        title in text(),
        slides in prop::collection::vec(gen_slide(), 1..6),
    ) {
        assert_same_in_parts(&deck_text(&title, &slides), "generated deck")?;
    }

    #[test]
    fn loading_in_parts_equals_loading_whole_for_edited_decks(
        slides in prop::collection::vec(gen_slide(), 1..4),
        splices in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(PART_SNIPPETS)), 1..4),
        edits in prop::collection::vec(edit(), 0..3),
    ) {
        let mut t = deck_text("Parts", &slides).into_bytes();
        for (i, s) in &splices {
            let at = i.index(t.len() + 1);
            t.splice(at..at, s.bytes());
        }
        let t = String::from_utf8_lossy(&apply(&String::from_utf8_lossy(&t), &edits)).into_owned();
        assert_same_in_parts(&t, "edited deck")?;
    }
}

#[test]
fn loading_in_parts_equals_loading_whole_for_every_deck_in_the_repository() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut n = 0;
    for dir in [
        "decks",
        "tests/invalid_decks",
        "tests/warning_decks",
        "tests/crlf_bom_decks",
    ] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "toml") {
                let bytes = std::fs::read(&path).expect("read the deck");
                let text = String::from_utf8_lossy(&bytes);
                if let Err(e) = assert_same_in_parts(&text, &path.display().to_string()) {
                    panic!("{e}");
                }
                n += 1;
            }
        }
    }
    assert!(n > 60, "only {n} decks found");
    assert_same_in_parts(VALID, "VALID").expect("VALID");
}
