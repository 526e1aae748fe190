//! Listening: plain HTTP or TLS (rustls), the loopback-unless-TLS rule, readiness file, and
//! graceful shutdown on SIGINT/SIGTERM (Ctrl-C on Windows).

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context, bail};
use axum::Router;
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;

use crate::config::ServerConfig;

/// Refuses to expose plain HTTP beyond loopback unless explicitly allowed.
pub fn check_listen(config: &ServerConfig) -> anyhow::Result<()> {
    if !config.listen.ip().is_loopback() && config.tls.is_none() && !config.insecure_listen {
        bail!(
            "refusing to listen on {} without TLS: passwords and tokens would cross the network in clear; \
             configure [server.tls] cert_file and key_file, or pass --insecure-listen if a TLS proxy sits in front",
            config.listen
        );
    }
    Ok(())
}

/// Serves `app` until `shutdown` resolves, then drains in-flight requests for up to the grace
/// period. Writes the bound address to `ready_file` once listening.
pub async fn serve(
    app: Router,
    config: &ServerConfig,
    ready_file: Option<&Path>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    check_listen(config)?;
    let listener =
        std::net::TcpListener::bind(config.listen).with_context(|| format!("cannot listen on {}", config.listen))?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;

    let handle: Handle<SocketAddr> = Handle::new();
    let grace = config.shutdown_grace;
    let shutdown_handle = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!(grace_secs = grace.as_secs(), "shutting down: draining in-flight requests");
        shutdown_handle.graceful_shutdown(Some(grace));
    });

    let scheme = if config.tls.is_some() { "https" } else { "http" };
    let make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    let server = async {
        match &config.tls {
            Some(tls) => {
                let rustls = RustlsConfig::from_pem_file(&tls.cert_file, &tls.key_file).await.with_context(|| {
                    format!(
                        "cannot load TLS certificate {} and key {}",
                        tls.cert_file.display(),
                        tls.key_file.display()
                    )
                })?;
                announce(scheme, local, ready_file)?;
                axum_server::from_tcp_rustls(listener, rustls)?.handle(handle).serve(make_service).await?;
            }
            None => {
                announce(scheme, local, ready_file)?;
                axum_server::from_tcp(listener)?.handle(handle).serve(make_service).await?;
            }
        }
        anyhow::Ok(())
    };
    server.await?;
    tracing::info!("stopped");
    Ok(())
}

fn announce(scheme: &str, local: SocketAddr, ready_file: Option<&Path>) -> anyhow::Result<()> {
    tracing::info!(address = %local, "listening on {scheme}://{local}");
    if let Some(path) = ready_file {
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, format!("{scheme}://{local}\n"))
            .with_context(|| format!("cannot write ready file {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write ready file {}", path.display()))?;
    }
    Ok(())
}

/// Resolves on SIGINT or SIGTERM (Ctrl-C or Ctrl-Break on Windows).
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_loopback_needs_tls_or_explicit_consent() {
        let mut c = ServerConfig::default();
        assert!(check_listen(&c).is_ok());
        c.listen = "0.0.0.0:7460".parse().unwrap_or(c.listen);
        let err = check_listen(&c).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("--insecure-listen"), "{err}");
        c.insecure_listen = true;
        assert!(check_listen(&c).is_ok());
        c.listen = "[::1]:7460".parse().unwrap_or(c.listen);
        c.insecure_listen = false;
        assert!(check_listen(&c).is_ok());
    }
}
