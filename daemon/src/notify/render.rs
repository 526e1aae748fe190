//! Templates rendered in a sandbox, and the built-in defaults.
//!
//! minijinja without a loader and without the multi-template feature: a template cannot name a
//! file or another template (`include`, `extends` and `import` do not exist), it sees only the
//! context it is given, each render has a fuel budget (so a loop cannot run away), and sources
//! and outputs have size limits. Owns the defaults and the checks a template must pass before it
//! is stored; it must not read the store or decide which template applies (`fanout` does).

use minijinja::{Environment, UndefinedBehavior};
use serde_json::{Value, json};

/// Largest template source (subject or body).
pub const MAX_SOURCE: usize = 16 * 1024;
/// Largest rendered output.
pub const MAX_OUTPUT: usize = 256 * 1024;
/// Instructions one render may execute.
const FUEL: u64 = 100_000;

/// A rendered notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject (email) or title (in-app); empty for webhooks.
    pub subject: String,
    /// Body; JSON text for webhooks.
    pub body: String,
}

/// Why a template was refused or failed: names the field and says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct TemplateError {
    /// `subject` or `body`.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    // Plain text and JSON: nothing to escape for HTML.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_undefined_behavior(UndefinedBehavior::Lenient);
    env
}

fn render_one(field: &'static str, source: &str, ctx: &Value) -> Result<String, TemplateError> {
    if source.len() > MAX_SOURCE {
        return Err(TemplateError { field, message: format!("longer than {MAX_SOURCE} bytes; shorten it") });
    }
    let env = env();
    let out = env
        .render_str(source, minijinja::value::Serde(ctx))
        .map_err(|e| TemplateError { field, message: describe(&e) })?;
    if out.len() > MAX_OUTPUT {
        return Err(TemplateError { field, message: format!("renders to more than {MAX_OUTPUT} bytes") });
    }
    Ok(out)
}

fn describe(e: &minijinja::Error) -> String {
    let mut message = match e.kind() {
        minijinja::ErrorKind::OutOfFuel => "the template does too much work (a loop too long?); simplify it".to_owned(),
        _ => e.detail().map_or_else(|| e.kind().to_string(), |d| format!("{}: {d}", e.kind())),
    };
    if let Some(line) = e.line() {
        message.push_str(&format!(" (line {line})"));
    }
    message
}

/// Renders a template for `channel` with `ctx`. A webhook body must render to a JSON value.
pub fn render(channel: &str, subject: &str, body: &str, ctx: &Value) -> Result<Rendered, TemplateError> {
    let subject = if channel == "webhook" { String::new() } else { render_one("subject", subject, ctx)? };
    let body = render_one("body", body, ctx)?;
    if channel == "webhook" && serde_json::from_str::<Value>(&body).is_err() {
        return Err(TemplateError {
            field: "body",
            message: "a webhook template must render to JSON; build it with `| tojson`".to_owned(),
        });
    }
    Ok(Rendered { subject: subject.trim().to_owned(), body })
}

/// Checks a template before it is stored: it must compile and render a sample event.
pub fn check(channel: &str, subject: &str, body: &str) -> Result<(), TemplateError> {
    if channel != "webhook" && subject.trim().is_empty() {
        return Err(TemplateError { field: "subject", message: "an email or in-app template needs one".to_owned() });
    }
    render(channel, subject, body, &sample_context()).map(|_| ())
}

/// The context a sample render uses: the shape every render gets.
pub fn sample_context() -> Value {
    json!({
        "event_type": "sample.event",
        "category": "system",
        "tenant": { "id": "00000000-0000-7000-8000-000000000000", "name": "Sample", "slug": "sample" },
        "recipient": { "email": "someone@example.com", "name": "Someone" },
        "data": { "message": "a sample notification", "count": 1, "items": [] },
        "private": {},
        "at": "2026-01-01T00:00:00Z",
    })
}

/// The built-in template for an event type and channel: `(subject, body)`.
pub fn default_template(event_type: &str, channel: &str) -> (&'static str, &'static str) {
    match (event_type, channel) {
        ("invitation.created", "email") => (
            "You are invited to {{ tenant.name }} on Nimbus",
            "Hello,\n\n{{ data.invited_by | default('An administrator') }} invited you to join {{ tenant.name }} \
             as {{ data.role }}.\n\n{% if private.link %}Accept the invitation: {{ private.link }}\n\n{% endif %}\
             Your invitation token: {{ private.token }}\n(accept it with `nimbus invite accept <token>`)\n\n\
             The invitation expires at {{ data.expires_at }}.\n",
        ),
        ("notification.digest", "email") => (
            "Nimbus digest: {{ data.count }} notification{{ '' if data.count == 1 else 's' }}",
            "Your notifications from {{ tenant.name }}:\n\n{% for item in data.items %}\
             - [{{ item.at }}] {{ item.subject }}\n{% endfor %}",
        ),
        (_, "email") => (
            "[Nimbus] {{ data.title | default(event_type) }}",
            "{{ data.message | default(event_type) }}\n\nTenant: {{ tenant.name }}\nEvent: {{ event_type }} \
             ({{ category }})\nAt: {{ at }}\n",
        ),
        (_, "in_app") => ("{{ data.title | default(event_type) }}", "{{ data.message | default('') }}"),
        _ => (
            "",
            "{{ {\"event_type\": event_type, \"category\": category, \"tenant_id\": tenant.id, \"at\": at, \
             \"data\": data} | tojson }}",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_passes_its_own_check() {
        for event in ["invitation.created", "notification.digest", "anything.else"] {
            for channel in ["email", "in_app", "webhook"] {
                let (s, b) = default_template(event, channel);
                assert_eq!(check(channel, s, b), Ok(()), "{event} {channel}");
            }
        }
        let (s, b) = default_template("x.y", "webhook");
        let r = render("webhook", s, b, &sample_context()).unwrap_or_else(|e| panic!("{e}"));
        let v: Value = serde_json::from_str(&r.body).unwrap_or_default();
        assert_eq!(v["event_type"], "sample.event");
        assert_eq!(v["data"]["message"], "a sample notification");
    }

    #[test]
    fn bad_templates_are_refused_naming_the_field() {
        let err = check("email", "Hi {{ user", "body").err().unwrap_or_else(|| panic!("accepted"));
        assert_eq!(err.field, "subject");
        let err = check("email", "Hi", "{% for x in data.items %}").err().unwrap_or_else(|| panic!("accepted"));
        assert_eq!(err.field, "body");
        let err = check("in_app", "t", "{{ data | nosuchfilter }}").err().unwrap_or_else(|| panic!("accepted"));
        assert_eq!(err.field, "body", "{err}");
        let err = check("webhook", "", "not json {{ event_type }}").err().unwrap_or_else(|| panic!("accepted"));
        assert!(err.message.contains("JSON"), "{err}");
        let err = check("email", "", "body").err().unwrap_or_else(|| panic!("accepted"));
        assert_eq!(err.field, "subject");
    }

    #[test]
    fn the_sandbox_has_no_files_no_other_templates_and_bounded_work() {
        for source in ["{% include '/etc/passwd' %}", "{% extends 'base' %}", "{% import 'x' as y %}"] {
            assert!(check("email", "s", source).is_err(), "{source} must be refused");
        }
        let spin = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}";
        let err = check("email", "s", spin).err().unwrap_or_else(|| panic!("ran"));
        assert!(err.message.contains("too much work") || err.message.contains("range"), "{err}");
        let huge = "x".repeat(MAX_SOURCE + 1);
        assert!(check("email", "s", &huge).is_err());
    }
}
