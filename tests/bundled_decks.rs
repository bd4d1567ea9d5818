//! The bundled workshop decks: they load cleanly, their timing adds up, every slide can be
//! facilitated from its notes, the case studies have answer keys, and the French deck (when it
//! exists) mirrors the English one slide for slide.

use convene::deck::{Deck, Level, Loaded, PromptKind, SlideKind, load_str};

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
/// The French deck's text; a missing deck fails the test that asks for it.
fn french_text() -> String {
    std::fs::read_to_string(FR_PATH).unwrap_or_else(|e| panic!("{FR_PATH}: {e}"))
}

/// No warnings but the placeholders organizers fill in (local services, reading lists), and
/// those are there: `check --strict` fails until they are filled in.
fn assert_no_warnings(name: &str, text: &str) {
    let loaded = load(name, text);
    let others: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|d| {
            !d.message
                .starts_with(convene::deck::load::PLACEHOLDER_MESSAGE)
        })
        .cloned()
        .collect();
    let rendered = convene::deck::load::render_all(&others, name, text, false);
    assert!(others.is_empty(), "{name} has warnings:\n{rendered}");
    assert!(
        loaded.placeholders().len() >= 4,
        "{name}: the local services should be marked as placeholders"
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
            .minutes()
            .unwrap_or_else(|| panic!("{name}: slide `{}` has no minutes", s.id));
        assert!(m > 0.0, "{name}: slide `{}` has zero minutes", s.id);
        let mut prompts = 0.0;
        for p in s.prompts() {
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
    // Four or five cases of about eight minutes, rather than six squeezed into five.
    assert!(
        (4..=5).contains(&cases.len()),
        "{} case studies; plan four or five",
        cases.len()
    );
    for c in &cases {
        assert!(
            c.minutes().is_some_and(|m| (7.5..=9.0).contains(&m)),
            "case `{}` plans {:?} minutes; plan about 8",
            c.id,
            c.minutes()
        );
        assert!(c.checklist, "case `{}` does not show the checklist", c.id);
        let answer = c
            .answer()
            .unwrap_or_else(|| panic!("case `{}` has no answer key", c.id));
        assert!(
            !answer.items.is_empty(),
            "case `{}` answer key names no items",
            c.id
        );
        assert!(
            c.debrief().is_some_and(|d| !d.trim().is_empty()),
            "case `{}` has no debrief",
            c.id
        );
        assert!(
            c.prompts()
                .iter()
                .any(|p| p.minutes.is_some_and(|m| m > 0.0)),
            "case `{}` has no timed prompt",
            c.id
        );
        assert!(
            c.prompts().iter().any(|p| !p.follow_ups.is_empty()),
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
            .any(|s| s.answer().is_some_and(|a| a.flags.contains(&minor))),
        "no case has the `minor` answer flag"
    );
}

#[test]
fn support_lines_have_the_hotline_911_and_local_services() {
    let deck = english();
    let support = deck.meta.support.join("\n");
    for needle in [
        "1-833-900-1010",
        "911",
        "may contact authorities",
        "Child protection: [TO FILL IN:",
        "Sexual assault: [TO FILL IN:",
        "Partner violence: [TO FILL IN:",
        "Employment standards: [TO FILL IN:",
    ] {
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

/// Fewer, longer prompts: none under 3 minutes, so each is a real discussion; a few outside
/// the cases; a 10-minute break with its timer before the first case, marked as a break (not a
/// discussion), and the only one.
fn check_prompts_and_break(name: &str, deck: &Deck) {
    let mut outside_cases = 0;
    let mut breaks = Vec::new();
    for s in &deck.slides {
        for p in s.prompts() {
            if p.kind == PromptKind::Break {
                breaks.push(s.id.as_str());
                continue;
            }
            let m = p.minutes.unwrap_or(0.0);
            assert!(
                m >= 3.0,
                "{name}: a prompt on `{}` plans {m} minutes; plan at least 3",
                s.id
            );
            if s.kind != SlideKind::Case {
                outside_cases += 1;
            }
        }
    }
    assert_eq!(breaks, ["break"], "{name}: one break, on the `break` slide");
    assert!(
        (3..=6).contains(&outside_cases),
        "{name}: {outside_cases} discussion prompts outside the cases"
    );
    let at = |id: &str| {
        deck.position(id)
            .unwrap_or_else(|| panic!("{name}: no slide `{id}`"))
    };
    let first_case = deck
        .slides
        .iter()
        .position(|s| s.kind == SlideKind::Case)
        .expect("a case");
    let brk = &deck.slides[at("break")];
    assert!(
        at("break") < first_case,
        "{name}: the break comes before the cases"
    );
    assert_eq!(brk.minutes(), Some(10.0), "{name}: a 10-minute break");
    assert!(
        brk.prompts()
            .iter()
            .any(|p| p.kind == PromptKind::Break && p.minutes == Some(10.0)),
        "{name}: the break has a 10-minute timer"
    );
}

#[test]
fn prompts_are_long_enough_and_the_break_has_its_timer() {
    check_prompts_and_break("decks/awareness.toml", &english());
    check_prompts_and_break("decks/awareness.fr.toml", &french());
}

/// The review's accuracy list, in both decks: what must not be said again, and what must be.
#[test]
fn the_accuracy_review_holds_in_both_decks() {
    let all = |d: &Deck| {
        let mut t = String::new();
        for (_, x) in deck_texts(d) {
            t.push_str(&x);
            t.push('\n');
        }
        for s in &d.slides {
            for (_, x) in slide_texts(s) {
                t.push_str(&x);
                t.push('\n');
            }
        }
        if let Some(c) = &d.checklist {
            for f in &c.frameworks {
                for r in &f.rules {
                    t.push_str(&r.say);
                    t.push('\n');
                }
            }
        }
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let en = all(&english());
    for wrong in [
        "live-in caregiver",
        "see CCR comments)\"",
        "(see CCR",
        "Most trafficked people",
        "most trafficked people",
        "Canada added",
        "very often through forced labour",
        "controlling their movements",
        "NAP includes",
        "s. 279.01 adults",
    ] {
        assert!(!en.contains(wrong), "the English deck still says {wrong:?}");
    }
    let nap = &english().slides[english().position("nap").unwrap()];
    let nap_screen: String = nap.bullets.iter().map(|b| b.text.as_str()).collect();
    for right in [
        "2012-2016",
        "National Strategy to Combat Human Trafficking 2019-2024",
        "empowerment",
    ] {
        assert!(nap_screen.contains(right), "the NAP slide lacks {right:?}");
    }
    for right in [
        "Canadian Council for Refugees",
        "transferring",
        "influence over their movements",
    ] {
        assert!(en.contains(right), "the English deck never says {right:?}");
    }
    let fr = all(&french());
    for wrong in [
        "aide familiale résidante",
        "commentaires du CCR)",
        "La plupart des personnes",
        "la plupart des personnes",
        "y a ajouté les partenariats",
        "très souvent par le travail forcé",
        "réponses d'application de la loi",
        "crie après",
        "rien n'indique",
        "exigé plusieurs fois",
        "dans les conditions où la traite",
    ] {
        assert!(!fr.contains(wrong), "the French deck still says {wrong:?}");
    }
    for right in [
        "Conseil canadien pour les réfugiés",
        "Stratégie nationale de lutte contre la traite des personnes 2019-2024",
        "mesures d'application de la loi",
        "crie contre le personnel",
        "pour le mettre en lieu sûr",
        "dans la création des conditions",
        "Indicateurs de travail forcé",
    ] {
        assert!(fr.contains(right), "the French deck never says {right:?}");
    }
}

/// The notes of a slide, or a failure naming it.
fn notes_of<'a>(deck: &'a Deck, id: &str) -> &'a str {
    let s = &deck.slides[deck
        .position(id)
        .unwrap_or_else(|| panic!("no slide `{id}`"))];
    s.notes.as_deref().unwrap_or_default()
}

/// The disclosure protocol lives in one place, the "What to do if you're worried" slide; the
/// other notes point to it instead of repeating a line (which promised a talk "at the break").
#[test]
fn the_worried_slide_holds_the_disclosure_protocol() {
    let en = english();
    let slide = &en.slides[en.position("if-worried").expect("an `if-worried` slide")];
    assert_eq!(slide.title, "What to do if you're worried");
    let on_screen: String = slide.bullets.iter().map(|b| b.text.as_str()).collect();
    for needle in [
        "don't confront",
        "1-833-900-1010",
        "911",
        "check your province",
    ] {
        assert!(on_screen.contains(needle), "the slide lacks {needle:?}");
    }
    let notes = notes_of(&en, "if-worried").replace('\n', " ");
    for needle in [
        "Thank them and believe them",
        "don't investigate",
        "private conversation now",
        "cannot promise",
        "reasonable grounds to believe a child",
        "under 16, 18 or 19",
        "overrides confidentiality",
        "don't confront",
        "may contact authorities",
        "organization's protocol",
    ] {
        assert!(notes.contains(needle), "the protocol lacks {needle:?}");
    }
    let pointing = en
        .slides
        .iter()
        .filter(|s| {
            s.notes.as_deref().is_some_and(|n| {
                n.replace('\n', " ")
                    .contains("What to do if you're worried")
            })
        })
        .count();
    assert!(
        pointing >= 5,
        "only {pointing} slides point to the protocol"
    );
    for s in &en.slides {
        let n = s.notes.as_deref().unwrap_or_default().replace('\n', " ");
        assert!(
            !n.contains("talk privately at the break"),
            "slide `{}` repeats the old disclosure line",
            s.id
        );
    }
    let fr = french();
    let slide = &fr.slides[fr.position("if-worried").expect("an `if-worried` slide")];
    assert_eq!(slide.title, "Que faire en cas d'inquiétude");
    let notes = notes_of(&fr, "if-worried").replace(['\n', '\u{a0}'], " ");
    for needle in [
        "croyez-la",
        "motifs raisonnables de croire qu'un enfant",
        "moins de 16, 18 ou 19 ans",
        "l'emporte sur la confidentialité",
        "ne confrontez pas",
    ] {
        assert!(
            notes.contains(needle),
            "the French protocol lacks {needle:?}"
        );
    }
}

/// Every follow-up of a case is answered in its notes: a "Follow-ups:" list (« Relances : »)
/// with one entry per follow-up; the facilitator, not a volunteer, reads Jess and Nadia.
#[test]
fn every_case_follow_up_is_answered_in_the_notes() {
    for (deck, heading, entry) in [
        (english(), "Follow-ups:", "\n- "),
        (french(), "Relances\u{a0}:", "\n- "),
    ] {
        for s in deck.slides.iter().filter(|s| s.kind == SlideKind::Case) {
            let notes = s.notes.as_deref().unwrap_or_default();
            let list = notes
                .split(heading)
                .nth(1)
                .unwrap_or_else(|| panic!("case `{}` notes have no {heading:?} list", s.id));
            let follow_ups: usize = s.prompts().iter().map(|p| p.follow_ups.len()).sum();
            let answered = format!("\n{list}").matches(entry).count();
            assert!(
                answered >= follow_ups,
                "case `{}`: {follow_ups} follow-ups, {answered} answers in the notes",
                s.id
            );
        }
        for id in ["case-teen-online", "case-partner"] {
            let notes = notes_of(&deck, id).replace('\n', " ");
            assert!(
                notes.contains("not a volunteer") || notes.contains("pas une personne volontaire"),
                "`{id}`: the facilitator reads this case"
            );
        }
    }
}

#[test]
fn checklist_frameworks_are_protocol_then_canada() {
    let deck = english();
    let checklist = deck.checklist.as_ref().expect("the deck has a checklist");
    let ids: Vec<&str> = checklist.frameworks.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["protocol", "canada"]);
    let groups: Vec<&str> = checklist.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(groups, ["act", "means", "purpose", "safety"]);
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
            "receipt",
            // The Criminal Code's acts (s. 279.01(1)), under that framework only.
            "holding",
            "movements"
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

/// The verdict of `framework` for the ticked items and flags, as the panel computes it.
fn verdict(deck: &Deck, framework: &str, items: &[(usize, usize)], flags: &[usize]) -> Level {
    let checklist = deck.checklist.as_ref().unwrap();
    let fw = checklist
        .frameworks
        .iter()
        .position(|f| f.id == framework)
        .unwrap();
    let st = convene::deck::checklist::CaseState {
        items: items.iter().copied().collect(),
        flags: flags.iter().copied().collect(),
        revealed: false,
    };
    convene::deck::checklist::evaluate(checklist, fw, &st).level
}

#[test]
fn answer_keys_give_the_intended_verdicts() {
    let deck = english();
    let expected = [
        // Under the Code, whether the threats, the passport and her isolation meet the
        // safety test is for the group to judge ("also fair").
        ("case-domestic-worker", Level::Indicated, Level::Incomplete),
        // Under the Code, the teen case asks for the safety test.
        ("case-teen-online", Level::Indicated, Level::Incomplete),
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
        let a = slide.answer().unwrap();
        assert_eq!(
            verdict(&deck, "protocol", &a.items, &a.flags),
            protocol,
            "{id} under the Protocol"
        );
        let c = a.for_framework(1);
        assert_eq!(
            verdict(&deck, "canada", &c.items, &c.flags),
            canada,
            "{id} under the Criminal Code"
        );
    }
    // The child case has no MEANS: only the child rule makes it indicated.
    let teen = &deck.slides[deck.position("case-teen-online").unwrap()];
    let a = teen.answer().unwrap();
    assert!(
        a.items.iter().all(|(g, _)| *g != 1),
        "the child case should need no MEANS"
    );
    assert_eq!(verdict(&deck, "protocol", &a.items, &[]), Level::Incomplete);
    // The bad-job case has an ACT only: no MEANS, no PURPOSE, no safety test.
    let marc = &deck.slides[deck.position("case-employment-standards").unwrap()];
    let a = marc.answer().unwrap();
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
        for c in s.columns() {
            text.push_str(&c.heading);
            text.push('\n');
            for b in &c.bullets {
                text.push_str(&b.text);
                text.push('\n');
            }
        }
        if let Some(c) = s.callout() {
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
    let fr_text = french_text();
    assert_no_warnings("decks/awareness.fr.toml", &fr_text);
    let fr = load("decks/awareness.fr.toml", &fr_text).deck;
    let en = english();
    assert_eq!(fr.meta.language, "fr");
    let ids = |d: &Deck| d.slides.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&fr), ids(&en), "the French deck's slide ids differ");
    check_minutes("decks/awareness.fr.toml", &fr);
    for (e, f) in en.slides.iter().zip(&fr.slides) {
        assert_eq!(e.kind, f.kind, "slide `{}`: kind differs", e.id);
        assert_eq!(
            e.answer(),
            f.answer(),
            "slide `{}`: answer key differs",
            e.id
        );
        assert_eq!(e.minutes(), f.minutes(), "slide `{}`: minutes differ", e.id);
        assert!(
            f.notes.as_deref().is_some_and(|n| !n.trim().is_empty()),
            "French slide `{}` has no speaker notes",
            f.id
        );
    }
    let support = fr.meta.support.join("\n");
    assert!(support.contains("1-833-900-1010") && support.contains("911"));
}

// ---------------------------------------------------------------------------------------------
// The French deck: same structure, every text translated, Canadian French terminology.
// ---------------------------------------------------------------------------------------------

/// The French deck; these tests fail (rather than skip) if it is missing.
fn french() -> Deck {
    let text = french_text();
    load("decks/awareness.fr.toml", &text).deck
}

/// Every human-readable text of a slide, each with a name saying where it is.
fn slide_texts(s: &convene::deck::Slide) -> Vec<(String, String)> {
    let mut out = vec![("title".to_owned(), s.title.to_string())];
    let mut push = |name: String, text: &str| out.push((name, text.to_owned()));
    if let Some(t) = &s.section {
        push("section".into(), t);
    }
    if let Some(t) = s.subtitle() {
        push("subtitle".into(), t);
    }
    for (i, p) in s.body.iter().enumerate() {
        push(format!("body[{i}]"), p);
    }
    for (i, b) in s.bullets.iter().enumerate() {
        push(format!("bullets[{i}]"), &b.text);
        for (j, c) in b.children.iter().enumerate() {
            push(format!("bullets[{i}][{j}]"), c);
        }
    }
    for (i, c) in s.columns().iter().enumerate() {
        push(format!("columns[{i}].heading"), &c.heading);
        for (j, b) in c.bullets.iter().enumerate() {
            push(format!("columns[{i}].bullets[{j}]"), &b.text);
            for (k, cc) in b.children.iter().enumerate() {
                push(format!("columns[{i}].bullets[{j}][{k}]"), cc);
            }
        }
    }
    if let Some(c) = s.callout() {
        if let Some(l) = &c.label {
            push("callout.label".into(), l);
        }
        push("callout.text".into(), &c.text);
    }
    for (i, p) in s.prompts().iter().enumerate() {
        push(format!("prompts[{i}]"), &p.text);
        for (j, f) in p.follow_ups.iter().enumerate() {
            push(format!("prompts[{i}].follow_ups[{j}]"), f);
        }
    }
    if let Some(d) = s.debrief() {
        push("debrief".into(), d);
    }
    if let Some(n) = &s.notes {
        push("notes".into(), n);
    }
    out
}

/// The deck's texts outside the slides: [deck] and [checklist].
fn deck_texts(d: &Deck) -> Vec<(String, String)> {
    let mut out = vec![("deck.title".to_owned(), d.meta.title.clone())];
    let mut push = |name: String, text: &str| out.push((name, text.to_owned()));
    if let Some(t) = &d.meta.subtitle {
        push("deck.subtitle".into(), t);
    }
    if let Some(t) = &d.meta.content_note {
        push("deck.content_note".into(), t);
    }
    for (i, t) in d.meta.support.iter().enumerate() {
        push(format!("deck.support[{i}]"), t);
    }
    if let Some(cl) = &d.checklist {
        push("checklist.title".into(), &cl.title);
        if let Some(t) = &cl.disclaimer {
            push("checklist.disclaimer".into(), t);
        }
        for g in &cl.groups {
            push(format!("checklist.{}.label", g.id), &g.label);
            if let Some(q) = &g.question {
                push(format!("checklist.{}.question", g.id), q);
            }
            for it in &g.items {
                push(format!("checklist.{}.{}", g.id, it.id), &it.label);
            }
        }
        for f in &cl.flags {
            push(format!("checklist.flags.{}", f.id), &f.label);
        }
        for fw in &cl.frameworks {
            push(format!("checklist.{}.label", fw.id), &fw.label);
            for (i, r) in fw.rules.iter().enumerate() {
                push(format!("checklist.{}.rules[{i}]", fw.id), &r.say);
            }
        }
    }
    out
}

/// Texts compared without case, spaces or punctuation (so "Protection:" and « Protection : »
/// count as the same word).
fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words that are the same in both languages; a French text may equal its English one only
/// when it is one of these.
const SAME_IN_BOTH: &[&str] = &["exploitation", "servitude", "protection"];

#[test]
fn french_deck_has_the_same_structure() {
    let (en, fr) = (english(), french());
    for (e, f) in en.slides.iter().zip(&fr.slides) {
        let id = &e.id;
        assert_eq!(e.reveal, f.reveal, "slide `{id}`: reveal differs");
        assert_eq!(e.checklist, f.checklist, "slide `{id}`: checklist differs");
        assert_eq!(e.body.len(), f.body.len(), "slide `{id}`: paragraphs");
        assert_eq!(e.bullets.len(), f.bullets.len(), "slide `{id}`: bullets");
        for (b, c) in e.bullets.iter().zip(&f.bullets) {
            assert_eq!(
                b.children.len(),
                c.children.len(),
                "slide `{id}`: nested bullets"
            );
        }
        assert_eq!(
            e.columns().len(),
            f.columns().len(),
            "slide `{id}`: columns"
        );
        for (a, b) in e.columns().iter().zip(f.columns()) {
            assert_eq!(
                a.bullets.len(),
                b.bullets.len(),
                "slide `{id}`: column bullets"
            );
        }
        assert_eq!(
            e.callout().is_some(),
            f.callout().is_some(),
            "slide `{id}`: callout"
        );
        assert_eq!(
            e.debrief().is_some(),
            f.debrief().is_some(),
            "slide `{id}`: debrief"
        );
        assert_eq!(
            e.subtitle().is_some(),
            f.subtitle().is_some(),
            "slide `{id}`: subtitle"
        );
        assert_eq!(
            e.prompts().len(),
            f.prompts().len(),
            "slide `{id}`: prompts"
        );
        for (p, q) in e.prompts().iter().zip(f.prompts()) {
            assert_eq!(p.minutes, q.minutes, "slide `{id}`: prompt minutes");
            assert_eq!(p.kind, q.kind, "slide `{id}`: prompt kind");
            assert_eq!(
                p.follow_ups.len(),
                q.follow_ups.len(),
                "slide `{id}`: follow-ups"
            );
        }
    }
    // Sections start on the same slides.
    let starts = |d: &Deck| {
        let mut v = Vec::new();
        for (i, s) in d.slides.iter().enumerate() {
            if i == 0 || s.section != d.slides[i - 1].section {
                v.push(s.id.clone());
            }
        }
        v
    };
    assert_eq!(
        starts(&en),
        starts(&fr),
        "sections start on different slides"
    );
    assert_eq!(en.meta.minutes, fr.meta.minutes);
    assert_eq!(en.meta.support.len(), fr.meta.support.len());
    // The checklist: same ids, flags and rule structure; only labels differ.
    let (ce, cf) = (
        en.checklist.as_ref().unwrap(),
        fr.checklist.as_ref().unwrap(),
    );
    let groups = |c: &convene::deck::Checklist| {
        c.groups
            .iter()
            .map(|g| {
                (
                    g.id.clone(),
                    g.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(groups(ce), groups(cf), "checklist groups or items differ");
    let flags =
        |c: &convene::deck::Checklist| c.flags.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    assert_eq!(flags(ce), flags(cf), "checklist flags differ");
    assert_eq!(ce.frameworks.len(), cf.frameworks.len());
    for (a, b) in ce.frameworks.iter().zip(&cf.frameworks) {
        assert_eq!(a.id, b.id, "framework ids differ");
        let rules = |f: &convene::deck::Framework| {
            f.rules
                .iter()
                .map(|r| (r.all.clone(), r.flags.clone(), r.level))
                .collect::<Vec<_>>()
        };
        assert_eq!(rules(a), rules(b), "framework `{}`: rules differ", a.id);
    }
    // Answer keys give the same verdicts in French (they name the same items).
    for (e, f) in en.slides.iter().zip(&fr.slides) {
        if let (Some(a), Some(b)) = (&e.answer(), &f.answer()) {
            for fw in ["protocol", "canada"] {
                assert_eq!(
                    verdict(&en, fw, &a.items, &a.flags),
                    verdict(&fr, fw, &b.items, &b.flags),
                    "slide `{}` under `{fw}`",
                    e.id
                );
            }
        }
    }
}

#[test]
fn no_english_text_is_left_untranslated_in_the_french_deck() {
    let (en, fr) = (english(), french());
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    let (de, df) = (deck_texts(&en), deck_texts(&fr));
    assert_eq!(
        de.len(),
        df.len(),
        "[deck]/[checklist] texts differ in number"
    );
    for ((name, e), (name_f, f)) in de.into_iter().zip(df) {
        assert_eq!(name, name_f);
        pairs.push((name, e, f));
    }
    for (se, sf) in en.slides.iter().zip(&fr.slides) {
        let (te, tf) = (slide_texts(se), slide_texts(sf));
        let names = |t: &[(String, String)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&te), names(&tf), "slide `{}`: fields differ", se.id);
        for ((name, e), (_, f)) in te.into_iter().zip(tf) {
            pairs.push((format!("slide `{}` {name}", se.id), e, f));
        }
    }
    let untranslated: Vec<String> = pairs
        .iter()
        .filter(|(_, e, f)| {
            let (e, f) = (normalized(e), normalized(f));
            !e.is_empty() && e == f && !SAME_IN_BOTH.contains(&f.as_str())
        })
        .map(|(name, e, _)| format!("{name}: {e:?}"))
        .collect();
    assert!(
        untranslated.is_empty(),
        "French texts identical to the English:\n{}",
        untranslated.join("\n")
    );
    // Nor any English left inside a French text: common English words never appear in it.
    const ENGLISH: &[&str] = &[
        "the", "and", "with", "you", "your", "this", "that", "what", "which", "who", "is", "are",
        "of", "to", "if", "for", "it", "not", "be", "from", "they", "their", "when", "how",
    ];
    let mut found = Vec::new();
    for (name, _, f) in &pairs {
        for word in f.split(|c: char| !c.is_alphanumeric()) {
            if ENGLISH.contains(&word.to_lowercase().as_str()) {
                found.push(format!("{name}: {word:?}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English words in the French deck:\n{}",
        found.join("\n")
    );
}

/// All of the French deck's text, with no-break spaces made ordinary.
fn french_corpus(fr: &Deck) -> String {
    let mut text: Vec<String> = deck_texts(fr).into_iter().map(|(_, t)| t).collect();
    for s in &fr.slides {
        text.extend(slide_texts(s).into_iter().map(|(_, t)| t));
    }
    text.join("\n")
        .replace(['\u{a0}', '\u{202f}', '\n'], " ")
        .replace("  ", " ")
}

#[test]
fn the_french_deck_uses_canadian_terminology() {
    let text = french_corpus(&french());
    for term in [
        "traite des personnes",
        "passage de clandestins",
        "Protocole relatif à la traite des personnes",
        "Protocole visant à prévenir, réprimer et punir la traite des personnes, en particulier des femmes et des enfants",
        "Convention des Nations Unies contre la criminalité transnationale organisée",
        "Plan d'action national de lutte contre la traite de personnes",
        "Ligne d'urgence canadienne contre la traite des personnes",
        "1-833-900-1010",
        "911",
        "Code criminel",
        "art. 279.01",
        "art. 3c)",
        "ermis de séjour temporaire (PST)",
        "Agence des services frontaliers du Canada (ASFC)",
        "4 P",
        "prévention",
        "poursuites",
        "protection",
        "partenariats",
        "Autochtones",
        "travail forcé",
        "servitude",
        "mariage forcé",
        "consentement",
        "droits de la personne",
        "Centre canadien pour mettre fin à la traite des personnes",
    ] {
        assert!(text.contains(term), "the French deck never says {term:?}");
    }
    // Calques and terms a Canadian publication would not use.
    for avoid in [
        "traite humaine",
        "trafic humain",
        "trafic d'êtres humains",
        "contrebande",
        "aborigène",
    ] {
        assert!(
            !text.to_lowercase().contains(avoid),
            "the French deck says {avoid:?}"
        );
    }
}

#[test]
fn the_french_deck_covers_the_source_material() {
    // The French counterparts of `the_source_material_is_covered`, on slide text only.
    let fr = french();
    let mut text = String::new();
    for s in &fr.slides {
        for (name, t) in slide_texts(s) {
            if name != "notes" {
                text.push_str(&t.replace('\u{a0}', " "));
                text.push('\n');
            }
        }
    }
    let text = text.replace('\n', " ");
    for needle in [
        "travail forcé",
        "autochtones",
        "les femmes et les enfants",
        "êtres humains avant tout",
        "travail domestique",
        "mariage forcé",
        "origine, de transit ou de destination",
        "première définition",
        "criminalité transnationale organisée",
        "contrôle migratoire",
        "facultatives",
        "une cause et une conséquence",
        "autonomie personnelle",
        "esclavage ni en servitude",
        "liberté et à la sécurité de la personne",
        "traitements cruels ou inhumains",
        "conditions de travail sûres et salubres",
        "liberté de circulation",
        "outil pour poursuivre",
        "État partie",
        "juin 2012",
        "Permis de séjour temporaire",
        "Agence des services frontaliers du Canada",
        "relations à l'étranger",
        "entre les mailles",
        "signaler leur situation",
        "affaiblis",
        "Sites Web d'ONG",
        "Sites Web gouvernementaux",
    ] {
        assert!(
            text.contains(needle),
            "the French slides never say {needle:?}"
        );
    }
}

#[test]
fn the_french_checklist_and_support_follow_the_english_rules() {
    let fr = french();
    let checklist = fr
        .checklist
        .as_ref()
        .expect("the French deck has a checklist");
    assert!(
        checklist
            .disclaimer
            .as_deref()
            .is_some_and(|d| d.contains("pas une décision juridique")),
        "the French disclaimer must say it is not a legal determination"
    );
    for fw in &checklist.frameworks {
        for r in &fw.rules {
            let say = r.say.to_lowercase();
            assert!(
                !say.contains("c'est de la traite") && !say.contains("coupable"),
                "{}: verdict pronounces: {}",
                fw.id,
                r.say
            );
            if r.level == Level::Indicated {
                assert!(
                    say.contains("indiqu"),
                    "{}: verdict should indicate: {}",
                    fw.id,
                    r.say
                );
            }
        }
    }
    let support = fr.meta.support.join("\n").replace('\u{a0}', " ");
    for needle in [
        "Ligne d'urgence canadienne contre la traite des personnes",
        "1-833-900-1010",
        "911",
        "peut communiquer avec les autorités",
        "Protection de l'enfance : [À COMPLÉTER :",
        "Normes du travail : [À COMPLÉTER :",
    ] {
        assert!(
            support.contains(needle),
            "French support lines lack {needle:?}"
        );
    }
    let slide = &fr.slides[fr.position("support").expect("a `support` slide")];
    let text: Vec<&str> = slide.bullets.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        text, fr.meta.support,
        "the French support slide and [deck] support differ"
    );
    for s in fr.slides.iter().filter(|s| s.kind == SlideKind::Case) {
        assert!(
            s.notes
                .as_deref()
                .is_some_and(|n| n.contains("Mise en garde")),
            "French case `{}` notes lack a content-note reminder",
            s.id
        );
    }
}
