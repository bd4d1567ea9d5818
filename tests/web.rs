//! The participants' web view, over real sockets: status codes, limits, slow and garbage
//! clients, the event stream, reconnecting, and the privacy of every byte each endpoint sends.

use convene::deck::bundled;
use convene::deck::{Deck, Step};
use convene::present::app::{Action, App, update};
use convene::share::server::{Options, Share};
use convene::share::web::{self, Limits};
use convene::share::wire::{self, ViewState};
use convene::words::Lang;
use std::io::{BufReader, Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

mod room_loop;

use room_loop::{Events, connect, get, http, status};

fn deck(lang: Lang) -> Deck {
    match bundled::deck(lang) {
        Ok(d) => d,
        Err(e) => panic!("{}", e.render("bundled", false)),
    }
}

fn start(d: &Deck, web: Limits) -> Share {
    let any: SocketAddr = "127.0.0.1:0".parse().unwrap_or_else(|_| unreachable!());
    let opts = Options {
        web,
        ..Options::default()
    };
    let share = Share::start_with(any, d, opts).unwrap_or_else(|e| panic!("{e}"));
    share.set_translations(&[deck(Lang::Fr)]);
    share
}

#[test]
fn pages_and_status_codes() {
    let d = deck(Lang::En);
    let share = start(&d, Limits::default());
    let addr = share.local_addr();
    let page = get(addr, "/");
    assert_eq!(status(&page), 200, "{page}");
    assert!(page.contains("Content-Type: text/html; charset=utf-8"));
    assert!(page.contains(&format!("Content-Security-Policy: {}", web::CSP)));
    assert!(page.contains("X-Content-Type-Options: nosniff"));
    assert!(
        page.ends_with(web::page()),
        "the page is sent whole, with its words"
    );
    assert_eq!(status(&get(addr, "/app.js")), 200);
    assert!(get(addr, "/app.css").contains("text/css"));
    assert_eq!(status(&get(addr, "/index.html?x=1")), 200);
    assert_eq!(status(&get(addr, "/notes")), 404);
    assert_eq!(status(&get(addr, "/../../etc/passwd")), 404);
    let head = http(addr, b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(status(&head), 200);
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body");
    let post = http(addr, b"POST / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(status(&post), 405);
    assert!(post.contains("Allow: GET, HEAD"));
    let body = http(
        addr,
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
    );
    assert_eq!(status(&body), 413);
    let big = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(10_000)
    );
    assert_eq!(status(&http(addr, big.as_bytes())), 431);
    let many: String = (0..40).map(|i| format!("X-{i}: y\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
    assert_eq!(status(&http(addr, many.as_bytes())), 431);
    assert_eq!(status(&http(addr, b"GARBAGE \x00\xff\r\n\r\n")), 400);
    // Followers still work on the same address.
    let mut f = connect(addr);
    f.write_all(&wire::hello_line())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut r = BufReader::new(&f);
    let mut line = Vec::new();
    let _ = wire::read_line(&mut r, wire::DECK_LINE_MAX, &mut line);
    assert!(matches!(wire::decode(&line), Ok(wire::Incoming::Deck(_))));
}

#[test]
fn a_slowloris_client_is_cut_off_and_others_are_served() {
    let d = deck(Lang::En);
    let limits = Limits {
        head_timeout: Duration::from_millis(400),
        ..Limits::default()
    };
    let share = start(&d, limits);
    let addr = share.local_addr();
    let mut slow = connect(addr);
    let t = Instant::now();
    slow.write_all(b"GET / HTTP/1.1\r\nX-Slow: ")
        .unwrap_or_else(|e| panic!("{e}"));
    // Meanwhile another phone gets the page at once.
    assert_eq!(status(&get(addr, "/")), 200);
    let mut out = Vec::new();
    // One byte now and then never makes the deadline longer.
    for _ in 0..3 {
        thread_sleep(100);
        let _ = slow.write_all(b"a");
    }
    let _ = slow.read_to_end(&mut out);
    let took = t.elapsed();
    let out = String::from_utf8_lossy(&out);
    assert!(out.starts_with("HTTP/1.1 408"), "{out:?} after {took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
}

fn thread_sleep(ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
}

#[test]
fn the_connection_cap_answers_503() {
    let d = deck(Lang::En);
    let limits = Limits {
        max_conns: 2,
        ..Limits::default()
    };
    let share = start(&d, limits);
    let addr = share.local_addr();
    let app = App::new(d.clone(), 0);
    share.publish(&ViewState::from_app(&app));
    let mut a = Events::open(addr, "/events");
    let mut b = Events::open(addr, "/events");
    a.state();
    b.state();
    let third = get(addr, "/");
    assert_eq!(status(&third), 503, "{third}");
    assert!(third.contains("Retry-After"));
    drop(a);
    drop(b);
    let start = Instant::now();
    // The server notices the leavers at its next write (keepalive).
    while status(&get(addr, "/")) != 200 {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "slots never freed"
        );
        thread_sleep(200);
    }
}

#[test]
fn events_follow_the_presenter_and_reconnect_after_a_restart() {
    let d = deck(Lang::En);
    let share = start(&d, Limits::default());
    let addr = share.local_addr();
    let mut app = App::new(d.clone(), 0);
    share.publish(&ViewState::from_app(&app));
    let mut ev = Events::open(addr, "/events");
    let first = ev.state();
    assert_eq!(first["type"], "web");
    assert_eq!(first["slide"], 0);
    let langs: Vec<&str> = first["views"]
        .as_array()
        .map(|v| v.iter().filter_map(|v| v["language"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(langs, ["en", "fr"]);
    update(&mut app, &Action::GoTo { slide: 1 }, 10);
    share.publish(&ViewState::from_app(&app));
    let t = Instant::now();
    let s = ev.state_until("slide 2", |s| s["slide"] == 1);
    assert!(t.elapsed() < Duration::from_secs(1));
    let en = s["views"][0]["slide"]["title"].as_str().unwrap_or_default();
    let fr = s["views"][1]["slide"]["title"].as_str().unwrap_or_default();
    assert_eq!(en, d.slides[1].title);
    assert_eq!(fr, deck(Lang::Fr).slides[1].title);
    update(
        &mut app,
        &Action::Open {
            overlay: convene::present::app::OverlayKind::Blank,
        },
        20,
    );
    share.publish(&ViewState::from_app(&app));
    ev.state_until("blank", |s| s["screen"] == "blank");

    // The presenter stops: the stream says bye and ends.
    drop(share);
    let mut bye = false;
    while let Some((name, _)) = ev.next() {
        bye |= name == "bye";
    }
    assert!(bye, "a bye event before the end");
    // …and starts again on the same address: a new stream gets the state.
    let opts = Options::default();
    let again = Share::start_with(addr, &d, opts).unwrap_or_else(|e| panic!("{e}"));
    again.publish(&ViewState::from_app(&app));
    let mut ev = Events::open(addr, "/events");
    assert_eq!(ev.state()["screen"], "blank");
}

/// Every text a participant must never get while at (slide, step): notes, answers as data,
/// later slides, unrevealed steps.
fn secrets(d: &Deck, slide: usize, step: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (i, s) in d.slides.iter().enumerate() {
        out.extend(s.notes.iter().map(|t| t.to_string()));
        if i == slide {
            let v = s.visible(step);
            out.extend(s.bullets.iter().skip(v.bullets).map(|b| b.text.to_string()));
            out.extend(
                s.prompts()
                    .iter()
                    .skip(v.prompts)
                    .map(|p| p.text.to_string()),
            );
            if !v.debrief {
                out.extend(s.debrief().iter().map(|t| t.to_string()));
            }
        } else if i > slide {
            out.push(s.title.to_string());
            out.extend(s.bullets.iter().map(|b| b.text.to_string()));
            out.extend(s.body.iter().map(|t| t.to_string()));
        }
    }
    // Text shared with visible parts (a title repeated later, short words) proves nothing.
    let cur = &d.slides[slide];
    let shown = serde_json::to_string(cur).unwrap_or_default()
        + &d.meta.support.join("")
        + d.meta.content_note.as_deref().unwrap_or("");
    out.retain(|t| t.len() > 12 && !shown.contains(t.as_str()));
    out.into_iter()
        .map(|t| serde_json::to_string(&t).unwrap_or_default())
        .map(|t| t.trim_matches('"').to_owned())
        .collect()
}

#[test]
fn no_event_ever_holds_a_note_an_unrevealed_step_or_a_later_slide() {
    for lang in [Lang::En, Lang::Fr] {
        let d = deck(lang);
        let decks = [d.clone(), deck(Lang::Fr), deck(Lang::En)];
        let mut app = App::new(d.clone(), 0);
        for slide in 0..d.slides.len() {
            update(&mut app, &Action::GoTo { slide }, 0);
            for step in 0..d.slides[slide].step_count() {
                app.step = step;
                let line = wire::encode_web_state(&ViewState::from_app(&app), &decks[..2]);
                let text = String::from_utf8_lossy(&line);
                for secret in secrets(&d, slide, step) {
                    assert!(
                        !text.contains(&secret),
                        "slide {slide} step {step} leaks {secret:?}"
                    );
                }
                assert!(
                    !text.contains("\"answer\":true"),
                    "slide {slide}: answer key"
                );
                assert!(!text.contains("\"notes\""), "slide {slide}: a notes field");
            }
        }
    }
}

#[test]
fn the_checklist_only_while_shown_and_the_answer_only_once_revealed() {
    let d = deck(Lang::En);
    let case = d
        .slides
        .iter()
        .position(|s| s.checklist && s.answer().is_some())
        .unwrap_or_else(|| panic!("a case slide with an answer"));
    let share = start(&d, Limits::default());
    let addr = share.local_addr();
    let mut app = App::new(d.clone(), 0);
    update(
        &mut app,
        &Action::Resize {
            width: 80,
            height: 24,
        },
        0,
    );
    update(&mut app, &Action::GoTo { slide: case }, 0);
    share.publish(&ViewState::from_app(&app));
    let mut ev = Events::open(addr, "/events");
    let s = ev.state_until("the case", |s| s["slide"] == case);
    assert!(
        s["views"][0]["slide"]["checklist"].is_null(),
        "panel hidden at 80 columns"
    );
    update(&mut app, &Action::ToggleChecklist, 1);
    update(&mut app, &Action::Tick { row: 0 }, 2);
    share.publish(&ViewState::from_app(&app));
    let s = ev.state_until("the checklist", |s| {
        !s["views"][0]["slide"]["checklist"].is_null()
    });
    let cl = &s["views"][0]["slide"]["checklist"];
    assert_eq!(cl["groups"][0]["items"][0]["ticked"], true);
    assert!(cl["groups"][0]["items"][0]["answer"].is_null());
    assert_eq!(cl["revealed"], false);
    assert!(!cl["verdict"].as_str().unwrap_or_default().is_empty());
    update(&mut app, &Action::ToggleAnswer, 3);
    share.publish(&ViewState::from_app(&app));
    let s = ev.state_until("the answer", |s| {
        s["views"][0]["slide"]["checklist"]["revealed"] == true
    });
    let answers = serde_json::to_string(&s).unwrap_or_default();
    assert!(answers.contains("\"answer\":true"));
    // Steps of a case: the debrief comes last.
    assert_eq!(
        d.slides[case].step(d.slides[case].step_count() - 1),
        if d.slides[case].debrief().is_some() {
            Step::Debrief
        } else {
            d.slides[case].step(d.slides[case].step_count() - 1)
        }
    );
}

#[test]
fn the_page_bytes_hold_no_deck_text() {
    let d = deck(Lang::En);
    for asset in [
        web::page(),
        web::SCRIPT,
        web::STYLE,
        web::remote_page(),
        web::REMOTE_SCRIPT,
    ] {
        for s in &d.slides {
            if let Some(n) = &s.notes {
                assert!(!asset.contains(n.as_str()));
            }
        }
        assert!(
            !asset.contains("http://") && !asset.contains("https://"),
            "no outside URL"
        );
    }
}
