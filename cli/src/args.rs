//! The command tree. Help, completions and docs/cli.md all derive from these definitions.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use clap::builder::NonEmptyStringValueParser;
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use nimbus_core::ids::{
    ApiKeyId, ApprovalId, AssignmentId, ChannelId, CiId, CompartmentId, DeliveryId, GroupId, InvitationId,
    NotificationId, PinId, RelationshipId, RoleId, RunId, SavedSearchId, TemplateId, UserId,
};

/// Examples shown first in `nimbus --help`.
const EXAMPLES: &str = "\
Examples:
  nimbus login --email you@example.com        sign in to the current context
  nimbus whoami -o json                       who you are, as JSON
  nimbus status                               is the daemon up, which version, who am I
  nimbus context add prod --url https://nimbus.example.com --use
  nimbus session list --jq '.sessions[].id'   filter JSON output with a jq expression
  nimbus --tenant acme user list              users of the tenant with slug acme
  nimbus auth check --user ann@acme.example --permission cmdb:ci:read && echo allowed
  nimbus help environment                     environment variables
  nimbus help exit-codes                      exit codes for scripts";

/// nimbus: the Nimbus command line.
#[derive(Debug, Parser)]
#[command(
    name = "nimbus",
    version,
    about = "nimbus: drive a Nimbus control plane from the terminal",
    before_help = EXAMPLES,
    disable_help_subcommand = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Output format [default: table].
    #[arg(short, long, global = true, value_enum, env = "NIMBUS_OUTPUT")]
    pub output: Option<OutputFormat>,
    /// Omit table headers.
    #[arg(long, global = true)]
    pub no_headers: bool,
    /// Filter JSON output with a jq expression (implies -o json); strings print raw.
    #[arg(long, global = true, value_name = "EXPR")]
    pub jq: Option<String>,
    /// Context (daemon) to use instead of the current one.
    #[arg(long, global = true, env = "NIMBUS_CONTEXT", value_name = "NAME")]
    pub context: Option<String>,
    /// Daemon URL, overriding the context's.
    #[arg(long, global = true, env = "NIMBUS_URL", value_name = "URL")]
    pub url: Option<String>,
    /// Access token to use instead of stored credentials (no refresh).
    #[arg(long, global = true, env = "NIMBUS_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Tenant (id or slug) to act in, overriding the context's default tenant; without either,
    /// your own tenant. With `context add`, the context's default tenant.
    #[arg(long, global = true, env = "NIMBUS_TENANT", value_name = "ID|SLUG", value_parser = NonEmptyStringValueParser::new())]
    pub tenant: Option<String>,
    /// Whether `--tenant` came from the command line rather than `NIMBUS_TENANT`.
    #[arg(skip)]
    pub tenant_on_command_line: bool,
    /// When to use color.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print less on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns.
    Table,
    /// JSON (stable field names).
    Json,
    /// YAML.
    Yaml,
}

/// Color choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color on terminals unless NO_COLOR or CLICOLOR=0.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign in to the daemon of the current context.
    Login(LoginArgs),
    /// Sign out: end the session on the daemon and forget the stored credentials.
    Logout,
    /// Show who you are signed in as.
    Whoami,
    /// Check whether the daemon is reachable, its version and backend, and who you are.
    Status,
    /// Credentials, sessions and permission checks.
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Tenants: the tenant in effect and its sub-tenants.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Compartments: nested scopes inside the tenant.
    #[command(subcommand)]
    Compartment(CompartmentCommand),
    /// Users of the tenant.
    #[command(subcommand)]
    User(UserCommand),
    /// Groups of users and groups.
    #[command(subcommand)]
    Group(GroupCommand),
    /// Roles and role assignments.
    #[command(subcommand)]
    Role(RoleCommand),
    /// The permission catalogue.
    #[command(subcommand)]
    Perm(PermCommand),
    /// Invitations to join the tenant with a role.
    #[command(subcommand)]
    Invite(InviteCommand),
    /// API keys: credentials for scripts, limited to some of your permissions.
    #[command(subcommand)]
    Apikey(ApiKeyCommand),
    /// The audit log: query, live tail, verification, proofs, exports, settings.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Durable workflow runs: list, show, history, signal, cancel, retry.
    #[command(subcommand)]
    Workflow(WorkflowCommand),
    /// Workflow schedules (cron): list, show, pause, resume, trigger.
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// Approval requests: list, show, approve, reject, delegate, cancel, request; and policies.
    #[command(subcommand)]
    Approval(ApprovalCommand),
    /// The semantic layer: types, relationship kinds, provider mappings.
    #[command(subcommand)]
    Semantic(SemanticCommand),
    /// CI classes: system classes and the tenant's custom classes.
    #[command(subcommand)]
    Class(ClassCommand),
    /// Configuration items: create, show (now or as of a time), change, history, diff, graph.
    #[command(subcommand)]
    Ci(CiCommand),
    /// Relationships between configuration items.
    #[command(subcommand)]
    Rel(RelCommand),
    /// The service catalog: offerings, price lists and their versions, pins, cost estimates.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Search configuration items; save and run searches.
    Search(SearchArgs),
    /// Your notifications and preferences; the tenant's channels, templates and dead letters.
    #[command(subcommand, alias = "notifications")]
    Notification(NotificationCommand),
    /// Your sessions on the daemon.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Named daemons to talk to.
    #[command(subcommand)]
    Context(ContextCommand),
    /// The live dashboard: audit tail, tenants, contexts, approvals, workflows, schedules, CMDB.
    #[command(
        after_help = "Examples:\n  nimbus tui\n  nimbus tui --context prod --tenant acme --readonly\n  nimbus tui --view tenants\n\nKeys: `:` switches views, `/` filters, `?` lists every key. Bindings can be changed in\n<config dir>/tui.toml (see docs/tui.md)."
    )]
    Tui(TuiArgs),
    /// Print a shell completion script.
    Completions {
        /// Shell.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Help on a command, or a topic: environment, exit-codes.
    Help {
        /// A topic or a command path (e.g. `session list`).
        topic: Vec<String>,
    },
}

/// `nimbus tui`.
#[derive(Debug, Args)]
pub struct TuiArgs {
    /// Refuse every action that changes something (approve, cancel, pause, …).
    #[arg(long)]
    pub readonly: bool,
    /// Scroll lists with the mouse wheel (off by default so the terminal's own text selection works).
    #[arg(long)]
    pub mouse: bool,
    /// The view shown first.
    #[arg(long, value_enum, default_value_t = TuiView::Audit)]
    pub view: TuiView,
}

/// Views of `nimbus tui`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TuiView {
    /// Approvals inbox.
    Approvals,
    /// Workflow runs.
    Workflows,
    /// Schedules.
    Schedules,
    /// Audit live tail.
    Audit,
    /// CMDB browser.
    Cmdb,
    /// Tenants.
    Tenants,
    /// Contexts.
    Ctx,
}

/// `nimbus login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Account email (asked for in a terminal when omitted).
    #[arg(long, env = "NIMBUS_EMAIL")]
    pub email: Option<String>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

/// `nimbus auth …`.
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Where credentials are stored and whether they are still valid.
    Status {
        /// Do not ask the daemon whether the token is still accepted.
        #[arg(long)]
        offline: bool,
    },
    /// Whether a user may do something in the tenant, and why. Exits 0 when allowed, 7 when denied.
    Check(CheckArgs),
}

/// `nimbus auth check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The user (id or email).
    #[arg(long)]
    pub user: String,
    /// The permission, e.g. `cmdb:ci:create:virtualmachine` (see `nimbus perm list`).
    #[arg(long, value_name = "PERMISSION")]
    pub permission: String,
    /// Check in this compartment (and what it inherits) instead of the whole tenant.
    #[arg(long, value_name = "COMPARTMENT_ID")]
    pub resource: Option<CompartmentId>,
    /// An attribute for policies: `ip`, `mfa` and `time` describe the request, anything else
    /// (`kind`, `class`, `tag.NAME`) the resource. Repeatable.
    #[arg(long = "attr", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub attrs: Vec<(String, String)>,
}

/// `nimbus tenant …`.
#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// The tenant in effect and its sub-tenants.
    #[command(alias = "ls")]
    List {
        /// Include soft-deleted tenants.
        #[arg(long)]
        include_deleted: bool,
    },
    /// One tenant.
    Show {
        /// Tenant id or slug.
        #[arg(value_name = "TENANT")]
        id: String,
    },
    /// Create a sub-tenant of the tenant in effect.
    Create(CreateTenantArgs),
    /// Change a tenant; what is not given stays as it is.
    Update(UpdateTenantArgs),
    /// Delete a tenant (soft: `nimbus tenant restore` brings it back until it is purged).
    #[command(alias = "rm")]
    Delete {
        /// Tenant id or slug.
        #[arg(value_name = "TENANT")]
        id: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Restore a deleted tenant.
    Restore {
        /// Tenant id or slug.
        #[arg(value_name = "TENANT")]
        id: String,
    },
    /// Erase a deleted tenant's data once `tenancy.purge_after` has passed (irreversible; audit
    /// records stay).
    Purge {
        /// Tenant id.
        #[arg(value_name = "TENANT_ID")]
        id: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
}

/// `nimbus tenant create`.
#[derive(Debug, Args)]
pub struct CreateTenantArgs {
    /// Display name.
    pub name: String,
    /// Short URL-safe name (derived from the name when omitted).
    #[arg(long)]
    pub slug: Option<String>,
    /// Contact email.
    #[arg(long, value_name = "EMAIL")]
    pub contact_email: Option<String>,
    /// Email domain whose users sign in to this tenant. Repeatable.
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// A tag. Repeatable.
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub tags: Vec<(String, String)>,
    /// A setting. Repeatable.
    #[arg(long = "setting", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub settings: Vec<(String, String)>,
}

/// `nimbus tenant update`.
#[derive(Debug, Args)]
pub struct UpdateTenantArgs {
    /// Tenant id or slug.
    #[arg(value_name = "TENANT")]
    pub id: String,
    /// New display name.
    #[arg(long)]
    pub name: Option<String>,
    /// New contact email.
    #[arg(long, value_name = "EMAIL")]
    pub contact_email: Option<String>,
    /// Replace the email domains with these. Repeatable.
    #[arg(long = "domain", value_name = "DOMAIN", conflicts_with = "clear_domains")]
    pub domains: Vec<String>,
    /// Remove every email domain.
    #[arg(long)]
    pub clear_domains: bool,
    /// Replace the tags with these. Repeatable.
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_key_value, conflicts_with = "clear_tags")]
    pub tags: Vec<(String, String)>,
    /// Remove every tag.
    #[arg(long)]
    pub clear_tags: bool,
    /// Replace the settings with these. Repeatable.
    #[arg(long = "setting", value_name = "KEY=VALUE", value_parser = parse_key_value, conflicts_with = "clear_settings")]
    pub settings: Vec<(String, String)>,
    /// Remove every setting.
    #[arg(long)]
    pub clear_settings: bool,
}

/// `nimbus compartment …`.
#[derive(Debug, Subcommand)]
pub enum CompartmentCommand {
    /// Compartments of the tenant, by path.
    #[command(alias = "ls")]
    List,
    /// One compartment.
    Show {
        /// Compartment id.
        id: CompartmentId,
    },
    /// Create a compartment.
    Create {
        /// Name, unique among its siblings.
        name: String,
        /// Parent compartment (top level when omitted).
        #[arg(long, value_name = "ID")]
        parent: Option<CompartmentId>,
        /// Description.
        #[arg(long)]
        description: Option<String>,
    },
    /// Rename or re-describe a compartment.
    Update {
        /// Compartment id.
        id: CompartmentId,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// New description.
        #[arg(long)]
        description: Option<String>,
    },
    /// Move a compartment under another, or to the top of the tenant.
    #[command(group(ArgGroup::new("destination").required(true).args(["parent", "top"])))]
    Move {
        /// Compartment id.
        id: CompartmentId,
        /// New parent compartment.
        #[arg(long, value_name = "ID")]
        parent: Option<CompartmentId>,
        /// Move it to the top of the tenant.
        #[arg(long)]
        top: bool,
    },
    /// Delete a compartment.
    #[command(alias = "rm")]
    Delete {
        /// Compartment id.
        id: CompartmentId,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
}

/// A user's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UserStatus {
    /// May sign in.
    Active,
    /// May not sign in.
    Disabled,
    /// Locked out (for example after failed logins).
    Locked,
}

impl UserStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
            Self::Locked => "locked",
        }
    }
}

/// `nimbus user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Users of the tenant, by email.
    #[command(alias = "ls")]
    List {
        /// Only users whose email or name contains this text.
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
    },
    /// One user.
    Show {
        /// User id.
        id: UserId,
    },
    /// Create a user in the tenant, or add an existing user (by email) as a member.
    Create {
        /// Email.
        email: String,
        /// Display name (the email's local part when omitted).
        #[arg(long, value_name = "NAME")]
        display_name: Option<String>,
        /// Read an initial password from the first line of standard input (without one the
        /// user signs in through SSO or an invitation).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change a user's display name, status or policy attributes.
    Update {
        /// User id.
        id: UserId,
        /// New display name.
        #[arg(long, value_name = "NAME")]
        display_name: Option<String>,
        /// New status.
        #[arg(long, value_enum)]
        status: Option<UserStatus>,
        /// An attribute for policy conditions (`principal.attrs.NAME`), e.g. `department=network`;
        /// repeatable, and the given set replaces the user's attributes.
        #[arg(long = "attr", value_name = "NAME=VALUE", value_parser = parse_key_value)]
        attrs: Vec<(String, String)>,
    },
    /// Stop a user from signing in (status `disabled`).
    Disable {
        /// User id.
        id: UserId,
    },
    /// Let a user sign in again (status `active`).
    Enable {
        /// User id.
        id: UserId,
    },
    /// Delete a user.
    #[command(alias = "rm")]
    Delete {
        /// User id.
        id: UserId,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
}

/// A user or a group, from `--user ID | --group ID`.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct SubjectArgs {
    /// A user.
    #[arg(long, value_name = "ID")]
    pub user: Option<UserId>,
    /// A group.
    #[arg(long, value_name = "ID")]
    pub group: Option<GroupId>,
}

/// `nimbus invite …`.
#[derive(Debug, Subcommand)]
pub enum InviteCommand {
    /// The tenant's invitations, newest first.
    #[command(alias = "ls")]
    List,
    /// Invite an email address with a role; prints the acceptance token once and emails it to the
    /// invitee when the tenant (or an ancestor) has an email channel. Inviting again re-sends
    /// the pending invitation with a new token.
    Create {
        /// Email to invite.
        email: String,
        /// Role (id) to grant on acceptance.
        #[arg(long, value_name = "ROLE_ID")]
        role: RoleId,
        /// Hours until it expires (default 168).
        #[arg(long, value_name = "HOURS")]
        expires_in_hours: Option<u32>,
    },
    /// Revoke a pending invitation.
    #[command(alias = "rm")]
    Revoke {
        /// Invitation id.
        id: InvitationId,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// What a token invites to (no sign-in needed).
    Verify {
        /// The acceptance token.
        token: String,
    },
    /// Accept an invitation (no sign-in needed): creates your account, or adds your existing one.
    Accept {
        /// The acceptance token.
        token: String,
        /// Read the new account's password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Display name of the new account.
        #[arg(long)]
        display_name: Option<String>,
    },
}

/// `nimbus apikey …`.
#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// The tenant's API keys (never their secrets), newest first.
    #[command(alias = "ls")]
    List,
    /// Create a key for yourself; its secret is printed once.
    Create {
        /// Name.
        name: String,
        /// A permission pattern the key may use (repeatable; each must be yours to give).
        #[arg(long = "permission", value_name = "PATTERN", required = true)]
        permissions: Vec<String>,
        /// Limit the key to this compartment (and below) instead of the whole tenant.
        #[arg(long, value_name = "ID")]
        compartment: Option<CompartmentId>,
        /// Expiry: an RFC 3339 time with an offset (`2027-01-31T18:00:00+01:00`).
        #[arg(long, value_name = "TIME", value_parser = parse_expires)]
        expires: Option<DateTime<FixedOffset>>,
    },
    /// Revoke a key: it stops working at once.
    #[command(alias = "rm")]
    Revoke {
        /// Key id.
        id: ApiKeyId,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Replace a key's secret; the new one is printed once and the old one stops working.
    Rotate {
        /// Key id.
        id: ApiKeyId,
    },
}

/// `nimbus workflow …`.
#[derive(Debug, Subcommand)]
pub enum WorkflowCommand {
    /// Runs of the tenant, newest first.
    #[command(alias = "ls")]
    List {
        /// Only runs in this status (enqueued, running, waiting, succeeded, failed, cancelled, compensating).
        #[arg(long)]
        status: Option<String>,
        /// Only runs of this workflow.
        #[arg(long)]
        workflow: Option<String>,
        /// Only runs carrying this tag (`key=value`).
        #[arg(long, value_name = "KEY=VALUE")]
        tag: Option<String>,
        /// Page size (at most 500).
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Runs older than this one (the previous page's `next`).
        #[arg(long, value_name = "RUN")]
        before: Option<RunId>,
    },
    /// One run: status, input, output, error and the state it publishes.
    Show {
        /// Run id.
        id: RunId,
    },
    /// A run's journal (steps, timers, signals, children) and the signals sent to it.
    History {
        /// Run id.
        id: RunId,
    },
    /// Send a signal to a run (e.g. `approve`); a run waiting for it wakes.
    Signal {
        /// Run id.
        id: RunId,
        /// Signal name.
        name: String,
        /// JSON payload.
        #[arg(long, value_name = "JSON", default_value = "null")]
        payload: String,
    },
    /// Ask a run to cancel: it undoes its completed steps, then ends cancelled.
    Cancel {
        /// Run id.
        id: RunId,
        /// End it at once, without compensation.
        #[arg(long)]
        terminate: bool,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Put a failed or cancelled run back in the queue from its first failed step.
    Retry {
        /// Run id.
        id: RunId,
    },
}

/// `nimbus approval …`.
#[derive(Debug, Subcommand)]
pub enum ApprovalCommand {
    /// Approval requests of the tenant, newest first.
    #[command(alias = "ls")]
    List {
        /// Only requests in this status (pending, approved, rejected, expired, cancelled).
        #[arg(long)]
        status: Option<String>,
        /// Only requests waiting for you (directly, via a group or a role).
        #[arg(long)]
        mine: bool,
        /// Page size (at most 500).
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// The previous page's `next_cursor`.
        #[arg(long)]
        cursor: Option<String>,
    },
    /// One request: its chain, approvers, timeouts and history.
    Show {
        /// Request id.
        id: ApprovalId,
    },
    /// Approve the step of the request that waits for you.
    Approve {
        /// Request id.
        id: ApprovalId,
        /// Why (recorded in the history and the audit log).
        #[arg(long)]
        reason: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Reject the request.
    Reject {
        /// Request id.
        id: ApprovalId,
        /// Why (recorded in the history and the audit log).
        #[arg(long)]
        reason: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Hand your part of the open step to another user of the tenant.
    Delegate {
        /// Request id.
        id: ApprovalId,
        /// The user's email or id.
        #[arg(long, value_name = "USER")]
        to: String,
        /// Why.
        #[arg(long)]
        reason: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Cancel a pending request (your own, or any with approval:request:cancel).
    Cancel {
        /// Request id.
        id: ApprovalId,
        /// Why.
        #[arg(long)]
        reason: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Ask for approval; the tenant's policy for the operation applies.
    Request {
        /// Operation type, e.g. `deploy`.
        #[arg(long)]
        operation: String,
        /// One line saying what is to be approved.
        #[arg(long)]
        title: String,
        /// Kind of the resource concerned.
        #[arg(long)]
        resource_type: Option<String>,
        /// The resource concerned.
        #[arg(long)]
        resource_id: Option<String>,
        /// The change itself, JSON.
        #[arg(long, value_name = "JSON", default_value = "null")]
        payload: String,
        /// Policy id or name (default: the policy for the operation).
        #[arg(long)]
        policy: Option<String>,
    },
    /// Approval policies: chain mode and approvers per operation type.
    #[command(subcommand)]
    Policy(ApprovalPolicyCommand),
}

/// `nimbus approval policy …`.
#[derive(Debug, Subcommand)]
pub enum ApprovalPolicyCommand {
    /// Policies of the tenant, by name.
    #[command(alias = "ls")]
    List,
    /// One policy (id or name).
    Show {
        /// Policy id or name.
        policy: String,
    },
    /// Create a policy from a JSON document (`-` reads stdin), e.g.
    /// `{"name":"deploys","operation":"deploy","mode":"sequential","steps":[{"approvers":[{"kind":"group","id":"ops"}],"timeout_secs":3600,"escalation":[{"kind":"user","id":"lead@example.com"}]}],"expiry_secs":86400}`.
    Create {
        /// The policy as JSON, or `-` for stdin.
        #[arg(long, value_name = "JSON")]
        spec: String,
    },
    /// Replace a policy (requests already made keep their chain).
    Update {
        /// Policy id or name.
        policy: String,
        /// The policy as JSON, or `-` for stdin.
        #[arg(long, value_name = "JSON")]
        spec: String,
    },
    /// Delete a policy.
    Delete {
        /// Policy id or name.
        policy: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
}

/// `nimbus schedule …`.
#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Schedules of the tenant, by name.
    #[command(alias = "ls")]
    List,
    /// One schedule (id or name).
    Show {
        /// Schedule id or name.
        schedule: String,
    },
    /// Stop a schedule firing.
    Pause {
        /// Schedule id or name.
        schedule: String,
    },
    /// Let a paused schedule fire again, from its next fire time after now.
    Resume {
        /// Schedule id or name.
        schedule: String,
    },
    /// Start the schedule's workflow now.
    Trigger {
        /// Schedule id or name.
        schedule: String,
    },
}

/// `nimbus notification …`.
#[derive(Debug, Subcommand)]
pub enum NotificationCommand {
    /// Your notifications, newest first.
    #[command(alias = "ls")]
    List {
        /// Only unread ones.
        #[arg(long)]
        unread: bool,
        /// At most this many (default 100).
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
    },
    /// Mark one of your notifications read.
    Read {
        /// Notification id.
        id: NotificationId,
    },
    /// Mark all your notifications read.
    ReadAll,
    /// Your preferences: how each category reaches you (in_app, email: on | off | digest).
    #[command(subcommand, alias = "pref")]
    Prefs(PrefsCommand),
    /// The tenant's channels: SMTP servers and webhooks.
    #[command(subcommand)]
    Channel(ChannelCommand),
    /// Templates: the tenant's own, global ones and the built-in defaults.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Deliveries that ran out of attempts (dead letters), and retrying them.
    #[command(subcommand)]
    Dlq(DlqCommand),
    /// The tenant's deliveries, newest first.
    Deliveries {
        /// Only this status: pending, delivered, dead, held, digested.
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
    },
    /// Send a notification to users of the tenant and its webhooks.
    Send {
        /// Event type (dotted, e.g. `ops.maintenance`).
        event_type: String,
        /// Category: approval, security, system, audit, drift, workflow, user.
        #[arg(long, default_value = "system")]
        category: String,
        /// A user to notify (repeatable).
        #[arg(long = "user", value_name = "USER_ID")]
        users: Vec<UserId>,
        /// Data for the templates, as a JSON object (`{"title": "…", "message": "…"}`).
        #[arg(long, value_name = "JSON")]
        data: Option<String>,
    },
}

/// `nimbus notification prefs …`.
#[derive(Debug, Subcommand)]
pub enum PrefsCommand {
    /// Every category × channel with its mode.
    #[command(alias = "ls")]
    List,
    /// Set how a category reaches you on a channel.
    Set {
        /// Category.
        category: String,
        /// Channel: in_app or email.
        channel: String,
        /// on, off, or digest (email only).
        mode: String,
    },
}

/// `nimbus notification channel …`.
#[derive(Debug, Subcommand)]
pub enum ChannelCommand {
    /// The tenant's channels (never their secrets).
    #[command(alias = "ls")]
    List,
    /// Add an SMTP server or a webhook.
    Create {
        /// Name, unique in the tenant.
        name: String,
        /// email or webhook.
        #[arg(long)]
        kind: String,
        /// Settings as JSON: email `{"host", "port", "security": "none|starttls|tls", "username", "from",
        /// "ca_cert_pem"}`; webhook `{"url"}`.
        #[arg(long, value_name = "JSON")]
        config: String,
        /// Read the SMTP password or the webhook signing key from the first line of standard input.
        #[arg(long)]
        secret_stdin: bool,
        /// Event-type pattern a webhook carries (repeatable; default `*`).
        #[arg(long = "event", value_name = "PATTERN")]
        events: Vec<String>,
        /// Create it switched off.
        #[arg(long)]
        disabled: bool,
    },
    /// Change a channel.
    Update {
        /// Channel id.
        id: ChannelId,
        /// New settings as JSON (replaces them).
        #[arg(long, value_name = "JSON")]
        config: Option<String>,
        /// Read a new secret from standard input (an empty line removes it).
        #[arg(long)]
        secret_stdin: bool,
        /// Event-type pattern (repeatable; replaces them).
        #[arg(long = "event", value_name = "PATTERN")]
        events: Vec<String>,
        /// Switch on.
        #[arg(long, conflicts_with = "disable")]
        enable: bool,
        /// Switch off.
        #[arg(long)]
        disable: bool,
    },
    /// Delete a channel and its deliveries.
    #[command(alias = "rm")]
    Delete {
        /// Channel id.
        id: ChannelId,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
}

/// `nimbus notification template …`.
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// Templates that apply to the tenant.
    #[command(alias = "ls")]
    List,
    /// Set a template (checked in the sandbox before it is stored).
    Set {
        /// Event type it renders.
        event_type: String,
        /// email, webhook or in_app.
        channel: String,
        /// Subject (email) or title (in-app).
        #[arg(long, default_value = "")]
        subject: String,
        /// File holding the body (`-` for standard input).
        #[arg(long, value_name = "FILE")]
        body_file: String,
        /// A global template (needs the permission at the provider's root tenant).
        #[arg(long)]
        global: bool,
    },
    /// Delete a template.
    #[command(alias = "rm")]
    Delete {
        /// Template id.
        id: TemplateId,
    },
}

/// `nimbus notification dlq …`.
#[derive(Debug, Subcommand)]
pub enum DlqCommand {
    /// Dead letters, newest first.
    #[command(alias = "ls")]
    List,
    /// Queue a dead letter again with a fresh set of attempts.
    Retry {
        /// Delivery id.
        id: DeliveryId,
    },
}

/// `nimbus group …`.
#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Groups of the tenant, by name.
    #[command(alias = "ls")]
    List,
    /// One group and its direct members.
    Show {
        /// Group id.
        id: GroupId,
    },
    /// Create a group.
    Create {
        /// Name, unique in the tenant.
        name: String,
        /// Description.
        #[arg(long)]
        description: Option<String>,
    },
    /// Delete a group.
    #[command(alias = "rm")]
    Delete {
        /// Group id.
        id: GroupId,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Add a user, or nest a group, in a group.
    AddMember {
        /// Group id.
        #[arg(value_name = "GROUP")]
        id: GroupId,
        #[command(flatten)]
        member: SubjectArgs,
    },
    /// Remove a user or group from a group.
    RemoveMember {
        /// Group id.
        #[arg(value_name = "GROUP")]
        id: GroupId,
        /// Id of the user or group to remove.
        #[arg(value_parser = parse_uuid)]
        member_id: String,
    },
}

/// Role tiers (the wire names).
pub const ROLE_TIERS: [&str; 4] = ["provider", "tenant_admin", "user", "read_only"];

/// `nimbus role …`.
#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// System roles, then the tenant's own roles.
    #[command(alias = "ls")]
    List,
    /// One role.
    Show {
        /// Role id.
        id: RoleId,
    },
    /// Create a custom role.
    Create {
        /// Name, unique in the tenant.
        name: String,
        /// Role to inherit permissions from.
        #[arg(long, value_name = "ID")]
        parent: Option<RoleId>,
        /// Tier [default: user].
        #[arg(long, value_parser = ROLE_TIERS)]
        tier: Option<String>,
        /// Allowed permission pattern. Repeatable.
        #[arg(long = "allow", value_name = "PATTERN")]
        allow: Vec<String>,
        /// Denied permission pattern (a deny beats every allow). Repeatable.
        #[arg(long = "deny", value_name = "PATTERN")]
        deny: Vec<String>,
        /// Description.
        #[arg(long)]
        description: Option<String>,
    },
    /// Change a custom role; what is not given stays as it is.
    Update {
        /// Role id.
        id: RoleId,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// New description.
        #[arg(long)]
        description: Option<String>,
        /// Replace the allowed patterns with these. Repeatable.
        #[arg(long = "allow", value_name = "PATTERN", conflicts_with = "clear_allow")]
        allow: Vec<String>,
        /// Remove every allowed pattern.
        #[arg(long)]
        clear_allow: bool,
        /// Replace the denied patterns with these. Repeatable.
        #[arg(long = "deny", value_name = "PATTERN", conflicts_with = "clear_deny")]
        deny: Vec<String>,
        /// Remove every denied pattern.
        #[arg(long)]
        clear_deny: bool,
    },
    /// Delete a custom role.
    #[command(alias = "rm")]
    Delete {
        /// Role id.
        id: RoleId,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Grant a role to a user or group, at the tenant or at a compartment.
    Assign {
        /// Role id.
        #[arg(value_name = "ROLE")]
        id: RoleId,
        #[command(flatten)]
        subject: SubjectArgs,
        /// Grant it at this compartment (and below) instead of the whole tenant.
        #[arg(long, value_name = "ID")]
        compartment: Option<CompartmentId>,
        /// When the grant stops: RFC 3339 with an offset, e.g. 2026-12-31T18:00:00+01:00.
        #[arg(long, value_name = "TIME", value_parser = parse_expires)]
        expires: Option<DateTime<FixedOffset>>,
    },
    /// Role assignments of the tenant, oldest first.
    Assignments,
    /// Remove a role assignment.
    Unassign {
        /// Assignment id (see `nimbus role assignments`).
        #[arg(value_name = "ASSIGNMENT_ID")]
        id: AssignmentId,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
}

/// `nimbus perm …`.
#[derive(Debug, Subcommand)]
pub enum PermCommand {
    /// Every permission the daemon checks.
    #[command(alias = "ls")]
    List,
}

/// `nimbus semantic …`.
#[derive(Debug, Subcommand)]
pub enum SemanticCommand {
    /// Semantic types with their typed properties, and the relationship kinds.
    Types {
        /// Only this category (compute, network, storage, database, security, monitoring,
        /// application, tenancy).
        #[arg(long)]
        category: Option<String>,
    },
    /// How provider resource kinds and tenancy concepts map to semantic types.
    Mappings {
        /// Only this provider (proxmox, aws, azure, gcp, oci).
        #[arg(long)]
        provider: Option<String>,
    },
}

/// `nimbus class …`.
#[derive(Debug, Subcommand)]
pub enum ClassCommand {
    /// System classes, then the tenant's custom classes.
    #[command(alias = "ls")]
    List,
    /// One class with its attribute schema.
    Show {
        /// Class key.
        key: String,
    },
    /// Create a custom class.
    Create {
        /// Key: lowercase letters, digits and `_` (the permission subtype of its CIs).
        key: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Description.
        #[arg(long, default_value = "")]
        description: String,
        /// A semantic type to build on (its properties join the schema).
        #[arg(long = "semantic-type", value_name = "TYPE")]
        semantic_type: Option<String>,
        /// JSON Schema of the attributes, inline or `@FILE`.
        #[arg(long, value_name = "JSON|@FILE")]
        schema: Option<String>,
    },
    /// Delete an unused custom class.
    #[command(alias = "rm")]
    Delete {
        /// Class key.
        key: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
}

/// `nimbus ci …`.
#[derive(Debug, Subcommand)]
pub enum CiCommand {
    /// CIs matching a search (the same language as `nimbus search`).
    #[command(alias = "ls")]
    List {
        /// Search words and `field:value` filters.
        #[arg(default_value = "")]
        query: String,
        /// Page size.
        #[arg(long)]
        limit: Option<u32>,
        /// `next_cursor` of the previous page.
        #[arg(long)]
        cursor: Option<String>,
    },
    /// One CI, now or as it was at a time.
    Show {
        /// CI id.
        id: CiId,
        /// RFC 3339 time with an offset: show the CI as it was then.
        #[arg(long, value_name = "TIME", value_parser = parse_expires)]
        at: Option<DateTime<FixedOffset>>,
    },
    /// Create a CI.
    Create {
        /// Class key (`nimbus class list`).
        #[arg(long)]
        class: String,
        /// Name.
        name: String,
        /// Initial state: planned (default), active or maintenance.
        #[arg(long)]
        state: Option<String>,
        /// Compartment id.
        #[arg(long, value_name = "ID")]
        compartment: Option<CompartmentId>,
        /// Attributes as a JSON object, inline or `@FILE`.
        #[arg(long, value_name = "JSON|@FILE")]
        attributes: Option<String>,
        /// A tag (repeatable).
        #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_key_value)]
        tags: Vec<(String, String)>,
        /// The provider's id of the resource.
        #[arg(long = "external-id")]
        external_id: Option<String>,
        /// Provider.
        #[arg(long)]
        provider: Option<String>,
        /// Pulumi URN.
        #[arg(long)]
        urn: Option<String>,
    },
    /// Change a CI (each change writes a version).
    Update {
        /// CI id.
        id: CiId,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// New state (planned → active | deleted; active → maintenance | retired; maintenance →
        /// active | retired).
        #[arg(long)]
        state: Option<String>,
        /// Attributes to set, merged over the current ones (`null` removes one).
        #[arg(long, value_name = "JSON|@FILE")]
        attributes: Option<String>,
        /// Replace the tags (repeatable).
        #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_key_value)]
        tags: Vec<(String, String)>,
        /// Move to this compartment.
        #[arg(long, value_name = "ID")]
        compartment: Option<CompartmentId>,
        /// Pulumi URN.
        #[arg(long)]
        urn: Option<String>,
    },
    /// Soft-delete a CI and its relationships (history stays).
    #[command(alias = "rm")]
    Delete {
        /// CI id.
        id: CiId,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Every version of a CI, newest first.
    History {
        /// CI id.
        id: CiId,
    },
    /// What changed between two versions (default: the last change). Exits 0 when nothing
    /// changed, 1 when something did.
    Diff {
        /// CI id.
        id: CiId,
        /// Older version.
        from: Option<i64>,
        /// Newer version.
        to: Option<i64>,
    },
    /// CIs reachable from a CI.
    Graph {
        /// CI id.
        id: CiId,
        #[command(flatten)]
        walk: WalkArgs,
    },
    /// What is impacted, transitively, if a CI fails or goes away.
    Impact {
        /// CI id.
        id: CiId,
        #[command(flatten)]
        walk: WalkArgs,
    },
    /// A shortest path between two CIs.
    Path {
        /// Start CI.
        from: CiId,
        /// End CI.
        to: CiId,
        #[command(flatten)]
        walk: WalkArgs,
    },
    /// Import CIs and relationships from a JSON Lines or CSV file (`-` for standard input),
    /// idempotent by external id.
    Import {
        /// File.
        file: PathBuf,
        /// json (JSON Lines) or csv; by default from the file name.
        #[arg(long)]
        format: Option<String>,
    },
    /// Export CIs (JSON Lines or CSV) to standard output.
    Export {
        /// Only CIs matching this search.
        #[arg(default_value = "")]
        query: String,
        /// json (JSON Lines) or csv.
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// CI templates: blueprints of related CIs, instantiated in one transaction.
    #[command(subcommand)]
    Template(CiTemplateCommand),
}

/// `nimbus ci template …`.
#[derive(Debug, Subcommand)]
pub enum CiTemplateCommand {
    /// The tenant's templates.
    #[command(alias = "ls")]
    List,
    /// One template.
    Show {
        /// Template name or id.
        template: String,
    },
    /// Create a template from a JSON file (`name`, `parameters`, `items`, `relationships`).
    Create {
        /// The template as JSON, inline or `@FILE`.
        #[arg(value_name = "JSON|@FILE")]
        spec: String,
    },
    /// Delete a template (CIs made from it stay).
    #[command(alias = "rm")]
    Delete {
        /// Template name or id.
        template: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Create a template's CIs and relationships, all in one transaction.
    Instantiate {
        /// Template name or id.
        template: String,
        /// A parameter value (repeatable); JSON values (`4`, `true`) keep their type.
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_key_value)]
        params: Vec<(String, String)>,
        /// Compartment of every created CI.
        #[arg(long, value_name = "ID")]
        compartment: Option<CompartmentId>,
    },
}

/// `nimbus catalog …`.
#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Service offerings: what is sold, by the CI classes it covers.
    #[command(subcommand)]
    Offering(OfferingCommand),
    /// Price lists and their versions (draft → published → archived).
    #[command(subcommand, name = "price-list")]
    PriceList(PriceListCommand),
    /// Pins: from a time on, estimates use a chosen price-list version.
    #[command(subcommand)]
    Pin(PinCommand),
    /// What the CIs matching a search cost under the version in force at a time.
    Estimate {
        /// Search words and `field:value` filters (all live CIs when empty).
        #[arg(default_value = "")]
        query: String,
        /// RFC 3339 time with an offset (default now).
        #[arg(long, value_name = "TIME", value_parser = parse_expires)]
        at: Option<DateTime<FixedOffset>>,
        /// Price list name or id.
        #[arg(long = "price-list")]
        price_list: Option<String>,
    },
}

/// `nimbus catalog offering …`.
#[derive(Debug, Subcommand)]
pub enum OfferingCommand {
    /// The tenant's offerings.
    #[command(alias = "ls")]
    List,
    /// One offering.
    Show {
        /// Offering key or id.
        offering: String,
    },
    /// Create an offering.
    Create {
        /// Key (`[a-z0-9_]`).
        key: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// A CI class it covers (repeatable).
        #[arg(long = "class", required = true)]
        classes: Vec<String>,
        /// What it is.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Delete an offering no price list prices.
    #[command(alias = "rm")]
    Delete {
        /// Offering key or id.
        offering: String,
    },
}

/// `nimbus catalog price-list …`.
#[derive(Debug, Subcommand)]
pub enum PriceListCommand {
    /// The tenant's price lists.
    #[command(alias = "ls")]
    List,
    /// One price list with every version and its prices.
    Show {
        /// Price list name or id.
        price_list: String,
    },
    /// Create a price list.
    Create {
        /// Name.
        name: String,
        /// ISO 4217 currency (EUR, USD).
        #[arg(long)]
        currency: String,
        /// What it is for.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Set the draft version's prices (a new draft if there is none).
    Draft {
        /// Price list name or id.
        price_list: String,
        /// A price `OFFERING:UNIT:PRICE:PERIOD` (repeatable), e.g. `vm:attr:cpu_cores:0.01:hour`
        /// or `vm:ci:5:month`.
        #[arg(long = "price", value_name = "OFFERING:UNIT:PRICE:PERIOD", required = true)]
        prices: Vec<String>,
    },
    /// Publish a draft version (the published one is archived).
    Publish {
        /// Price list name or id.
        price_list: String,
        /// Version.
        version: u32,
    },
    /// Archive a version.
    Archive {
        /// Price list name or id.
        price_list: String,
        /// Version.
        version: u32,
    },
}

/// `nimbus catalog pin …`.
#[derive(Debug, Subcommand)]
pub enum PinCommand {
    /// The tenant's pins.
    #[command(alias = "ls")]
    List,
    /// Pin a published or archived version from a time on.
    Create {
        /// Price list name or id.
        price_list: String,
        /// Version.
        version: u32,
        /// RFC 3339 time with an offset.
        #[arg(long = "from", value_name = "TIME", value_parser = parse_expires)]
        effective_from: DateTime<FixedOffset>,
    },
    /// Remove a pin.
    #[command(alias = "rm")]
    Delete {
        /// Pin id.
        id: PinId,
    },
}

/// Bounds of a graph query.
#[derive(Debug, Args)]
pub struct WalkArgs {
    /// out, in or both (graph and path).
    #[arg(long)]
    pub direction: Option<String>,
    /// Only these relationship kinds (comma-separated).
    #[arg(long)]
    pub kinds: Option<String>,
    /// Largest number of hops (default 3).
    #[arg(long)]
    pub depth: Option<u32>,
    /// Largest number of CIs (default 1000).
    #[arg(long)]
    pub limit: Option<u32>,
}

/// `nimbus rel …`.
#[derive(Debug, Subcommand)]
pub enum RelCommand {
    /// Relationships of a CI, both directions.
    #[command(alias = "ls")]
    List {
        /// CI id.
        ci: CiId,
    },
    /// Relate two CIs: `nimbus rel create SOURCE depends_on TARGET` (inverse kinds such as
    /// `depended_on_by` are stored turned around).
    Create {
        /// Source CI.
        source: CiId,
        /// Relationship kind (`nimbus semantic types`).
        kind: String,
        /// Target CI.
        target: CiId,
    },
    /// Remove a relationship.
    #[command(alias = "rm")]
    Delete {
        /// Relationship id.
        id: RelationshipId,
    },
}

/// `nimbus search [QUERY] | nimbus search save|list|delete`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SearchArgs {
    /// Saved searches.
    #[command(subcommand)]
    pub command: Option<SearchCommand>,
    /// Words and filters: `web class:virtualmachine state:active tag:env=prod
    /// compartment:ID attr:cpu_cores>=4 external_id:X deleted:true`.
    pub query: Option<String>,
    /// Run the saved search of this name instead.
    #[arg(long)]
    pub saved: Option<String>,
    /// Page size.
    #[arg(long)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[arg(long)]
    pub cursor: Option<String>,
}

/// `nimbus search …`.
#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// Save a search under a name.
    Save {
        /// Name.
        name: String,
        /// Query.
        query: String,
    },
    /// Your saved searches.
    #[command(alias = "ls")]
    List,
    /// Delete a saved search.
    #[command(alias = "rm")]
    Delete {
        /// Saved search id.
        id: SavedSearchId,
    },
}

/// Whether `--tenant` was given on the command line (at any level), not taken from
/// `NIMBUS_TENANT`: `nimbus context add` stores only the former.
pub fn tenant_on_command_line(matches: &clap::ArgMatches) -> bool {
    let mut level = Some(matches);
    while let Some(m) = level {
        if m.value_source("tenant") == Some(clap::parser::ValueSource::CommandLine) {
            return true;
        }
        level = m.subcommand().map(|(_, sub)| sub);
    }
    false
}

/// Parses `KEY=VALUE` (the value may contain `=`; the key may not be empty).
pub fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok((key.trim().to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got {text:?}")),
    }
}

/// Parses an RFC 3339 time that carries its offset (`Z` or `±hh:mm`).
pub fn parse_expires(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map_err(|e| format!("expected an RFC 3339 time with an offset, e.g. 2026-12-31T18:00:00+01:00 ({e})"))
}

/// Checks that `text` is a UUID (user and group ids both are).
fn parse_uuid(text: &str) -> Result<String, String> {
    uuid::Uuid::parse_str(text).map(|u| u.to_string()).map_err(|e| format!("not an id: {e}"))
}

/// `nimbus session …`.
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// List your active sessions.
    #[command(alias = "ls")]
    List,
    /// End one of your sessions.
    Revoke {
        /// Session id.
        id: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
}

/// `nimbus context …`.
#[derive(Debug, Subcommand)]
pub enum ContextCommand {
    /// Add (or update) a context.
    Add {
        /// Context name.
        name: String,
        /// Daemon URL, e.g. https://nimbus.example.com:7460.
        #[arg(long)]
        url: String,
        /// Extra CA certificate (PEM) to trust for this daemon.
        #[arg(long, value_name = "FILE")]
        ca_file: Option<PathBuf>,
        /// Make it the current context.
        #[arg(long = "use")]
        use_it: bool,
        // Its default tenant is the global `--tenant` given on this command line.
    },
    /// Switch the current context.
    Use {
        /// Context name.
        name: String,
    },
    /// List contexts.
    #[command(alias = "ls")]
    List,
    /// Remove a context and its stored credentials.
    #[command(alias = "rm")]
    Remove {
        /// Context name.
        name: String,
    },
    /// Show the context in effect.
    Current,
}

/// The clap command (for completions and help topics).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("nimbus").chain(args.iter().copied()))
    }

    const ID: &str = "0190f5d2-7a3c-7b8e-9c1d-2e3f4a5b6c7d";

    #[test]
    fn tenant_from_the_command_line_is_told_apart() -> Result<(), clap::Error> {
        let m =
            command().try_get_matches_from(["nimbus", "context", "add", "p", "--url", "http://x", "--tenant", "a"])?;
        assert!(tenant_on_command_line(&m));
        let m =
            command().try_get_matches_from(["nimbus", "--tenant", "a", "context", "add", "p", "--url", "http://x"])?;
        assert!(tenant_on_command_line(&m));
        let m = command().try_get_matches_from(["nimbus", "context", "add", "p", "--url", "http://x"])?;
        assert!(!tenant_on_command_line(&m));
        Ok(())
    }

    #[test]
    fn key_values_split_at_the_first_equals_sign() {
        assert_eq!(parse_key_value("env=prod"), Ok(("env".into(), "prod".into())));
        assert_eq!(parse_key_value("q=a=b"), Ok(("q".into(), "a=b".into())));
        assert_eq!(parse_key_value("empty="), Ok(("empty".into(), String::new())));
        assert_eq!(parse_key_value("tag.owner=ops"), Ok(("tag.owner".into(), "ops".into())));
        assert!(parse_key_value("novalue").is_err());
        assert!(parse_key_value("=x").is_err());
    }

    #[test]
    fn expiry_needs_an_offset() {
        let t = parse_expires("2026-12-31T18:00:00+01:00");
        assert_eq!(t.map(|t| t.to_rfc3339()), Ok("2026-12-31T18:00:00+01:00".into()));
        let utc = parse_expires("2026-12-31T17:00:00Z").map(|t| t.timestamp());
        assert_eq!(utc, parse_expires("2026-12-31T18:00:00+01:00").map(|t| t.timestamp()));
        assert!(parse_expires("2026-12-31T18:00:00").is_err());
        assert!(parse_expires("2026-12-31").is_err());
        assert!(parse_expires("tomorrow").is_err());
    }

    #[test]
    fn check_collects_attributes() -> Result<(), clap::Error> {
        let cli = parse(&[
            "auth",
            "check",
            "--user",
            "ann@acme.example",
            "--permission",
            "cmdb:ci:read",
            "--attr",
            "ip=10.0.0.1",
            "--attr",
            "tag.env=prod",
            "--resource",
            ID,
        ])?;
        let Command::Auth(AuthCommand::Check(args)) = cli.command else { panic!("not auth check") };
        assert_eq!(args.attrs, vec![("ip".into(), "10.0.0.1".into()), ("tag.env".into(), "prod".into())]);
        assert_eq!(args.resource.map(|r| r.to_string()), Some(ID.into()));
        assert!(parse(&["auth", "check", "--user", "u", "--permission", "p", "--attr", "ip"]).is_err());
        assert!(parse(&["auth", "check", "--permission", "p"]).is_err());
        Ok(())
    }

    #[test]
    fn assign_takes_exactly_one_subject_and_an_offset_expiry() -> Result<(), clap::Error> {
        let cli = parse(&["role", "assign", ID, "--group", ID, "--expires", "2026-12-31T18:00:00+01:00"])?;
        let Command::Role(RoleCommand::Assign { subject, expires, compartment, .. }) = cli.command else {
            panic!("not role assign")
        };
        assert!(subject.user.is_none() && subject.group.is_some() && compartment.is_none());
        assert_eq!(expires.map(|e| e.offset().local_minus_utc()), Some(3600));
        assert!(parse(&["role", "assign", ID]).is_err());
        assert!(parse(&["role", "assign", ID, "--user", ID, "--group", ID]).is_err());
        assert!(parse(&["role", "assign", ID, "--user", ID, "--expires", "2026-12-31T18:00:00"]).is_err());
        assert!(parse(&["role", "assign", "not-an-id", "--user", ID]).is_err());
        Ok(())
    }

    #[test]
    fn move_needs_a_destination() -> Result<(), clap::Error> {
        assert!(parse(&["compartment", "move", ID]).is_err());
        assert!(parse(&["compartment", "move", ID, "--top", "--parent", ID]).is_err());
        let cli = parse(&["compartment", "move", ID, "--top"])?;
        assert!(matches!(cli.command, Command::Compartment(CompartmentCommand::Move { top: true, parent: None, .. })));
        Ok(())
    }

    #[test]
    fn tenant_is_global_and_repeatable_options_collect() -> Result<(), clap::Error> {
        let cli = parse(&[
            "tenant",
            "create",
            "Acme",
            "--domain",
            "acme.example",
            "--domain",
            "acme.test",
            "--tag",
            "tier=gold",
            "--tenant",
            "root",
        ])?;
        assert_eq!(cli.global.tenant.as_deref(), Some("root"));
        let Command::Tenant(TenantCommand::Create(args)) = cli.command else { panic!("not tenant create") };
        assert_eq!(args.domains, ["acme.example", "acme.test"]);
        assert_eq!(args.tags, vec![("tier".into(), "gold".into())]);
        assert!(parse(&["--tenant", "", "tenant", "list"]).is_err());
        assert!(parse(&["tenant", "update", "acme", "--tag", "a=b", "--clear-tags"]).is_err());
        Ok(())
    }

    #[test]
    fn enumerated_values_are_the_wire_names() -> Result<(), clap::Error> {
        let cli = parse(&["role", "create", "Auditor", "--tier", "read_only", "--allow", "audit:*:read"])?;
        assert!(matches!(cli.command, Command::Role(RoleCommand::Create { tier: Some(t), .. }) if t == "read_only"));
        assert!(parse(&["role", "create", "Auditor", "--tier", "boss"]).is_err());
        let cli = parse(&["user", "update", ID, "--status", "locked"])?;
        assert!(matches!(cli.command, Command::User(UserCommand::Update { status: Some(UserStatus::Locked), .. })));
        assert!(parse(&["group", "remove-member", ID, "alice"]).is_err());
        Ok(())
    }
}

/// Filters shared by `nimbus audit query`, `tail` and saved queries.
#[derive(Debug, Clone, Default, Args)]
pub struct AuditFilterArgs {
    /// Records at or after this time (RFC 3339, e.g. 2026-11-01T00:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub since: Option<DateTime<chrono::Utc>>,
    /// Records before this time (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub until: Option<DateTime<chrono::Utc>>,
    /// Actor id, or a glob over the actor's name (`*@example.com`).
    #[arg(long, value_name = "ID|GLOB")]
    pub actor: Option<String>,
    /// Permission glob (`tenant:*`).
    #[arg(long, value_name = "GLOB")]
    pub action: Option<String>,
    /// Event type glob (`auth.login.*`; `nimbus audit taxonomy` lists them).
    #[arg(long = "event", value_name = "GLOB")]
    pub event_type: Option<String>,
    /// Category (api, auth, data, permission, system, security, tenant, user).
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Lowest priority (debug, info, warn, err, critical).
    #[arg(long, value_name = "PRIORITY")]
    pub min_priority: Option<String>,
    /// Resource type.
    #[arg(long, value_name = "TYPE")]
    pub resource_type: Option<String>,
    /// Resource id.
    #[arg(long, value_name = "ID")]
    pub resource_id: Option<String>,
    /// Result: success, denied or failed.
    #[arg(long, value_name = "RESULT")]
    pub result: Option<String>,
    /// Trace id.
    #[arg(long, value_name = "ID")]
    pub trace_id: Option<String>,
    /// Full-text search: words that must all appear.
    #[arg(long = "search", short = 's', value_name = "WORDS")]
    pub q: Option<String>,
    /// Include sub-tenants you may read.
    #[arg(long)]
    pub subtree: bool,
}

/// `nimbus audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Search the log, newest first.
    #[command(alias = "q")]
    Query {
        #[command(flatten)]
        filters: Box<AuditFilterArgs>,
        /// Records per page (at most 1000).
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Continue after this cursor (printed as NEXT by the previous page).
        #[arg(long)]
        cursor: Option<String>,
        /// Run a saved query (by name) instead of filters given here.
        #[arg(long, value_name = "NAME", conflicts_with = "cursor")]
        saved: Option<String>,
    },
    /// Print recent records; with -f, follow new ones as they are written (JSON Lines with -o json).
    Tail {
        /// Keep following.
        #[arg(short, long)]
        follow: bool,
        /// Records to show first.
        #[arg(short = 'n', long, default_value_t = 10)]
        lines: u32,
        /// Include sub-tenants you may read.
        #[arg(long)]
        subtree: bool,
        /// Only these event types (glob over the event type, e.g. `auth.*`).
        #[arg(long = "event", value_name = "GLOB")]
        event_type: Option<String>,
    },
    /// Verify the log against its signed checkpoints (exit 0 intact, 8 when a problem is found);
    /// with --file, verify an export offline.
    Verify {
        /// First record (online).
        #[arg(long, value_name = "SEQ")]
        from: Option<u64>,
        /// Last record (online).
        #[arg(long, value_name = "SEQ")]
        to: Option<u64>,
        /// An NDJSON export to verify offline, without the daemon.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// The verifier key you trust (`nimbus audit public-key`); required with --file.
        #[arg(long, value_name = "VKEY", requires = "file")]
        public_key: Option<String>,
    },
    /// Stream an export (NDJSON by default) to standard output or a file.
    Export {
        /// Format.
        #[arg(long, value_enum, default_value_t = ExportFormatArg::Ndjson)]
        format: ExportFormatArg,
        /// First record.
        #[arg(long, value_name = "SEQ")]
        from: Option<u64>,
        /// Last record (default: the newest checkpoint).
        #[arg(long, value_name = "SEQ")]
        to: Option<u64>,
        /// Write here instead of standard output.
        #[arg(long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Signed checkpoints of the log, by size.
    Checkpoints {
        /// Smallest size.
        #[arg(long, value_name = "SIZE")]
        from: Option<u64>,
        /// At most this many.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Inclusion and consistency proofs, checked here against the signing key.
    #[command(subcommand)]
    Proof(AuditProofCommand),
    /// The key checkpoints are signed with.
    PublicKey,
    /// The documented event types.
    Taxonomy,
    /// The tenant's audit settings.
    #[command(subcommand)]
    Settings(AuditSettingsCommand),
    /// Saved queries.
    #[command(subcommand)]
    Saved(AuditSavedCommand),
    /// Archived segments: run archival now, list segments, fetch one.
    #[command(subcommand)]
    Archive(AuditArchiveCommand),
}

/// `nimbus audit archive …`.
#[derive(Debug, Subcommand)]
pub enum AuditArchiveCommand {
    /// Move records past the retention window (`nimbus audit settings`) into the archive now.
    Run,
    /// The archived segments, oldest first.
    #[command(alias = "ls")]
    List,
    /// Download one segment (gzip-compressed NDJSON) as stored.
    Fetch {
        /// The segment's first record.
        first_seq: u64,
        /// Write here instead of standard output.
        #[arg(long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// One JSON object per line, with checkpoints; verifiable offline.
    Ndjson,
    /// One JSON document.
    Json,
    /// Comma-separated values.
    Csv,
}

/// `nimbus audit proof …`.
#[derive(Debug, Subcommand)]
pub enum AuditProofCommand {
    /// Prove that a record is in the log.
    Inclusion {
        /// The record's sequence number.
        seq: u64,
        /// At the checkpoint of this size (default: the newest).
        #[arg(long)]
        size: Option<u64>,
    },
    /// Prove that an older checkpoint's log is a prefix of a newer one's.
    Consistency {
        /// The older checkpoint's size.
        old: u64,
        /// The newer checkpoint's size (default: the newest).
        new: Option<u64>,
    },
}

/// `nimbus audit settings …`.
#[derive(Debug, Subcommand)]
pub enum AuditSettingsCommand {
    /// Show them.
    Show,
    /// Change them; omitted options stay as they are.
    Set {
        /// Record API reads.
        #[arg(long, value_name = "BOOL")]
        log_reads: Option<bool>,
        /// Record routine data changes.
        #[arg(long, value_name = "BOOL")]
        log_writes: Option<bool>,
        /// Record sign-ins and token refreshes.
        #[arg(long, value_name = "BOOL")]
        log_auth: Option<bool>,
        /// Record failed attempts.
        #[arg(long, value_name = "BOOL")]
        log_errors: Option<bool>,
        /// A field-name pattern to redact (`*_ssn`); repeatable; the given set replaces the old.
        #[arg(long = "redact", value_name = "PATTERN")]
        redact: Vec<String>,
        /// Remove every extra redaction pattern.
        #[arg(long, conflicts_with = "redact")]
        clear_redact: bool,
        /// Days records stay in the database before archival.
        #[arg(long, value_name = "DAYS")]
        hot_days: Option<u32>,
    },
}

/// `nimbus audit saved …`.
#[derive(Debug, Subcommand)]
pub enum AuditSavedCommand {
    /// Your saved queries and the shared ones.
    #[command(alias = "ls")]
    List,
    /// Save the filters under a name (replacing your query of that name).
    Save {
        /// Name.
        name: String,
        /// Share it with everyone who may read the tenant's audit log.
        #[arg(long)]
        shared: bool,
        #[command(flatten)]
        filters: Box<AuditFilterArgs>,
    },
    /// Delete one of your saved queries.
    #[command(alias = "rm")]
    Delete {
        /// Saved query id.
        id: uuid::Uuid,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}
