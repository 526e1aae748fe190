//! A filterable, scrollable list that keeps the operator's place: rows are identified by a
//! stable position, so live inserts and evictions never move the selection, and only the rows on
//! screen are turned into widgets (a 10,000-row list costs what a 30-row one does per frame).
//! Owns selection, filtering and windowing; what a row shows is the row type's business.

use std::collections::VecDeque;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row as TableRow, Table, TableState, Wrap};

use crate::views::Ctx;

/// Something a list shows.
pub trait Row {
    /// Stable identity, to keep the selection when the list is replaced.
    fn key(&self) -> String;
    /// Lowercase text `/` matches against.
    fn haystack(&self) -> String;
    /// The cells of this row.
    fn cells(&self, ctx: &Ctx<'_>) -> Vec<Cell<'static>>;
}

/// A column: heading and width.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Heading.
    pub title: &'static str,
    /// Width.
    pub width: Constraint,
}

/// Shorthand for a column.
pub const fn col(title: &'static str, width: Constraint) -> Column {
    Column { title, width }
}

/// The list state.
#[derive(Debug)]
pub struct FilterList<T> {
    entries: VecDeque<(T, String)>,
    /// Absolute position of `entries[0]`.
    base: u64,
    /// Absolute positions of the rows matching the filter, ascending.
    shown: VecDeque<u64>,
    filter: String,
    selected: Option<u64>,
    offset: usize,
    /// Keep the last row selected as rows arrive (the tail).
    follow: bool,
    cap: usize,
    /// Rows the last draw showed (a page).
    offset_page: usize,
}

impl<T: Row> FilterList<T> {
    /// A list keeping at most `cap` rows (the oldest go first); `follow` selects new rows.
    pub fn new(cap: usize, follow: bool) -> Self {
        Self {
            entries: VecDeque::new(),
            base: 0,
            shown: VecDeque::new(),
            filter: String::new(),
            selected: None,
            offset: 0,
            follow,
            cap: cap.max(1),
            offset_page: 10,
        }
    }

    fn matches(&self, hay: &str) -> bool {
        self.filter.is_empty() || hay.contains(&self.filter)
    }

    /// Appends a row.
    pub fn push(&mut self, item: T) {
        let hay = item.haystack();
        let pos = self.base + self.entries.len() as u64;
        if self.matches(&hay) {
            self.shown.push_back(pos);
        }
        self.entries.push_back((item, hay));
        while self.entries.len() > self.cap {
            self.entries.pop_front();
            self.base += 1;
            while self.shown.front().is_some_and(|p| *p < self.base) {
                self.shown.pop_front();
            }
        }
        if self.follow {
            self.selected = self.shown.back().copied();
        } else if self.selected.is_none_or(|s| s < self.base) {
            self.selected = self.shown.front().copied();
        }
    }

    /// Replaces all rows, keeping the selected row (by key) where it still exists.
    pub fn replace(&mut self, items: Vec<T>) {
        let key = self.selected().map(Row::key);
        self.base += self.entries.len() as u64;
        self.entries.clear();
        self.shown.clear();
        self.selected = None;
        for item in items {
            self.push(item);
        }
        if let Some(key) = key
            && let Some(i) = self.entries.iter().position(|(t, _)| t.key() == key)
        {
            let pos = self.base + i as u64;
            if self.shown.contains(&pos) {
                self.selected = Some(pos);
            }
        }
    }

    /// Removes every row.
    pub fn clear(&mut self) {
        self.replace(Vec::new());
    }

    /// The filter text.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Sets the filter (case-insensitive substring) and recomputes what is shown.
    pub fn set_filter(&mut self, text: &str) {
        let lower = text.to_lowercase();
        if lower == self.filter {
            return;
        }
        self.filter = lower;
        let base = self.base;
        self.shown = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, (_, hay))| self.filter.is_empty() || hay.contains(&self.filter))
            .map(|(i, _)| base + i as u64)
            .collect();
        // Keep the selected row if it still matches, else the nearest one before it.
        self.selected = match self.selected {
            _ if self.follow => self.shown.back().copied(),
            Some(s) => match self.shown.binary_search(&s) {
                Ok(_) => Some(s),
                Err(i) => self.shown.get(i.saturating_sub(1)).copied(),
            },
            None => self.shown.front().copied(),
        };
    }

    /// All rows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Rows matching the filter.
    pub fn shown_len(&self) -> usize {
        self.shown.len()
    }

    /// The selected row.
    pub fn selected(&self) -> Option<&T> {
        let s = self.selected?;
        self.entries.get(usize::try_from(s.checked_sub(self.base)?).ok()?).map(|(t, _)| t)
    }

    /// Whether the selection follows new rows.
    pub fn following(&self) -> bool {
        self.follow
    }

    fn index(&self) -> Option<usize> {
        self.selected.and_then(|s| self.shown.binary_search(&s).ok())
    }

    /// Moves the selection by `delta` rows; moving stops following unless it lands on the last.
    pub fn step(&mut self, delta: isize) {
        if self.shown.is_empty() {
            return;
        }
        let last = self.shown.len() - 1;
        let i = self.index().unwrap_or(0).saturating_add_signed(delta).min(last);
        self.selected = self.shown.get(i).copied();
        self.follow = self.follow && i == last && delta >= 0;
    }

    /// Selects the first row.
    pub fn top(&mut self) {
        self.follow = false;
        self.selected = self.shown.front().copied();
    }

    /// Selects the last row and follows new ones.
    pub fn bottom(&mut self, follow: bool) {
        self.follow = follow;
        self.selected = self.shown.back().copied();
    }

    /// Rows a page scrolls (the last drawn height).
    pub fn page(&self) -> isize {
        isize::try_from(self.page_rows()).unwrap_or(10).max(1)
    }

    fn page_rows(&self) -> usize {
        self.offset_page.max(1)
    }

    /// Draws the list in `area` with a bordered block titled `title`; `empty` is shown when no
    /// row matches.
    pub fn draw(
        &mut self,
        f: &mut Frame<'_>,
        area: Rect,
        columns: &[Column],
        title: Line<'_>,
        empty: &str,
        ctx: &Ctx<'_>,
    ) {
        let block = Block::default().borders(Borders::ALL).title(title);
        let inner_height = usize::from(area.height.saturating_sub(3));
        self.offset_page = inner_height;
        if self.shown.is_empty() {
            let text = if self.entries.is_empty() || self.filter.is_empty() {
                empty.to_owned()
            } else {
                format!("no rows match /{}", self.filter)
            };
            let p = Paragraph::new(Line::styled(text, ctx.theme.dim())).block(block).wrap(Wrap { trim: true });
            f.render_widget(p, area);
            return;
        }
        let index = self.index();
        if let Some(i) = index {
            if i < self.offset {
                self.offset = i;
            } else if inner_height > 0 && i >= self.offset + inner_height {
                self.offset = i + 1 - inner_height;
            }
        }
        self.offset = self.offset.min(self.shown.len().saturating_sub(inner_height.max(1)));
        let end = (self.offset + inner_height).min(self.shown.len());
        let rows: Vec<TableRow<'static>> = self
            .shown
            .range(self.offset..end)
            .filter_map(|p| self.entries.get(usize::try_from(p - self.base).ok()?))
            .map(|(t, _)| TableRow::new(t.cells(ctx)))
            .collect();
        let header =
            TableRow::new(columns.iter().map(|c| Cell::from(c.title)).collect::<Vec<_>>()).style(ctx.theme.label());
        let table = Table::new(rows, columns.iter().map(|c| c.width))
            .header(header)
            .block(block)
            .column_spacing(1)
            .row_highlight_style(ctx.theme.selected());
        let mut state = TableState::default().with_selected(index.map(|i| i - self.offset));
        f.render_stateful_widget(table, area, &mut state);
    }
}
