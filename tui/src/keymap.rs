//! Key bindings as data: the key table (intent, default keys, help text, scope), parsing of key
//! names (`ctrl-r`, `pgdn`, `G`), and the user's overrides from `tui.toml`. The `?` help is
//! generated from [`KEY_TABLE`]. Owns no behaviour: the app and the views decide what an intent
//! does.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Intent {
    /// Leave the dashboard.
    Quit,
    /// `:` command mode (switch views).
    Command,
    /// `/` filter the list.
    Filter,
    /// `?` help.
    Help,
    /// Close the pane, prompt or filter; go back.
    Back,
    /// Reload the view.
    Refresh,
    /// Selection up.
    Up,
    /// Selection down.
    Down,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// First row.
    Top,
    /// Last row (the tail follows again).
    Bottom,
    /// Open the detail pane / choose the row.
    Open,
    /// Pause or resume the live tail.
    Pause,
    /// Approve the selected request.
    Approve,
    /// Reject the selected request.
    Reject,
    /// Delegate the selected request.
    Delegate,
    /// Send a signal to the selected run.
    Signal,
    /// Cancel the selected run.
    Cancel,
    /// Retry the selected run.
    Retry,
    /// Pause or resume the selected schedule.
    Toggle,
    /// Fire the selected schedule now.
    Trigger,
    /// Search the CMDB.
    Search,
    /// Impact view of the selected CI.
    Impact,
    /// Move focus between list and relationships.
    Focus,
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct KeyDef {
    /// The intent.
    pub intent: Intent,
    /// Its name in `tui.toml`.
    pub name: &'static str,
    /// Default keys.
    pub keys: &'static [&'static str],
    /// Help text.
    pub help: &'static str,
    /// `global` or the view (command name) it belongs to.
    pub scope: &'static str,
    /// Changes something on the daemon (refused with `--readonly`).
    pub mutating: bool,
}

const fn def(
    intent: Intent,
    name: &'static str,
    keys: &'static [&'static str],
    help: &'static str,
    scope: &'static str,
    mutating: bool,
) -> KeyDef {
    KeyDef { intent, name, keys, help, scope, mutating }
}

/// Every binding, in help order.
pub const KEY_TABLE: &[KeyDef] = &[
    def(Intent::Command, "command", &[":"], "switch view (:audit, :tenants, …)", "global", false),
    def(Intent::Filter, "filter", &["/"], "filter the list as you type", "global", false),
    def(Intent::Help, "help", &["?"], "this help", "global", false),
    def(Intent::Back, "back", &["esc"], "close pane / clear filter / back", "global", false),
    def(Intent::Refresh, "refresh", &["ctrl-r"], "reload the view", "global", false),
    def(Intent::Up, "up", &["up", "k"], "selection up", "global", false),
    def(Intent::Down, "down", &["down", "j"], "selection down", "global", false),
    def(Intent::PageUp, "page-up", &["pgup", "ctrl-b"], "page up", "global", false),
    def(Intent::PageDown, "page-down", &["pgdn", "ctrl-f"], "page down", "global", false),
    def(Intent::Top, "top", &["home", "g"], "first row", "global", false),
    def(Intent::Bottom, "bottom", &["end", "G"], "last row (follow the tail)", "global", false),
    def(Intent::Open, "open", &["enter"], "detail pane / choose", "global", false),
    def(Intent::Quit, "quit", &["q", "ctrl-c"], "quit", "global", false),
    def(Intent::Pause, "pause", &["p"], "pause / resume the live tail", "audit", false),
    def(Intent::Approve, "approve", &["a"], "approve (reason, confirm)", "approvals", true),
    def(Intent::Reject, "reject", &["x"], "reject (reason, confirm)", "approvals", true),
    def(Intent::Delegate, "delegate", &["d"], "delegate (to, reason, confirm)", "approvals", true),
    def(Intent::Signal, "signal", &["s"], "signal the run (name, confirm)", "workflows", true),
    def(Intent::Cancel, "cancel", &["c"], "cancel the run (confirm)", "workflows", true),
    def(Intent::Retry, "retry", &["r"], "retry the run (confirm)", "workflows", true),
    def(Intent::Toggle, "toggle", &["p"], "pause / resume the schedule (confirm)", "schedules", true),
    def(Intent::Trigger, "trigger", &["t"], "fire the schedule now (confirm)", "schedules", true),
    def(Intent::Search, "search", &["s"], "search the CMDB", "cmdb", false),
    def(Intent::Impact, "impact", &["i"], "impact: what breaks if this goes", "cmdb", false),
    def(Intent::Focus, "focus", &["tab"], "focus list / relationships", "cmdb", false),
];

impl Intent {
    /// Its key-table row.
    pub fn def(self) -> &'static KeyDef {
        // The table lists every intent; a missing one is a programming error caught by a test.
        KEY_TABLE.iter().find(|d| d.intent == self).unwrap_or(&KEY_TABLE[0])
    }
}

/// A key with modifiers, as written in `tui.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    /// Key.
    pub code: KeyCode,
    /// Only CONTROL and ALT count; a character's case carries SHIFT.
    pub mods: KeyModifiers,
}

impl Chord {
    /// The chord of a terminal key event.
    pub fn of(key: &KeyEvent) -> Self {
        let mods = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        Self { code: key.code, mods }
    }

    /// Parses `ctrl-r`, `alt-x`, `esc`, `enter`, `tab`, `space`, `up`, `pgdn`, `f5`, `G`, `:`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "esc" => KeyCode::Esc,
            "enter" => KeyCode::Enter,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" => KeyCode::PageUp,
            "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "delete" => KeyCode::Delete,
            f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next().unwrap_or(' ')),
            _ => return Err(format!("unknown key {text:?} (examples: q, G, ctrl-r, esc, enter, pgdn, f5)")),
        };
        Ok(Self { code, mods })
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("backtab"),
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::F(n) => write!(f, "f{n}"),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The bindings in effect.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Chord, Intent)>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = KEY_TABLE
            .iter()
            .flat_map(|d| d.keys.iter().filter_map(move |k| Chord::parse(k).ok().map(|c| (c, d.intent))))
            .collect();
        Self { bindings }
    }
}

/// `tui.toml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
}

impl Keymap {
    /// The defaults with the overrides of `path` (an action named there gets exactly the keys
    /// listed); a missing file is no error.
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_toml(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// The defaults with the overrides of a `tui.toml` text.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let file: KeyFile = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let mut map = Self::default();
        for (name, keys) in file.keys {
            let Some(d) = KEY_TABLE.iter().find(|d| d.name == name) else {
                let known: Vec<&str> = KEY_TABLE.iter().map(|d| d.name).collect();
                return Err(format!("unknown action {name:?} in [keys]; known: {}", known.join(", ")));
            };
            let chords = keys.iter().map(|k| Chord::parse(k)).collect::<Result<Vec<_>, _>>()?;
            map.bindings.retain(|(_, i)| *i != d.intent);
            map.bindings.extend(chords.into_iter().map(|c| (c, d.intent)));
        }
        Ok(map)
    }

    /// The intent of `key` in the view named `scope`: a binding of that view wins over a global one.
    pub fn intent(&self, key: &KeyEvent, scope: &str) -> Option<Intent> {
        let chord = Chord::of(key);
        let mut global = None;
        for (c, i) in &self.bindings {
            if *c != chord {
                continue;
            }
            let s = i.def().scope;
            if s == scope {
                return Some(*i);
            }
            if s == "global" && global.is_none() {
                global = Some(*i);
            }
        }
        global
    }

    /// The keys bound to `intent`, e.g. `up/k`.
    pub fn keys_of(&self, intent: Intent) -> String {
        let keys: Vec<String> =
            self.bindings.iter().filter(|(_, i)| *i == intent).map(|(c, _)| c.to_string()).collect();
        if keys.is_empty() { "(unbound)".to_owned() } else { keys.join("/") }
    }

    /// The first key bound to `intent` (footer hints).
    pub fn first_key(&self, intent: Intent) -> Option<Chord> {
        self.bindings.iter().find(|(_, i)| *i == intent).map(|(c, _)| *c)
    }

    /// Help rows `(keys, help)` for the global bindings and those of view `scope`.
    pub fn help_rows(&self, scope: &str) -> Vec<(String, &'static str, &'static str)> {
        KEY_TABLE
            .iter()
            .filter(|d| d.scope == "global" || d.scope == scope)
            .map(|d| (self.keys_of(d.intent), d.help, d.scope))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn every_intent_has_a_row() {
        for d in KEY_TABLE {
            assert_eq!(d.intent.def().name, d.name);
            for k in d.keys {
                assert!(Chord::parse(k).is_ok(), "{k}");
            }
        }
    }

    #[test]
    fn key_names_round_trip() {
        for text in ["q", "G", "ctrl-r", "alt-x", "esc", "enter", "pgdn", "f5", "space", ":", "tab"] {
            assert_eq!(Chord::parse(text).map(|c| c.to_string()), Ok(text.to_owned()));
        }
        assert!(Chord::parse("hyper-q").is_err());
        assert!(Chord::parse("f13").is_err());
    }

    #[test]
    fn view_bindings_win_over_global_ones_in_their_view() {
        let map = Keymap::default();
        let p = key(KeyCode::Char('p'), KeyModifiers::NONE);
        assert_eq!(map.intent(&p, "audit"), Some(Intent::Pause));
        assert_eq!(map.intent(&p, "schedules"), Some(Intent::Toggle));
        assert_eq!(map.intent(&p, "tenants"), None);
        let shift_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.intent(&shift_g, "audit"), Some(Intent::Bottom));
    }

    #[test]
    fn overrides_replace_an_actions_keys() {
        let map = Keymap::from_toml("[keys]\nquit = [\"ctrl-q\"]\npause = [\"space\"]\n");
        let map = map.unwrap_or_default();
        assert_eq!(map.keys_of(Intent::Quit), "ctrl-q");
        assert_eq!(map.intent(&key(KeyCode::Char('q'), KeyModifiers::NONE), "audit"), None);
        assert_eq!(map.intent(&key(KeyCode::Char(' '), KeyModifiers::NONE), "audit"), Some(Intent::Pause));
        let bad = Keymap::from_toml("[keys]\nfly = [\"f\"]\n").err().unwrap_or_default();
        assert!(bad.starts_with("unknown action \"fly\""), "{bad}");
        assert!(Keymap::from_toml("[keys]\nquit = [\"hyper-q\"]\n").is_err());
    }
}
