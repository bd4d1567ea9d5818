//! Load and render, in process (criterion): the parts of issue 2's speed targets that do not
//! need a terminal. `benches/pty.rs` measures the whole binary.
//!
//! ```text
//! cargo bench --bench load_render            # full run
//! cargo bench --bench load_render -- --quick # a quick estimate
//! ```
//!
//! - the bundled deck: load (`deck::load_str`), one frame at 120×35 (`ui::draw` into a reused
//!   buffer, as the terminal backend's back buffer is), and a Next keypress (`update` + frame);
//! - a generated 10,000-slide deck: load, first frame, End (`Action::Last`) + frame, the
//!   overview open on it, and a search typed over it. Jumping to the last slide should cost the
//!   same as on a 50-slide deck generated the same way: no per-key work proportional to the
//!   deck size.

use convene::deck::bundled::AWARENESS_EN;
use convene::deck::{Deck, load_str};
use convene::present::app::{Action, App, OverlayKind, update};
use convene::present::ui::theme::Theme;
use convene::present::ui::{self, View};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

const NOW: u64 = 1_700_000_000_000;
const W: u16 = 120;
const H: u16 = 35;
const BIG: usize = 10_000;

fn view() -> View {
    View {
        theme: Theme::dark(),
        glyphs: &convene::present::ui::glyphs::UNICODE,
    }
}

fn load(text: &str) -> Deck {
    match load_str(text) {
        Ok(l) => l.deck,
        Err(e) => panic!("{}", e.render("bench deck", false)),
    }
}

/// The bundled deck's `[deck]` and `[checklist]`, then `n` generated slides of every kind:
/// sections, content with revealed bullets, columns, callouts, prompts, and case slides.
fn big_deck_source(n: usize) -> String {
    let head_end = AWARENESS_EN
        .find("\n[[slides]]")
        .expect("the bundled deck has slides");
    let mut s = String::with_capacity(n * 600);
    s.push_str(&AWARENESS_EN[..head_end]);
    s.push('\n');
    for i in 0..n {
        let section = format!("Part {}", i / 100 + 1);
        let _ = writeln!(s, "\n[[slides]]\nid = \"s{i}\"\nsection = \"{section}\"");
        match i % 10 {
            0 => {
                let _ = writeln!(
                    s,
                    "kind = \"section\"\ntitle = \"{section}\"\nsubtitle = \"Slides {i} onwards\""
                );
            }
            3 => {
                let _ = writeln!(
                    s,
                    "title = \"Comparison {i}\"\ncolumns = [\n  {{ heading = \"One side\", bullets = [\"First point about slide {i}\", \"Second point\"] }},\n  {{ heading = \"The other\", bullets = [\"A contrasting point\", \"Another one, somewhat longer than the rest\"] }},\n]\ncallout = {{ text = \"Did you know? Slide {i} has a callout.\" }}"
                );
            }
            7 => {
                let _ = writeln!(
                    s,
                    "kind = \"case\"\ntitle = \"Case study {i}\"\nbody = \"\"\"\nA fictional person, recruited abroad with false promises, works long hours and cannot\nleave: the employer keeps the passport and the wages.\n\"\"\"\nanswer = [\"act.recruitment\", \"means.deception\", \"purpose.forced-labour\"]\ndebrief = \"Act, means and purpose.\"\n\n[[slides.prompts]]\ntext = \"Is this trafficking? What else would you need to know?\"\nminutes = 4\nfollow_ups = [\"What if the passport had not been kept?\"]"
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "title = \"Slide {i}: what the workshop covers here\"\nbody = \"A paragraph of body text that wraps over more than one line at a readable width, so that wrapping has some work to do on every slide of the deck.\"\nbullets = [\n  \"The first bullet of slide {i}\",\n  {{ text = \"A bullet with children\", bullets = [\"nested one\", \"nested two\"] }},\n  \"A third bullet, longer, to wrap at eighty columns when the screen is narrow enough\",\n]\nreveal = {}\n\n[[slides.prompts]]\ntext = \"What does slide {i} make you think of?\"\nminutes = 2",
                    i % 2 == 0
                );
            }
        }
    }
    s
}

fn frame(app: &App, view: &View, buf: &mut Buffer) {
    buf.reset();
    ui::draw(app, view, buf.area, buf);
    black_box(&*buf);
}

fn app_for(deck: Deck) -> App {
    let mut app = App::new(deck, NOW);
    update(
        &mut app,
        &Action::Resize {
            width: W,
            height: H,
        },
        NOW,
    );
    app
}

fn bundled(c: &mut Criterion) {
    let view = view();
    let mut g = c.benchmark_group("bundled");
    g.bench_function("load", |b| b.iter(|| load(black_box(AWARENESS_EN))));

    let app = app_for(load(AWARENESS_EN));
    let mut buf = Buffer::empty(Rect::new(0, 0, W, H));
    g.bench_function("frame 120x35", |b| b.iter(|| frame(&app, &view, &mut buf)));

    // Next, then draw; Prev between iterations would be measured too, so each iteration runs
    // from a fresh copy of the state on the agenda slide (the clone is outside the timing).
    let mut start = app.clone();
    let agenda = start.deck.position("agenda").unwrap_or(2);
    update(&mut start, &Action::GoTo { slide: agenda }, NOW);
    g.bench_function("next key + frame", |b| {
        b.iter_batched_ref(
            || start.clone(),
            |app| {
                update(app, &Action::Next, NOW + 1_000);
                frame(app, &view, &mut buf);
            },
            criterion::BatchSize::SmallInput,
        )
    });
    // A whole session's first frame: load + App + frame.
    g.bench_function("load + first frame", |b| {
        b.iter(|| {
            let app = app_for(load(AWARENESS_EN));
            frame(&app, &view, &mut buf);
        })
    });
    g.finish();
}

fn big(c: &mut Criterion) {
    let view = view();
    let source = big_deck_source(BIG);
    let deck = load(&source);
    assert_eq!(deck.slides.len(), BIG);
    let mut buf = Buffer::empty(Rect::new(0, 0, W, H));

    let mut g = c.benchmark_group("10k slides");
    // Loading 10,000 slides takes long enough that a few samples suffice.
    g.sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("load", |b| b.iter(|| load(black_box(&source))));
    g.bench_function("load + first frame", |b| {
        b.iter(|| {
            let app = app_for(load(&source));
            frame(&app, &view, &mut buf);
        })
    });
    g.finish();

    let mut g = c.benchmark_group("10k slides, per key");
    let app = app_for(deck.clone());
    g.bench_function("first frame", |b| b.iter(|| frame(&app, &view, &mut buf)));
    // End + frame, then Home + frame, on one state (no clone in the loop, which would evict
    // the caches on a big deck): two keypresses per iteration. Compare with "50 slides".
    let mut jumping = app.clone();
    g.bench_function("end + home keys, 2 frames", |b| {
        b.iter(|| {
            update(&mut jumping, &Action::Last, NOW);
            frame(&jumping, &view, &mut buf);
            update(&mut jumping, &Action::First, NOW);
            frame(&jumping, &view, &mut buf);
        })
    });
    let mut overview = app.clone();
    update(&mut overview, &Action::Last, NOW);
    update(
        &mut overview,
        &Action::Open {
            overlay: OverlayKind::Overview,
        },
        NOW,
    );
    g.bench_function("overview frame (at the last slide)", |b| {
        b.iter(|| frame(&overview, &view, &mut buf))
    });
    let mut search = app.clone();
    update(
        &mut search,
        &Action::Open {
            overlay: OverlayKind::Search,
        },
        NOW,
    );
    update(
        &mut search,
        &Action::SearchInput {
            text: "passpor".into(),
        },
        NOW,
    );
    // One more character typed (the query becomes "passport", found on the 1,000 case slides:
    // the search runs over all 10,000 slides again), then the results drawn.
    g.bench_function("search keypress + frame", |b| {
        b.iter_batched_ref(
            || search.clone(),
            |app| {
                update(app, &Action::SearchInput { text: "t".into() }, NOW);
                frame(app, &view, &mut buf);
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();

    // The reference for "end + home": a deck generated the same way with 50 slides, so
    // the last slide has the same content; only the deck size differs.
    let mut small = app_for(load(&big_deck_source(50)));
    let mut g = c.benchmark_group("50 slides, per key");
    g.bench_function("end + home keys, 2 frames", |b| {
        b.iter(|| {
            update(&mut small, &Action::Last, NOW);
            frame(&small, &view, &mut buf);
            update(&mut small, &Action::First, NOW);
            frame(&small, &view, &mut buf);
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    targets = bundled, big
}
criterion_main!(benches);
