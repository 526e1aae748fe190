//! `docs/tui.md` shows the snapshot tests' screens: each block after a
//! `<!-- snapshot: NAME -->` marker must be `tests/snapshots/NAME.snap`'s screen.
//! `UPDATE_DOCS=1 cargo test -p nimbus-tui --test docs` rewrites the blocks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

const MARKER: &str = "<!-- snapshot: ";

/// The screen of an insta snapshot: its lines without the quotes.
fn screen(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(format!("{name}.snap"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
    body.lines().map(|l| l.strip_prefix('"').and_then(|l| l.strip_suffix('"')).unwrap_or(l).trim_end()).fold(
        String::new(),
        |mut out, l| {
            out.push_str(l);
            out.push('\n');
            out
        },
    )
}

/// The document with every marked block replaced by its snapshot.
fn rendered(doc: &str) -> String {
    let mut out = String::new();
    let mut rest = doc;
    while let Some(at) = rest.find(MARKER) {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let end = tail.find(" -->").expect("marker ends with -->");
        let name = &tail[MARKER.len()..end];
        let open = tail.find("```text\n").expect("a ```text block follows the marker");
        let close = open + 8 + tail[open + 8..].find("```\n").expect("the block ends");
        out.push_str(&tail[..open + 8]);
        out.push_str(&screen(name));
        rest = &tail[close..];
    }
    out.push_str(rest);
    out
}

#[test]
fn docs_show_the_snapshot_screens() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/tui.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let want = rendered(&doc);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    assert!(doc == want, "docs/tui.md screenshots are stale: UPDATE_DOCS=1 cargo test -p nimbus-tui --test docs");
}
