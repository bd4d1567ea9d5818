//! The facilitation report (Markdown and HTML snapshots of a scripted session with fixed times),
//! its escaping, `run_report` end to end, and the sessions list.

use convene::deck::{Deck, load_str};
use convene::present::app::{Action, App, Millis, update};
use convene::record::journal::{self, Journal, Record};
use convene::record::report::{ReportFormat, report, report_in, run_report};

/// The report with its start in UTC: snapshots do not depend on the machine's time zone.
fn report_utc(records: &[Record], deck: &Deck, format: ReportFormat) -> String {
    report_in(records, deck, format, &jiff::tz::TimeZone::UTC)
}
use convene::record::sessions;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

const DECK: &str = r#"
format = 1
[deck]
title = "Evening workshop | *draft*"
minutes = 35

[checklist]
title = "Key elements"
disclaimer = "For discussing fictional cases."
[[checklist.groups]]
id = "act"
label = "ACT"
items = [{ id = "recruitment", label = "Recruitment" }, { id = "transportation", label = "Transportation" }]
[[checklist.groups]]
id = "means"
label = "MEANS"
items = [{ id = "fraud", label = "Fraud or deception" }, { id = "abduction", label = "Abduction" }]
[[checklist.groups]]
id = "purpose"
label = "PURPOSE"
items = [{ id = "forced-labour", label = "Forced labour" }, { id = "sexual", label = "Sexual exploitation" }]
[[checklist.flags]]
id = "minor"
label = "The person is under 18"
[[checklist.frameworks]]
id = "protocol"
label = "UN Protocol, art. 3"
rules = [
  { all = ["act", "means", "purpose"], say = "All three elements: indicates trafficking." },
  { all = ["act", "purpose"], flags = ["minor"], say = "A child: no means needed." },
  { say = "Not all elements identified yet." },
]
[[checklist.frameworks]]
id = "canada"
label = "Criminal Code, s. 279.01"
rules = [
  { all = ["act", "purpose"], say = "Act and exploitation: may indicate the offence." },
  { say = "Not all elements identified yet." },
]

[[slides]]
id = "welcome"
section = "Welcome"
kind = "title"
title = "Welcome"
minutes = 2

[[slides]]
id = "rights"
section = "Basics"
title = "Rights at work"
bullets = ["Pay", "Papers"]
reveal = true
minutes = 5

[[slides]]
id = "discuss"
section = "Basics"
title = "Talk: <what> would you do?"
minutes = 6
[[slides.prompts]]
text = "Who could you call? (a_b | c)"
minutes = 4
follow_ups = ["And if they do not answer?"]
[[slides.prompts]]
text = "What would help?"

[[slides]]
id = "case-amira"
section = "Case studies"
kind = "case"
title = "Case: Amira"
body = "A story."
answer = ["act.recruitment", "means.fraud", "purpose.forced-labour"]
debrief = "What made it trafficking?"
minutes = 10
# Under the Code the key differs: the fraud is evidence, defensible ("also fair").
[[slides.answers]]
framework = "canada"
answer = ["act.recruitment", "purpose.sexual"]
defensible = ["means.fraud"]

[[slides]]
id = "case-ben"
section = "Case studies"
kind = "case"
title = "Case: Ben"
body = "Another story."
answer = ["act.transportation", "purpose.sexual"]
answer_flags = ["minor"]
minutes = 10

[[slides]]
id = "close"
section = "Close"
title = "Thank you"
minutes = 2
"#;

const T0: Millis = 1_750_000_000_000; // 2025-06-15 15:06:40 UTC

fn deck() -> Deck {
    match load_str(DECK) {
        Ok(l) => l.deck,
        Err(e) => panic!("test deck: {}", e.render("DECK", false)),
    }
}

fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "report-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

fn start(t: Millis, resumed: bool, deck_path: &str) -> Record {
    Record::Start {
        t,
        deck_path: deck_path.to_owned(),
        deck_hash: journal::deck_hash(DECK.as_bytes()),
        title: "Evening workshop | *draft*".to_owned(),
        version: "0.1.0".to_owned(),
        pid: 999_999_999, // above any pid_max: never a live process that holds the lock
        resumed,
    }
}

fn s(secs: u64) -> Millis {
    T0 + secs * 1000
}

fn note(text: &str) -> Vec<Action> {
    vec![
        Action::StartNote,
        Action::NoteInput { text: text.into() },
        Action::SaveNote,
    ]
}

/// The scripted session: (seconds after start, action); `None` marks the crash and resume.
fn script() -> Vec<(u64, Option<Action>)> {
    let mut v: Vec<(u64, Option<Action>)> = vec![
        (
            0,
            Some(Action::Resize {
                width: 120,
                height: 35,
            }),
        ),
        (60, Some(Action::Next)),         // rights, step 0
        (90, Some(Action::Next)),         // rights, step 1
        (400, Some(Action::Next)),        // discuss
        (430, Some(Action::ToggleTimer)), // prompt 1 revealed, timer runs
        (700, Some(Action::ToggleTimer)), // paused after 4:30
    ];
    for (i, a) in note("Group said: <b>pay</b> | debts_owed *always* #1")
        .into_iter()
        .enumerate()
    {
        v.push((710 + i as u64 * 5, Some(a)));
    }
    v.extend([
        (760, Some(Action::Next)),             // follow-up
        (800, Some(Action::Next)),             // prompt 2
        (900, Some(Action::Next)),             // case-amira
        (950, Some(Action::Tick { row: 0 })),  // ACT: Recruitment
        (1000, Some(Action::Tick { row: 2 })), // MEANS: Fraud
        (1050, Some(Action::Tick { row: 5 })), // PURPOSE: Sexual exploitation (not in the key)
        (1100, Some(Action::CycleFramework)),
        (1200, Some(Action::ToggleAnswer)),
    ]);
    for (i, a) in note("1. They spotted the debt first")
        .into_iter()
        .enumerate()
    {
        v.push((1300 + i as u64 * 5, Some(a)));
    }
    v.extend([
        (3000, None),               // the laptop died at 1310 s; resumed at 3000 s
        (3100, Some(Action::Next)), // debrief
        (3300, Some(Action::GoTo { slide: 5 })),
    ]);
    for (i, a) in note("Next time: more on papers").into_iter().enumerate() {
        v.push((3400 + i as u64 * 5, Some(a)));
    }
    v.push((3500, Some(Action::Quit)));
    v
}

/// Runs the script through a real journal file and reads it back.
fn session(dir: &Path, deck_path: &str) -> (PathBuf, Vec<Record>) {
    let path = dir.join("workshop-2025-06-15-150640Z.jsonl");
    let deck = deck();
    let mut app = App::new(deck.clone(), T0);
    let mut j = Journal::create(&path, &start(T0, false, deck_path)).expect("create");
    for (secs, a) in script() {
        match a {
            Some(a) => {
                update(&mut app, &a, s(secs));
                j.record(&app, &a, s(secs)).expect("record");
            }
            None => {
                drop(j);
                j = Journal::open_append(&path, &start(s(secs), true, deck_path)).expect("resume");
                let records = journal::read(&path).expect("read");
                app = journal::replay(deck.clone(), &records).app;
            }
        }
    }
    j.end(s(3500)).expect("end");
    drop(j);
    let records = journal::read(&path).expect("read");
    (path, records)
}

#[test]
fn markdown_report() {
    let dir = temp_dir("md");
    let (_, records) = session(&dir, "/decks/workshop.toml");
    let md = report_utc(&records, &deck(), ReportFormat::Markdown);
    insta::assert_snapshot!("markdown", md);
}

#[test]
fn html_report() {
    let dir = temp_dir("html");
    let (_, records) = session(&dir, "/decks/workshop.toml");
    let html = report_utc(&records, &deck(), ReportFormat::Html);
    insta::assert_snapshot!("html", html);
}

#[test]
fn the_report_says_the_numbers() {
    let dir = temp_dir("numbers");
    let (_, records) = session(&dir, "/decks/workshop.toml");
    let md = report_utc(&records, &deck(), ReportFormat::Markdown);
    // 1310 s before the crash + 500 s after the resume, against 35 minutes.
    assert!(
        md.contains("30:10 of 35:00 planned (ahead by 4:50)"),
        "{md}"
    );
    // Case slide: 900–1310 s and 3000–3300 s = 11:50 against 10:00.
    assert!(
        md.contains("| Case: Amira | 10:00 | 11:50 | behind by 1:50 |"),
        "{md}"
    );
    // The prompt timer ran 430–700 s.
    assert!(md.contains("| 4:00 | 4:30 |"), "{md}");
    assert!(md.contains("not timed"), "{md}");
    assert!(md.contains("Not shown: Case: Ben."), "{md}");
    assert!(md.contains("- **Missed:** PURPOSE: Forced labour"), "{md}");
    assert!(
        md.contains("- **Extra:** PURPOSE: Sexual exploitation"),
        "{md}"
    );
    assert!(md.contains("resumed 1 time"), "{md}");
    // Each framework is compared with its own key: under the Code, the ticks match, and the
    // fraud is "also fair", not extra.
    let code = md
        .split("Against the answer key under Criminal Code, s. 279.01 (revealed to the group):")
        .nth(1)
        .unwrap_or_else(|| panic!("no comparison under the Code:\n{md}"));
    let code = code.split("Not shown").next().unwrap_or(code);
    assert!(
        code.contains("The group's ticks match the answer key."),
        "{code}"
    );
    assert!(
        code.contains("- **Also fair:** MEANS: Fraud or deception"),
        "{code}"
    );
    assert!(code.contains("- **Extra:** none"), "{code}");
}

/// Every row of every pipe table has as many unescaped `|` as its header, so user text with a
/// `|` cannot break a table.
#[test]
fn markdown_tables_keep_their_shape() {
    let dir = temp_dir("shape");
    let (_, records) = session(&dir, "/decks/workshop.toml");
    let md = report_utc(&records, &deck(), ReportFormat::Markdown);
    let pipes = |line: &str| {
        let b = line.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
            .count()
    };
    let mut tables = 0;
    let mut header: Option<usize> = None;
    for line in md.lines() {
        if line.starts_with('|') {
            match header {
                None => {
                    header = Some(pipes(line));
                    tables += 1;
                }
                Some(n) => assert_eq!(pipes(line), n, "row breaks its table: {line}"),
            }
        } else {
            header = None;
        }
    }
    assert_eq!(tables, 3, "sections, slides, prompts");
    // Deck and user text is escaped; nothing raw gets through.
    assert!(md.contains(r"Evening workshop \| \*draft\*"));
    assert!(md.contains(r"\<b\>pay\</b\> \| debts\_owed \*always\* \#1"));
    assert!(
        md.contains(r"1\. They spotted"),
        "a note starting with 1. is not a list"
    );
    assert!(!md.contains("<b>"));
}

#[test]
fn html_escapes_deck_and_user_text() {
    let dir = temp_dir("esc");
    let (_, records) = session(&dir, "/decks/workshop.toml");
    let html = report_utc(&records, &deck(), ReportFormat::Html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("&lt;b&gt;pay&lt;/b&gt;"));
    assert!(html.contains("Talk: &lt;what&gt; would you do?"));
    assert!(!html.contains("<b>"));
    assert!(!html.contains("<what>"));
    // Self-contained: no external resources.
    assert!(!html.contains("http"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
}

#[test]
fn run_report_writes_a_file_from_the_deck_the_journal_names() {
    let dir = temp_dir("run");
    let deck_path = dir.join("workshop.toml");
    fs::write(&deck_path, DECK).expect("write deck");
    let (journal_path, records) = session(&dir, &deck_path.display().to_string());
    let out = dir.join("out").join("report.md");
    fs::create_dir_all(out.parent().expect("parent")).expect("mkdir");
    let code = run_report(
        Some(journal_path.clone()),
        ReportFormat::Markdown,
        Some(out.clone()),
    );
    assert_eq!(code, 0);
    let written = fs::read_to_string(&out).expect("report written");
    assert_eq!(written, report(&records, &deck(), ReportFormat::Markdown));
    // No temporary file left behind.
    assert_eq!(
        fs::read_dir(out.parent().expect("parent"))
            .expect("ls")
            .count(),
        1
    );

    // A missing deck is an error (exit 1), not a panic or an empty report.
    fs::remove_file(&deck_path).expect("rm deck");
    let out2 = dir.join("out").join("again.md");
    assert_eq!(
        run_report(Some(journal_path), ReportFormat::Html, Some(out2.clone())),
        1
    );
    assert!(!out2.exists());
}

#[test]
fn run_report_on_the_bundled_deck() {
    let dir = temp_dir("bundled");
    let path = dir.join("bundled-en-2025-06-15-150640Z.jsonl");
    let deck = convene::deck::bundled::deck(convene::words::Lang::En).expect("bundled deck");
    let source = convene::deck::bundled::source(convene::words::Lang::En);
    let mut app = App::new(deck.clone(), T0);
    let mut j = Journal::create(
        &path,
        &Record::start(
            T0,
            "(bundled:en)",
            journal::deck_hash(source.as_bytes()),
            &deck.meta.title,
            false,
        ),
    )
    .expect("create");
    for (i, a) in [Action::Next, Action::Next, Action::Next]
        .iter()
        .enumerate()
    {
        let t = s(60 * (i as u64 + 1));
        update(&mut app, a, t);
        j.record(&app, a, t).expect("record");
    }
    drop(j);
    let out = dir.join("r.html");
    assert_eq!(
        run_report(Some(path), ReportFormat::Html, Some(out.clone())),
        0
    );
    let html = fs::read_to_string(&out).expect("written");
    assert!(html.contains(&deck.meta.title));
    assert!(html.contains("no clean end was recorded"));
}

#[test]
fn sessions_lists_newest_first_with_notes() {
    let dir = temp_dir("sessions");
    let mut out = Vec::new();
    assert_eq!(sessions::write_sessions(&dir, &mut out).expect("list"), 0);
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("No sessions recorded yet in"), "{text}");
    assert!(
        text.contains(&dir.display().to_string()),
        "says where it looked: {text}"
    );

    let (path, _) = session(&dir, "/decks/workshop.toml");
    // An older, interrupted session with no notes.
    let older = dir.join("workshop-2025-06-14-100000Z.jsonl");
    let mut j = Journal::create(
        &older,
        &start(T0 - 86_400_000, false, "/decks/workshop.toml"),
    )
    .expect("older");
    let mut app = App::new(deck(), T0 - 86_400_000);
    update(&mut app, &Action::Next, T0 - 86_000_000);
    j.record(&app, &Action::Next, T0 - 86_000_000)
        .expect("record");
    drop(j);
    fs::write(dir.join("junk.jsonl"), "not json\nat all\n").expect("junk");

    let mut out = Vec::new();
    assert_eq!(sessions::write_sessions(&dir, &mut out).expect("list"), 3);
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("DATE"), "{text}");
    assert!(lines[1].starts_with("2025-06-15 15:06 UTC"), "{text}");
    assert!(lines[1].contains("30:10 (resumed)"), "{text}");
    assert!(lines[1].contains(" 3  "), "three notes: {text}");
    assert!(lines[1].ends_with(&path.display().to_string()), "{text}");
    assert!(lines[2].starts_with("2025-06-14"), "{text}");
    assert!(lines[2].contains("(interrupted)"), "{text}");
    assert!(lines[3].contains("unreadable"), "{text}");
}

#[test]
fn the_report_never_replaces_its_own_journal() {
    // Issue 13, finding 2: `report j.jsonl -o j.jsonl` replaced the journal with the report.
    let dir = temp_dir("self");
    let deck_path = dir.join("workshop.toml");
    fs::write(&deck_path, DECK).expect("write deck");
    let (journal_path, _) = session(&dir, &deck_path.display().to_string());
    let before = fs::read(&journal_path).expect("read");
    let code = run_report(
        Some(journal_path.clone()),
        ReportFormat::Markdown,
        Some(journal_path.clone()),
    );
    assert_eq!(code, 1);
    assert_eq!(fs::read(&journal_path).expect("read"), before);
}

/// The report of a French session is in French: the same session, the deck marked `fr`.
#[test]
fn a_french_session_gets_a_french_report() {
    let dir = temp_dir("fr");
    let (_, records) = session(&dir, "/decks/atelier.toml");
    let text = DECK.replacen("[deck]\n", "[deck]\nlanguage = \"fr\"\n", 1);
    let fr = match load_str(&text) {
        Ok(l) => l.deck,
        Err(e) => panic!("french deck: {}", e.render("DECK", false)),
    };
    for format in [ReportFormat::Markdown, ReportFormat::Html] {
        let out = report_utc(&records, &fr, format);
        for french in [
            "Rapport de séance",
            "Temps par partie",
            "Temps par diapositive",
            "Questions de discussion",
            "Remarques",
            "reprise 1 fois",
        ] {
            assert!(out.contains(french), "{format:?}: no `{french}` in\n{out}");
        }
        for english in [
            "Session report",
            "Time by",
            "Ticked by the group",
            "Verdict under",
            "not shown",
            "behind by",
            "ahead by",
            "resumed",
        ] {
            assert!(!out.contains(english), "{format:?}: `{english}` in\n{out}");
        }
    }
    insta::assert_snapshot!(
        "markdown_fr",
        report_utc(&records, &fr, ReportFormat::Markdown)
    );
}

/// A deck with a discussion prompt and a break (`kind = "break"`).
const BREAK_DECK: &str = r#"
format = 1
[deck]
title = "With a break"
minutes = 15

[[slides]]
id = "talk"
title = "Talk"
minutes = 4
[[slides.prompts]]
text = "Who could you call?"
minutes = 3

[[slides]]
id = "break"
title = "Coffee"
minutes = 10
[[slides.prompts]]
kind = "break"
text = "We start again when the timer runs out"
minutes = 10

[[slides]]
id = "end"
title = "Thank you"
minutes = 1
"#;

/// A session that discusses for 3:00, then takes its 10-minute break with the timer.
fn break_session(dir: &Path) -> (Deck, Vec<Record>) {
    let deck = load_str(BREAK_DECK).expect("the break deck loads").deck;
    let path = dir.join("break-2025-06-15-150640Z.jsonl");
    let start = Record::Start {
        t: T0,
        deck_path: "/decks/break.toml".to_owned(),
        deck_hash: journal::deck_hash(BREAK_DECK.as_bytes()),
        title: "With a break".to_owned(),
        version: "0.1.0".to_owned(),
        pid: 999_999_999, // above any pid_max: never a live process that holds the lock
        resumed: false,
    };
    let mut app = App::new(deck.clone(), T0);
    let mut j = Journal::create(&path, &start).expect("create");
    let resize = Action::Resize {
        width: 80,
        height: 24,
    };
    for (secs, a) in [
        (0, resize),
        (10, Action::Next),         // the prompt
        (20, Action::ToggleTimer),  // discussion timed…
        (200, Action::ToggleTimer), // …3:00
        (210, Action::Next),        // the break slide
        (220, Action::Next),        // the break
        (230, Action::ToggleTimer), // break timed…
        (830, Action::ToggleTimer), // …10:00
        (840, Action::Next),        // the end
    ] {
        update(&mut app, &a, s(secs));
        j.record(&app, &a, s(secs)).expect("record");
    }
    j.end(s(900)).expect("end");
    drop(j);
    (deck, journal::read(&path).expect("read"))
}

/// A break is not a discussion: the report lists it under "Breaks" with its planned and timed
/// minutes, and the discussion prompts without it; a deck with a break that was not shown says
/// so; a deck without breaks has no such section.
#[test]
fn the_report_lists_breaks_apart_from_the_discussion_prompts() {
    let dir = temp_dir("break");
    let (with_break, records) = break_session(&dir);
    let md = report_utc(&records, &with_break, ReportFormat::Markdown);
    let (prompts, breaks) = md
        .split_once("## Breaks\n")
        .unwrap_or_else(|| panic!("no Breaks section:\n{md}"));
    let prompts = prompts
        .split("## Discussion prompts\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no prompts section:\n{md}"));
    assert!(
        prompts.contains("| Talk | Who could you call? | 3:00 | 3:00 |"),
        "{prompts}"
    );
    assert!(!prompts.contains("We start again"), "{prompts}");
    assert!(!prompts.contains("Coffee"), "{prompts}");
    assert!(breaks.contains("| Slide | Planned | Timed |"), "{breaks}");
    assert!(breaks.contains("| Coffee | 10:00 | 10:00 |"), "{breaks}");

    let html = report_utc(&records, &with_break, ReportFormat::Html);
    assert!(html.contains("<h2>Breaks</h2>"), "{html}");
    let html_prompts = html
        .split("<h2>Discussion prompts</h2>")
        .nth(1)
        .and_then(|r| r.split("<h2>Breaks</h2>").next())
        .unwrap_or_default();
    assert!(!html_prompts.contains("We start again"), "{html_prompts}");

    // Stopped before the break: the section says none was shown.
    let early: Vec<Record> = records.iter().filter(|r| r.t() < s(210)).cloned().collect();
    let md = report_utc(&early, &with_break, ReportFormat::Markdown);
    assert!(md.contains("## Breaks\n\nNo break was shown.\n"), "{md}");

    // French words.
    let fr = BREAK_DECK.replacen("[deck]\n", "[deck]\nlanguage = \"fr\"\n", 1);
    let fr = load_str(&fr).expect("loads").deck;
    let md = report_utc(&records, &fr, ReportFormat::Markdown);
    assert!(md.contains("## Pauses\n"), "{md}");

    // A deck without a break has no Breaks section.
    let (_, records) = session(&temp_dir("no-break"), "/decks/workshop.toml");
    let md = report_utc(&records, &deck(), ReportFormat::Markdown);
    assert!(!md.contains("Breaks"), "{md}");
}

/// Issue 17: the room's totals per case and the responses the facilitator kept, as the journal
/// recorded them (totals and text only); nothing of the room when it never took part.
#[test]
fn the_report_shows_the_rooms_totals_and_kept_responses() {
    use convene::present::app::RoomOp;
    use convene::present::app::room::{Response, Totals};
    let deck = deck();
    let mut app = App::new(deck.clone(), T0);
    let mut records = vec![start(T0, false, "/decks/workshop.toml")];
    let mut push = |app: &mut App, a: Action, t: Millis| {
        update(app, &a, t);
        records.push(Record::action(app, &a, t));
    };
    push(&mut app, Action::GoTo { slide: 3 }, s(60));
    let totals = Totals {
        rows: [
            ("0.0".to_owned(), 4),
            ("2.0".to_owned(), 3),
            ("f0".to_owned(), 0),
        ]
        .into_iter()
        .collect(),
        trafficking: 3,
        not_trafficking: 1,
        not_enough_information: 2,
        took_part: 6,
    };
    let op = RoomOp::Totals {
        slide_id: "case-amira".into(),
        totals,
    };
    push(&mut app, Action::Room { op }, s(120));
    let mut kept = Response::default();
    kept.id = 3;
    kept.slide_id = "discuss".into();
    kept.at = s(150);
    kept.text = "Who keeps <her> passport?".into();
    kept.kept = true;
    let op = RoomOp::Kept { response: kept };
    push(&mut app, Action::Room { op }, s(160));
    records.push(Record::End { t: s(200) });

    let md = report_utc(&records, &deck, ReportFormat::Markdown);
    assert!(md.contains("## The room, from phones"), "{md}");
    assert!(
        md.contains(
            "### Case: Amira\n\n- Votes: trafficking 3 · not trafficking 1 · not enough information 2"
        ),
        "{md}"
    );
    assert!(
        md.contains("ACT: Recruitment (4), PURPOSE: Forced labour (3)"),
        "rows with their counts, none at zero: {md}"
    );
    assert!(md.contains("### Responses kept"), "{md}");
    assert!(
        md.contains("\\[+2:30\\] Talk: \\<what\\> would you do?: Who keeps \\<her\\> passport?"),
        "{md}"
    );
    let html = report_utc(&records, &deck, ReportFormat::Html);
    assert!(html.contains("Who keeps &lt;her&gt; passport?"), "{html}");
    assert!(!html.contains("<her>"), "escaped");

    // A session where the room never took part has no such section.
    let quiet = [
        start(T0, false, "/decks/workshop.toml"),
        Record::End { t: s(10) },
    ];
    let md = report_utc(&quiet, &deck, ReportFormat::Markdown);
    assert!(!md.contains("The room, from phones"), "{md}");
}
