//! `nimbus auth check`: would the daemon allow it, and why. Exit 0 when allowed, 7 when denied.

use std::collections::BTreeMap;

use nimbus_core::api::iam::{CheckRequest, CheckResult};

use super::{Env, to_map};
use crate::args::CheckArgs;
use crate::exit::{CliError, CliResult};
use crate::output::View;

/// Attributes that describe the request rather than the resource.
const CONTEXT_ATTRS: [&str; 3] = ["ip", "mfa", "time"];

/// Splits `--attr` pairs into (resource, context) attributes.
fn split_attrs(attrs: &[(String, String)]) -> CliResult<(BTreeMap<String, String>, BTreeMap<String, String>)> {
    let (context, resource): (BTreeMap<_, _>, BTreeMap<_, _>) =
        to_map(attrs, "--attr")?.into_iter().partition(|(key, _)| CONTEXT_ATTRS.contains(&key.as_str()));
    Ok((resource, context))
}

fn check_view(r: &CheckResult) -> View {
    let summary = View::Fields(vec![
        ("RESULT", if r.allowed { "ALLOWED" } else { "DENIED" }.to_owned()),
        ("DECIDED BY", r.decided_by.clone()),
        ("PATH", r.path.clone().unwrap_or_else(|| "-".into())),
    ]);
    if r.conditions.is_empty() {
        return summary;
    }
    let conditions = View::Rows {
        headers: vec!["POLICY", "EFFECT", "SATISFIED", "ERROR"],
        rows: r
            .conditions
            .iter()
            .map(|c| {
                vec![
                    c.policy.clone(),
                    c.effect.clone(),
                    if c.satisfied { "yes" } else { "no" }.to_owned(),
                    c.error.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    };
    View::Stack(vec![summary, conditions])
}

pub(super) async fn run(env: Env, args: &CheckArgs) -> CliResult<()> {
    let (resource, context) = split_attrs(&args.attrs)?;
    let request = CheckRequest {
        user: args.user.clone(),
        permission: args.permission.clone(),
        compartment_id: args.resource,
        resource,
        context,
    };
    let (client, tenant) = env.tenant_client().await?;
    let result = client.check(&tenant, &request).await?;
    env.printer.print(&result, check_view)?;
    if result.allowed { Ok(()) } else { Err(CliError::denied()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn request_attributes_go_to_context_and_the_rest_to_resource() -> CliResult<()> {
        let attrs = pairs(&[
            ("ip", "10.1.2.3"),
            ("kind", "ci"),
            ("mfa", "true"),
            ("class", "virtualmachine"),
            ("tag.env", "prod"),
            ("time", "2026-01-01T09:00:00Z"),
        ]);
        let (resource, context) = split_attrs(&attrs)?;
        assert_eq!(resource.keys().collect::<Vec<_>>(), ["class", "kind", "tag.env"]);
        assert_eq!(context.keys().collect::<Vec<_>>(), ["ip", "mfa", "time"]);
        assert_eq!(context["time"], "2026-01-01T09:00:00Z");
        Ok(())
    }

    #[test]
    fn no_attributes_and_repeated_ones() -> CliResult<()> {
        let (resource, context) = split_attrs(&[])?;
        assert!(resource.is_empty() && context.is_empty());
        assert!(split_attrs(&pairs(&[("ip", "a"), ("ip", "b")])).is_err());
        // Names are taken as given: `IP` is a resource attribute, not the request's address.
        let (resource, context) = split_attrs(&pairs(&[("IP", "a")]))?;
        assert_eq!((resource.len(), context.len()), (1, 0));
        Ok(())
    }

    #[test]
    fn denied_exits_7_without_an_error_message() {
        let e = CliError::denied();
        assert_eq!(e.code, crate::exit::DENIED);
        assert!(e.silent);
    }
}
