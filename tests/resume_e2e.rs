//! End to end, in a pseudo-terminal: the laptop dies mid-workshop (SIGKILL: nothing gets to
//! clean up), and `convene present --resume` returns to the same slide and step with the
//! checklist ticks and the captured note; `convene report` then tells what happened.

// Unix only: these tests drive the binary in a Unix pseudo-terminal (the harness uses `sh`,
// `stty` and signals). `.ci/cross` runs the tests that need no terminal under Wine.
#![cfg(unix)]

mod common;

use common::{Pty, Scratch, TIMEOUT, command, keys, position, shows};

/// Every `*.jsonl` under `dir`.
fn journals(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            journals(&p, out);
        } else if p.extension().is_some_and(|x| x == "jsonl") {
            out.push(p);
        }
    }
}

/// Wait until the last line of the one journal under `home` contains `needle`.
fn wait_journal_ends_with(home: &std::path::Path, needle: &str) {
    let until = std::time::Instant::now() + TIMEOUT;
    while std::time::Instant::now() < until {
        let mut found = Vec::new();
        journals(home, &mut found);
        let last = found
            .first()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|t| t.lines().last().map(str::to_owned))
            .unwrap_or_default();
        if last.contains(needle) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!(
        "the journal under {} never ended with {needle}",
        home.display()
    );
}

#[test]
fn sigkill_mid_session_then_resume_on_the_same_slide_with_ticks_and_note() {
    let home = Scratch::new("resume");
    let mut first = Pty::builder()
        .size(120, 35)
        .args(["--lang", "en"])
        .home(home.path())
        .spawn();
    first.wait_for(|s| position(s) == Some((1, 43)), TIMEOUT);
    first.wait_text("● REC");

    // Go to the first case, tick Recruitment, capture what the group said.
    first.go_to(35);
    first.wait_text("Case study: Rosa");
    first.send(keys::TAB);
    first.wait_text("▶ Key elements");
    first.send(b" ");
    first.wait_text("☑ Recruitment");
    first.send_esc();
    first.wait_for(|s| !shows(s, "▶ Key elements"), TIMEOUT);
    first.send(b"n");
    first.wait_text("Enter: save");
    first.type_text("passport kept by the employer");
    first.send(keys::ENTER);
    first.wait_text("note saved");
    // Reveal the first prompt (one step), so the step is restored too.
    first.send(keys::RIGHT);
    first.wait_text("Discuss");

    // The frame is drawn before its record is synced (by design: record what was shown, before
    // the next key); wait until the journal holds the reveal, then the laptop dies.
    wait_journal_ends_with(home.path(), "\"action\":\"next\"");
    first.signal("KILL");
    let _ = first.wait_status(TIMEOUT);
    drop(first);

    let mut second = Pty::builder()
        .size(120, 35)
        .args(["present", "--resume", "--lang", "en"])
        .home(home.path())
        .spawn();
    second.wait_for(|s| position(s) == Some((35, 43)), TIMEOUT);
    second.wait_text("Case study: Rosa");
    second.wait_text("Discuss");
    second.wait_text("☑ Recruitment");
    second.send_quit();
    assert_eq!(second.wait_exit(TIMEOUT), 0);
    second.assert_restored();

    // The report has the note, under its slide, and the session's two starts.
    let out = command(&home)
        .arg("report")
        .output()
        .expect("run convene report");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("passport kept by the employer"), "{report}");
    assert!(report.contains("Case study: Rosa"), "{report}");
    assert!(report.contains("resumed 1 time"), "{report}");
}

#[test]
fn no_record_writes_no_journal() {
    let home = Scratch::new("norecord");
    let mut app = Pty::builder()
        .args(["present", "--no-record"])
        .home(home.path())
        .spawn();
    app.wait_for(|s| position(s).is_some(), TIMEOUT);
    assert!(!app.with_screen(|s| shows(s, "REC")));
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    let sessions = home.path().join(".local/state/convene/sessions");
    let count = std::fs::read_dir(&sessions).map_or(0, |d| d.count());
    assert_eq!(count, 0, "no journal in {}", sessions.display());
}

#[test]
fn a_second_presenter_cannot_share_a_journal() {
    let home = Scratch::new("lock");
    let journal = home.path().join("j.jsonl");
    let journal_arg = journal.display().to_string();
    let mut first = Pty::builder()
        .args(["present", "--journal", &journal_arg])
        .home(home.path())
        .spawn();
    first.wait_for(|s| position(s).is_some(), TIMEOUT);
    // A second presenter (in a terminal of its own) resuming the same journal is refused and
    // names the holder.
    let mut second = Pty::builder()
        .args(["present", "--resume", &journal_arg])
        .home(home.path())
        .spawn();
    assert_eq!(second.wait_exit(TIMEOUT), 1);
    let err = String::from_utf8_lossy(&second.transcript()).into_owned();
    assert!(err.contains(&first.pid().to_string()), "{err}");
    first.send_quit();
    assert_eq!(first.wait_exit(TIMEOUT), 0);
}

#[test]
fn the_first_frames_records_land_in_the_journal_it_syncs_after_that_frame() {
    // Issue 11: the journal is created before the first frame but synced after it; the first
    // frame's records (the size, recording on) still land, after the start record, and survive
    // a SIGKILL.
    let home = Scratch::new("firstframe");
    let mut app = Pty::builder()
        .size(120, 35)
        .args(["--lang", "en"])
        .home(home.path())
        .spawn();
    app.wait_for(|s| position(s) == Some((1, 43)), TIMEOUT);
    wait_journal_ends_with(home.path(), "\"set_recording\"");
    app.signal("KILL");
    let _ = app.wait_status(TIMEOUT);
    let mut found = Vec::new();
    journals(home.path(), &mut found);
    assert_eq!(found.len(), 1, "{found:?}");
    let text = std::fs::read_to_string(&found[0]).expect("read the journal");
    let kinds: Vec<&str> = text
        .lines()
        .map(|l| {
            if l.contains("\"kind\":\"start\"") {
                "start"
            } else if l.contains("\"resize\"") {
                "resize"
            } else if l.contains("\"set_recording\"") {
                "set_recording"
            } else {
                "other"
            }
        })
        .collect();
    assert_eq!(kinds, ["start", "resize", "set_recording"], "{text}");
}
