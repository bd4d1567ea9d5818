//! Taking part from a phone (issue 17), over real sockets against a share whose inbox is a
//! mini run loop (`tests/room_loop`): the join code, the remote's token (403, nothing changes),
//! rate limits and caps, cleaning, what reaches the audience (only what the facilitator chose),
//! the privacy of every byte on the audience's streams, and attacks (slow, garbage, oversized,
//! a flood).

mod room_loop;

use convene::deck::{Deck, PromptKind, bundled};
use convene::present::app::{Action, RoomOp};
use convene::share::server::Options;
use convene::share::web::Limits;
use convene::share::wire;
use convene::words::Lang;
use room_loop::*;
use serde_json::{Value, json};
use std::io::{BufReader, Read, Write};
use std::time::{Duration, Instant};

fn deck() -> Deck {
    bundled::deck(Lang::En).unwrap_or_else(|e| panic!("{}", e.render("bundled", false)))
}

/// The first case slide (with the checklist) and the first slide with a discussion prompt.
fn slides(d: &Deck) -> (usize, usize) {
    let case = d.slides.iter().position(|s| s.checklist);
    let prompt = d
        .slides
        .iter()
        .position(|s| !s.checklist && s.prompts().iter().any(|p| p.kind == PromptKind::Discuss));
    match (case, prompt) {
        (Some(c), Some(p)) => (c, p),
        _ => panic!("the bundled deck has a case slide and a prompt"),
    }
}

fn id(d: &Deck, i: usize) -> String {
    d.slides[i].id.to_string()
}

#[test]
fn participation_needs_an_open_room_and_the_code() {
    let d = deck();
    let (case, _) = slides(&d);
    let l = Loop::start(d.clone(), Setup::default());
    let cid = id(&d, case);
    l.key(Action::GoTo { slide: case });
    assert_eq!(
        send_vote(l.addr, "a1", CODE, &cid, "trafficking"),
        (409, "closed".into())
    );
    l.open_room();
    assert_eq!(
        send_vote(l.addr, "a1", "WRONG", &cid, "trafficking"),
        (403, "wrong_code".into())
    );
    assert_eq!(
        send_vote(l.addr, "a1", "", &cid, "trafficking"),
        (403, "wrong_code".into())
    );
    assert_eq!(
        l.with(|a| a.room.totals(&cid)),
        Default::default(),
        "refusals change nothing"
    );
    assert_eq!(
        send_vote(l.addr, "a1", CODE, &cid, "trafficking"),
        (200, String::new())
    );
    assert_eq!(
        send_vote(l.addr, "b2", CODE, &cid, "not_trafficking"),
        (200, String::new())
    );
    // One vote per case per participant: a new one replaces it.
    assert_eq!(
        send_vote(l.addr, "a1", CODE, &cid, "not_enough_information"),
        (200, String::new())
    );
    let t = l.with(|a| a.room.totals(&cid));
    assert_eq!(
        (t.trafficking, t.not_trafficking, t.not_enough_information),
        (0, 1, 1)
    );
    // A tick of a row the checklist has; a row it has not; a slide that is not a case.
    let tick = |row: Value| json!({"kind": "tick", "slide_id": cid, "row": row});
    let r = post(
        l.addr,
        "/room",
        &room_body("a1", CODE, tick(json!({"Item": [0, 0]}))),
    );
    assert_eq!(status(&r), 200, "{r}");
    assert_eq!(l.with(|a| a.room.totals(&cid)).rows.get("0.0"), Some(&1));
    let r = post(
        l.addr,
        "/room",
        &room_body("a1", CODE, tick(json!({"Item": [99, 0]}))),
    );
    assert_eq!(
        (status(&r), json_body(&r)["refused"].clone()),
        (409, json!("not_here"))
    );
    assert_eq!(
        send_vote(l.addr, "a1", CODE, &id(&d, 0), "trafficking"),
        (409, "not_here".into())
    );
    // A token that is not a page's.
    assert_eq!(
        send_vote(l.addr, "a b", CODE, &cid, "trafficking"),
        (400, "bad_token".into())
    );
    // Closed again: refused, and the share answers without troubling the run loop.
    l.room(RoomOp::Close);
    let before = l.handled.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        send_vote(l.addr, "c3", CODE, &cid, "trafficking"),
        (409, "closed".into())
    );
    assert_eq!(l.handled.load(std::sync::atomic::Ordering::SeqCst), before);
}

#[test]
fn responses_are_cleaned_capped_and_rate_limited() {
    let d = deck();
    let (_, prompt) = slides(&d);
    let pid = id(&d, prompt);
    let l = Loop::start(d.clone(), Setup::default());
    l.open_room();
    // Only the slide on screen takes input.
    l.key(Action::GoTo { slide: prompt });
    let say = |who: &str, text: &str| {
        let r = post(
            l.addr,
            "/room",
            &room_body(
                who,
                CODE,
                json!({"kind": "respond", "slide_id": pid, "text": text}),
            ),
        );
        (
            status(&r),
            json_body(&r)["refused"].as_str().unwrap_or("").to_owned(),
        )
    };
    assert_eq!(
        say(
            "p1",
            "\u{1b}[2J\u{1b}]0;pwned\u{7}Who decides?\u{202e}\u{0}"
        ),
        (200, String::new())
    );
    let text = l.with(|a| a.room.responses[0].text.clone());
    assert!(text.contains("Who decides?"), "{text:?}");
    assert!(
        !text.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "{text:?}"
    );
    assert_eq!(say("p1", &"x".repeat(281)), (422, "too_long".into()));
    assert_eq!(say("p1", &"é".repeat(280)), (200, String::new()));
    assert_eq!(say("p1", " \u{7} "), (422, "empty".into()));
    assert_eq!(say("p1", "third"), (200, String::new()));
    assert_eq!(say("p1", "fourth"), (429, "too_fast".into()));
    assert_eq!(say("p2", "another phone"), (200, String::new()));
    assert_eq!(l.with(|a| a.room.responses.len()), 4);
    // Put the cleaned one on screen: the audience gets its cleaned text, no escape.
    let mut ev = Events::open(l.addr, "/events");
    let first = l.with(|a| a.room.responses[0].id);
    l.room(RoomOp::Select { id: first });
    l.room(RoomOp::ToggleOnScreen);
    let s = ev.until("state", "the response on screen", |s| {
        !s["room"]["on_screen"].is_null()
    });
    assert_eq!(s["room"]["on_screen"], json!(text));
    assert!(!ev.bytes.contains(&0x1b) && !ev.bytes.contains(&0x07));
}

/// Every byte sent to the audience while participants take part and the facilitator uses the
/// remote: no join code, no token, no speaker note, no response the facilitator did not show.
#[test]
fn nothing_from_participants_reaches_the_audience_unless_the_facilitator_chooses() {
    let d = deck();
    let (case, prompt) = slides(&d);
    let (cid, pid) = (id(&d, case), id(&d, prompt));
    // Listening on every address when this machine has a network address: a follower that comes
    // from it is "elsewhere" (not the projector on this machine, which alone gets the code).
    let lan = convene::share::server::local_addresses()
        .into_iter()
        .find(std::net::IpAddr::is_ipv4);
    let bind = match lan {
        Some(_) => "0.0.0.0:0",
        None => "127.0.0.1:0",
    };
    let setup = Setup {
        bind: bind.parse().unwrap_or_else(|_| unreachable!()),
        ..Setup::default()
    };
    let l = Loop::start(d.clone(), setup);
    let mut ev = Events::open(l.addr, "/events");
    let hello = |addr| {
        let mut f = connect(addr);
        f.write_all(&wire::hello_line())
            .unwrap_or_else(|e| panic!("{e}"));
        f
    };
    let projector = hello(l.addr);
    let follower = lan.map(|ip| hello(std::net::SocketAddr::new(ip, l.addr.port())));
    if follower.is_none() {
        eprintln!("no network address: the follower elsewhere is not checked");
    }
    let mut remote = Events::open(l.addr, &format!("/remote/{TOKEN}/events"));
    l.open_room();
    l.key(Action::GoTo { slide: prompt });
    for _ in 0..d.slides[prompt].step_count() {
        l.key(Action::Next);
    }
    l.key(Action::GoTo { slide: prompt });
    let secret = "UNCHOSEN-RESPONSE-51d2";
    let chosen = "CHOSEN-RESPONSE-9a7e";
    for (who, text) in [("p1", secret), ("p2", chosen)] {
        let body = room_body(
            who,
            CODE,
            json!({"kind": "respond", "slide_id": pid, "text": text}),
        );
        assert_eq!(status(&post(l.addr, "/room", &body)), 200);
    }
    // The facilitator's phone gets the queue; the audience nothing of it.
    remote.until("remote", "the queue", |s| {
        s["room"]["responses"]
            .as_array()
            .is_some_and(|q| q.len() == 2)
    });
    l.key(Action::GoTo { slide: case });
    for who in ["v1", "v2", "v3"] {
        assert_eq!(send_vote(l.addr, who, CODE, &cid, "trafficking").0, 200);
    }
    let s = ev.until("state", "the case, open", |s| {
        s["slide_id"] == json!(cid) && s["room"]["case"] == true
    });
    assert!(
        s["room"]["totals"].is_null(),
        "no totals before the facilitator shows them"
    );
    assert!(
        !s["views"][0]["room_rows"]
            .as_array()
            .is_some_and(|r| r.is_empty()),
        "rows to tick"
    );
    // The facilitator shows the totals…
    l.room(RoomOp::ToggleTotals);
    let s = ev.until("state", "totals", |s| !s["room"]["totals"].is_null());
    assert_eq!(s["room"]["totals"]["trafficking"], 3);
    // …and one response.
    let chosen_id = l.with(|a| {
        a.room
            .responses
            .iter()
            .find(|r| r.text == chosen)
            .map(|r| r.id)
    });
    l.room(RoomOp::Select {
        id: chosen_id.unwrap_or(0),
    });
    l.room(RoomOp::ToggleOnScreen);
    ev.until("state", "the chosen response", |s| {
        s["room"]["on_screen"] == json!(chosen)
    });
    l.room(RoomOp::ToggleTotals);
    l.room(RoomOp::Close);
    ev.until("state", "the room closed", |s| {
        s["room"]["open"] == false && s["room"]["totals"].is_null()
    });
    drop(l);
    while ev.next().is_some() {}
    let read_all = |f: &std::net::TcpStream| {
        let _ = f.set_read_timeout(Some(Duration::from_secs(2)));
        let mut bytes = Vec::new();
        let _ = BufReader::new(f).read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let local = read_all(&projector);
    // The projector on this machine shows the room its code; the code is all it gets more.
    assert!(
        local.contains(&format!("\"code\":\"{CODE}\"")),
        "the projector's code"
    );
    let local = local.replace(&format!("\"code\":\"{CODE}\""), "");
    let followed = follower
        .as_ref()
        .map(read_all)
        .unwrap_or_else(|| local.clone());
    assert!(
        followed.contains("\"totals\":{"),
        "followers get the totals once shown"
    );
    let web = String::from_utf8_lossy(&ev.bytes).into_owned();
    for (name, text) in [
        ("events", &web),
        ("follower", &followed),
        ("projector", &local),
    ] {
        assert!(!text.contains(secret), "{name}: an unchosen response");
        // A follower on the presenter's own machine (loopback, as here) is the projector
        // window and gets the code to show; phones never do (remote followers neither:
        // `Share::publish_with_code`).
        assert!(
            name == "follower" || !text.contains(CODE),
            "{name}: the join code"
        );
        assert!(!text.contains(TOKEN), "{name}: the remote token");
        // (The follower's public deck has `"notes":null` fields: the notes' text is checked.)
        assert!(
            name != "events" || !text.contains("\"notes\""),
            "{name}: notes"
        );
        for n in d.slides.iter().filter_map(|s| s.notes.as_deref()) {
            let n = serde_json::to_string(n).unwrap_or_default();
            assert!(
                !text.contains(n.trim_matches('"')),
                "{name}: a speaker note"
            );
        }
        // (`"participants":3` is a count in the totals; `"participant":` would be a token's key.)
        for who in ["\"v1\"", "\"p1\"", "\"participant\":"] {
            assert!(!text.contains(who), "{name}: a participant {who}");
        }
    }
    assert!(
        web.contains(chosen),
        "the chosen response reached the audience"
    );
    // The remote got the notes and the code (it is the facilitator's).
    let private = String::from_utf8_lossy(&remote.bytes).into_owned();
    assert!(private.contains(CODE) && private.contains("\"notes\""));
}

#[test]
fn the_remote_needs_its_token_and_does_what_keys_do() {
    let d = deck();
    let (case, _) = slides(&d);
    let l = Loop::start(d.clone(), Setup::default());
    let at = |l: &Loop| l.with(|a| (a.slide, a.step));
    let start = at(&l);
    let wrong = TOKEN.replace('0', "1");
    for path in [
        format!("/remote/{wrong}"),
        format!("/remote/{wrong}/events"),
        format!("/remote/{}", &TOKEN[..31]),
        format!("/remote/{TOKEN}x"),
        "/remote/".into(),
        "/remote".into(),
    ] {
        let r = get(l.addr, &path);
        assert!(matches!(status(&r), 403 | 404), "{path}: {r}");
        assert!(
            !r.contains("remote.js"),
            "{path}: the remote page without its token"
        );
    }
    for body in [r#"{"do":"next"}"#, r#"{"do":"room_open"}"#] {
        let r = post(l.addr, &format!("/remote/{wrong}/action"), body);
        assert_eq!(status(&r), 403, "{r}");
    }
    assert_eq!(at(&l), start, "a wrong token changes nothing");
    assert!(!l.with(|a| a.room.open));
    // The right one.
    let page = get(l.addr, &format!("/remote/{TOKEN}"));
    assert_eq!(status(&page), 200);
    assert!(page.contains("/remote.js") && page.contains("Content-Security-Policy"));
    assert_eq!(status(&get(l.addr, "/remote.js")), 200);
    let mut ev = Events::open(l.addr, &format!("/remote/{TOKEN}/events"));
    let s = ev.until("remote", "the first state", |_| true);
    assert_eq!(s["slide"], 0);
    assert_eq!(s["notes"].as_str(), d.slides[0].notes.as_deref());
    let act = |body: &str| status(&post(l.addr, &format!("/remote/{TOKEN}/action"), body));
    assert_eq!(act(r#"{"do":"next"}"#), 200);
    assert_ne!(at(&l), start);
    ev.until("remote", "moved", |s| s["slide"] != 0 || s["step"] != 0);
    // Ticks on a case slide, the answer key, the room.
    l.key(Action::GoTo { slide: case });
    assert_eq!(act(r#"{"do":"tick","row":0}"#), 200);
    assert_eq!(
        l.with(|a| a.case().map(|c| c.items.len() + c.flags.len())),
        Some(1)
    );
    let s = ev.until("remote", "the tick", |s| {
        s["checklist"]["rows"][0]["ticked"] == true
    });
    assert!(
        s["checklist"]["rows"][0]["answer"].is_null(),
        "no key before it is revealed"
    );
    assert_eq!(act(r#"{"do":"room_open"}"#), 200);
    assert!(l.with(|a| a.room.open));
    ev.until("remote", "the code", |s| s["room"]["code"] == CODE);
    assert_eq!(
        send_vote(l.addr, "p1", CODE, &id(&d, case), "trafficking").0,
        200
    );
    assert_eq!(act(r#"{"do":"totals"}"#), 200);
    assert!(l.with(|a| a.room.show_totals));
    assert_eq!(act(r#"{"do":"blank"}"#), 200);
    ev.until("remote", "blank", |s| s["screen"] == "blank");
    assert_eq!(act(r#"{"do":"close"}"#), 200);
    // A command it does not know, garbage, a GET on the action.
    assert_eq!(act(r#"{"do":"quit"}"#), 400);
    assert_eq!(act("not json"), 400);
    assert_eq!(
        status(&get(l.addr, &format!("/remote/{TOKEN}/action"))),
        405
    );
    assert!(!l.with(|a| a.quit));
}

#[test]
fn no_remote_without_a_token() {
    let d = deck();
    let l = Loop::start(
        d,
        Setup {
            remote: false,
            ..Setup::default()
        },
    );
    for path in ["/remote/", "/remote/anything", "/remote//events"] {
        assert_eq!(status(&get(l.addr, path)), 403, "{path}");
    }
    let r = post(l.addr, "/remote//action", r#"{"do":"next"}"#);
    assert_eq!(status(&r), 403);
    assert_eq!(l.with(|a| a.slide), 0);
}

#[test]
fn slow_garbage_and_oversized_posts_are_refused() {
    let d = deck();
    let (case, _) = slides(&d);
    let opts = Options {
        web: Limits {
            head_timeout: Duration::from_millis(400),
            ..Limits::default()
        },
        ..Options::default()
    };
    let l = Loop::start(
        d.clone(),
        Setup {
            opts,
            ..Setup::default()
        },
    );
    l.open_room();
    l.key(Action::GoTo { slide: case });
    let body = room_body("p1", CODE, vote(&id(&d, case), "trafficking"));
    let raw = |req: String| status(&http(l.addr, req.as_bytes()));
    assert_eq!(
        raw(format!("POST /room HTTP/1.1\r\nHost: x\r\n\r\n{body}")),
        411
    );
    assert_eq!(
        raw(format!(
            "POST /room HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
            body.len()
        )),
        411
    );
    assert_eq!(
        raw("POST /room HTTP/1.1\r\nContent-Length: 5000\r\n\r\n".into()),
        413
    );
    assert_eq!(
        raw("POST /room HTTP/1.1\r\nContent-Length: 12x\r\n\r\n".into()),
        400
    );
    assert_eq!(
        raw("POST /room HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}".into()),
        400
    );
    assert_eq!(status(&post(l.addr, "/room", "{\"participant\": 5")), 400);
    assert_eq!(status(&post(l.addr, "/room", "\u{0}\u{1b}garbage")), 400);
    assert_eq!(
        status(&post(
            l.addr,
            "/room",
            r#"{"participant":"p","code":"x","input":{"kind":"shout"}}"#
        )),
        400
    );
    assert_eq!(status(&post(l.addr, "/", "{}")), 405);
    assert_eq!(status(&post(l.addr, "/events", "{}")), 405);
    assert_eq!(status(&get(l.addr, "/room")), 405);
    // A body dripping in: cut off at the head's deadline, never taken.
    let mut slow = connect(l.addr);
    let t = Instant::now();
    let head = format!(
        "POST /room HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    slow.write_all(head.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    for b in body.as_bytes().iter().take(5) {
        std::thread::sleep(Duration::from_millis(100));
        let _ = slow.write_all(&[*b]);
    }
    let mut out = Vec::new();
    let _ = slow.read_to_end(&mut out);
    let out = String::from_utf8_lossy(&out);
    assert!(out.starts_with("HTTP/1.1 408"), "{out:?}");
    assert!(t.elapsed() < Duration::from_secs(3));
    assert_eq!(l.with(|a| a.room.totals(&id(&d, case)).trafficking), 0);
    // A client that waits for `100 Continue` before its body gets it, then its answer.
    let mut s = connect(l.addr);
    let head = format!(
        "POST /room HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut cont = [0u8; 25];
    s.read_exact(&mut cont).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&cont, b"HTTP/1.1 100 Continue\r\n\r\n");
    let other = room_body("p2", CODE, vote(&id(&d, case), "trafficking"));
    let head = format!(
        "POST /room HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        other.len()
    );
    drop(s);
    let mut s = connect(l.addr);
    s.write_all(head.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    s.read_exact(&mut cont).unwrap_or_else(|e| panic!("{e}"));
    s.write_all(other.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    // Head and body in one write, exactly as long as announced: taken.
    assert_eq!(status(&post(l.addr, "/room", &body)), 200);
}

#[test]
fn without_an_inbox_or_a_presenter_a_post_is_503() {
    let d = deck();
    let any = "127.0.0.1:0".parse().unwrap_or_else(|_| unreachable!());
    let share = convene::share::server::Share::start(any, &d).unwrap_or_else(|e| panic!("{e}"));
    let r = post(
        share.local_addr(),
        "/room",
        &room_body("p", CODE, vote("x", "trafficking")),
    );
    assert_eq!(
        (status(&r), json_body(&r)["refused"].clone()),
        (503, json!("unavailable"))
    );
    // An inbox whose presenter is gone.
    share.set_inbox(std::sync::Arc::new(|_r| false));
    share.set_remote_token(Some(TOKEN.into()));
    let r = post(
        share.local_addr(),
        &format!("/remote/{TOKEN}/action"),
        r#"{"do":"next"}"#,
    );
    assert_eq!(status(&r), 503);
}

#[test]
fn a_flood_of_posts_cannot_starve_the_run_loop() {
    let d = deck();
    let (case, _) = slides(&d);
    let opts = Options {
        web: Limits {
            max_asks: 4,
            ..Limits::default()
        },
        ..Options::default()
    };
    let setup = Setup {
        opts,
        delay: Duration::from_millis(20),
        ..Setup::default()
    };
    let l = Loop::start(d.clone(), setup);
    l.open_room();
    l.key(Action::GoTo { slide: case });
    let cid = id(&d, case);
    let addr = l.addr;
    let threads: Vec<_> = (0..80)
        .map(|i| {
            let cid = cid.clone();
            std::thread::spawn(move || send_vote(addr, &format!("f{i}"), CODE, &cid, "trafficking"))
        })
        .collect();
    let answers: Vec<(u16, String)> = threads.into_iter().filter_map(|t| t.join().ok()).collect();
    let taken = answers.iter().filter(|a| a.0 == 200).count();
    let busy = answers
        .iter()
        .filter(|a| *a == &(503, "busy".to_owned()))
        .count();
    assert_eq!(taken + busy, 80, "{answers:?}");
    assert!(busy > 0, "the cap turned some away");
    assert_eq!(
        l.with(|a| a.room.totals(&cid).trafficking),
        taken,
        "each taken vote counted once"
    );
    // The page and the presenter's keys still work at once.
    assert_eq!(status(&get(addr, "/")), 200);
    l.key(Action::Next);
}

#[test]
fn pages_can_tell_a_new_presenter_session_from_the_old() {
    let share = |l: &Loop| Events::open(l.addr, "/events").state()["share"].as_u64();
    let first = Loop::start(deck(), Setup::default());
    let a = share(&first);
    drop(first);
    let again = Loop::start(deck(), Setup::default());
    let b = share(&again);
    assert!(
        a.is_some_and(|n| n > 0) && b.is_some_and(|n| n > 0),
        "{a:?} {b:?}"
    );
    assert_ne!(a, b, "a restarted presenter is another share");
}
