//! `nimbusd serve`.

use std::sync::Arc;

use super::{CmdResult, Failure, ServeArgs, exit, init_cmd, open_store, prompt};
use crate::config::Config;
use crate::http::{self, AppState};
use crate::services::Services;
use crate::services::init::is_initialised;

pub(super) async fn run(config: Config, args: &ServeArgs) -> CmdResult {
    http::server::check_listen(&config.server).map_err(|e| Failure::new(exit::USAGE, e))?;
    let config = Arc::new(config);
    let store = open_store(&config).await?;
    let initialised = is_initialised(store.as_ref()).await.map_err(|e| Failure::new(exit::DATABASE, e))?;
    if !initialised {
        if prompt::interactive() {
            init_cmd::walkthrough(&config, store.clone()).await?;
        } else {
            return Err(Failure::new(
                exit::INIT_STATE,
                anyhow::anyhow!(
                    "{} is not initialised: run `nimbusd init --email you@example.com` first \
                     (or start `nimbusd serve` in a terminal to be walked through it)",
                    store.display_url()
                ),
            ));
        }
    }
    tracing::info!(database = store.display_url(), version = env!("CARGO_PKG_VERSION"), "starting nimbusd");
    let services = Services::start(config.clone(), store).await?;
    let state = AppState::new(services, &config.server)?;
    http::server::serve(
        http::router(state.clone()),
        &config.server,
        args.ready_file.as_deref(),
        http::server::shutdown_signal(),
    )
    .await?;
    // Gives this replica's workflow leases back so another replica resumes its runs at once.
    state.services.stop_engine().await;
    Ok(())
}
