//! The session journal: replay gives the live state (proptest, with and without a crash and
//! resume in the middle), torn last lines, locks, resume with a changed deck, paths.

use convene::deck::checklist::CaseState;
use convene::deck::{Deck, load_str};
use convene::present::app::{
    Action, App, Focus, Millis, Note, Overlay, OverlayKind, PanelVis, Timer, update,
};
use convene::record::journal::{self, Journal, JournalError, Record};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

const DECK: &str = include_str!("fixtures/small-deck.toml");

const T0: Millis = 1_750_000_000_000;

fn deck() -> Deck {
    match load_str(DECK) {
        Ok(l) => l.deck,
        Err(e) => panic!("test deck: {}", e.render("DECK", false)),
    }
}

/// A fresh, empty folder under Cargo's temporary directory for integration tests.
fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "journal-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

fn start(t: Millis, resumed: bool) -> Record {
    Record::start(
        t,
        "/decks/test.toml",
        journal::deck_hash(DECK.as_bytes()),
        "Journal test",
        resumed,
    )
}

/// What must survive a replay.
type State = (
    usize,
    usize,
    Overlay,
    BTreeMap<String, CaseState>,
    usize,
    BTreeMap<(String, usize), Timer>,
    Vec<Note>,
    PanelVis,
    Focus,
    usize,
);

fn state(app: &App) -> State {
    (
        app.slide,
        app.step,
        app.overlay.clone(),
        app.cases.clone(),
        app.framework,
        app.timers.clone(),
        app.notes.clone(),
        app.panel,
        app.focus,
        app.cursor,
    )
}

fn action() -> impl Strategy<Value = Action> {
    let overlay = prop_oneof![
        Just(OverlayKind::Help),
        Just(OverlayKind::Overview),
        Just(OverlayKind::Search),
        Just(OverlayKind::Blank),
        Just(OverlayKind::Support),
        Just(OverlayKind::ContentNote),
    ];
    prop_oneof![
        6 => Just(Action::Next),
        3 => Just(Action::Prev),
        1 => Just(Action::First),
        1 => Just(Action::Last),
        2 => (0usize..7).prop_map(|slide| Action::GoTo { slide }),
        1 => (0u8..12).prop_map(|digit| Action::Digit { digit }),
        1 => overlay.prop_map(|overlay| Action::Open { overlay }),
        2 => Just(Action::Close),
        1 => (-3i32..4).prop_map(|delta| Action::Move { delta }),
        1 => Just(Action::Pick),
        1 => "[a-zA-Z ?|\u{1b}]{0,4}".prop_map(|text| Action::SearchInput { text }),
        1 => Just(Action::SearchBackspace),
        1 => Just(Action::ToggleChecklist),
        1 => Just(Action::Focus),
        3 => (0usize..5).prop_map(|row| Action::Tick { row }),
        1 => Just(Action::CycleFramework),
        1 => Just(Action::ToggleAnswer),
        3 => Just(Action::ToggleTimer),
        2 => Just(Action::StartNote),
        3 => "[a-z *|<\u{7}\u{202e}]{0,6}".prop_map(|text| Action::NoteInput { text }),
        1 => Just(Action::NoteBackspace),
        2 => Just(Action::SaveNote),
        1 => prop_oneof![Just(60u16), Just(99), Just(100), Just(140)]
            .prop_map(|width| Action::Resize { width, height: 30 }),
        1 => Just(Action::Clock),
        1 => Just(Action::Quit),
    ]
}

/// Runs `actions` live, journaling through a real file; crashes (drops the journal without an
/// end) before action `crash_at` and resumes the way the presenter does. Returns the live app,
/// the time of the last record and the journal's path.
fn live_run(
    name: &str,
    actions: &[(Action, u64)],
    crash_at: Option<usize>,
    end: bool,
) -> Result<(App, Millis, PathBuf), TestCaseError> {
    let dir = temp_dir(name);
    let path = dir.join("s.jsonl");
    let deck = deck();
    let mut app = App::new(deck.clone(), T0);
    let mut journal = Journal::create(&path, &start(T0, false))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut now = T0;
    let mut last_record = T0;
    for (i, (a, dt)) in actions.iter().enumerate() {
        if Some(i) == crash_at {
            drop(journal);
            now += 600_000; // The laptop was down for ten minutes.
            journal = Journal::open_append(&path, &start(now, true))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            last_record = now;
            let records = journal::read(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
            app = journal::replay(deck.clone(), &records).app;
        }
        now += dt;
        update(&mut app, a, now);
        journal
            .record(&app, a, now)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        if *a != Action::Clock {
            last_record = now;
        }
    }
    if end {
        now += 1_000;
        journal
            .end(now)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        last_record = now;
    }
    Ok((app, last_record, path))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn replaying_the_journal_gives_the_live_state(
        actions in proptest::collection::vec((action(), 0u64..90_000), 0..60),
        crash in proptest::option::of(0usize..60),
        end in any::<bool>(),
    ) {
        let crash_at = crash.filter(|&c| c < actions.len());
        let (mut live, last_t, path) = live_run("prop", &actions, crash_at, end)?;
        let records = journal::read(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // No Clock in the journal; one line per other action, plus the start records.
        let expected_lines = actions.iter().filter(|(a, _)| *a != Action::Clock).count()
            + 1 + usize::from(crash_at.is_some()) + usize::from(end);
        prop_assert_eq!(records.len(), expected_lines);
        let replayed = journal::replay(deck(), &records);
        prop_assert!(replayed.unmapped.is_empty(), "{:?}", replayed.unmapped);
        // Timers still running at the end of the journal are paused at its last record.
        journal::pause_timers(&mut live, last_t);
        prop_assert_eq!(state(&replayed.app), state(&live));
        prop_assert!(!replayed.app.quit);
        // The sessions list counts notes without the deck: it must agree.
        prop_assert_eq!(journal::count_notes(&records), live.notes.len());
        let _ = fs::remove_dir_all(path.parent().unwrap_or(&path));
    }
}

#[test]
fn records_are_one_json_line_each() {
    let dir = temp_dir("lines");
    let path = dir.join("s.jsonl");
    let mut app = App::new(deck(), T0);
    let mut j = Journal::create(&path, &start(T0, false)).expect("create");
    update(&mut app, &Action::Next, T0 + 5);
    j.record(&app, &Action::Next, T0 + 5).expect("record");
    j.record(&app, &Action::Clock, T0 + 6)
        .expect("clock is skipped");
    j.end(T0 + 7).expect("end");
    let text = fs::read_to_string(&path).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with(r#"{"kind":"start","t":1750000000000,"deck_path":"/decks/test.toml""#),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains(&format!(r#""pid":{}"#, std::process::id())));
    assert!(lines[0].contains(&format!(r#""version":"{}""#, env!("CARGO_PKG_VERSION"))));
    assert_eq!(
        lines[1],
        r#"{"kind":"action","t":1750000000005,"action":{"action":"next"},"slide_id":"two","step":0}"#
    );
    assert_eq!(lines[2], r#"{"kind":"end","t":1750000000007}"#);
    assert!(text.ends_with('\n'));
}

#[test]
fn a_torn_last_line_is_ignored_and_repaired_on_resume() {
    let dir = temp_dir("torn");
    let path = dir.join("s.jsonl");
    let mut app = App::new(deck(), T0);
    let mut j = Journal::create(&path, &start(T0, false)).expect("create");
    for (i, a) in [Action::Next, Action::Next, Action::StartNote]
        .iter()
        .enumerate()
    {
        let t = T0 + 1_000 * (i as u64 + 1);
        update(&mut app, a, t);
        j.record(&app, a, t).expect("record");
    }
    drop(j);
    let whole = fs::read(&path).expect("read");
    // Cut the last record in the middle, as a power cut during the write would.
    let cut = whole.len() - 20;
    fs::write(&path, &whole[..cut]).expect("truncate");

    let records = journal::read(&path).expect("a torn last line is not an error");
    assert_eq!(records.len(), 3, "start and the two whole actions");
    let r = journal::replay(deck(), &records);
    assert_eq!((r.app.slide, r.app.step), (1, 1));
    assert_eq!(
        r.app.overlay,
        Overlay::None,
        "the torn StartNote is dropped"
    );

    // Resuming drops the torn bytes before appending, so the file stays readable.
    let j = Journal::open_append(&path, &start(T0 + 10_000, true)).expect("resume");
    drop(j);
    let records = journal::read(&path).expect("read after resume");
    assert_eq!(records.len(), 4);
    assert!(matches!(records[3], Record::Start { resumed: true, .. }));
    let text = fs::read_to_string(&path).expect("text");
    assert_eq!(text.lines().count(), 4, "{text}");
}

#[test]
fn a_whole_last_record_without_its_newline_is_kept() {
    let dir = temp_dir("nonl");
    let path = dir.join("s.jsonl");
    let j = Journal::create(&path, &start(T0, false)).expect("create");
    drop(j);
    let mut bytes = fs::read(&path).expect("read");
    bytes.extend_from_slice(br#"{"kind":"action","t":1750000001000,"action":{"action":"next"},"slide_id":"two","step":0}"#);
    fs::write(&path, &bytes).expect("write");
    assert_eq!(journal::read(&path).expect("read").len(), 2);
    drop(Journal::open_append(&path, &start(T0 + 5_000, true)).expect("resume"));
    let records = journal::read(&path).expect("read");
    assert_eq!(records.len(), 3);
    assert_eq!(journal::replay(deck(), &records).app.slide, 1);
}

#[test]
fn a_bad_line_before_the_last_is_skipped_and_named() {
    // Issue 13, finding 1: one damaged line no longer makes the whole journal unreadable.
    let dir = temp_dir("corrupt");
    let path = dir.join("s.jsonl");
    let mut j = Journal::create(&path, &start(T0, false)).expect("create");
    j.end(T0 + 1).expect("end");
    drop(j);
    let text = fs::read_to_string(&path).expect("read");
    let broken = text.replacen(r#"{"kind":"end""#, r#"{"kind":"nope""#, 1)
        + r#"{"kind":"end","t":9}"#
        + "\n";
    fs::write(&path, broken).expect("write");
    let c = journal::read_all(&path).expect("readable up to and past the bad line");
    assert_eq!(c.records.len(), 2);
    assert_eq!(c.skipped, vec![2]);
    let note = c.skipped_note(&path).expect("says what it skipped");
    assert!(
        note.contains("line 2") && note.contains("skipped"),
        "{note}"
    );
    drop(Journal::open_append(&path, &start(T0 + 5, true)).expect("resume"));
    assert_eq!(journal::read(&path).expect("read").len(), 3);
}

/// A store that fails (after writing half of what it was given) while `full` is set.
#[derive(Debug, Clone, Default)]
struct Disk {
    bytes: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    full: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl journal::Store for Disk {
    fn append(&mut self, b: &[u8]) -> std::io::Result<()> {
        let mut bytes = self.bytes.lock().expect("lock");
        if self.full.load(Ordering::SeqCst) {
            bytes.extend_from_slice(&b[..b.len() / 2]);
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "No space left on device",
            ));
        }
        bytes.extend_from_slice(b);
        Ok(())
    }
    fn sync(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    fn truncate(&mut self, len: u64) -> std::io::Result<()> {
        self.bytes.lock().expect("lock").truncate(len as usize);
        Ok(())
    }
}

#[test]
fn a_full_disk_leaves_no_half_record_and_the_retry_keeps_the_note() {
    // Issue 13, finding 1: a failed append is cut back; the retried records follow whole ones.
    let disk = Disk::default();
    let first = serde_json::to_string(&start(T0, false)).expect("json") + "\n";
    disk.bytes
        .lock()
        .expect("lock")
        .extend_from_slice(first.as_bytes());
    let mut j = Journal::with_store(
        std::path::Path::new("disk.jsonl"),
        Box::new(disk.clone()),
        first.len() as u64,
    );
    let mut app = App::new(deck(), T0);
    let mut pending = Vec::new();
    for (i, a) in [
        Action::StartNote,
        Action::NoteInput {
            text: "kept".into(),
        },
        Action::SaveNote,
    ]
    .iter()
    .enumerate()
    {
        let t = T0 + 1 + i as u64;
        update(&mut app, a, t);
        pending.push(Record::action(&app, a, t));
    }
    disk.full.store(true, Ordering::SeqCst);
    assert!(j.append_all(&pending).is_err(), "the disk is full");
    assert_eq!(
        disk.bytes.lock().expect("lock").len(),
        first.len(),
        "cut back"
    );
    assert!(j.append_all(&pending).is_err(), "still full");
    disk.full.store(false, Ordering::SeqCst);
    j.append_all(&pending)
        .expect("space is back: the same records again");
    j.end(T0 + 10).expect("end");
    let bytes = disk.bytes.lock().expect("lock").clone();
    let text = String::from_utf8(bytes).expect("utf8");
    let dir = temp_dir("diskfull");
    let path = dir.join("s.jsonl");
    fs::write(&path, &text).expect("write");
    let c = journal::read_all(&path).expect("read");
    assert!(c.skipped.is_empty(), "{text}");
    assert_eq!(c.records.len(), 5);
    let r = journal::replay(deck(), &c.records);
    assert_eq!(
        r.app.notes.len(),
        1,
        "the note typed while the disk was full is kept"
    );
    assert_eq!(r.app.notes[0].text, "kept");
}

#[test]
fn resume_refuses_a_file_that_is_not_a_journal_and_leaves_it() {
    // Issue 13, finding 2: a one-line text file looked like "a journal with a torn last line".
    let dir = temp_dir("notjournal");
    let path = dir.join("notes.txt");
    fs::write(&path, "my precious notes").expect("write");
    match Journal::open_append(&path, &start(T0, true)) {
        Err(e @ JournalError::NotAJournal { .. }) => {
            assert!(e.to_string().contains("not a convene journal"), "{e}");
        }
        other => panic!("expected NotAJournal, got {other:?}"),
    }
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        "my precious notes"
    );
    // A journal that does not start with a start record is not continued either.
    let end = r#"{"kind":"end","t":5}"#.to_owned() + "\n";
    fs::write(&path, &end).expect("write");
    assert!(matches!(
        Journal::open_append(&path, &start(T0, true)),
        Err(JournalError::NotAJournal { .. })
    ));
    assert_eq!(fs::read_to_string(&path).expect("read"), end);
}

#[cfg(unix)]
#[test]
fn journals_are_regular_files_only() {
    // Issue 13, finding 7: `/dev/zero` as a journal was read without end.
    assert!(matches!(
        journal::read(std::path::Path::new("/dev/zero")),
        Err(JournalError::NotAJournal { .. })
    ));
}

#[test]
fn a_second_writer_is_refused_and_told_who_holds_the_lock() {
    let dir = temp_dir("lock");
    let path = dir.join("deep").join("er").join("s.jsonl");
    let held = Journal::create(&path, &start(T0, false)).expect("create makes the folders");
    assert_eq!(held.path(), path);
    let me = std::process::id();

    match Journal::create(&path, &start(T0, false)) {
        Err(e @ JournalError::Locked { .. }) => {
            assert!(matches!(e, JournalError::Locked { pid: Some(p), .. } if p == me));
            let msg = e.to_string();
            assert!(msg.contains(&format!("process {me}")), "{msg}");
            assert!(msg.contains("--no-record"), "says what to do: {msg}");
        }
        other => panic!("expected Locked, got {other:?}"),
    }
    match Journal::open_append(&path, &start(T0 + 1, true)) {
        Err(JournalError::Locked { pid, path: p }) => {
            assert_eq!(pid, Some(me));
            assert_eq!(p, path);
        }
        other => panic!("expected Locked, got {other:?}"),
    }
    // Nothing was appended by the refused writers.
    assert_eq!(journal::read(&path).expect("read").len(), 1);

    // Once the holder is gone, resuming works; creating over it does not.
    drop(held);
    assert!(matches!(
        Journal::create(&path, &start(T0, false)),
        Err(JournalError::Exists { .. })
    ));
    let resumed = Journal::open_append(&path, &start(T0 + 2, true)).expect("resume");
    assert!(matches!(
        Journal::open_append(&path, &start(T0 + 3, true)),
        Err(JournalError::Locked { .. })
    ));
    drop(resumed);
}

#[test]
fn a_crash_does_not_eat_the_groups_time() {
    let dir = temp_dir("timer");
    let path = dir.join("s.jsonl");
    let mut app = App::new(deck(), T0);
    let mut j = Journal::create(&path, &start(T0, false)).expect("create");
    let script = [
        (Action::GoTo { slide: 2 }, T0 + 1_000),
        (Action::ToggleTimer, T0 + 2_000),
        (Action::Next, T0 + 62_000),
    ];
    for (a, t) in &script {
        update(&mut app, a, *t);
        j.record(&app, a, *t).expect("record");
    }
    drop(j); // crash; resumed an hour later
    drop(Journal::open_append(&path, &start(T0 + 3_600_000, true)).expect("resume"));
    let records = journal::read(&path).expect("read");
    let app = journal::replay(deck(), &records).app;
    let timer = app
        .timers
        .get(&("three".to_owned(), 0))
        .expect("timer kept");
    assert!(!timer.running(), "paused");
    assert_eq!(
        timer.used_ms, 60_000,
        "counted up to the last record, not the hour down"
    );
    assert_eq!(
        (app.slide, app.step),
        (2, 2),
        "prompt revealed, then its follow-up"
    );
}

#[test]
fn resuming_with_a_changed_deck_maps_by_id_and_lists_the_rest() {
    let dir = temp_dir("changed");
    let path = dir.join("s.jsonl");
    let mut app = App::new(deck(), T0);
    let mut j = Journal::create(&path, &start(T0, false)).expect("create");
    let mut t = T0;
    let mut act = |app: &mut App, j: &mut Journal, a: Action| {
        t += 1_000;
        update(app, &a, t);
        j.record(app, &a, t).expect("record");
    };
    // A note on "two", ticks on "case", then back to "three", step 1.
    act(&mut app, &mut j, Action::Next);
    act(&mut app, &mut j, Action::StartNote);
    act(
        &mut app,
        &mut j,
        Action::NoteInput {
            text: "on two".into(),
        },
    );
    act(&mut app, &mut j, Action::SaveNote);
    act(&mut app, &mut j, Action::GoTo { slide: 3 });
    act(&mut app, &mut j, Action::Tick { row: 0 });
    act(&mut app, &mut j, Action::GoTo { slide: 2 });
    act(&mut app, &mut j, Action::Next);
    drop(j);

    // The organizer removed slide "two" and moved "three" to the front.
    let changed = DECK
        .replace("[[slides]]\nid = \"two\"\ntitle = \"Two\"\nbullets = [\"a\", \"b\", \"c\"]\nreveal = true\nminutes = 3\n", "");
    assert_ne!(changed, DECK, "the edit applies");
    let mut new_deck = load_str(&changed).expect("changed deck").deck;
    let three = new_deck.slides.remove(1);
    new_deck.slides.insert(0, three);
    assert_eq!(new_deck.position("two"), None);

    drop(Journal::open_append(&path, &start(t + 60_000, true)).expect("resume"));
    let records = journal::read(&path).expect("read");
    let r = journal::replay(new_deck.clone(), &records);
    assert_eq!(r.unmapped, vec!["two".to_owned()]);
    assert_eq!(
        r.app.slide, 0,
        "position follows the slide id, not the index"
    );
    assert_eq!(r.app.step, 1);
    assert_eq!(r.app.notes.len(), 1, "the note on a removed slide is kept");
    assert_eq!(
        r.app.notes[0].slide_id, "two",
        "with the id of the slide it was taken on"
    );
    let ticked = r.app.cases.get("case").map(|c| c.items.contains(&(0, 0)));
    assert_eq!(ticked, Some(true), "the tick stays on its case");
    assert_eq!(r.app.cases.len(), 1, "and on no other slide");

    // The same in the other order (read, replay, then open), and with the position unmapped.
    let records_before: Vec<Record> = records[..records.len() - 1].to_vec();
    let r2 = journal::replay(new_deck.clone(), &records_before);
    assert_eq!(state(&r2.app), state(&r.app));
    let mut gone = new_deck;
    gone.slides.retain(|s| s.id != "three");
    let r3 = journal::replay(gone, &records);
    assert!(r3.unmapped.contains(&"three".to_owned()));
    assert!(r3.app.slide < r3.app.deck.slides.len());
}

#[test]
fn paths_names_and_the_newest_journal() {
    let dir = temp_dir("paths");
    assert_eq!(journal::newest_for(&dir, "talk"), None);
    let a = journal::create_in(&dir, "talk", T0, &start(T0, false)).expect("a");
    let b = journal::create_in(&dir, "talk", T0, &start(T0, false)).expect("b, same second");
    let c = journal::create_in(&dir, "talk-fr", T0 + 5_000, &start(T0, false)).expect("c");
    let older =
        journal::create_in(&dir, "talk", T0 - 86_400_000, &start(T0, false)).expect("older");
    assert_eq!(
        a.path().file_name().and_then(|n| n.to_str()),
        Some("talk-2025-06-15-150640Z.jsonl")
    );
    assert_eq!(
        b.path().file_name().and_then(|n| n.to_str()),
        Some("talk-2025-06-15-150640Z-2.jsonl")
    );
    assert_eq!(journal::newest_for(&dir, "talk").as_deref(), Some(b.path()));
    assert_eq!(
        journal::newest_for(&dir, "talk-fr").as_deref(),
        Some(c.path())
    );
    assert_eq!(journal::newest(&dir).as_deref(), Some(c.path()));
    assert_ne!(
        journal::newest_for(&dir, "talk").as_deref(),
        Some(older.path())
    );
    assert_eq!(journal::list(&dir).expect("list").len(), 4);
}

#[test]
fn the_default_dir_follows_xdg_state_home() {
    // Only the shape: the environment is the test runner's.
    let d = journal::default_dir();
    assert!(d.ends_with("convene/sessions"), "{}", d.display());
}

#[test]
fn the_deck_of_a_journal_loads_again_and_changes_are_noticed() {
    let dir = temp_dir("deckof");
    let deck_path = dir.join("talk.toml");
    fs::write(&deck_path, DECK).expect("write deck");
    let p = deck_path.display().to_string();
    let records = vec![Record::start(
        T0,
        &p,
        journal::deck_hash(DECK.as_bytes()),
        "Journal test",
        false,
    )];
    let sd = journal::load_deck_of(&records).expect("loads");
    assert_eq!(sd.warning, None);
    assert_eq!(sd.deck.meta.title, "Journal test");
    // The start record for a resume names the same deck and hash, and this process.
    match sd.start_record(T0 + 5, true) {
        Record::Start {
            deck_path: dp,
            deck_hash,
            pid,
            resumed,
            t,
            ..
        } => {
            assert_eq!(dp, p);
            assert_eq!(deck_hash, journal::deck_hash(DECK.as_bytes()));
            assert_eq!(pid, std::process::id());
            assert!(resumed);
            assert_eq!(t, T0 + 5);
        }
        other => panic!("not a start: {other:?}"),
    }

    fs::write(
        &deck_path,
        DECK.replace("title = \"One\"", "title = \"One, edited\""),
    )
    .expect("edit");
    let sd = journal::load_deck_of(&records).expect("still loads");
    assert!(
        sd.warning.as_deref().is_some_and(|w| w.contains("changed")),
        "{:?}",
        sd.warning
    );

    fs::remove_file(&deck_path).expect("rm");
    let err = journal::load_deck_of(&records).expect_err("missing deck");
    assert!(err.contains(&p), "{err}");

    let bundled = vec![Record::start(
        T0,
        journal::bundled_path(convene::words::Lang::En),
        journal::deck_hash(convene::deck::bundled::source(convene::words::Lang::En).as_bytes()),
        "x",
        false,
    )];
    let sd = journal::load_deck_of(&bundled).expect("bundled deck");
    assert_eq!(sd.warning, None);
    assert_eq!(journal::stem_for(&sd.deck_path), "bundled-en");
}

/// The example in docs/journal.md is a real journal.
#[test]
fn the_documented_example_parses() {
    let doc = include_str!("../docs/journal.md");
    let block = doc
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a json block in docs/journal.md");
    let records: Vec<Record> = block
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(records.len(), 9);
    assert!(matches!(records[0], Record::Start { resumed: false, .. }));
    // The room's records: a case's totals and a kept response, no participant in either.
    use convene::present::app::RoomOp;
    assert!(matches!(
        &records[5],
        Record::Action { action: Action::Room { op: RoomOp::Totals { totals, .. } }, .. }
            if totals.trafficking == 9
    ));
    assert!(matches!(
        &records[6],
        Record::Action { action: Action::Room { op: RoomOp::Kept { response } }, .. }
            if response.kept && response.text == "Who keeps her passport?"
    ));
    assert!(matches!(records[7], Record::Reload { .. }));
    assert!(matches!(records[8], Record::End { .. }));
}

#[test]
fn replay_presents_the_deck_given_not_a_copy_saved_in_the_journal() {
    // Issue 13, findings 4 and 12: an old journal's saved deck (uncleaned, maybe stale) is
    // never presented; a reload record only maps the position by slide id.
    let dir = temp_dir("saved-deck");
    let path = dir.join("s.jsonl");
    let mut j = Journal::create(&path, &start(T0, false)).expect("create");
    let mut stale = deck();
    stale.slides[0].title = "EVIL\u{202E}".into();
    let mut app = App::new(deck(), T0);
    let a = Action::Reload {
        deck: std::sync::Arc::new(stale),
    };
    update(&mut app, &a, T0 + 1);
    j.record(&app, &a, T0 + 1).expect("record");
    update(&mut app, &Action::Next, T0 + 2);
    j.append(&Record::reload(
        &app,
        "/x/deck.toml",
        journal::deck_hash(b"text"),
        T0 + 3,
    ))
    .expect("reload record");
    drop(j);
    let records = journal::read(&path).expect("read");
    let r = journal::replay(deck(), &records);
    assert!(r.app.deck.slides.iter().all(|s| !s.title.contains("EVIL")));
    assert_eq!(r.app.slide, 1, "the reload record's slide id");
    assert_eq!(
        journal::last_deck_hash(&records),
        Some(journal::deck_hash(b"text"))
    );
}

fn any_record() -> impl Strategy<Value = Record> {
    let t = prop_oneof![Just(0u64), Just(u64::MAX), Just(u64::MAX - 1), any::<u64>()];
    (t, 0u8..3).prop_map(|(t, k)| match k {
        0 => start(t, true),
        1 => Record::End { t },
        _ => Record::Action {
            t,
            action: Action::Next,
            slide_id: "one".into(),
            step: 0,
        },
    })
}

proptest! {
    /// Issue 13, finding 15: extreme timestamps overflowed the sum (a panic in debug builds).
    #[test]
    fn presented_time_saturates_on_any_timestamps(
        records in proptest::collection::vec(any_record(), 0..24)
    ) {
        // No overflow panic (tests build with overflow checks), and one segment never counts
        // more than the whole span of a journal whose times only grow.
        let total = journal::presented_ms(&records);
        let mut sorted = records.clone();
        sorted.sort_by_key(Record::t);
        if records == sorted && records.iter().filter(|r| matches!(r, Record::Start { .. })).count() <= 1 {
            let span = sorted.last().map_or(0, Record::t) - sorted.first().map_or(0, Record::t);
            prop_assert!(total <= span);
        }
        let _ = journal::count_notes(&records);
        let _ = journal::replay(deck(), &records);
    }
}

#[test]
fn presented_time_of_two_huge_segments_saturates() {
    let recs = vec![
        start(0, false),
        Record::End { t: u64::MAX },
        start(0, true),
        Record::End { t: u64::MAX },
    ];
    assert_eq!(journal::presented_ms(&recs), u64::MAX);
}

#[test]
fn a_folder_or_dangling_link_as_journal_says_what_it_is() {
    // Issue 13, finding 16: both said "already exists… continue it with --resume".
    let dir = temp_dir("notafile");
    match Journal::create(&dir, &start(T0, false)) {
        Err(e @ JournalError::NotAFile { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("a folder") && !msg.contains("--resume"),
                "{msg}"
            );
        }
        other => panic!("expected NotAFile, got {other:?}"),
    }
    #[cfg(unix)]
    {
        let link = dir.join("link.jsonl");
        std::os::unix::fs::symlink(dir.join("nowhere").join("x"), &link).expect("symlink");
        match Journal::create(&link, &start(T0, false)) {
            Err(e @ JournalError::NotAFile { .. }) => {
                assert!(e.to_string().contains("link to nothing"), "{e}");
            }
            other => panic!("expected NotAFile, got {other:?}"),
        }
    }
}

#[test]
fn a_journal_is_created_at_once_and_synced_with_its_first_records() {
    // Issue 11: the presenter creates its journal before the first frame (so every failure is
    // reported as before) and makes it durable with the first frame's records, not before.
    let dir = temp_dir("unsynced");
    let path = dir.join("sessions").join("s.jsonl");
    let mut j = Journal::create(&path, &start(T0, false)).expect("create");
    assert!(j.is_unsynced(), "nothing synced yet");
    // The start record is in the file at once: a second presenter is told who holds it.
    assert_eq!(journal::read(&path).expect("read").len(), 1);
    match Journal::create(&path, &start(T0, false)) {
        Err(JournalError::Locked { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
        other => panic!("expected Locked, got {other:?}"),
    }
    // The first frame's records land, with the start record, and the journal is durable.
    let mut app = App::new(deck(), T0);
    let resize = Action::Resize {
        width: 120,
        height: 35,
    };
    update(&mut app, &resize, T0 + 1);
    j.append_all(&[Record::action(&app, &resize, T0 + 1)])
        .expect("append");
    assert!(!j.is_unsynced());
    j.end(T0 + 2).expect("end");
    let records = journal::read(&path).expect("read");
    assert_eq!(records.len(), 3, "{records:?}");
    assert!(matches!(records[0], Record::Start { .. }));

    // Failing to create is reported at once, before anything is synced.
    drop(j);
    assert!(matches!(
        Journal::create(&path, &start(T0, false)),
        Err(JournalError::Exists { .. })
    ));
    assert!(matches!(
        Journal::create(&dir, &start(T0, false)),
        Err(JournalError::NotAFile { .. })
    ));
    // Nothing to append still makes a new journal durable.
    let other = dir.join("t.jsonl");
    let mut k = Journal::create(&other, &start(T0, false)).expect("create");
    k.append_all(&[]).expect("sync");
    assert!(!k.is_unsynced());
}
