//! Output: `-o table|json|yaml`, `--no-headers`, `--jq`, color. Data goes to stdout; everything
//! else (progress, warnings, errors) to stderr. JSON field names are the API's and are stable.

use std::io::{IsTerminal, Write};

use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::args::{ColorChoice, GlobalArgs, OutputFormat};
use crate::exit::{CliError, CliResult};

/// How a value looks as a table.
#[derive(Debug)]
pub enum View {
    /// Rows under column headers.
    Rows {
        /// Column headers.
        headers: Vec<&'static str>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
    },
    /// One object: a field per line.
    Fields(Vec<(&'static str, String)>),
    /// Several views, one after the other, separated by a blank line.
    Stack(Vec<View>),
}

/// Prints command results.
#[derive(Debug, Clone)]
pub struct Printer {
    format: OutputFormat,
    no_headers: bool,
    jq: Option<String>,
    color: bool,
}

impl Printer {
    /// A printer for the global options.
    pub fn new(global: &GlobalArgs) -> Self {
        let format =
            if global.jq.is_some() { OutputFormat::Json } else { global.output.unwrap_or(OutputFormat::Table) };
        Self { format, no_headers: global.no_headers, jq: global.jq.clone(), color: color_enabled(global.color) }
    }

    /// The format in effect.
    pub fn format(&self) -> OutputFormat {
        self.format
    }

    /// Whether stderr messages may use color.
    pub fn color(&self) -> bool {
        self.color
    }

    /// Prints `value` in the chosen format; `view` says how it looks as a table.
    pub fn print<T: Serialize>(&self, value: &T, view: impl FnOnce(&T) -> View) -> CliResult<()> {
        let text = match self.format {
            OutputFormat::Json => {
                let json = serde_json::to_value(value).map_err(|e| CliError::general(e.to_string()))?;
                match &self.jq {
                    Some(expr) => jq(expr, json)?,
                    None => {
                        let mut s =
                            serde_json::to_string_pretty(&json).map_err(|e| CliError::general(e.to_string()))?;
                        s.push('\n');
                        s
                    }
                }
            }
            OutputFormat::Yaml => yaml_serde::to_string(value).map_err(|e| CliError::general(e.to_string()))?,
            OutputFormat::Table => self.table(view(value)),
        };
        write_stdout(&text)
    }

    fn table(&self, view: View) -> String {
        if let View::Stack(views) = view {
            return views.into_iter().map(|v| self.table(v)).collect::<Vec<_>>().join("\n");
        }
        let mut table = Table::new();
        table.load_preset(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled);
        let header = |text: &str| {
            let cell = Cell::new(text);
            if self.color { cell.add_attribute(Attribute::Bold) } else { cell }
        };
        match view {
            View::Rows { headers, rows } => {
                if !self.no_headers {
                    table.set_header(headers.iter().map(|h| header(h)));
                }
                for row in rows {
                    table.add_row(row);
                }
            }
            View::Fields(fields) => {
                for (name, value) in fields {
                    table.add_row(vec![header(name), Cell::new(value)]);
                }
            }
            View::Stack(_) => {}
        }
        for column in table.column_iter_mut() {
            column.set_padding((0, 3));
        }
        let mut out = String::new();
        for line in table.to_string().lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("CLICOLOR").map_or(true, |v| v != "0")
                && std::io::stdout().is_terminal()
        }
    }
}

/// Writes to stdout; a closed pipe (`nimbus … | head`) is not an error.
pub fn write_stdout(text: &str) -> CliResult<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Runs a jq expression (jaq) over `input`; strings print raw, other values as compact JSON,
/// one result per line.
pub fn jq(expr: &str, input: serde_json::Value) -> CliResult<String> {
    use jaq_core::load::{Arena, File, Loader};
    use jaq_core::{Compiler, Ctx, RcIter};
    use jaq_json::Val;

    let program = File { code: expr, path: () };
    let loader = Loader::new(jaq_std::defs().chain(jaq_json::defs()));
    let arena = Arena::default();
    let invalid = |detail: String| CliError::usage(format!("invalid --jq expression {expr:?}: {detail}"));
    let modules =
        loader.load(&arena, program).map_err(|errs| invalid(format!("{} error(s) while parsing", errs.len())))?;
    let filter = Compiler::default()
        .with_funs(jaq_std::funs().chain(jaq_json::funs()))
        .compile(modules)
        .map_err(|errs| invalid(format!("{} error(s) while compiling", errs.len())))?;
    let inputs = RcIter::new(core::iter::empty());
    let mut out = String::new();
    for result in filter.run((Ctx::new([], &inputs), Val::from(input))) {
        let value = result.map_err(|e| CliError::general(format!("--jq failed: {e}")))?;
        match serde_json::Value::from(value) {
            serde_json::Value::String(s) => out.push_str(&s),
            other => out.push_str(&other.to_string()),
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn jq_prints_strings_raw_and_values_compact() -> CliResult<()> {
        let input = json!({"sessions": [{"id": "a", "n": 1}, {"id": "b", "n": 2}]});
        assert_eq!(jq(".sessions[].id", input.clone())?, "a\nb\n");
        assert_eq!(jq("[.sessions[].n]", input.clone())?, "[1,2]\n");
        assert!(jq(".sessions[", input).is_err());
        Ok(())
    }

    #[test]
    fn tables_align_and_drop_headers_on_request() {
        let view = || View::Rows {
            headers: vec!["ID", "NAME"],
            rows: vec![vec!["1".into(), "alpha".into()], vec!["22".into(), "b".into()]],
        };
        let p = Printer { format: OutputFormat::Table, no_headers: false, jq: None, color: false };
        assert_eq!(p.table(view()), "ID   NAME\n1    alpha\n22   b\n");
        let p = Printer { no_headers: true, ..p };
        assert_eq!(p.table(view()), "1    alpha\n22   b\n");
    }

    #[test]
    fn stacked_views_are_separated_by_a_blank_line() {
        let p = Printer { format: OutputFormat::Table, no_headers: false, jq: None, color: false };
        let view = View::Stack(vec![
            View::Fields(vec![("RESULT", "DENIED".into())]),
            View::Rows { headers: vec!["POLICY", "SATISFIED"], rows: vec![vec!["p1".into(), "no".into()]] },
        ]);
        assert_eq!(p.table(view), "RESULT   DENIED\n\nPOLICY   SATISFIED\np1       no\n");
    }
}
