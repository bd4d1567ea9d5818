//! Never lose the room's place: when the same deck's last session ended a short while ago,
//! offer to resume it before a new session starts ("Resume at slide 27 (41 min in)? Enter:
//! resume · n: new session"); after quitting, say where the session was saved and how to
//! resume it.

use super::{DeckSource, PresentArgs};
use crate::present::app::Millis;
use crate::present::terminal::Guard;
use crate::present::ui::View;
use crate::record::journal;
use crate::words::strings::Strings;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A session ended less than this long ago is offered for resuming.
pub const RECENT_MS: Millis = 12 * 60 * 60 * 1000;

/// A recent session of the same deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub path: PathBuf,
    /// 1-based slide number where it stopped.
    pub slide: usize,
    /// Minutes presented.
    pub minutes: u64,
}

/// What the facilitator chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Resume,
    New,
    /// Esc, `q`, Ctrl-C or a signal: start nothing (the exit code).
    Quit(i32),
}

/// The offer for this start, if any: only for a plain start that would record a new session
/// (no `--resume`, `--journal` or `--no-record`), when this deck's newest journal that recorded
/// real work last wrote less than [`RECENT_MS`] before `now`. This deck's: the same file, not
/// one of the same name in another folder.
pub fn find(args: &PresentArgs, src: &DeckSource, now: Millis) -> Option<Offer> {
    let (path, records) = recent(args, &src.name, now)?;
    offer_for(path, &records, src, now)
}

/// The journal [`find`] makes its offer from, with its records: found by the deck's `name`
/// alone (the offer itself needs the whole deck, to say where the session stopped).
pub fn recent(
    args: &PresentArgs,
    name: &str,
    now: Millis,
) -> Option<(PathBuf, Vec<journal::Record>)> {
    if args.resume.is_some() || args.no_record || args.journal.is_some() {
        return None;
    }
    let since =
        std::time::UNIX_EPOCH + std::time::Duration::from_millis(now.saturating_sub(RECENT_MS));
    let stem = journal::stem_for(name);
    journal::newest_with_work(&args.journal_dir(), Some(&stem), Some(name), Some(since))
}

/// The offer a journal's records make (the pure part of [`find`]).
pub fn offer_for(
    path: PathBuf,
    records: &[journal::Record],
    src: &DeckSource,
    now: Millis,
) -> Option<Offer> {
    if !journal::has_work(records) || journal::last_deck_path(records) != Some(src.name.as_str()) {
        return None;
    }
    let last = records.iter().map(journal::Record::t).max()?;
    if now.saturating_sub(last) >= RECENT_MS {
        return None;
    }
    let replayed = journal::replay(src.deck.clone(), records);
    Some(Offer {
        path,
        slide: replayed.app.slide + 1,
        minutes: journal::presented_ms(records) / 60_000,
    })
}

/// Ask, full screen, until Enter, `n`, Esc/`q`/Ctrl-C or a signal. The terminal is restored
/// before returning.
pub fn ask(offer: &Offer, strings: &Strings, view: &View) -> std::io::Result<Choice> {
    let (tx, rx) = std::sync::mpsc::channel::<i32>();
    crate::present::terminal::forward_signals(tx, |s| s)?;
    let mut terminal = ratatui::try_init()?;
    let _guard = Guard;
    let question = strings.resume_offer(offer.slide, offer.minutes);
    let keys = strings.resume_offer_keys();
    loop {
        terminal.draw(|f| {
            let area = f.area();
            f.buffer_mut().set_style(area, view.theme.base);
            draw(area, f.buffer_mut(), &question, keys, view);
        })?;
        if let Ok(sig) = rx.try_recv() {
            return Ok(Choice::Quit(128 + sig));
        }
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        if let Event::Key(k) = event::read()? {
            if k.kind == KeyEventKind::Release {
                continue;
            }
            let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
            match k.code {
                KeyCode::Char('c') if ctrl => return Ok(Choice::Quit(0)),
                KeyCode::Enter => return Ok(Choice::Resume),
                KeyCode::Char('n' | 'N') => return Ok(Choice::New),
                KeyCode::Esc | KeyCode::Char('q') => return Ok(Choice::Quit(0)),
                _ => {}
            }
        }
    }
}

/// The offer, centred.
pub fn draw(
    area: Rect,
    buf: &mut ratatui::buffer::Buffer,
    question: &str,
    keys: &str,
    view: &View,
) {
    use ratatui::widgets::Widget;
    let [_, mid, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(3),
        Constraint::Fill(1),
    ])
    .areas(area);
    Paragraph::new(vec![
        Line::styled(question.to_owned(), view.theme.title).centered(),
        Line::raw(""),
        Line::styled(keys.to_owned(), view.theme.dim).centered(),
    ])
    .wrap(Wrap { trim: true })
    .render(mid, buf);
    view.glyphs.finish(area, buf);
}

/// The command that resumes this session, for the normal screen after quitting.
pub fn resume_command(args: &PresentArgs, journal: &Path) -> String {
    let mut cmd = String::from("convene");
    if let Some(deck) = &args.deck {
        cmd.push(' ');
        cmd.push_str(&quote(&deck.display().to_string()));
    } else if let Some(lang) = args.lang {
        cmd.push_str(match lang {
            crate::words::Lang::En => " --lang en",
            crate::words::Lang::Fr => " --lang fr",
        });
    }
    cmd.push_str(" --resume");
    // A journal outside the default folder has to be named.
    let default = journal.parent() == Some(args.journal_dir().as_path()) && args.journal.is_none();
    if !default {
        cmd.push(' ');
        cmd.push_str(&quote(&journal.display().to_string()));
    }
    cmd
}

/// Quote a path for a POSIX shell when it needs it.
fn quote(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| c.is_alphanumeric() || "/._-+:=@,".contains(c));
    if plain && !s.is_empty() {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::app::{Action, App};
    use crate::record::journal::Record;

    fn src() -> DeckSource {
        let lang = crate::words::Lang::En;
        DeckSource {
            deck: crate::deck::bundled::deck(lang).expect("bundled deck"),
            name: crate::deck::bundled::name(lang).to_owned(),
            hash: journal::deck_hash(b""),
            rest: None,
        }
    }

    fn records(actions: &[(Millis, Action)]) -> Vec<Record> {
        let s = src();
        let mut app = App::new(s.deck.clone(), 0);
        let mut out = vec![Record::start(
            0,
            &s.name,
            journal::deck_hash(b""),
            "t",
            false,
        )];
        for (t, a) in actions {
            crate::present::app::update(&mut app, a, *t);
            out.push(Record::action(&app, a, *t));
        }
        out
    }

    #[test]
    fn a_recent_session_with_work_is_offered_at_its_slide_and_minutes() {
        let r = records(&[
            (
                0,
                Action::Resize {
                    width: 80,
                    height: 24,
                },
            ),
            (1000, Action::GoTo { slide: 26 }),
            (41 * 60_000 + 5_000, Action::Next),
        ]);
        let o = offer_for("j.jsonl".into(), &r, &src(), 42 * 60_000).expect("offered");
        assert_eq!((o.slide, o.minutes), (27, 41));
    }

    #[test]
    fn an_empty_or_old_session_is_not_offered() {
        let empty = records(&[
            (
                0,
                Action::Resize {
                    width: 80,
                    height: 24,
                },
            ),
            (2000, Action::Quit),
        ]);
        assert_eq!(offer_for("j".into(), &empty, &src(), 3000), None);
        let old = records(&[(1000, Action::Next)]);
        assert_eq!(offer_for("j".into(), &old, &src(), 1000 + RECENT_MS), None);
        assert!(offer_for("j".into(), &old, &src(), RECENT_MS).is_some());
    }

    #[test]
    fn the_resume_command_names_the_deck_first_and_quotes_it() {
        let args = PresentArgs {
            deck: Some("my deck.toml".into()),
            journal_dir: Some("/j".into()),
            ..Default::default()
        };
        assert_eq!(
            resume_command(&args, Path::new("/j/x.jsonl")),
            "convene 'my deck.toml' --resume"
        );
        assert_eq!(
            resume_command(&args, Path::new("/elsewhere/x.jsonl")),
            "convene 'my deck.toml' --resume /elsewhere/x.jsonl"
        );
    }

    /// Two folders' `twin.toml` share a file name, not a session: the offer and `--resume` find
    /// this deck's journal even when the other's is newer, and a moved deck still resumes.
    #[test]
    fn a_deck_of_the_same_name_elsewhere_is_not_this_decks_session() {
        let dir = std::env::temp_dir().join(format!("convene-twins-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let now = crate::present::terminal::now_ms();
        let deck = src().deck;
        let app = App::new(deck.clone(), 0);
        let mut paths = Vec::new();
        for (i, name) in ["/a/twin.toml", "/b/twin.toml"].into_iter().enumerate() {
            let t = now - 60_000 + i as Millis * 10_000;
            let start = Record::start(t, name, journal::deck_hash(b""), "t", false);
            let mut j = journal::create_in(&dir, "twin", t, &start).expect("journal");
            j.append(&Record::action(&app, &Action::Next, t + 1))
                .expect("append");
            paths.push(j.path().to_path_buf());
        }
        let args = PresentArgs {
            deck: Some("/a/twin.toml".into()),
            journal_dir: Some(dir.clone()),
            ..Default::default()
        };
        let source = |name: &str| DeckSource {
            deck: deck.clone(),
            name: name.to_owned(),
            hash: journal::deck_hash(b""),
            rest: None,
        };
        let offer = find(&args, &source("/a/twin.toml"), now).expect("offered");
        assert_eq!(offer.path, paths[0], "the older journal is this deck's");
        assert_eq!(find(&args, &source("/c/twin.toml"), now), None);
        assert_eq!(
            journal::newest_worked_for(&dir, "/a/twin.toml"),
            Some(paths[0].clone())
        );
        assert_eq!(
            journal::newest_worked_for(&dir, "/c/twin.toml"),
            Some(paths[1].clone()),
            "a moved deck resumes the newest of its name"
        );
        let records = journal::read(&paths[1]).expect("read");
        assert_eq!(
            offer_for(paths[1].clone(), &records, &source("/a/twin.toml"), now),
            None
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn resume_and_report_pick_the_newest_journal_that_recorded_work() {
        let dir = std::env::temp_dir().join(format!("convene-offer-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let s = src();
        let start = Record::start(0, &s.name, journal::deck_hash(b""), "t", false);
        let mut worked = journal::create_in(&dir, "deck", 1_000_000, &start).expect("journal");
        let app = App::new(s.deck.clone(), 0);
        worked
            .append(&Record::action(&app, &Action::Next, 1_000_500))
            .expect("append");
        drop(worked);
        // A later start that was quit at once: only its size and recording state.
        let mut empty = journal::create_in(&dir, "deck", 2_000_000, &start).expect("journal");
        let size = Action::Resize {
            width: 80,
            height: 24,
        };
        empty
            .append(&Record::action(&app, &size, 2_000_001))
            .expect("append");
        empty
            .append(&Record::action(&app, &Action::Quit, 2_002_000))
            .expect("append");
        let empty_path = empty.path().to_path_buf();
        drop(empty);
        let worked_path = journal::newest_worked_for(&dir, "deck").expect("found");
        assert_ne!(worked_path, empty_path);
        assert_eq!(
            journal::newest_worked(&dir, None),
            Some(worked_path.clone())
        );
        assert_eq!(journal::newest_for(&dir, "deck"), Some(empty_path));
        // The offer looks only at journals written since a time: an older one is not read.
        let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(172_800);
        let file = std::fs::File::options().append(true).open(&worked_path);
        assert!(file.and_then(|f| f.set_modified(two_days_ago)).is_ok());
        let yesterday = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
        assert!(journal::newest_with_work(&dir, Some("deck"), None, Some(yesterday)).is_none());
        let found = journal::newest_with_work(&dir, Some("deck"), None, None);
        assert!(found.is_some_and(|(p, r)| p == worked_path && journal::has_work(&r)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
