//! `convene export`: a deck as a printable handout, in Markdown or as one self-contained HTML
//! file.
//!
//! The **participant handout** has the deck's title, subtitle, content note and support
//! resources at the top, then every slide in order, grouped under its section: title, body,
//! bullets (nested), columns, callouts, each discussion prompt with its follow-ups and room to
//! write (a break, `kind = "break"`, is headed "Break" and has no room to write), and each case
//! study's checklist as a worksheet (every group's items as `☐` boxes, the
//! flags, and lines for "what else would you need to know?"). The **facilitator's guide**
//! (`--with-notes`) is the same document plus each slide's speaker notes and each case's answer
//! key, what each framework says for that key, and the debrief. Without `--with-notes`, none of
//! those three ever appears.
//!
//! One walk over the deck ([`walk`]) decides *what* goes in the document; two writers decide
//! how it looks ([`Md`], [`Html`]). All deck text is untrusted: the Markdown writer
//! backslash-escapes every character Markdown (CommonMark, GitHub, pandoc) gives a meaning to,
//! so deck text can never become raw HTML, a link or a heading; the HTML writer escapes `&`,
//! `<`, `>`, `"` and `'` everywhere and puts no deck text in any attribute (the `lang`
//! attribute is reduced to letters, digits and `-`). The HTML has no scripts, no links and no
//! external resources at all.

use crate::deck::checklist::{self, CaseState};
use crate::deck::model::{Answer, Bullet, Checklist, Column, Deck, Prompt, PromptKind, SlideKind};
use crate::deck::sanitize::escape_html;
use crate::deck::{self, load};
use crate::record::durable::write_output;
use std::fmt::Write as _;
use std::path::Path;

/// The output format of a handout (`--format markdown|html`; `md` is accepted too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Markdown: reads well on GitHub and converts with pandoc.
    #[value(alias = "md")]
    Markdown,
    /// One self-contained HTML file: readable on a phone, printable.
    Html,
}

impl ExportFormat {
    /// The format `-o FILE` asks for without `--format`: Markdown for `.md` / `.markdown`,
    /// else HTML.
    pub fn for_output(output: Option<&Path>) -> ExportFormat {
        let ext = output
            .and_then(Path::extension)
            .map(|e| e.to_string_lossy().to_lowercase());
        match ext.as_deref() {
            Some("md" | "markdown") => ExportFormat::Markdown,
            _ => ExportFormat::Html,
        }
    }
}

/// The handout (or, `with_notes`, the facilitator's guide) of `deck` in `format`.
pub fn export(deck: &Deck, format: ExportFormat, with_notes: bool) -> String {
    let labels = Labels::for_lang(&deck.meta.language);
    match format {
        ExportFormat::Markdown => {
            let mut w = Md::new(labels);
            walk(deck, with_notes, labels, &mut w);
            w.finish()
        }
        ExportFormat::Html => {
            let mut w = Html::new(labels, lang_attr(&deck.meta.language));
            walk(deck, with_notes, labels, &mut w);
            w.finish()
        }
    }
}

/// `convene export [DECK] --format markdown|html [-o FILE] [--with-notes]`: load the deck (the
/// bundled deck when `deck_path` is `None`), export it, and write it to `output` (durably:
/// a temporary file in the same folder, flushed to disk, then renamed over the target) or to
/// standard output. Returns the exit code: 0, or 1 when the deck does not load or the handout
/// cannot be written (with the reason on stderr).
pub fn run_export(
    deck_path: Option<&Path>,
    format: ExportFormat,
    output: Option<&Path>,
    with_notes: bool,
) -> i32 {
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let mut err = std::io::stderr();
    run_export_to(
        deck_path,
        format,
        output,
        with_notes,
        &mut std::io::stdout(),
        &mut err,
        color,
    )
}

/// [`run_export`] with the output streams injected (testable).
pub fn run_export_to(
    deck_path: Option<&Path>,
    format: ExportFormat,
    output: Option<&Path>,
    with_notes: bool,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
    color: bool,
) -> i32 {
    let (name, loaded) = match deck_path {
        Some(path) => (path.display().to_string(), load::load_path(path)),
        None => (
            "the bundled deck".to_owned(),
            deck::load_str(crate::deck::bundled::source(
                crate::deck::bundled::language(None),
            )),
        ),
    };
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => {
            let _ = err.write_all(e.render(&name, color).as_bytes());
            let _ = writeln!(
                err,
                "{name}: the deck did not load, so no handout was written; fix the errors above \
                 (`convene check {name}` lists them again)"
            );
            return 1;
        }
    };
    if !loaded.warnings.is_empty() {
        let n = loaded.warnings.len();
        let _ = writeln!(
            err,
            "{name}: {n} warning{}; `convene check {name}` lists {}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" },
        );
    }
    let placeholders = loaded.placeholders().len();
    if placeholders > 0 {
        let _ = writeln!(
            err,
            "{name}: {placeholders} placeholder{} remain{} to fill in (shown as [TO FILL IN: …]); \
             `convene check {name}` lists {}",
            if placeholders == 1 { "" } else { "s" },
            if placeholders == 1 { "s" } else { "" },
            if placeholders == 1 { "it" } else { "them" },
        );
    }
    let text = export(&loaded.deck, format, with_notes);
    let what = if with_notes {
        "facilitator's guide"
    } else {
        "participant handout"
    };
    // `-o -` is standard output, as in most tools.
    let output = output.filter(|p| p.as_os_str() != "-");
    match output {
        None => match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => 0,
            Err(e) => {
                let _ = writeln!(err, "convene export: cannot write the {what}: {e}");
                1
            }
        },
        Some(path) => {
            if deck_path.is_some_and(|d| same_file(d, path)) {
                let _ = writeln!(
                    err,
                    "convene export: refusing to write the {what} over the deck itself (`{}`); \
                     name another file with -o, e.g. -o handout.{}",
                    path.display(),
                    match format {
                        ExportFormat::Markdown => "md",
                        ExportFormat::Html => "html",
                    }
                );
                return 1;
            }
            match write_output(path, text.as_bytes()) {
                Ok(()) => {
                    let _ = writeln!(
                        err,
                        "wrote the {what} of {name} ({} slides) to {}",
                        loaded.deck.slides.len(),
                        path.display()
                    );
                    0
                }
                Err(e) => {
                    let _ = writeln!(
                        err,
                        "convene export: cannot write `{}`: {e}; nothing was changed",
                        path.display()
                    );
                    1
                }
            }
        }
    }
}

use crate::record::durable::same_file;

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

/// The handout's own words live in the catalogue (`crate::words`), in the deck's language.
pub use crate::words::strings::ExportWords as Labels;

impl Labels {
    /// `label` followed by a colon, as the language writes it (`Notes:`, `Notes :`).
    fn lead(&self, label: &str) -> String {
        if label.ends_with(['?', ':', '!', '.']) {
            label.to_owned()
        } else {
            format!("{label}{}", self.colon.trim_end())
        }
    }

    /// A prompt's heading: "Discuss", or "Break" for a break.
    fn prompt(&self, kind: PromptKind) -> &'static str {
        match kind {
            PromptKind::Discuss => self.discuss,
            PromptKind::Break => self.break_label,
        }
    }

    /// The labels for a language tag.
    pub fn for_lang(lang: &str) -> Labels {
        crate::words::strings::for_lang(lang).export
    }
}

// ---------------------------------------------------------------------------------------------
// The walk: what goes in the document
// ---------------------------------------------------------------------------------------------

/// Blank lines to write on under a prompt: a base, one more per follow-up, at most `MAX_LINES`.
const PROMPT_LINES: usize = 4;
const MAX_LINES: usize = 8;
/// Lines under "what else would you need to know?".
const WORKSHEET_LINES: usize = 3;

/// The top of the document.
struct Head<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    author: Option<&'a str>,
    kind: &'a str,
    warning: Option<&'a str>,
    content_note: Vec<String>,
    support: &'a [String],
}

/// A worksheet, resolved to text.
struct Worksheet<'a> {
    /// On a slide that is not a case (one that introduces the checklist): the checklist as a
    /// reference list, without boxes or writing lines.
    reference: bool,
    title: &'a str,
    disclaimer: Option<&'a str>,
    /// (label, question, items)
    groups: Vec<(&'a str, Option<&'a str>, Vec<&'a str>)>,
    flags: Vec<&'a str>,
}

/// An answer key, resolved to text.
struct Key<'a> {
    /// `GROUP: item` labels, in checklist order.
    items: Vec<String>,
    flags: Vec<&'a str>,
    /// (framework label, what its first matching rule says)
    verdicts: Vec<(&'a str, String)>,
}

/// How a handout is written. Levels are HTML heading levels (1–6).
trait Writer {
    fn head(&mut self, head: &Head<'_>);
    fn begin_section(&mut self, title: &str);
    fn end_section(&mut self);
    fn begin_slide(&mut self);
    fn end_slide(&mut self);
    fn heading(&mut self, level: u8, text: &str);
    fn subtitle(&mut self, text: &str);
    fn minutes(&mut self, text: &str);
    fn paragraph(&mut self, text: &str);
    fn bullets(&mut self, bullets: &[Bullet]);
    fn columns(&mut self, columns: &[Column]);
    fn callout(&mut self, label: &str, text: &str);
    fn prompt(&mut self, level: u8, prompt: &Prompt, minutes: Option<&str>, lines: usize);
    fn worksheet(&mut self, level: u8, sheet: &Worksheet<'_>);
    fn answer_key(&mut self, level: u8, key: &Key<'_>);
    fn debrief(&mut self, level: u8, text: &str);
    fn notes(&mut self, level: u8, paragraphs: &[Vec<String>]);
}

/// Planned minutes as text: `5 min`, `0.5 min`.
fn minutes_text(m: f64, labels: Labels) -> String {
    format!("{m} {}", labels.minutes)
}

fn walk(deck: &Deck, with_notes: bool, labels: Labels, w: &mut dyn Writer) {
    let meta = &deck.meta;
    w.head(&Head {
        title: &meta.title,
        subtitle: meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()),
        author: meta.author.as_deref().filter(|s| !s.trim().is_empty()),
        kind: if with_notes {
            labels.guide
        } else {
            labels.handout
        },
        warning: with_notes.then_some(labels.guide_warning),
        content_note: meta
            .content_note
            .as_deref()
            .map(paragraphs)
            .unwrap_or_default(),
        support: &meta.support,
    });

    let mut section: Option<&str> = None;
    for slide in &deck.slides {
        // The section this slide belongs to: its `section`, or a section slide's own title.
        let key = slide.section.as_deref().or_else(|| {
            (slide.kind == SlideKind::Section && !slide.title.trim().is_empty())
                .then_some(slide.title.as_str())
        });
        if key != section {
            if section.is_some() {
                w.end_section();
            }
            if let Some(k) = key {
                w.begin_section(k);
            }
            section = key;
        }
        let level: u8 = if section.is_some() { 3 } else { 2 };

        // A title slide repeating the deck's title, and a section slide repeating its
        // section's name, add nothing under the headings already written. (The guide keeps the
        // title slide's heading, for its notes and minutes.)
        let title = slide.title.trim();
        let repeats = match slide.kind {
            SlideKind::Title => !with_notes && title == meta.title.trim(),
            SlideKind::Section => Some(title) == section.map(str::trim),
            _ => false,
        };
        let show_title = !title.is_empty() && !repeats;
        let subtitle = slide
            .subtitle()
            .filter(|s| !s.trim().is_empty())
            .filter(|s| {
                !(slide.kind == SlideKind::Title
                    && repeats
                    && Some(s.trim()) == meta.subtitle.as_deref().map(str::trim))
            });
        let sheet = slide
            .checklist
            .then_some(())
            .and(deck.checklist.as_ref())
            .map(|cl| worksheet(cl, slide.kind != SlideKind::Case));
        let key = if with_notes {
            match (slide.answer(), &deck.checklist) {
                (Some(a), Some(cl)) => Some(answer_key(a, cl)),
                _ => None,
            }
        } else {
            None
        };
        let debrief = slide
            .debrief()
            .filter(|d| with_notes && !d.trim().is_empty());
        let notes: Vec<Vec<String>> = if with_notes {
            slide.notes.as_deref().map(note_lines).unwrap_or_default()
        } else {
            Vec::new()
        };
        let has_content = show_title
            || subtitle.is_some()
            || !slide.body.is_empty()
            || !slide.bullets.is_empty()
            || !slide.columns().is_empty()
            || slide.callout().is_some()
            || !slide.prompts().is_empty()
            || sheet.is_some()
            || key.is_some()
            || debrief.is_some()
            || !notes.is_empty();
        if !has_content {
            continue;
        }

        w.begin_slide();
        // Keep heading levels in order: without a slide heading, the parts of the slide take
        // its level.
        let sub = if show_title {
            w.heading(level, title);
            level + 1
        } else {
            level
        };
        if let Some(s) = subtitle {
            w.subtitle(s);
        }
        if let Some(m) = slide.minutes().filter(|_| with_notes) {
            w.minutes(&format!(
                "{}{}{}",
                labels.planned,
                labels.colon,
                minutes_text(m, labels)
            ));
        }
        for p in &slide.body {
            if !p.trim().is_empty() {
                w.paragraph(p);
            }
        }
        if !slide.bullets.is_empty() {
            w.bullets(&slide.bullets);
        }
        if !slide.columns().is_empty() {
            w.columns(slide.columns());
        }
        if let Some(c) = slide.callout() {
            let label = c
                .label
                .as_deref()
                .filter(|l| !l.trim().is_empty())
                .unwrap_or(labels.did_you_know);
            w.callout(label, &c.text);
        }
        if let Some(sheet) = &sheet {
            w.worksheet(sub, sheet);
        }
        for p in slide.prompts() {
            // A break is not a discussion: nothing to write down.
            let lines = match p.kind {
                PromptKind::Discuss => (PROMPT_LINES + p.follow_ups.len()).min(MAX_LINES),
                PromptKind::Break => 0,
            };
            let m = p
                .minutes
                .filter(|_| with_notes)
                .map(|m| minutes_text(m, labels));
            w.prompt(sub, p, m.as_deref(), lines);
        }
        if let Some(k) = &key {
            w.answer_key(sub, k);
        }
        if let Some(d) = debrief {
            w.debrief(sub, d);
        }
        if !notes.is_empty() {
            w.notes(sub, &notes);
        }
        w.end_slide();
    }
    if section.is_some() {
        w.end_section();
    }
}

fn worksheet(cl: &Checklist, reference: bool) -> Worksheet<'_> {
    Worksheet {
        reference,
        title: &cl.title,
        disclaimer: cl.disclaimer.as_deref().filter(|d| !d.trim().is_empty()),
        groups: cl
            .groups
            .iter()
            .map(|g| {
                (
                    g.label.as_str(),
                    g.question.as_deref().filter(|q| !q.trim().is_empty()),
                    g.items.iter().map(|i| i.label.as_str()).collect(),
                )
            })
            .collect(),
        flags: cl.flags.iter().map(|f| f.label.as_str()).collect(),
    }
}

fn answer_key<'a>(answer: &Answer, cl: &'a Checklist) -> Key<'a> {
    let mut pairs = answer.items.clone();
    pairs.sort_unstable();
    pairs.dedup();
    let items = pairs
        .iter()
        .filter_map(|&(g, i)| {
            let group = cl.groups.get(g)?;
            let item = group.items.get(i)?;
            Some(format!("{}: {}", group.label, item.label))
        })
        .collect();
    let mut flag_ids = answer.flags.clone();
    flag_ids.sort_unstable();
    flag_ids.dedup();
    let flags = flag_ids
        .iter()
        .filter_map(|&f| cl.flags.get(f).map(|f| f.label.as_str()))
        .collect();
    let state = CaseState {
        items: pairs.iter().copied().collect(),
        flags: flag_ids.iter().copied().collect(),
        revealed: true,
    };
    let verdicts = cl
        .frameworks
        .iter()
        .enumerate()
        .filter_map(|(i, fw)| {
            let v = checklist::evaluate(cl, i, &state);
            v.rule.map(|_| (fw.label.as_str(), v.say))
        })
        .collect();
    Key {
        items,
        flags,
        verdicts,
    }
}

/// Prose with hard-wrapped lines (a content note) as paragraphs: split at blank lines, each
/// paragraph's lines joined with spaces.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !cur.is_empty() {
                out.push(cur.join(" "));
                cur.clear();
            }
        } else {
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        out.push(cur.join(" "));
    }
    out
}

/// Speaker notes as paragraphs of logical lines. Notes are hard-wrapped in the deck, but their
/// lines also carry structure ("Say: …", "Ask: …", "1. …", "- …"): a line that starts like that
/// begins a new logical line; any other line continues the one before.
fn note_lines(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut para: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !para.is_empty() {
                out.push(std::mem::take(&mut para));
            }
            continue;
        }
        match para.last_mut() {
            Some(last) if !starts_logical_line(line) => {
                last.push(' ');
                last.push_str(line);
            }
            _ => para.push(line.to_owned()),
        }
    }
    if !para.is_empty() {
        out.push(para);
    }
    out
}

/// A list marker (`-`, `*`, `•`, `1.`, `2)`) or a short capitalised label ending in a colon
/// (`Say:`, `Look for:`, `If someone discloses:`).
fn starts_logical_line(line: &str) -> bool {
    if ["- ", "* ", "• ", "– "].iter().any(|m| line.starts_with(m)) {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 && matches!(line[digits..].chars().next(), Some('.' | ')')) {
        return true;
    }
    if !line.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    line.chars()
        .take(32)
        .take_while(|&c| c != '.')
        .any(|c| c == ':')
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/// A blank writing line in Markdown: a thematic break inside a block quote, so it reads as a
/// ruled line both as plain text and when rendered (GitHub, pandoc).
const MD_WRITE_LINE: &str = "> ______________________________________________________________";

/// Escape one line of deck text for Markdown (CommonMark, GitHub and pandoc's extensions):
/// every character with a meaning anywhere in a line is backslash-escaped, and so are the
/// characters that only mean something at the start of a line (`-`, `+`, `=`, `:`, `1.`, `1)`).
/// Newlines become spaces: a caller that wants line breaks splits first. Leading and trailing
/// white space is dropped (four leading spaces would make a code block).
pub fn escape_markdown(text: &str) -> String {
    let t = text.trim();
    let mut out = String::with_capacity(t.len() + t.len() / 8 + 2);
    if t.starts_with(['-', '+', '=', ':']) {
        out.push('\\');
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let mut after = t[digits..].chars();
    let ordered_marker = (digits > 0
        && digits <= 9
        && matches!(after.next(), Some('.' | ')'))
        && after.next().is_none_or(char::is_whitespace))
    .then_some(digits);
    for (i, c) in t.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '&' | '~' | '^' | '$'
            | '@' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            '.' | ')' if Some(i) == ordered_marker => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

struct Md {
    out: String,
    labels: Labels,
}

impl Md {
    fn new(labels: Labels) -> Self {
        Md {
            out: String::with_capacity(64 * 1024),
            labels,
        }
    }

    fn finish(mut self) -> String {
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }

    fn block(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push_str("\n\n");
    }

    fn h(&mut self, level: u8, text: &str) {
        let hashes = "#".repeat(usize::from(level.clamp(1, 6)));
        self.block(&format!("{hashes} {}", escape_markdown(text)));
    }

    fn list(&mut self, items: &[&str]) {
        for i in items {
            let _ = writeln!(self.out, "- {}", escape_markdown(i));
        }
        self.out.push('\n');
    }

    fn bullet_list(&mut self, bullets: &[Bullet]) {
        for b in bullets {
            let _ = writeln!(self.out, "- {}", escape_markdown(&b.text));
            for c in &b.children {
                let _ = writeln!(self.out, "  - {}", escape_markdown(c));
            }
        }
        self.out.push('\n');
    }

    fn write_lines(&mut self, label: &str, n: usize) {
        self.block(&format!("*{}*", escape_markdown(&self.labels.lead(label))));
        for _ in 0..n {
            self.out.push_str(MD_WRITE_LINE);
            self.out.push('\n');
        }
        self.out.push('\n');
    }
}

impl Writer for Md {
    fn head(&mut self, head: &Head<'_>) {
        self.h(1, head.title);
        if let Some(s) = head.subtitle {
            self.block(&format!("*{}*", escape_markdown(s)));
        }
        if let Some(a) = head.author {
            self.block(&format!("{} {}", self.labels.by, escape_markdown(a)));
        }
        match head.warning {
            Some(w) => self.block(&format!(
                "**{}** — {}",
                escape_markdown(head.kind),
                escape_markdown(w)
            )),
            None => self.block(&format!("**{}**", escape_markdown(head.kind))),
        }
        if !head.content_note.is_empty() {
            let mut q = format!("> **{}**\n", escape_markdown(self.labels.content_note));
            for p in &head.content_note {
                let _ = write!(q, ">\n> {}\n", escape_markdown(p));
            }
            q.pop();
            self.block(&q);
        }
        if !head.support.is_empty() {
            self.block(&format!("**{}**", escape_markdown(self.labels.support)));
            let items: Vec<&str> = head.support.iter().map(String::as_str).collect();
            self.list(&items);
        }
    }

    fn begin_section(&mut self, title: &str) {
        self.h(2, title);
    }

    fn end_section(&mut self) {}

    fn begin_slide(&mut self) {}

    fn end_slide(&mut self) {}

    fn heading(&mut self, level: u8, text: &str) {
        self.h(level, text);
    }

    fn subtitle(&mut self, text: &str) {
        self.block(&format!("*{}*", escape_markdown(text)));
    }

    fn minutes(&mut self, text: &str) {
        self.block(&format!("*{}*", escape_markdown(text)));
    }

    fn paragraph(&mut self, text: &str) {
        self.block(&escape_markdown(text));
    }

    fn bullets(&mut self, bullets: &[Bullet]) {
        self.bullet_list(bullets);
    }

    fn columns(&mut self, columns: &[Column]) {
        // Consecutive lists under bold headings: a pipe table cannot hold nested bullets, and
        // lists read better on a phone.
        for c in columns {
            if !c.heading.trim().is_empty() {
                self.block(&format!("**{}**", escape_markdown(&c.heading)));
            }
            if !c.bullets.is_empty() {
                self.bullet_list(&c.bullets);
            }
        }
    }

    fn callout(&mut self, label: &str, text: &str) {
        self.block(&format!(
            "> **{}** {}",
            escape_markdown(label),
            escape_markdown(text)
        ));
    }

    fn prompt(&mut self, level: u8, prompt: &Prompt, minutes: Option<&str>, lines: usize) {
        let label = self.labels.prompt(prompt.kind);
        match minutes {
            Some(m) => self.h(level, &format!("{label} ({m})")),
            None => self.h(level, label),
        }
        self.block(&format!("**{}**", escape_markdown(&prompt.text)));
        if !prompt.follow_ups.is_empty() {
            self.block(&escape_markdown(&self.labels.lead(self.labels.follow_ups)));
            let items: Vec<&str> = prompt.follow_ups.iter().map(|f| f.as_str()).collect();
            self.list(&items);
        }
        if lines > 0 {
            self.write_lines(self.labels.your_notes, lines);
        }
    }

    fn worksheet(&mut self, level: u8, sheet: &Worksheet<'_>) {
        let title = sheet.title.trim();
        if sheet.reference {
            self.h(level, title);
        } else {
            let l = self.labels;
            self.h(level, &format!("{}{}{title}", l.worksheet, l.colon));
        }
        let mark = if sheet.reference { "" } else { "☐ " };
        if let Some(d) = sheet.disclaimer {
            self.block(&format!("*{}*", escape_markdown(d)));
        }
        for (label, question, items) in &sheet.groups {
            match question {
                Some(q) => self.block(&format!(
                    "**{}** — {}",
                    escape_markdown(label),
                    escape_markdown(q)
                )),
                None => self.block(&format!("**{}**", escape_markdown(label))),
            }
            for i in items {
                let _ = writeln!(self.out, "- {mark}{}", escape_markdown(i));
            }
            self.out.push('\n');
        }
        if !sheet.flags.is_empty() {
            self.block(&format!("**{}**", escape_markdown(self.labels.flags)));
            for f in &sheet.flags {
                let _ = writeln!(self.out, "- {mark}{}", escape_markdown(f));
            }
            self.out.push('\n');
        }
        if !sheet.reference {
            self.write_lines(self.labels.what_else, WORKSHEET_LINES);
        }
    }

    fn answer_key(&mut self, level: u8, key: &Key<'_>) {
        self.h(level, self.labels.answer_key);
        for i in &key.items {
            let _ = writeln!(self.out, "- ☑ {}", escape_markdown(i));
        }
        if !key.items.is_empty() {
            self.out.push('\n');
        }
        if !key.flags.is_empty() {
            self.block(&escape_markdown(&self.labels.lead(self.labels.key_flags)));
            for f in &key.flags {
                let _ = writeln!(self.out, "- ☑ {}", escape_markdown(f));
            }
            self.out.push('\n');
        }
        if !key.verdicts.is_empty() {
            self.block(&escape_markdown(&self.labels.lead(self.labels.with_these)));
            for (fw, say) in &key.verdicts {
                let _ = writeln!(
                    self.out,
                    "- **{}**{}{}",
                    escape_markdown(fw),
                    self.labels.colon,
                    escape_markdown(say)
                );
            }
            self.out.push('\n');
        }
    }

    fn debrief(&mut self, level: u8, text: &str) {
        self.h(level, self.labels.debrief);
        self.block(&escape_markdown(text));
    }

    fn notes(&mut self, level: u8, paragraphs: &[Vec<String>]) {
        self.h(level, self.labels.speaker_notes);
        for p in paragraphs {
            // A backslash at the end of a line is a hard line break (CommonMark, pandoc).
            let lines: Vec<String> = p.iter().map(|l| escape_markdown(l)).collect();
            self.block(&lines.join("\\\n"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

/// A language tag safe for the `lang` attribute: letters, digits and `-` only, else `und`.
fn lang_attr(lang: &str) -> &str {
    let l = lang.trim();
    if !l.is_empty() && l.len() <= 35 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        l
    } else {
        "und"
    }
}

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 44rem; padding: 1rem; color: #111; background: #fff;
  font: 1.05rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  overflow-wrap: break-word; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: 0.5rem 0; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 2px solid #111; }
h3 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; }
h4, h5, h6 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
.subtitle { font-style: italic; margin-top: 0; }
.kind { font-weight: bold; text-transform: uppercase; letter-spacing: 0.05em; font-size: 0.9rem; }
.warning { border: 2px solid #111; padding: 0.5rem 0.75rem; font-weight: bold; }
.content-note, .support { border: 1px solid #555; border-radius: 4px; padding: 0 1rem; margin: 1rem 0; }
.content-note h2, .support h2 { border: 0; font-size: 1.1rem; margin: 0.75rem 0 0.25rem; }
.slide { margin: 0 0 1.5rem; }
ul { padding-left: 1.4rem; }
table.columns { width: 100%; border-collapse: collapse; margin: 0.75rem 0; table-layout: fixed; }
table.columns th, table.columns td { border: 1px solid #777; padding: 0.4rem 0.6rem; vertical-align: top; text-align: left; }
table.columns ul { margin: 0; padding-left: 1.1rem; }
.callout { border-left: 5px solid #111; padding: 0.25rem 0.9rem; margin: 1rem 0; background: #f3f3f3; }
.prompt, .worksheet { border: 1px solid #333; border-radius: 4px; padding: 0.25rem 1rem 0.75rem; margin: 1rem 0; }
.prompt-text { font-weight: bold; }
.label { font-weight: bold; margin-bottom: 0.25rem; }
.write-label { font-style: italic; margin: 0.75rem 0 0; }
.lines { margin: 0 0 0.5rem; }
.lines div { height: 2.1rem; border-bottom: 1px solid #666; }
.disclaimer { font-style: italic; font-size: 0.95rem; }
.groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0 1.5rem; }
ul.boxes, ul.ticks { list-style: none; padding-left: 0; margin: 0.25rem 0 0.75rem; }
ul.boxes li, ul.ticks li { padding-left: 1.6em; text-indent: -1.6em; margin: 0.2rem 0; }
.guide { border: 2px dashed #444; border-radius: 4px; padding: 0.25rem 1rem 0.5rem; margin: 1rem 0; background: #f6f6f6; }
.minutes { font-size: 0.9rem; font-style: italic; }
@page { margin: 1.8cm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; color: #000; background: #fff; }
  .part { break-before: page; page-break-before: always; }
  h2, h3, h4, h5, h6, .label, .write-label { break-after: avoid; page-break-after: avoid; }
  .prompt, .worksheet, .guide, .callout, table.columns, .content-note, .support { break-inside: avoid; page-break-inside: avoid; }
  .callout, .guide { background: #fff; }
  .prompt, .worksheet, .callout, .guide, .content-note, .support, .warning, table.columns th, table.columns td { border-color: #000; }
  .lines div { border-bottom: 1px solid #000; height: 0.9cm; }
}
"#;

struct Html {
    out: String,
    labels: Labels,
    /// The `lang` attribute, already reduced to safe characters by [`lang_attr`].
    lang: String,
}

impl Html {
    fn new(labels: Labels, lang: &str) -> Self {
        Html {
            out: String::with_capacity(64 * 1024),
            labels,
            lang: lang.to_owned(),
        }
    }

    fn finish(mut self) -> String {
        self.out.push_str("</main>\n</body>\n</html>\n");
        self.out
    }

    fn h(&mut self, level: u8, text: &str, class: Option<&str>) {
        let l = level.clamp(1, 6);
        match class {
            Some(c) => {
                let _ = writeln!(self.out, "<h{l} class=\"{c}\">{}</h{l}>", escape_html(text));
            }
            None => {
                let _ = writeln!(self.out, "<h{l}>{}</h{l}>", escape_html(text));
            }
        }
    }

    fn p(&mut self, class: Option<&str>, text: &str) {
        match class {
            Some(c) => {
                let _ = writeln!(self.out, "<p class=\"{c}\">{}</p>", escape_html(text));
            }
            None => {
                let _ = writeln!(self.out, "<p>{}</p>", escape_html(text));
            }
        }
    }

    fn bullet_list(&mut self, bullets: &[Bullet]) {
        self.out.push_str("<ul>\n");
        for b in bullets {
            let _ = write!(self.out, "<li>{}", escape_html(&b.text));
            if !b.children.is_empty() {
                self.out.push_str("\n<ul>\n");
                for c in &b.children {
                    let _ = writeln!(self.out, "<li>{}</li>", escape_html(c));
                }
                self.out.push_str("</ul>\n");
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ul>\n");
    }

    fn boxes(&mut self, mark: &str, class: &str, items: &[&str]) {
        let _ = writeln!(self.out, "<ul class=\"{class}\">");
        for i in items {
            if mark.is_empty() {
                let _ = writeln!(self.out, "<li>{}</li>", escape_html(i));
            } else {
                let _ = writeln!(self.out, "<li>{mark} {}</li>", escape_html(i));
            }
        }
        self.out.push_str("</ul>\n");
    }

    fn write_lines(&mut self, label: &str, n: usize) {
        self.p(Some("write-label"), label);
        self.out
            .push_str("<div class=\"lines\" aria-hidden=\"true\">");
        for _ in 0..n {
            self.out.push_str("<div></div>");
        }
        self.out.push_str("</div>\n");
    }
}

impl Writer for Html {
    fn head(&mut self, head: &Head<'_>) {
        let labels = self.labels;
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n",
            escape_html(&self.lang),
            escape_html(head.title.trim()),
            escape_html(head.kind),
        );
        self.h(1, head.title, None);
        if let Some(s) = head.subtitle {
            self.p(Some("subtitle"), s);
        }
        if let Some(a) = head.author {
            self.p(None, &format!("{} {}", labels.by, a.trim()));
        }
        self.p(Some("kind"), head.kind);
        if let Some(w) = head.warning {
            self.p(Some("warning"), w);
        }
        self.out.push_str("</header>\n<main>\n");
        if !head.content_note.is_empty() {
            self.out.push_str("<section class=\"content-note\">\n");
            self.h(2, labels.content_note, None);
            for p in &head.content_note {
                self.p(None, p);
            }
            self.out.push_str("</section>\n");
        }
        if !head.support.is_empty() {
            self.out.push_str("<section class=\"support\">\n");
            self.h(2, labels.support, None);
            self.out.push_str("<ul>\n");
            for s in head.support {
                let _ = writeln!(self.out, "<li>{}</li>", escape_html(s));
            }
            self.out.push_str("</ul>\n</section>\n");
        }
    }

    fn begin_section(&mut self, title: &str) {
        self.out.push_str("<section class=\"part\">\n");
        self.h(2, title, None);
    }

    fn end_section(&mut self) {
        self.out.push_str("</section>\n");
    }

    fn begin_slide(&mut self) {
        self.out.push_str("<article class=\"slide\">\n");
    }

    fn end_slide(&mut self) {
        self.out.push_str("</article>\n");
    }

    fn heading(&mut self, level: u8, text: &str) {
        self.h(level, text, None);
    }

    fn subtitle(&mut self, text: &str) {
        self.p(Some("subtitle"), text);
    }

    fn minutes(&mut self, text: &str) {
        self.p(Some("minutes"), text);
    }

    fn paragraph(&mut self, text: &str) {
        self.p(None, text);
    }

    fn bullets(&mut self, bullets: &[Bullet]) {
        self.bullet_list(bullets);
    }

    fn columns(&mut self, columns: &[Column]) {
        self.out
            .push_str("<table class=\"columns\">\n<thead>\n<tr>");
        for c in columns {
            let _ = write!(
                self.out,
                "<th scope=\"col\">{}</th>",
                escape_html(&c.heading)
            );
        }
        self.out.push_str("</tr>\n</thead>\n<tbody>\n<tr>\n");
        for c in columns {
            self.out.push_str("<td>");
            if !c.bullets.is_empty() {
                self.out.push('\n');
                self.bullet_list(&c.bullets);
            }
            self.out.push_str("</td>\n");
        }
        self.out.push_str("</tr>\n</tbody>\n</table>\n");
    }

    fn callout(&mut self, label: &str, text: &str) {
        let _ = writeln!(
            self.out,
            "<aside class=\"callout\"><p><strong>{}</strong> {}</p></aside>",
            escape_html(label),
            escape_html(text)
        );
    }

    fn prompt(&mut self, level: u8, prompt: &Prompt, minutes: Option<&str>, lines: usize) {
        let labels = self.labels;
        let label = labels.prompt(prompt.kind);
        self.out.push_str(match prompt.kind {
            PromptKind::Discuss => "<div class=\"prompt\">\n",
            PromptKind::Break => "<div class=\"prompt break\">\n",
        });
        match minutes {
            Some(m) => self.h(level, &format!("{label} ({m})"), None),
            None => self.h(level, label, None),
        }
        self.p(Some("prompt-text"), &prompt.text);
        if !prompt.follow_ups.is_empty() {
            self.p(Some("label"), labels.follow_ups);
            self.out.push_str("<ul>\n");
            for f in &prompt.follow_ups {
                let _ = writeln!(self.out, "<li>{}</li>", escape_html(f));
            }
            self.out.push_str("</ul>\n");
        }
        if lines > 0 {
            self.write_lines(labels.your_notes, lines);
        }
        self.out.push_str("</div>\n");
    }

    fn worksheet(&mut self, level: u8, sheet: &Worksheet<'_>) {
        let labels = self.labels;
        let title = sheet.title.trim();
        let (class, mark) = if sheet.reference {
            ("reference", "")
        } else {
            ("worksheet", "☐")
        };
        let _ = writeln!(self.out, "<div class=\"{class}\">");
        if sheet.reference {
            self.h(level, title, None);
        } else {
            self.h(
                level,
                &format!("{}{}{title}", labels.worksheet, labels.colon),
                None,
            );
        }
        if let Some(d) = sheet.disclaimer {
            self.p(Some("disclaimer"), d);
        }
        self.out.push_str("<div class=\"groups\">\n");
        for (label, question, items) in &sheet.groups {
            self.out.push_str("<div class=\"group\">\n");
            match question {
                Some(q) => {
                    let _ = writeln!(
                        self.out,
                        "<p class=\"label\"><strong>{}</strong> — {}</p>",
                        escape_html(label),
                        escape_html(q)
                    );
                }
                None => {
                    let _ = writeln!(
                        self.out,
                        "<p class=\"label\"><strong>{}</strong></p>",
                        escape_html(label)
                    );
                }
            }
            self.boxes(mark, if sheet.reference { "plain" } else { "boxes" }, items);
            self.out.push_str("</div>\n");
        }
        if !sheet.flags.is_empty() {
            self.out.push_str("<div class=\"group\">\n");
            let _ = writeln!(
                self.out,
                "<p class=\"label\"><strong>{}</strong></p>",
                escape_html(labels.flags)
            );
            self.boxes(
                mark,
                if sheet.reference { "plain" } else { "boxes" },
                &sheet.flags,
            );
            self.out.push_str("</div>\n");
        }
        self.out.push_str("</div>\n");
        if !sheet.reference {
            self.write_lines(labels.what_else, WORKSHEET_LINES);
        }
        self.out.push_str("</div>\n");
    }

    fn answer_key(&mut self, level: u8, key: &Key<'_>) {
        let labels = self.labels;
        self.out.push_str("<div class=\"guide key\">\n");
        self.h(level, labels.answer_key, None);
        if !key.items.is_empty() {
            let items: Vec<&str> = key.items.iter().map(String::as_str).collect();
            self.boxes("☑", "ticks", &items);
        }
        if !key.flags.is_empty() {
            self.p(Some("label"), &labels.lead(labels.key_flags));
            self.boxes("☑", "ticks", &key.flags);
        }
        if !key.verdicts.is_empty() {
            self.p(Some("label"), &labels.lead(labels.with_these));
            self.out.push_str("<ul>\n");
            for (fw, say) in &key.verdicts {
                let _ = writeln!(
                    self.out,
                    "<li><strong>{}</strong>{}{}</li>",
                    escape_html(fw),
                    labels.colon,
                    escape_html(say)
                );
            }
            self.out.push_str("</ul>\n");
        }
        self.out.push_str("</div>\n");
    }

    fn debrief(&mut self, level: u8, text: &str) {
        let labels = self.labels;
        self.out.push_str("<div class=\"guide debrief\">\n");
        self.h(level, labels.debrief, None);
        self.p(None, text);
        self.out.push_str("</div>\n");
    }

    fn notes(&mut self, level: u8, paragraphs: &[Vec<String>]) {
        let labels = self.labels;
        self.out.push_str("<aside class=\"guide notes\">\n");
        self.h(level, labels.speaker_notes, None);
        for p in paragraphs {
            let lines: Vec<String> = p.iter().map(|l| escape_html(l)).collect();
            let _ = writeln!(self.out, "<p>{}</p>", lines.join("<br>\n"));
        }
        self.out.push_str("</aside>\n");
    }
}
