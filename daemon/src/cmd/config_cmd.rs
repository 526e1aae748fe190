//! `nimbusd config show`.

use super::{Cli, CmdResult, ConfigOutput, Failure, exit};

pub(super) fn show(cli: &Cli, output: ConfigOutput) -> CmdResult {
    let (config, source) = cli.load_config()?;
    match &source.file {
        Some(file) => eprintln!("# configuration file: {}", file.display()),
        None => eprintln!("# no configuration file; built-in defaults and environment"),
    }
    let redacted = config.redacted();
    let text = match output {
        ConfigOutput::Toml => toml::to_string_pretty(&redacted).map_err(|e| Failure::new(exit::ERROR, e))?,
        ConfigOutput::Json => {
            let mut s = serde_json::to_string_pretty(&redacted).map_err(|e| Failure::new(exit::ERROR, e))?;
            s.push('\n');
            s
        }
    };
    print!("{text}");
    Ok(())
}
