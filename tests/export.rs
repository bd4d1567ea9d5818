//! `convene export`: handout and facilitator's guide snapshots (Markdown and HTML), escaping of
//! hostile deck text, the notes/answer-key gate, the bundled deck, and `run_export`'s files
//! and exit codes.

use convene::deck::{Deck, load_str};
use convene::organize::export::{ExportFormat, escape_markdown, export, run_export_to};
use std::path::{Path, PathBuf};

/// A small deck with every element: a title slide outside any section, a section slide,
/// body paragraphs, nested bullets, columns, a callout with and without a label, prompts with
/// and without follow-ups, a case with an answer key (items and a flag), a debrief, and notes
/// with structure.
const SMALL: &str = r#"
format = 1

[deck]
title = "Small Workshop"
subtitle = "Every element once"
language = "en"
author = "The Organizers"
minutes = 18
content_note = """
This handout talks about exploitation.
The cases are fictional.

Step out whenever you need to.
"""
support = ["Hotline: 1-833-900-1010 (24/7)", "In an emergency: call 911"]

[checklist]
title = "Key elements"
disclaimer = "A teaching aid, not a legal determination."

[[checklist.groups]]
id = "act"
label = "ACT"
question = "What was done?"
items = [{ id = "recruitment", label = "Recruitment" }, { id = "harbouring", label = "Harbouring" }]

[[checklist.groups]]
id = "purpose"
label = "PURPOSE"
question = "For what purpose?"
items = [{ id = "labour", label = "Forced labour" }]

[[checklist.flags]]
id = "minor"
label = "The person is under 18"

[[checklist.frameworks]]
id = "protocol"
label = "UN Protocol"
rules = [
  { all = ["act", "purpose"], flags = ["minor"], level = "indicated", say = "A child: act and purpose are enough." },
  { level = "incomplete", say = "Not all elements identified." },
]

[[slides]]
id = "title"
kind = "title"
title = "Small Workshop"
subtitle = "Every element once"
minutes = 1
notes = "Say: welcome."

[[slides]]
id = "basics-section"
section = "Basics"
kind = "section"
title = "Basics"
subtitle = "What it is"
minutes = 1

[[slides]]
id = "what"
section = "Basics"
title = "What is it?"
subtitle = "A first look"
body = """
First paragraph, wrapped
over two lines.

Second paragraph.
"""
bullets = [
  "Exploitation is the core",
  { text = "Movement is common", bullets = ["across borders", "within a country"] },
]
reveal = true
minutes = 5
notes = """
Say: one point at a time.
1. Exploitation is the core: people are used
   for someone else's profit.
2. Movement is common.
Ask (optional): what surprises you?
"""

[[slides.prompts]]
text = "What images come to mind?"
minutes = 2
follow_ups = ["Where do they come from?", "What do they leave out?"]

[[slides]]
id = "compare"
section = "Basics"
title = "Two things compared"
columns = [
  { heading = "Trafficking", bullets = ["Control", { text = "Exploitation", bullets = ["continues"] }] },
  { heading = "Smuggling", bullets = ["A service", "Ends on arrival"] },
]
callout = { text = "No border is needed." }
minutes = 3

[[slides.prompts]]
text = "Which is which?"
minutes = 2

[[slides]]
id = "case-ana"
section = "Cases"
kind = "case"
title = "Case study: Ana"
body = "Ana, 16, was recruited for work and kept in the house."
answer = ["act.recruitment", "act.harbouring", "purpose.labour"]
answer_flags = ["minor"]
debrief = "A child: act and purpose are enough."
minutes = 8
notes = "Look for: recruitment, harbouring, labour. She is 16."
callout = { label = "Remember", text = "The case is fictional." }

[[slides.prompts]]
text = "Is this trafficking?"
minutes = 5
follow_ups = ["What if Ana were 19?"]
"#;

fn small() -> Deck {
    match load_str(SMALL) {
        Ok(l) => {
            assert!(
                l.warnings.is_empty(),
                "the small deck has warnings: {:?}",
                l.warnings
            );
            l.deck
        }
        Err(e) => panic!(
            "the small deck does not load:\n{}",
            e.render("small", false)
        ),
    }
}

fn bundled() -> Deck {
    match load_str(convene::deck::bundled::AWARENESS_EN) {
        Ok(l) => l.deck,
        Err(e) => panic!(
            "the bundled deck does not load:\n{}",
            e.render("bundled", false)
        ),
    }
}

#[test]
fn snapshot_markdown_handout() {
    insta::assert_snapshot!(
        "markdown_handout",
        export(&small(), ExportFormat::Markdown, false)
    );
}

#[test]
fn snapshot_markdown_guide() {
    insta::assert_snapshot!(
        "markdown_guide",
        export(&small(), ExportFormat::Markdown, true)
    );
}

#[test]
fn snapshot_html_handout() {
    insta::assert_snapshot!("html_handout", export(&small(), ExportFormat::Html, false));
}

#[test]
fn snapshot_html_guide() {
    insta::assert_snapshot!("html_guide", export(&small(), ExportFormat::Html, true));
}

// ---------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------

/// Hostile text for every field.
const EVIL: &str = "<script>alert(1)</script> javascript:alert(1) \"quotes\" 'single' &amp; \
                    *bold* [link](javascript:x) | pipes | `code` # not a heading";

/// A TOML basic string holding `s`.
fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A deck whose every text field is [`EVIL`] (with a leading list marker in a few places).
fn evil_deck() -> Deck {
    let e = toml_str(EVIL);
    let lead = toml_str(&format!("1. - + {EVIL}"));
    let text = format!(
        r#"
format = 1
[deck]
title = {e}
subtitle = {e}
language = "en"
author = {e}
content_note = {e}
support = [{e}, {lead}]

[checklist]
title = {e}
disclaimer = {e}
[[checklist.groups]]
id = "act"
label = {e}
question = {e}
items = [{{ id = "a", label = {e} }}]
[[checklist.flags]]
id = "minor"
label = {e}
[[checklist.frameworks]]
id = "fw"
label = {e}
rules = [{{ all = ["act"], level = "indicated", say = {e} }}, {{ say = {e} }}]

[[slides]]
id = "s1"
section = {e}
kind = "section"
title = {e}
subtitle = {e}

[[slides]]
id = "s2"
section = {e}
title = {e}
subtitle = {e}
body = {lead}
bullets = [{e}, {{ text = {lead}, bullets = [{e}] }}]
columns = [{{ heading = {e}, bullets = [{e}] }}, {{ heading = {e}, bullets = [{lead}] }}]
callout = {{ label = {e}, text = {e} }}
notes = {lead}
[[slides.prompts]]
text = {e}
minutes = 1
follow_ups = [{e}, {lead}]

[[slides]]
id = "s3"
section = {e}
kind = "case"
title = {e}
body = {e}
answer = ["act.a"]
answer_flags = ["minor"]
debrief = {e}
notes = {e}
"#
    );
    match load_str(&text) {
        Ok(l) => l.deck,
        Err(err) => panic!(
            "the evil deck does not load:\n{}",
            err.render("evil", false)
        ),
    }
}

/// Tags the HTML writer emits; anything else after a `<` came from deck text.
const TAGS: &[&str] = &[
    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "main", "section",
    "article", "aside", "div", "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "li", "table",
    "thead", "tbody", "tr", "th", "td", "strong", "br",
];

/// Every tag in `html`, as the text between `<` and `>`. Panics on a `<` that does not start a
/// known tag (a `<` from deck text that was not escaped).
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("an unterminated tag");
        let tag = &rest[..end];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or_default();
        assert!(
            TAGS.contains(&name),
            "unexpected tag <{tag}> (unescaped deck text?)"
        );
        out.push(tag);
        rest = &rest[end..];
    }
    out
}

#[test]
fn html_escapes_every_deck_text() {
    let deck = evil_deck();
    for with_notes in [false, true] {
        let html = export(&deck, ExportFormat::Html, with_notes);
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        for tag in tags(&html) {
            let t = tag.to_lowercase();
            assert!(!t.contains("javascript:"), "javascript: in a tag: <{tag}>");
            assert!(
                !t.contains("href") && !t.contains("src="),
                "a link: <{tag}>"
            );
            assert!(!t.contains(" on"), "an event handler: <{tag}>");
        }
        // Every `<` of deck text is escaped: with the tag check above, the escaped form must
        // appear once per rendered field. Fields: <title>, deck title, subtitle, author,
        // content note, 2 support lines, section heading, section subtitle (the section
        // slide's title is the heading), slide title, subtitle, body, 3 bullets, 2 column
        // headings, 2 column bullets, callout label and text, prompt, 2 follow-ups, case title,
        // body, worksheet title, disclaimer, group label, question, item, flag = 32; with notes
        // also notes (2 slides), 1 answer item (group and item: 2), flag, framework label and
        // say, debrief = 8 more.
        let expected = if with_notes { 40 } else { 32 };
        assert_eq!(
            html.matches("&lt;script&gt;alert(1)&lt;/script&gt;")
                .count(),
            expected,
            "with_notes={with_notes}\n{html}"
        );
        assert!(html.contains("&quot;quotes&quot;"));
        assert!(html.contains("&#39;single&#39;"));
        assert!(html.contains("&amp;amp;"));
        assert!(!html.contains(" &amp; "), "a bare & was not escaped");
        // No scripts, links or external resources at all.
        assert!(!lower.contains("<a "));
        assert!(!lower.contains("http://") && !lower.contains("https://"));
        assert!(!lower.contains("@import") && !lower.contains("url("));
    }
}

/// Characters of deck text that must never reach the Markdown unescaped.
const MD_SPECIAL: &[char] = &['<', '[', ']', '&', '|', '`', '#'];

#[test]
fn markdown_escapes_every_deck_text() {
    let deck = evil_deck();
    for with_notes in [false, true] {
        let md = export(&deck, ExportFormat::Markdown, with_notes);
        for (n, line) in md.lines().enumerate() {
            // Headings are the one place the writer itself puts `#`: skip the marker.
            let body = line.trim_start_matches('#');
            let chars: Vec<char> = body.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if MD_SPECIAL.contains(c) {
                    let escaped =
                        chars[..i].iter().rev().take_while(|&&b| b == '\\').count() % 2 == 1;
                    assert!(escaped, "unescaped {c:?} on line {}: {line}", n + 1);
                }
            }
            assert!(
                !line.replace("\\]", "").contains("](javascript"),
                "a link: {line}"
            );
            // No list item, heading or quote starts from deck text: a leading marker is escaped.
            for marker in ["1. ", "- + ", "+ "] {
                let starts = line.starts_with(marker) || line.starts_with(&format!("- {marker}"));
                assert!(!starts, "an unescaped line-start marker: {line}");
            }
        }
        // Only escaped (`\<script`), never raw: the per-character check above already
        // rules out an escaped backslash followed by a raw `<`.
        assert!(
            !md.replace("\\<", "").contains("<script"),
            "raw <script in:\n{md}"
        );
        assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
        assert!(md.contains("\\*bold\\* \\[link\\](javascript:x) \\| pipes \\|"));
        assert!(md.contains("\\&amp;"));
        assert!(md.contains("1\\. - + \\<script"), "{md}");
    }
}

#[test]
fn markdown_escaping_of_line_starts() {
    assert_eq!(escape_markdown("- item"), "\\- item");
    assert_eq!(escape_markdown("+ item"), "\\+ item");
    assert_eq!(escape_markdown("1. item"), "1\\. item");
    assert_eq!(escape_markdown("2024) item"), "2024\\) item");
    assert_eq!(escape_markdown("# title"), "\\# title");
    assert_eq!(escape_markdown("=== "), "\\===");
    assert_eq!(escape_markdown(": def"), "\\: def");
    assert_eq!(escape_markdown("    code"), "code");
    assert_eq!(escape_markdown("a\nb"), "a b");
    assert_eq!(escape_markdown("1.5 million"), "1.5 million");
    assert_eq!(escape_markdown("a - b 1. c"), "a - b 1. c");
    assert_eq!(escape_markdown("C:\\dir"), "C:\\\\dir");
    assert_eq!(escape_markdown("x_y*z"), "x\\_y\\*z");
}

// ---------------------------------------------------------------------------------------------
// The notes gate
// ---------------------------------------------------------------------------------------------

#[test]
fn the_handout_has_no_notes_answer_keys_or_debriefs() {
    let deck = small();
    for format in [ExportFormat::Markdown, ExportFormat::Html] {
        let handout = export(&deck, format, false);
        let guide = export(&deck, format, true);
        for secret in [
            "Speaker notes",
            "Answer key",
            "Say: one point at a time",
            "Look for: recruitment",
            "A child: act and purpose are enough.",
            "☑",
            "Facilitator's guide",
            "Planned",
        ] {
            let secret = match format {
                ExportFormat::Markdown => secret.to_owned(),
                ExportFormat::Html => convene::deck::sanitize::escape_html(secret),
            };
            assert!(
                !handout.contains(&secret),
                "{format:?} handout contains {secret:?}"
            );
            assert!(guide.contains(&secret), "{format:?} guide lacks {secret:?}");
        }
        // The worksheet is in both.
        for both in [
            "☐ Recruitment",
            "☐ The person is under 18",
            "What else would you need",
        ] {
            assert!(handout.contains(both), "{format:?} handout lacks {both:?}");
            assert!(guide.contains(both), "{format:?} guide lacks {both:?}");
        }
    }
}

#[test]
fn the_answer_key_names_group_and_item_and_flags() {
    let md = export(&small(), ExportFormat::Markdown, true);
    for line in [
        "- ☑ ACT: Recruitment",
        "- ☑ ACT: Harbouring",
        "- ☑ PURPOSE: Forced labour",
        "- ☑ The person is under 18",
        "- **UN Protocol**: A child: act and purpose are enough.",
    ] {
        assert!(md.contains(line), "missing {line:?} in:\n{md}");
    }
}

#[test]
fn bundled_handout_leaks_no_notes() {
    let deck = bundled();
    for format in [ExportFormat::Markdown, ExportFormat::Html] {
        let handout = export(&deck, format, false);
        let guide = export(&deck, format, true);
        // Every speaker note and debrief of the bundled deck is in the guide only.
        for s in &deck.slides {
            if let Some(d) = s.debrief() {
                let probe: String = d.chars().take(30).collect();
                let probe = match format {
                    ExportFormat::Markdown => escape_markdown(&probe),
                    ExportFormat::Html => convene::deck::sanitize::escape_html(&probe),
                };
                assert!(!handout.contains(&probe), "debrief of {} in handout", s.id);
                assert!(guide.contains(&probe), "debrief of {} not in guide", s.id);
            }
        }
        assert!(!handout.contains("If someone discloses"));
        assert!(guide.contains("If someone discloses"));
    }
}

// ---------------------------------------------------------------------------------------------
// The bundled deck
// ---------------------------------------------------------------------------------------------

#[test]
fn bundled_deck_exports_with_four_worksheets() {
    let deck = bundled();
    let cases: Vec<&str> = deck
        .slides
        .iter()
        .filter(|s| s.kind == convene::deck::SlideKind::Case)
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(cases.len(), 4);
    for format in [ExportFormat::Markdown, ExportFormat::Html] {
        for with_notes in [false, true] {
            let text = export(&deck, format, with_notes);
            assert_eq!(
                text.matches("Worksheet: Key elements").count(),
                4,
                "{format:?} with_notes={with_notes}"
            );
            assert_eq!(text.matches("☐ The person is under 18").count(), 4);
            assert_eq!(text.matches("☐ Recruitment").count(), 4);
            for c in &cases {
                assert!(text.contains(c), "{format:?} lacks {c}");
            }
            // Every slide's title is in the handout (the title slide's is the document's).
            for s in &deck.slides {
                let title = match format {
                    ExportFormat::Markdown => escape_markdown(&s.title),
                    ExportFormat::Html => convene::deck::sanitize::escape_html(&s.title),
                };
                assert!(text.contains(&title), "{format:?} lacks slide {}", s.id);
            }
            assert!(text.contains("1-833-900-1010"));
            let answers = text.matches("☑").count();
            if with_notes {
                assert!(answers > 4, "{format:?}: {answers} ticks in the guide");
            } else {
                assert_eq!(answers, 0);
            }
        }
    }
}

#[test]
fn bundled_html_has_sections_for_print_and_a_viewport() {
    let html = export(&bundled(), ExportFormat::Html, false);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(html.contains("@media print"));
    assert!(html.contains("break-before: page"));
    assert!(html.contains("break-inside: avoid"));
    // One printed part per section of the deck.
    let mut sections: Vec<&str> = bundled_sections();
    sections.dedup();
    assert_eq!(
        html.matches("<section class=\"part\">").count(),
        sections.len()
    );
    // Headings never skip a level.
    let mut last = 0;
    for tag in tags(&html) {
        let b = tag.as_bytes();
        if b.len() == 2 && b[0] == b'h' && b[1].is_ascii_digit() {
            let level = b[1] - b'0';
            assert!(level <= last + 1, "h{level} after h{last}");
            last = level;
        }
    }
}

fn bundled_sections() -> Vec<&'static str> {
    convene::deck::bundled::AWARENESS_EN
        .lines()
        .filter_map(|l| l.strip_prefix("section = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect()
}

/// A break (`kind = "break"`) is headed as one and has no lines to write on; every discussion
/// prompt keeps its lines; the guide lists the break with its minutes.
#[test]
fn a_break_gets_no_note_lines_and_the_guide_lists_it_as_a_break() {
    use convene::deck::PromptKind;
    for (source, brk, notes, discuss) in [
        (
            convene::deck::bundled::AWARENESS_EN,
            "Break",
            "Your notes",
            "Discuss",
        ),
        (
            convene::deck::bundled::AWARENESS_FR,
            "Pause",
            "Vos notes",
            "Discussion",
        ),
    ] {
        let deck = load_str(source).expect("loads").deck;
        let prompts = deck.slides.iter().flat_map(|s| s.prompts());
        let discussions = prompts
            .clone()
            .filter(|p| p.kind == PromptKind::Discuss)
            .count();
        let the_break = prompts
            .clone()
            .find(|p| p.kind == PromptKind::Break)
            .expect("the bundled deck has a break");
        for format in [ExportFormat::Markdown, ExportFormat::Html] {
            for with_notes in [false, true] {
                let text = export(&deck, format, with_notes);
                let what = format!("{format:?} with_notes={with_notes} ({brk})");
                assert_eq!(text.matches(notes).count(), discussions, "{what}");
                // The break's part (under the slide's own heading, `### Break`): from its
                // heading to the end of its box (HTML) or the next heading (Markdown).
                let minutes = if with_notes { " (10 min)" } else { "" };
                let (heading, end) = match format {
                    ExportFormat::Markdown => (format!("#### {brk}{minutes}\n"), "\n#"),
                    ExportFormat::Html => (
                        format!("<div class=\"prompt break\">\n<h4>{brk}{minutes}</h4>"),
                        "</div>",
                    ),
                };
                let at = text
                    .find(&heading)
                    .unwrap_or_else(|| panic!("{what}: no `{heading}` in\n{text}"));
                let rest = &text[at + heading.len()..];
                let part = &rest[..rest.find(end).unwrap_or(rest.len())];
                assert!(part.contains(the_break.text.as_str()), "{what}: {part}");
                assert!(!part.contains(notes), "{what}: {part}");
                assert!(!part.contains("____"), "{what}: {part}");
                assert!(!part.contains("class=\"lines\""), "{what}: {part}");
                assert!(!part.contains(discuss), "{what}: {part}");
            }
        }
    }
}

#[test]
fn french_decks_get_french_labels() {
    let fr = SMALL.replace("language = \"en\"", "language = \"fr\"");
    let deck = load_str(&fr).expect("loads").deck;
    let html = export(&deck, ExportFormat::Html, true);
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("<h4>Discussion (2 min)</h4>"), "{html}");
    let handout = export(&deck, ExportFormat::Html, false);
    assert!(handout.contains("Document pour les participants"));
    let escaped = convene::deck::sanitize::escape_html;
    assert!(html.contains(&escaped("Guide de l'animateur")));
    assert!(html.contains(&escaped("Fiche d'exercice : Key elements")));
    assert!(html.contains("Corrigé"));
    assert!(html.contains("Le saviez-vous?"));
    assert!(!html.contains("Speaker notes"));
}

// ---------------------------------------------------------------------------------------------
// run_export
// ---------------------------------------------------------------------------------------------

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("convene-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch folder");
    dir
}

fn run(
    deck: Option<&Path>,
    format: ExportFormat,
    output: Option<&Path>,
    with_notes: bool,
) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_export_to(deck, format, output, with_notes, &mut out, &mut err, false);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

#[test]
fn run_export_writes_the_file_and_leaves_no_temporary_file() {
    let dir = scratch("write");
    let deck = dir.join("small.toml");
    std::fs::write(&deck, SMALL).expect("write deck");
    let target = dir.join("handout.html");
    std::fs::write(&target, "old").expect("write old");
    let (code, out, err) = run(Some(&deck), ExportFormat::Html, Some(&target), false);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("handout.html"), "{err}");
    let written = std::fs::read_to_string(&target).expect("read handout");
    assert_eq!(written, export(&small(), ExportFormat::Html, false));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn run_export_to_stdout_and_the_bundled_deck() {
    let (code, out, err) = run(None, ExportFormat::Markdown, None, true);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, export(&bundled(), ExportFormat::Markdown, true));
}

#[test]
fn run_export_reports_a_broken_deck_and_writes_nothing() {
    let dir = scratch("broken");
    let deck = dir.join("broken.toml");
    std::fs::write(&deck, "format = 1\n[deck]\ntitel = \"x\"\n").expect("write deck");
    let target = dir.join("out.md");
    let (code, out, err) = run(Some(&deck), ExportFormat::Markdown, Some(&target), false);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("broken.toml:3:1"), "{err}");
    assert!(err.contains("title"), "{err}");
    assert!(err.contains("no handout was written"), "{err}");
    assert!(!target.exists());

    let (code, _, err) = run(
        Some(&dir.join("missing.toml")),
        ExportFormat::Html,
        None,
        false,
    );
    assert_eq!(code, 1);
    assert!(err.contains("cannot find the deck file"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn run_export_refuses_to_overwrite_the_deck_or_a_folder() {
    let dir = scratch("refuse");
    let deck = dir.join("small.toml");
    std::fs::write(&deck, SMALL).expect("write deck");
    let (code, _, err) = run(Some(&deck), ExportFormat::Markdown, Some(&deck), false);
    assert_eq!(code, 1);
    assert!(err.contains("refusing"), "{err}");
    assert_eq!(std::fs::read_to_string(&deck).expect("read"), SMALL);

    let (code, _, err) = run(Some(&deck), ExportFormat::Markdown, Some(&dir), false);
    assert_eq!(code, 1);
    assert!(err.contains("folder"), "{err}");

    let missing_dir = dir.join("no-such-folder").join("out.md");
    let (code, _, err) = run(
        Some(&deck),
        ExportFormat::Markdown,
        Some(&missing_dir),
        false,
    );
    assert_eq!(code, 1);
    assert!(err.contains("cannot write"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
