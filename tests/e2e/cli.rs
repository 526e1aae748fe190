//! The CLI's contract: exit codes, output formats, contexts, sessions, help.

use nimbus_e2e::{ADMIN_EMAIL, Backend, Daemon};

#[tokio::test]
async fn exit_codes_and_output_formats() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let cli = d.cli();

    let out = cli.run(&["whoami"]).await;
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(out.stderr.contains("nimbus login"), "{}", out.stderr);
    let out = cli.run(&["whoami", "-o", "json"]).await;
    assert_eq!(out.code, 4);
    let err: serde_json::Value = serde_json::from_str(out.stderr.trim()).expect("JSON error on stderr");
    assert_eq!(err["error"]["code"], "unauthenticated");

    let wrong = cli.run_with(&["login", "--email", ADMIN_EMAIL, "--password-stdin"], Some("nope nope nope nope")).await;
    assert_eq!(wrong.code, 4);
    assert!(wrong.stderr.contains("trace id"), "{}", wrong.stderr);
    let no_password = cli.run(&["login", "--email", ADMIN_EMAIL]).await;
    assert_eq!(no_password.code, 2, "no TTY and no --password-stdin: {}", no_password.stderr);

    cli.login().await.ok();
    let table = cli.run(&["whoami"]).await;
    assert!(table.ok().stdout.contains(ADMIN_EMAIL));
    let yaml = cli.run(&["whoami", "-o", "yaml"]).await;
    assert!(yaml.ok().stdout.contains(&format!("email: {ADMIN_EMAIL}")), "{}", yaml.stdout);
    let jq = cli.run(&["whoami", "--jq", ".tenant.slug"]).await;
    assert_eq!(jq.ok().stdout, "provider\n");

    let status = cli.run(&["status", "-o", "json"]).await;
    let status = status.ok().json();
    assert_eq!((status["reachable"].as_bool(), status["backend"].as_str()), (Some(true), Some("sqlite")));
    assert_eq!(status["signed_in_as"], ADMIN_EMAIL);
    let auth = cli.run(&["auth", "status", "-o", "json"]).await;
    let auth = auth.ok().json();
    assert_eq!(auth["token_accepted"], true);
    assert!(auth["credential_store"].as_str().unwrap().starts_with("file "), "{auth}");

    // Sessions: revoking the current one signs out.
    let list = cli.run(&["session", "list", "-o", "json"]).await;
    let list = list.ok().json();
    let current = list["sessions"].as_array().unwrap().iter().find(|s| s["current"] == true).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = cli.run(&["session", "revoke", &current]).await;
    assert_eq!(refused.code, 2, "no confirmation without a TTY: {}", refused.stderr);
    assert!(refused.stderr.contains("--yes"));
    assert_eq!(cli.run(&["session", "revoke", "not-an-id", "--yes"]).await.code, 2);
    cli.run(&["session", "revoke", &current, "--yes"]).await.ok();
    assert_eq!(cli.run(&["whoami"]).await.code, 4);

    // An unreachable daemon: exit 1, with a hint.
    let out = cli.run(&["status", "--url", "http://127.0.0.1:9", "-o", "json"]).await;
    assert_eq!(out.code, 1);
    assert_eq!(out.json()["reachable"], false);
}

#[tokio::test]
async fn contexts() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let cli = d.cli();
    cli.run(&["context", "add", "prod", "--url", "https://nimbus.example.com/"]).await.ok();
    let list = cli.run(&["context", "list", "-o", "json"]).await;
    let list = list.ok().json();
    assert_eq!(list["current_context"], "test");
    let names: Vec<&str> = list["contexts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["local", "prod", "test"]);
    cli.run(&["context", "use", "prod"]).await.ok();
    assert_eq!(cli.run(&["context", "current", "--jq", ".url"]).await.ok().stdout, "https://nimbus.example.com\n");
    assert_eq!(cli.run(&["--context", "test", "context", "current", "--jq", ".name"]).await.ok().stdout, "test\n");
    assert_eq!(cli.run(&["context", "use", "nope"]).await.code, 6);
    assert_eq!(cli.run(&["context", "add", "bad name", "--url", "http://x"]).await.code, 2);
    assert_eq!(cli.run(&["context", "add", "x", "--url", "ftp://x"]).await.code, 2);
    cli.run(&["context", "remove", "prod"]).await.ok();
    assert_eq!(cli.run(&["context", "current", "--jq", ".name"]).await.ok().stdout, "local\n");
    assert_eq!(cli.run(&["context", "remove", "local"]).await.code, 2);
}

#[tokio::test]
async fn help_topics_completions_and_version() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let cli = d.cli();
    assert!(cli.run(&["help", "environment"]).await.ok().stdout.contains("NIMBUS_TOKEN"));
    assert!(cli.run(&["help", "exit-codes"]).await.ok().stdout.contains("authentication required"));
    assert!(cli.run(&["help", "session", "revoke"]).await.ok().stdout.contains("--yes"));
    assert_eq!(cli.run(&["help", "nonsense"]).await.code, 2);
    assert!(cli.run(&["completions", "bash"]).await.ok().stdout.contains("_nimbus"));
    assert!(cli.run(&["--version"]).await.ok().stdout.starts_with("nimbus "));
    assert_eq!(cli.run(&["no-such-command"]).await.code, 2);
    let help = cli.run(&["--help"]).await;
    assert!(help.ok().stdout.starts_with("Examples:"), "examples first: {}", help.stdout);
}
