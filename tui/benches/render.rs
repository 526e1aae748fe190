//! Render cost of a 10,000-row list per frame (target: ≤ 2 ms per frame in a release build).
//!
//! Two scenarios on a 120×40 `TestBackend`: a steady tail (one record arrives per frame, the
//! selection follows) and a filtered list (a `/` filter matching every other row). Each prints
//! mean, p50, p99 and max. `cargo bench -p nimbus-tui --bench render` runs 2,000 frames per
//! scenario; `-- --quick` runs 50 (a smoke test).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, unreachable_pub)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use nimbus_tui::action::Action;
use nimbus_tui::app::{App, key, typed};
use nimbus_tui::views::ViewId;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ROWS: u64 = 10_000;

fn loaded_app() -> App {
    let mut app = common::app(ViewId::Audit);
    let records = (1..=ROWS)
        .map(|s| {
            let event = if s % 2 == 0 { "user.updated" } else { "group.updated" };
            common::record(s, event, "admin@example.com", "user/someone@example.com", "success")
        })
        .collect();
    app.update(Action::Audit(records));
    app
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let n = times.len();
    let mean = times.iter().sum::<Duration>() / u32::try_from(n).unwrap();
    let pct = |p: f64| times[((n as f64 * p) as usize).min(n - 1)];
    println!(
        "{name:<28} frames {n:>5}  mean {:>8.3} ms  p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms",
        mean.as_secs_f64() * 1e3,
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        times[n - 1].as_secs_f64() * 1e3,
    );
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let frames: u64 = if quick { 50 } else { 2_000 };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();

    // Tail: a record arrives, the frame is drawn.
    let mut app = loaded_app();
    let mut times = Vec::new();
    for i in 0..frames {
        app.update(Action::Audit(vec![common::record(
            ROWS + 1 + i,
            "user.updated",
            "admin@example.com",
            "user/x",
            "success",
        )]));
        let started = Instant::now();
        terminal.draw(|f| app.draw(f)).unwrap();
        times.push(started.elapsed());
    }
    report("tail, 10k rows, 120x40", times);

    // Filtered: half the rows match; the selection moves a row per frame.
    let mut app = loaded_app();
    app.update(key(KeyCode::Char('/')));
    for a in typed("user.updated") {
        app.update(a);
    }
    app.update(key(KeyCode::Enter));
    let mut times = Vec::new();
    for _ in 0..frames {
        app.update(key(KeyCode::Up));
        let started = Instant::now();
        terminal.draw(|f| app.draw(f)).unwrap();
        times.push(started.elapsed());
    }
    report("filtered, 10k rows, 120x40", times);

    // Typing a filter character re-filters all rows; timed with the frame it triggers.
    let mut app = loaded_app();
    app.update(key(KeyCode::Char('/')));
    let mut times = Vec::new();
    for i in 0..frames {
        let c = if i % 2 == 0 { 'u' } else { '\u{8}' };
        let started = Instant::now();
        if c == 'u' {
            app.update(key(KeyCode::Char('u')));
        } else {
            app.update(key(KeyCode::Backspace));
        }
        terminal.draw(|f| app.draw(f)).unwrap();
        times.push(started.elapsed());
    }
    report("filter keystroke + frame, 10k", times);
}
