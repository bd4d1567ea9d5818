//! `convene sessions`: the recorded session journals, newest first — date, deck, duration, notes
//! count and path — so a facilitator can pick one to resume, report on or delete.

use crate::deck::sanitize::clean_line;
use crate::record::journal::{self, Record};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

/// One journal, summarised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub path: PathBuf,
    /// First start time (ms since the epoch); `None` when the journal could not be read.
    pub started: Option<u64>,
    pub title: String,
    /// Time presented (the gaps before resumes not counted).
    pub duration_ms: u64,
    pub notes: usize,
    pub resumes: usize,
    /// Whether the last record is a clean end.
    pub ended: bool,
    /// Why the journal could not be read, if it could not.
    pub error: Option<String>,
}

/// Summarises one journal (never fails: an unreadable journal carries its error).
pub fn summarise(path: &Path) -> Summary {
    let mut s = Summary {
        path: path.to_owned(),
        started: None,
        title: String::new(),
        duration_ms: 0,
        notes: 0,
        resumes: 0,
        ended: false,
        error: None,
    };
    match journal::read(path) {
        Ok(records) => {
            if let Some(Record::Start { t, title, .. }) = journal::first_start(&records) {
                s.started = Some(*t);
                s.title = clean_line(title);
            } else {
                s.error = Some("no start record".to_owned());
            }
            s.duration_ms = journal::presented_ms(&records);
            s.notes = journal::count_notes(&records);
            s.resumes = records
                .iter()
                .filter(|r| matches!(r, Record::Start { resumed: true, .. }))
                .count();
            s.ended = matches!(records.last(), Some(Record::End { .. }));
        }
        Err(e) => s.error = Some(clean_line(&e.to_string())),
    }
    s
}

/// Summaries of every `*.jsonl` in `dir`, newest first (unreadable ones last).
pub fn summaries(dir: &Path) -> io::Result<Vec<Summary>> {
    let mut all: Vec<Summary> = journal::list(dir)?.iter().map(|p| summarise(p)).collect();
    all.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| a.path.cmp(&b.path)));
    Ok(all)
}

fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn fit(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if (out.as_str().width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)) + 1 > max
        {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Writes the list of sessions in `dir` to `out`. Returns how many were listed.
pub fn write_sessions(dir: &Path, out: &mut impl Write) -> io::Result<usize> {
    let all = match summaries(dir) {
        Ok(all) => all,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    if all.is_empty() {
        writeln!(
            out,
            "No sessions recorded yet in {}.\nA journal is written there each time you present \
             (unless you pass --no-record or --journal PATH).",
            dir.display()
        )?;
        return Ok(0);
    }
    let rows: Vec<[String; 5]> = all
        .iter()
        .map(|s| {
            let path = s.path.display().to_string();
            match &s.error {
                Some(e) if s.started.is_none() => [
                    "?".to_owned(),
                    format!("(unreadable: {})", fit(e, 60)),
                    String::new(),
                    String::new(),
                    path,
                ],
                _ => {
                    let mut duration = crate::present::app::clock(s.duration_ms);
                    if !s.ended {
                        duration.push_str(" (interrupted)");
                    } else if s.resumes > 0 {
                        duration.push_str(" (resumed)");
                    }
                    [
                        s.started.map(journal::utc_stamp).unwrap_or_default(),
                        fit(&s.title, 40),
                        duration,
                        s.notes.to_string(),
                        path,
                    ]
                }
            }
        })
        .collect();
    let head = ["DATE", "DECK", "DURATION", "NOTES", "PATH"];
    let mut widths = head.map(str::width);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: [&str; 5]| -> String {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i == 4 {
                l.push_str(c);
            } else if i == 3 {
                // Right-align the count.
                l.push_str(&" ".repeat(widths[i].saturating_sub(c.width())));
                l.push_str(c);
                l.push_str("  ");
            } else {
                l.push_str(&pad(c, widths[i]));
                l.push_str("  ");
            }
        }
        l.trim_end().to_owned()
    };
    writeln!(out, "{}", line(head))?;
    for r in &rows {
        writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4]]))?;
    }
    Ok(rows.len())
}

/// `convene sessions [DIR]`: lists the journals in `dir` (default: [`journal::default_dir`]).
/// Returns the exit code.
pub fn run_sessions(dir: Option<PathBuf>) -> i32 {
    let dir = dir.unwrap_or_else(journal::default_dir);
    let mut stdout = io::stdout().lock();
    match write_sessions(&dir, &mut stdout) {
        Ok(_) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("convene: could not list {}: {e}", dir.display());
            1
        }
    }
}
