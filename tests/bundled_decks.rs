//! The bundled workshop decks: they load cleanly, their timing adds up, every slide can be
//! facilitated from its notes, the case studies have answer keys, and the French deck (when it
//! exists) mirrors the English one slide for slide.

use convene::deck::{Deck, Level, Loaded, SlideKind, load_str};
use std::collections::BTreeMap;

const EN: &str = include_str!("../decks/awareness.toml");
const FR_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/decks/awareness.fr.toml");

fn load(name: &str, text: &str) -> Loaded {
    match load_str(text) {
        Ok(l) => l,
        Err(e) => panic!("{name} does not load:\n{}", e.render(name, false)),
    }
}

fn english() -> Deck {
    load("decks/awareness.toml", EN).deck
}

/// The French deck, when someone has written it.
fn french_text() -> Option<String> {
    std::path::Path::new(FR_PATH)
        .exists()
        .then(|| std::fs::read_to_string(FR_PATH).expect("read decks/awareness.fr.toml"))
}

fn assert_no_warnings(name: &str, text: &str) {
    let loaded = load(name, text);
    let rendered = convene::deck::load::render_all(&loaded.warnings, name, text, false);
    assert!(
        loaded.warnings.is_empty(),
        "{name} has warnings:\n{rendered}"
    );
}

#[test]
fn english_deck_loads_without_warnings() {
    assert_no_warnings("decks/awareness.toml", EN);
    let deck = english();
    assert_eq!(deck.meta.language, "en");
    assert!(
        deck.meta
            .content_note
            .as_deref()
            .is_some_and(|n| !n.trim().is_empty()),
        "the deck needs a content note"
    );
}

fn check_minutes(name: &str, deck: &Deck) {
    let planned = deck.meta.minutes.expect("the deck states its minutes");
    assert_eq!(
        planned, 90.0,
        "{name}: the workshop is planned for 90 minutes"
    );
    for s in &deck.slides {
        let m = s
            .minutes
            .unwrap_or_else(|| panic!("{name}: slide `{}` has no minutes", s.id));
        assert!(m > 0.0, "{name}: slide `{}` has zero minutes", s.id);
        let mut prompts = 0.0;
        for p in &s.prompts {
            prompts += p
                .minutes
                .unwrap_or_else(|| panic!("{name}: a prompt on `{}` has no minutes", s.id));
        }
        assert!(
            prompts <= m + 1e-9,
            "{name}: slide `{}` plans {m} min but its prompts need {prompts}",
            s.id
        );
    }
    let total = deck.planned_minutes();
    assert!(
        (total - planned).abs() < 1e-9,
        "{name}: slide minutes add up to {total}, the deck plans {planned}"
    );
}

#[test]
fn slide_minutes_add_up_to_the_deck() {
    check_minutes("decks/awareness.toml", &english());
}

#[test]
fn every_slide_has_speaker_notes_and_a_section() {
    let deck = english();
    for s in &deck.slides {
        assert!(
            s.notes.as_deref().is_some_and(|n| !n.trim().is_empty()),
            "slide `{}` has no speaker notes",
            s.id
        );
        assert!(
            s.section.as_deref().is_some_and(|n| !n.trim().is_empty()),
            "slide `{}` has no section",
            s.id
        );
    }
}

#[test]
fn there_are_enough_slides_for_the_workshop() {
    let n = english().slides.len();
    assert!((35..=50).contains(&n), "{n} slides; plan 35 to 50");
}

#[test]
fn case_studies_have_keys_debriefs_and_timed_prompts() {
    let deck = english();
    let cases: Vec<_> = deck
        .slides
        .iter()
        .filter(|s| s.kind == SlideKind::Case)
        .collect();
    assert!(cases.len() >= 6, "only {} case studies", cases.len());
    for c in &cases {
        assert!(c.checklist, "case `{}` does not show the checklist", c.id);
        let answer = c
            .answer
            .as_ref()
            .unwrap_or_else(|| panic!("case `{}` has no answer key", c.id));
        assert!(
            !answer.items.is_empty(),
            "case `{}` answer key names no items",
            c.id
        );
        assert!(
            c.debrief.as_deref().is_some_and(|d| !d.trim().is_empty()),
            "case `{}` has no debrief",
            c.id
        );
        assert!(
            c.prompts.iter().any(|p| p.minutes.is_some_and(|m| m > 0.0)),
            "case `{}` has no timed prompt",
            c.id
        );
        assert!(
            c.prompts.iter().any(|p| !p.follow_ups.is_empty()),
            "case `{}` has no change-one-fact follow-ups",
            c.id
        );
        assert!(
            c.notes
                .as_deref()
                .is_some_and(|n| n.to_lowercase().contains("content note")),
            "case `{}` notes lack a content-note reminder",
            c.id
        );
        assert!(!c.body.is_empty(), "case `{}` has no case text", c.id);
    }
}

#[test]
fn one_case_is_about_a_minor() {
    let deck = english();
    let checklist = deck.checklist.as_ref().expect("the deck has a checklist");
    let minor = checklist
        .flags
        .iter()
        .position(|f| f.id == "minor")
        .expect("a `minor` flag");
    assert!(
        deck.slides
            .iter()
            .filter(|s| s.kind == SlideKind::Case)
            .any(|s| s.answer.as_ref().is_some_and(|a| a.flags.contains(&minor))),
        "no case has the `minor` answer flag"
    );
}

#[test]
fn support_lines_have_the_hotline_911_and_local_services() {
    let deck = english();
    let support = deck.meta.support.join("\n");
    for needle in ["1-833-900-1010", "911", "Local services"] {
        assert!(
            support.contains(needle),
            "support lines lack {needle:?}:\n{support}"
        );
    }
    // The closing support slide says the same.
    let slide = &deck.slides[deck.position("support").expect("a `support` slide")];
    let text: Vec<&str> = slide.bullets.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        text, deck.meta.support,
        "the support slide and [deck] support differ"
    );
}

#[test]
fn every_section_has_a_discussion_prompt() {
    let deck = english();
    let mut sections: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &deck.slides {
        let section = s.section.as_deref().unwrap_or("(none)");
        *sections.entry(section).or_default() += s.prompts.len();
    }
    assert!(sections.len() >= 6, "only {} sections", sections.len());
    let without: Vec<_> = sections
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(s, _)| *s)
        .collect();
    assert!(without.is_empty(), "sections without a prompt: {without:?}");
}

#[test]
fn checklist_frameworks_are_protocol_then_canada() {
    let deck = english();
    let checklist = deck.checklist.as_ref().expect("the deck has a checklist");
    let ids: Vec<&str> = checklist.frameworks.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["protocol", "canada"]);
    let groups: Vec<&str> = checklist.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(groups, ["act", "means", "purpose"]);
    let acts: Vec<&str> = checklist.groups[0]
        .items
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        acts,
        [
            "recruitment",
            "transportation",
            "transfer",
            "harbouring",
            "receipt"
        ]
    );
    let means = checklist.groups[1]
        .items
        .iter()
        .map(|i| i.label.to_lowercase())
        .collect::<Vec<_>>()
        .join(" | ");
    for word in [
        "force",
        "coercion",
        "abduction",
        "fraud",
        "deception",
        "abuse of power",
        "vulnerability",
        "payments",
    ] {
        assert!(means.contains(word), "MEANS lacks {word:?}: {means}");
    }
    assert!(
        checklist
            .disclaimer
            .as_deref()
            .is_some_and(|d| d.contains("not a legal determination")),
        "the disclaimer must say it is not a legal determination"
    );
}

#[test]
fn verdicts_indicate_and_never_pronounce() {
    let deck = english();
    let checklist = deck.checklist.as_ref().unwrap();
    for fw in &checklist.frameworks {
        let last = fw.rules.last().unwrap();
        assert!(last.all.is_empty() && last.flags.is_empty());
        for r in &fw.rules {
            let say = r.say.to_lowercase();
            assert!(
                !say.contains("this is trafficking") && !say.contains("is guilty"),
                "{}: verdict pronounces: {}",
                fw.id,
                r.say
            );
            if r.level == Level::Indicated {
                assert!(
                    say.contains("indicate"),
                    "{}: verdict should say what it indicates: {}",
                    fw.id,
                    r.say
                );
            }
        }
    }
}

/// The first rule of `framework` that matches the ticked items and flags (as the panel does).
fn verdict(deck: &Deck, framework: &str, items: &[(usize, usize)], flags: &[usize]) -> Level {
    let checklist = deck.checklist.as_ref().unwrap();
    let fw = checklist
        .frameworks
        .iter()
        .find(|f| f.id == framework)
        .unwrap();
    fw.rules
        .iter()
        .find(|r| {
            r.all.iter().all(|g| items.iter().any(|(ig, _)| ig == g))
                && r.flags.iter().all(|f| flags.contains(f))
        })
        .expect("the fallback rule always matches")
        .level
}

#[test]
fn answer_keys_give_the_intended_verdicts() {
    let deck = english();
    let expected = [
        ("case-domestic-worker", Level::Indicated, Level::Indicated),
        ("case-farm-worker", Level::Indicated, Level::Indicated),
        ("case-smuggled", Level::Incomplete, Level::Incomplete),
        ("case-teen-online", Level::Indicated, Level::Indicated),
        ("case-partner", Level::Indicated, Level::Indicated),
        (
            "case-employment-standards",
            Level::Incomplete,
            Level::Incomplete,
        ),
    ];
    for (id, protocol, canada) in expected {
        let slide = &deck.slides[deck
            .position(id)
            .unwrap_or_else(|| panic!("no slide `{id}`"))];
        let a = slide.answer.as_ref().unwrap();
        assert_eq!(
            verdict(&deck, "protocol", &a.items, &a.flags),
            protocol,
            "{id} under the Protocol"
        );
        assert_eq!(
            verdict(&deck, "canada", &a.items, &a.flags),
            canada,
            "{id} under the Criminal Code"
        );
    }
    // The child case has no MEANS: only the child rule makes it indicated.
    let teen = &deck.slides[deck.position("case-teen-online").unwrap()];
    let a = teen.answer.as_ref().unwrap();
    assert!(
        a.items.iter().all(|(g, _)| *g != 1),
        "the child case should need no MEANS"
    );
    assert_eq!(verdict(&deck, "protocol", &a.items, &[]), Level::Incomplete);
    // The smuggling case has no MEANS and no PURPOSE.
    let smuggled = &deck.slides[deck.position("case-smuggled").unwrap()];
    let a = smuggled.answer.as_ref().unwrap();
    assert!(a.items.iter().all(|(g, _)| *g == 0));
}

#[test]
fn the_source_material_is_covered() {
    // Spot checks that key points of the source text made it into the slides.
    let deck = english();
    let mut text = String::new();
    for s in &deck.slides {
        text.push_str(&s.title);
        text.push('\n');
        for p in &s.body {
            text.push_str(p);
            text.push('\n');
        }
        for b in &s.bullets {
            text.push_str(&b.text);
            text.push('\n');
            for c in &b.children {
                text.push_str(c);
                text.push('\n');
            }
        }
        for c in &s.columns {
            text.push_str(&c.heading);
            text.push('\n');
            for b in &c.bullets {
                text.push_str(&b.text);
                text.push('\n');
            }
        }
        if let Some(c) = &s.callout {
            text.push_str(&c.text);
            text.push('\n');
        }
    }
    for needle in [
        "forced labour",
        "Indigenous",
        "women and children",
        "human beings first",
        "Domestic work",
        "Forced marriage",
        "origin, transit or destination",
        "first internationally agreed definition",
        "Transnational Organized Crime",
        "migration control",
        "optional",
        "cause and a consequence",
        "personal autonomy",
        "slavery or servitude",
        "liberty and security of the person",
        "cruel or inhumane treatment",
        "safe and healthy working conditions",
        "freedom of movement",
        "tool to prosecute",
        "State Party",
        "June 2012",
        "Temporary Resident Permits",
        "Canada Border Services Agency",
        "relationships abroad",
        "fall between the cracks",
        "incentive to report",
        "undermined",
        "NGO websites",
        "Government websites",
    ] {
        assert!(text.contains(needle), "the slides never say {needle:?}");
    }
}

#[test]
fn french_deck_mirrors_the_english_one() {
    let Some(fr_text) = french_text() else {
        return;
    };
    assert_no_warnings("decks/awareness.fr.toml", &fr_text);
    let fr = load("decks/awareness.fr.toml", &fr_text).deck;
    let en = english();
    assert_eq!(fr.meta.language, "fr");
    let ids = |d: &Deck| d.slides.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&fr), ids(&en), "the French deck's slide ids differ");
    check_minutes("decks/awareness.fr.toml", &fr);
    for (e, f) in en.slides.iter().zip(&fr.slides) {
        assert_eq!(e.kind, f.kind, "slide `{}`: kind differs", e.id);
        assert_eq!(e.answer, f.answer, "slide `{}`: answer key differs", e.id);
        assert_eq!(e.minutes, f.minutes, "slide `{}`: minutes differ", e.id);
        assert!(
            f.notes.as_deref().is_some_and(|n| !n.trim().is_empty()),
            "French slide `{}` has no speaker notes",
            f.id
        );
    }
    let support = fr.meta.support.join("\n");
    assert!(support.contains("1-833-900-1010") && support.contains("911"));
}
