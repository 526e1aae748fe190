//! `nimbus semantic | class | ci | rel | search`: the CMDB.

use std::io::BufRead;

use nimbus_core::api::catalog::{
    CiTemplate, CiTemplateList, CostEstimate, CreateCiTemplate, CreateOffering, CreatePin, CreatePriceList,
    InstantiateTemplate, Offering, OfferingList, PinList, PriceItem, PriceList, PriceListList, SetDraftPrices,
    TemplateInstance,
};
use nimbus_core::api::cmdb::{
    Ci, CiClass, CiClassList, CiDiff, CiHistory, CiList, CreateCi, CreateCiClass, CreateRelationship,
    CreateSavedSearch, GraphResult, ImportResult, MappingList, PathResult, Relationship, RelationshipList,
    SavedSearchList, SemanticTypeList, UpdateCi,
};
use nimbus_core::client::WalkQuery;
use serde_json::Value;

use super::{Env, confirm, opt_time, print_deleted, time, to_map};
use crate::args::{
    CatalogCommand, CiCommand, CiTemplateCommand, ClassCommand, OfferingCommand, PinCommand, PriceListCommand,
    RelCommand, SearchArgs, SearchCommand, SemanticCommand, WalkArgs,
};
use crate::exit::{self, CliError, CliResult};
use crate::output::View;

/// A JSON argument given inline or as `@FILE`.
fn json_arg(option: &str, text: &str) -> CliResult<Value> {
    let raw = match text.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| CliError::usage(format!("{option}: cannot read {path}: {e}")))?
        }
        None => text.to_owned(),
    };
    serde_json::from_str(&raw).map_err(|e| CliError::usage(format!("{option}: not JSON: {e}")))
}

fn types_view(list: &SemanticTypeList, category: Option<&str>) -> View {
    let types = View::Rows {
        headers: vec!["TYPE", "CATEGORY", "PROPERTIES", "DESCRIPTION"],
        rows: list
            .types
            .iter()
            .filter(|t| category.is_none_or(|c| t.category.eq_ignore_ascii_case(c)))
            .map(|t| {
                let props = t
                    .properties
                    .iter()
                    .map(|p| format!("{}{}:{}", p.name, if p.required { "*" } else { "" }, p.kind))
                    .collect::<Vec<_>>()
                    .join(" ");
                vec![t.name.clone(), t.category.clone(), props, t.description.clone()]
            })
            .collect(),
    };
    let kinds = View::Rows {
        headers: vec!["RELATIONSHIP", "INVERSE", "SOURCE", "TARGET"],
        rows: list
            .relationship_kinds
            .iter()
            .map(|k| vec![k.name.clone(), k.inverse.clone(), k.source.clone(), k.target.clone()])
            .collect(),
    };
    View::Stack(vec![types, kinds])
}

fn mappings_view(list: &MappingList) -> View {
    View::Rows {
        headers: vec!["PROVIDER", "KIND", "SEMANTIC TYPE", "CONCEPT"],
        rows: list
            .mappings
            .iter()
            .map(|m| vec![m.provider.clone(), m.kind.clone(), m.semantic_type.clone(), m.concept.clone()])
            .collect(),
    }
}

/// `nimbus semantic …` (the registry is public; no sign-in needed).
pub(super) async fn semantic(env: Env, cmd: &SemanticCommand) -> CliResult<()> {
    let ctx = env.context()?;
    let client = env.client(&ctx)?;
    match cmd {
        SemanticCommand::Types { category } => {
            let list = client.semantic_types().await?;
            env.printer.print(&list, |l| types_view(l, category.as_deref()))
        }
        SemanticCommand::Mappings { provider } => {
            env.printer.print(&client.semantic_mappings(provider.as_deref()).await?, mappings_view)
        }
    }
}

fn class_rows(list: &CiClassList) -> View {
    View::Rows {
        headers: vec!["KEY", "NAME", "SEMANTIC TYPE", "SYSTEM"],
        rows: list
            .classes
            .iter()
            .map(|c| {
                vec![c.key.clone(), c.name.clone(), c.semantic_type.clone().unwrap_or_default(), c.system.to_string()]
            })
            .collect(),
    }
}

fn class_view(c: &CiClass) -> View {
    View::Fields(vec![
        ("KEY", c.key.clone()),
        ("NAME", c.name.clone()),
        ("DESCRIPTION", c.description.clone()),
        ("SEMANTIC TYPE", c.semantic_type.clone().unwrap_or_default()),
        ("SYSTEM", c.system.to_string()),
        ("SCHEMA", serde_json::to_string_pretty(&c.schema).unwrap_or_default()),
    ])
}

/// `nimbus class …`.
pub(super) async fn class(env: Env, cmd: &ClassCommand) -> CliResult<()> {
    if let ClassCommand::Delete { key, yes } = cmd {
        confirm(&format!("Delete class {key}?"), *yes)?;
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        ClassCommand::List => env.printer.print(&client.ci_classes(&tenant).await?, class_rows),
        ClassCommand::Show { key } => env.printer.print(&client.ci_class(&tenant, key).await?, class_view),
        ClassCommand::Create { key, name, description, semantic_type, schema } => {
            let request = CreateCiClass {
                key: key.clone(),
                name: name.clone(),
                description: description.clone(),
                semantic_type: semantic_type.clone(),
                schema: schema.as_deref().map(|s| json_arg("--schema", s)).transpose()?,
            };
            env.printer.print(&client.create_ci_class(&tenant, &request).await?, class_view)
        }
        ClassCommand::Delete { key, .. } => {
            client.delete_ci_class(&tenant, key).await?;
            print_deleted(&env, "class", key)
        }
    }
}

fn ci_rows(list: &CiList) -> View {
    View::Rows {
        headers: vec!["ID", "CLASS", "NAME", "STATE", "VERSION", "EXTERNAL ID", "UPDATED"],
        rows: list
            .cis
            .iter()
            .map(|c| {
                vec![
                    c.id.to_string(),
                    c.class.clone(),
                    c.name.clone(),
                    c.state.clone(),
                    c.version.to_string(),
                    c.external_id.clone().unwrap_or_default(),
                    time(&c.updated_at),
                ]
            })
            .collect(),
    }
}

fn ci_view(c: &Ci) -> View {
    View::Fields(vec![
        ("ID", c.id.to_string()),
        ("CLASS", c.class.clone()),
        ("NAME", c.name.clone()),
        ("STATE", c.state.clone()),
        ("VERSION", c.version.to_string()),
        ("COMPARTMENT", c.compartment_id.map(|x| x.to_string()).unwrap_or_default()),
        ("ATTRIBUTES", c.attributes.to_string()),
        ("TAGS", super::map_text(&c.tags)),
        ("EXTERNAL ID", c.external_id.clone().unwrap_or_default()),
        ("PROVIDER", c.provider.clone().unwrap_or_default()),
        ("URN", c.urn.clone().unwrap_or_default()),
        ("CREATED", time(&c.created_at)),
        ("UPDATED", time(&c.updated_at)),
        ("DELETED", opt_time(c.deleted_at.as_ref())),
    ])
}

fn history_view(h: &CiHistory) -> View {
    View::Rows {
        headers: vec!["VERSION", "VALID FROM", "ACTOR", "STATE", "NAME"],
        rows: h
            .versions
            .iter()
            .map(|v| {
                vec![v.version.to_string(), time(&v.valid_from), v.actor.clone(), v.ci.state.clone(), v.ci.name.clone()]
            })
            .collect(),
    }
}

fn diff_view(d: &CiDiff) -> View {
    View::Rows {
        headers: vec!["PATH", "BEFORE", "AFTER"],
        rows: d.changes.iter().map(|c| vec![c.path.clone(), c.before.to_string(), c.after.to_string()]).collect(),
    }
}

fn graph_view(g: &GraphResult) -> View {
    let mut views = vec![View::Rows {
        headers: vec!["DEPTH", "ID", "CLASS", "NAME", "STATE"],
        rows: g
            .nodes
            .iter()
            .map(|n| vec![n.depth.to_string(), n.id.to_string(), n.class.clone(), n.name.clone(), n.state.clone()])
            .collect(),
    }];
    if g.truncated {
        views.push(View::Fields(vec![("TRUNCATED", "true (raise --limit to see more)".to_owned())]));
    }
    View::Stack(views)
}

fn path_view(p: &PathResult) -> View {
    View::Rows {
        headers: vec!["STEP", "ID", "CLASS", "NAME", "VIA"],
        rows: p
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let via = i.checked_sub(1).and_then(|j| p.edges.get(j)).map(|e| e.kind.clone()).unwrap_or_default();
                vec![i.to_string(), n.id.to_string(), n.class.clone(), n.name.clone(), via]
            })
            .collect(),
    }
}

fn walk_query(w: &WalkArgs) -> WalkQuery {
    WalkQuery { direction: w.direction.clone(), kinds: w.kinds.clone(), depth: w.depth, limit: w.limit }
}

fn import_view(r: &ImportResult) -> View {
    View::Fields(vec![
        ("CREATED", r.created.to_string()),
        ("UPDATED", r.updated.to_string()),
        ("UNCHANGED", r.unchanged.to_string()),
        ("RELATIONSHIPS", r.relationships.to_string()),
    ])
}

/// `nimbus ci …`.
pub(super) async fn ci(env: Env, cmd: &CiCommand) -> CliResult<()> {
    if let CiCommand::Delete { id, yes } = cmd {
        confirm(&format!("Delete configuration item {id} and its relationships?"), *yes)?;
    }
    if let CiCommand::Template(t) = cmd {
        return template(env, t).await;
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        CiCommand::List { query, limit, cursor } => {
            env.printer.print(&client.search_cis(&tenant, query, *limit, cursor.as_deref()).await?, ci_rows)
        }
        CiCommand::Show { id, at } => {
            let at = at.map(|t| t.to_rfc3339());
            env.printer.print(&client.ci(&tenant, *id, at.as_deref()).await?, ci_view)
        }
        CiCommand::Create { class, name, state, compartment, attributes, tags, external_id, provider, urn } => {
            let request = CreateCi {
                class: class.clone(),
                name: name.clone(),
                compartment_id: *compartment,
                state: state.clone(),
                attributes: attributes.as_deref().map(|a| json_arg("--attributes", a)).transpose()?,
                tags: to_map(tags, "--tag")?,
                external_id: external_id.clone(),
                provider: provider.clone(),
                urn: urn.clone(),
            };
            env.printer.print(&client.create_ci(&tenant, &request).await?, ci_view)
        }
        CiCommand::Update { id, name, state, attributes, tags, compartment, urn } => {
            let request = UpdateCi {
                name: name.clone(),
                state: state.clone(),
                attributes: attributes.as_deref().map(|a| json_arg("--attributes", a)).transpose()?,
                tags: if tags.is_empty() { None } else { Some(to_map(tags, "--tag")?) },
                compartment_id: *compartment,
                urn: urn.clone(),
            };
            super::require_change(request != UpdateCi::default())?;
            env.printer.print(&client.update_ci(&tenant, *id, &request).await?, ci_view)
        }
        CiCommand::Delete { id, .. } => {
            client.delete_ci(&tenant, *id).await?;
            print_deleted(&env, "ci", id)
        }
        CiCommand::History { id } => env.printer.print(&client.ci_history(&tenant, *id).await?, history_view),
        CiCommand::Diff { id, from, to } => {
            let d = client.ci_diff(&tenant, *id, *from, *to).await?;
            env.printer.print(&d, diff_view)?;
            if d.changes.is_empty() {
                Ok(())
            } else {
                Err(CliError { silent: true, ..CliError::new(exit::ERROR, "changed", "the versions differ") })
            }
        }
        CiCommand::Graph { id, walk } => {
            env.printer.print(&client.ci_walk(&tenant, *id, false, &walk_query(walk)).await?, graph_view)
        }
        CiCommand::Impact { id, walk } => {
            env.printer.print(&client.ci_walk(&tenant, *id, true, &walk_query(walk)).await?, graph_view)
        }
        CiCommand::Path { from, to, walk } => {
            env.printer.print(&client.ci_path(&tenant, *from, *to, &walk_query(walk)).await?, path_view)
        }
        CiCommand::Import { file, format } => {
            let format = match format.as_deref() {
                Some(f) => f.to_owned(),
                None if file.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) => "csv".to_owned(),
                None => "json".to_owned(),
            };
            let input: Box<dyn BufRead> = if file.as_os_str() == "-" {
                Box::new(std::io::BufReader::new(std::io::stdin()))
            } else {
                let f = std::fs::File::open(file)
                    .map_err(|e| CliError::usage(format!("cannot read {}: {e}", file.display())))?;
                Box::new(std::io::BufReader::with_capacity(1 << 20, f))
            };
            let total = import_file(&env, &client, &tenant, &format, input).await?;
            env.printer.print(&total, import_view)
        }
        CiCommand::Export { query, format } => {
            let mut stream = client.export_cis(&tenant, format, query).await?;
            while let Some(chunk) = stream.next_chunk().await? {
                crate::output::write_stdout(&String::from_utf8_lossy(&chunk))?;
            }
            Ok(())
        }
        CiCommand::Template(_) => Ok(()),
    }
}

fn templates_view(list: &CiTemplateList) -> View {
    View::Rows {
        headers: vec!["ID", "NAME", "CIS", "RELATIONSHIPS", "PARAMETERS", "CREATED"],
        rows: list
            .templates
            .iter()
            .map(|t| {
                vec![
                    t.id.to_string(),
                    t.name.clone(),
                    t.items.len().to_string(),
                    t.relationships.len().to_string(),
                    t.parameters.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(","),
                    time(&t.created_at),
                ]
            })
            .collect(),
    }
}

fn template_view(t: &CiTemplate) -> View {
    let items = View::Rows {
        headers: vec!["KEY", "CLASS", "NAME", "ATTRIBUTES", "CONSTRAINTS"],
        rows: t
            .items
            .iter()
            .map(|i| {
                vec![
                    i.key.clone(),
                    i.class.clone(),
                    i.name.clone(),
                    serde_json::to_string(&i.attributes).unwrap_or_default(),
                    i.constraints.as_ref().map(Value::to_string).unwrap_or_default(),
                ]
            })
            .collect(),
    };
    let rels = View::Rows {
        headers: vec!["SOURCE", "KIND", "TARGET"],
        rows: t.relationships.iter().map(|r| vec![r.source.clone(), r.kind.clone(), r.target.clone()]).collect(),
    };
    let params = View::Rows {
        headers: vec!["PARAMETER", "DEFAULT", "ALLOWED", "DESCRIPTION"],
        rows: t
            .parameters
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.default.as_ref().map(Value::to_string).unwrap_or_default(),
                    p.allowed.iter().map(Value::to_string).collect::<Vec<_>>().join(","),
                    p.description.clone(),
                ]
            })
            .collect(),
    };
    View::Stack(vec![
        View::Fields(vec![("ID", t.id.to_string()), ("NAME", t.name.clone()), ("DESCRIPTION", t.description.clone())]),
        params,
        items,
        rels,
    ])
}

fn instance_view(i: &TemplateInstance) -> View {
    View::Stack(vec![
        ci_rows(&CiList { cis: i.cis.clone(), next_cursor: None }),
        View::Rows {
            headers: vec!["ID", "SOURCE", "KIND", "TARGET", "CREATED"],
            rows: i.relationships.iter().map(rel_row).collect(),
        },
    ])
}

/// `nimbus ci template …`.
async fn template(env: Env, cmd: &CiTemplateCommand) -> CliResult<()> {
    if let CiTemplateCommand::Delete { template, yes } = cmd {
        confirm(&format!("Delete template {template}?"), *yes)?;
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        CiTemplateCommand::List => env.printer.print(&client.ci_templates(&tenant).await?, templates_view),
        CiTemplateCommand::Show { template } => {
            env.printer.print(&client.ci_template(&tenant, template).await?, template_view)
        }
        CiTemplateCommand::Create { spec } => {
            let request: CreateCiTemplate = serde_json::from_value(json_arg("SPEC", spec)?)
                .map_err(|e| CliError::usage(format!("SPEC: not a template: {e}")))?;
            env.printer.print(&client.create_ci_template(&tenant, &request).await?, template_view)
        }
        CiTemplateCommand::Delete { template, .. } => {
            client.delete_ci_template(&tenant, template).await?;
            print_deleted(&env, "template", template)
        }
        CiTemplateCommand::Instantiate { template, params, compartment } => {
            let parameters = params
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.clone()))))
                .collect();
            let request = InstantiateTemplate { parameters, compartment_id: *compartment };
            env.printer.print(&client.instantiate_ci_template(&tenant, template, &request).await?, instance_view)
        }
    }
}

fn offerings_view(list: &OfferingList) -> View {
    View::Rows {
        headers: vec!["KEY", "NAME", "CLASSES", "DESCRIPTION"],
        rows: list
            .offerings
            .iter()
            .map(|o| vec![o.key.clone(), o.name.clone(), o.classes.join(","), o.description.clone()])
            .collect(),
    }
}

fn offering_view(o: &Offering) -> View {
    View::Fields(vec![
        ("ID", o.id.to_string()),
        ("KEY", o.key.clone()),
        ("NAME", o.name.clone()),
        ("CLASSES", o.classes.join(",")),
        ("DESCRIPTION", o.description.clone()),
        ("CREATED", time(&o.created_at)),
    ])
}

fn price_lists_view(list: &PriceListList) -> View {
    View::Rows {
        headers: vec!["NAME", "CURRENCY", "VERSIONS", "PUBLISHED", "DESCRIPTION"],
        rows: list
            .price_lists
            .iter()
            .map(|l| {
                let published = l.versions.iter().find(|v| v.status == "published").map(|v| v.version.to_string());
                vec![
                    l.name.clone(),
                    l.currency.clone(),
                    l.versions.len().to_string(),
                    published.unwrap_or_default(),
                    l.description.clone(),
                ]
            })
            .collect(),
    }
}

fn price_list_view(l: &PriceList) -> View {
    let mut rows = Vec::new();
    for v in &l.versions {
        if v.prices.is_empty() {
            rows.push(vec![
                v.version.to_string(),
                v.status.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for p in &v.prices {
            rows.push(vec![
                v.version.to_string(),
                v.status.clone(),
                p.offering.clone(),
                p.unit.clone(),
                p.price.clone(),
                p.period.clone(),
            ]);
        }
    }
    View::Stack(vec![
        View::Fields(vec![
            ("ID", l.id.to_string()),
            ("NAME", l.name.clone()),
            ("CURRENCY", l.currency.clone()),
            ("DESCRIPTION", l.description.clone()),
        ]),
        View::Rows { headers: vec!["VERSION", "STATUS", "OFFERING", "UNIT", "PRICE", "PERIOD"], rows },
    ])
}

fn pins_view(list: &PinList) -> View {
    View::Rows {
        headers: vec!["ID", "PRICE LIST", "VERSION", "EFFECTIVE FROM"],
        rows: list
            .pins
            .iter()
            .map(|p| vec![p.id.to_string(), p.price_list.clone(), p.version.to_string(), time(&p.effective_from)])
            .collect(),
    }
}

fn estimate_view(e: &CostEstimate) -> View {
    View::Stack(vec![
        View::Rows {
            headers: vec!["CI", "CLASS", "OFFERING", "UNIT", "QUANTITY", "PRICE", "PERIOD", "AMOUNT"],
            rows: e
                .lines
                .iter()
                .map(|l| {
                    vec![
                        l.ci_name.clone(),
                        l.class.clone(),
                        l.offering.clone(),
                        l.unit.clone(),
                        l.quantity.clone(),
                        l.price.clone(),
                        l.period.clone(),
                        l.amount.clone(),
                    ]
                })
                .collect(),
        },
        View::Fields(vec![
            ("PRICE LIST", format!("{} v{}{}", e.price_list, e.version, if e.pinned { " (pinned)" } else { "" })),
            ("AT", time(&e.at)),
            (
                "TOTALS",
                e.totals
                    .iter()
                    .map(|t| format!("{} {} per {}", t.amount, e.currency, t.period))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            ("MONTHLY", format!("{} {}", e.monthly, e.currency)),
            ("UNPRICED CIS", e.unpriced.len().to_string()),
        ]),
    ])
}

fn parse_price(text: &str) -> CliResult<PriceItem> {
    // OFFERING:UNIT:PRICE:PERIOD, where UNIT may itself be `attr:<name>`.
    let parts: Vec<&str> = text.split(':').collect();
    let (offering, unit, price, period) = match parts.as_slice() {
        [o, u, p, per] => (*o, (*u).to_owned(), *p, *per),
        [o, "attr", a, p, per] => (*o, format!("attr:{a}"), *p, *per),
        _ => {
            return Err(CliError::usage(format!(
                "--price: {text:?} is not OFFERING:UNIT:PRICE:PERIOD (e.g. vm:ci:5:month or vm:attr:cpu_cores:0.01:hour)"
            )));
        }
    };
    Ok(PriceItem { offering: offering.to_owned(), unit, price: price.to_owned(), period: period.to_owned() })
}

/// `nimbus catalog …`.
pub(super) async fn catalog(env: Env, cmd: &CatalogCommand) -> CliResult<()> {
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        CatalogCommand::Offering(cmd) => match cmd {
            OfferingCommand::List => env.printer.print(&client.offerings(&tenant).await?, offerings_view),
            OfferingCommand::Show { offering } => {
                env.printer.print(&client.offering(&tenant, offering).await?, offering_view)
            }
            OfferingCommand::Create { key, name, classes, description } => {
                let request = CreateOffering {
                    key: key.clone(),
                    name: name.clone(),
                    description: description.clone(),
                    classes: classes.clone(),
                };
                env.printer.print(&client.create_offering(&tenant, &request).await?, offering_view)
            }
            OfferingCommand::Delete { offering } => {
                client.delete_offering(&tenant, offering).await?;
                print_deleted(&env, "offering", offering)
            }
        },
        CatalogCommand::PriceList(cmd) => match cmd {
            PriceListCommand::List => env.printer.print(&client.price_lists(&tenant).await?, price_lists_view),
            PriceListCommand::Show { price_list } => {
                env.printer.print(&client.price_list(&tenant, price_list).await?, price_list_view)
            }
            PriceListCommand::Create { name, currency, description } => {
                let request = CreatePriceList {
                    name: name.clone(),
                    currency: currency.clone(),
                    description: description.clone(),
                };
                env.printer.print(&client.create_price_list(&tenant, &request).await?, price_list_view)
            }
            PriceListCommand::Draft { price_list, prices } => {
                let prices = prices.iter().map(|p| parse_price(p)).collect::<CliResult<Vec<_>>>()?;
                let l = client.set_draft_prices(&tenant, price_list, &SetDraftPrices { prices }).await?;
                env.printer.print(&l, price_list_view)
            }
            PriceListCommand::Publish { price_list, version } => {
                let l = client.set_price_list_status(&tenant, price_list, *version, true).await?;
                env.printer.print(&l, price_list_view)
            }
            PriceListCommand::Archive { price_list, version } => {
                let l = client.set_price_list_status(&tenant, price_list, *version, false).await?;
                env.printer.print(&l, price_list_view)
            }
        },
        CatalogCommand::Pin(cmd) => match cmd {
            PinCommand::List => env.printer.print(&client.pins(&tenant).await?, pins_view),
            PinCommand::Create { price_list, version, effective_from } => {
                let request = CreatePin {
                    price_list: price_list.clone(),
                    version: *version,
                    effective_from: effective_from.with_timezone(&chrono::Utc),
                };
                let pin = client.create_pin(&tenant, &request).await?;
                env.printer.print(&PinList { pins: vec![pin] }, pins_view)
            }
            PinCommand::Delete { id } => {
                client.delete_pin(&tenant, *id).await?;
                print_deleted(&env, "pin", id)
            }
        },
        CatalogCommand::Estimate { query, at, price_list } => {
            let at = at.map(|t| t.to_rfc3339());
            let e = client.estimate_cost(&tenant, query, at.as_deref(), price_list.as_deref()).await?;
            env.printer.print(&e, estimate_view)
        }
    }
}

/// A file (or standard input) read one record at a time: a line, or for CSV, lines joined
/// while a quoted field is open.
struct RecordReader {
    input: Box<dyn BufRead>,
    csv: bool,
    /// Lines read so far.
    line: usize,
}

impl RecordReader {
    /// The next record (with its line break) and the line it starts on; `None` at the end.
    fn next(&mut self) -> CliResult<Option<(usize, String)>> {
        let mut record = String::new();
        let start = self.line + 1;
        let mut quotes = 0usize;
        loop {
            let before = record.len();
            let n = self.input.read_line(&mut record).map_err(|e| {
                CliError::usage(format!("cannot read line {}: {e} (the file must be UTF-8)", self.line + 1))
            })?;
            if n == 0 {
                break;
            }
            self.line += 1;
            if !record.ends_with('\n') {
                record.push('\n');
            }
            quotes += record[before..].matches('"').count();
            // A CSV record with a quoted newline continues on the next line.
            if !self.csv || quotes.is_multiple_of(2) {
                break;
            }
        }
        Ok((!record.is_empty()).then_some((start, record)))
    }
}

/// Records per import request.
const IMPORT_RECORDS: usize = 50_000;
/// Bytes per import request to start with. Halved, and the request sent again in halves,
/// whenever the daemon answers 413: its `server.import_body_limit_bytes` may be lower.
const IMPORT_BYTES: usize = 16 << 20;

/// Whole records bound for one request, each with the file line it starts on.
#[derive(Default)]
struct Chunk {
    records: Vec<(usize, String)>,
    bytes: usize,
}

/// Sends a file in chunks of whole records, streamed from disk (CSV chunks repeat the header).
/// Line numbers in errors are the file's.
async fn import_file(
    env: &Env,
    client: &nimbus_core::client::Client,
    tenant: &str,
    format: &str,
    input: Box<dyn BufRead>,
) -> CliResult<ImportResult> {
    let csv = format == "csv";
    let mut reader = RecordReader { input, csv, line: 0 };
    let header = if csv { reader.next()?.map(|(_, h)| h) } else { None };
    let mut sender = ChunkSender {
        client,
        tenant,
        format,
        header,
        max_bytes: IMPORT_BYTES,
        progress: !env.global.quiet,
        total: ImportResult::default(),
    };
    let mut chunk = Chunk::default();
    while let Some((line, record)) = reader.next()? {
        if record.trim().is_empty() {
            continue;
        }
        if !chunk.records.is_empty()
            && (chunk.records.len() >= IMPORT_RECORDS || chunk.bytes + record.len() > sender.max_bytes)
        {
            sender.send(std::mem::take(&mut chunk)).await?;
        }
        chunk.bytes += record.len();
        chunk.records.push((line, record));
    }
    if !chunk.records.is_empty() {
        sender.send(chunk).await?;
    }
    Ok(sender.total)
}

struct ChunkSender<'a> {
    client: &'a nimbus_core::client::Client,
    tenant: &'a str,
    format: &'a str,
    header: Option<String>,
    max_bytes: usize,
    /// Say on stderr how far the import got after each request.
    progress: bool,
    total: ImportResult,
}

impl ChunkSender<'_> {
    /// Sends `chunk`, in halves (and later chunks smaller) while the daemon finds it too large.
    async fn send(&mut self, chunk: Chunk) -> CliResult<()> {
        let mut queue = vec![chunk.records];
        while let Some(records) = queue.pop() {
            let mut body = self.header.clone().unwrap_or_default().into_bytes();
            for (_, r) in &records {
                body.extend_from_slice(r.as_bytes());
            }
            let size = body.len();
            match self.client.import_chunk(self.tenant, self.format, body).await {
                Ok(done) => {
                    self.total.created += done.created;
                    self.total.updated += done.updated;
                    self.total.unchanged += done.unchanged;
                    self.total.relationships += done.relationships;
                    if self.progress
                        && let Some((start, text)) = records.last()
                    {
                        eprintln!("imported up to line {}", start + text.matches('\n').count() - 1);
                    }
                }
                Err(nimbus_core::client::ClientError::Api { status: 413, .. }) if records.len() > 1 => {
                    self.max_bytes = self.max_bytes.min(size / 2).max(1);
                    let mut first = records;
                    let second = first.split_off(first.len() / 2);
                    // Popped last-in first: the first half goes first, keeping the file's order.
                    queue.push(second);
                    queue.push(first);
                }
                Err(e) => return Err(self.located(e, &records)),
            }
        }
        Ok(())
    }

    /// The daemon numbers lines within the request; name the file's line instead.
    fn located(&self, e: nimbus_core::client::ClientError, records: &[(usize, String)]) -> CliError {
        let first = records.first().map_or(1, |(l, _)| *l);
        let mut err = CliError::from(e);
        let numbered = err
            .message
            .strip_prefix("line ")
            .and_then(|rest| rest.split_once(':'))
            .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest.to_owned())));
        let file_line = numbered.and_then(|(n, rest)| Some((file_line(records, n, self.header.is_some())?, rest)));
        err.message = match file_line {
            Some((n, rest)) => format!("line {n}:{rest}"),
            None => format!("{} (in the request starting at line {first})", err.message),
        };
        err
    }
}

/// The file line of line `n` of a request made of `records` (blank lines between them were
/// left out; the header, when there is one, is the request's line 1).
fn file_line(records: &[(usize, String)], n: usize, header: bool) -> Option<usize> {
    let mut n = n.checked_sub(1 + usize::from(header))?;
    for (start, text) in records {
        let lines = text.matches('\n').count();
        if n < lines {
            return Some(start + n);
        }
        n -= lines;
    }
    None
}

fn rel_rows(list: &RelationshipList) -> View {
    View::Rows {
        headers: vec!["ID", "SOURCE", "KIND", "TARGET", "CREATED"],
        rows: list.relationships.iter().map(rel_row).collect(),
    }
}

fn rel_row(r: &Relationship) -> Vec<String> {
    vec![r.id.to_string(), r.source_id.to_string(), r.kind.clone(), r.target_id.to_string(), time(&r.created_at)]
}

/// `nimbus rel …`.
pub(super) async fn rel(env: Env, cmd: &RelCommand) -> CliResult<()> {
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        RelCommand::List { ci } => env.printer.print(&client.ci_relationships(&tenant, *ci).await?, rel_rows),
        RelCommand::Create { source, kind, target } => {
            let request = CreateRelationship { kind: kind.clone(), source_id: *source, target_id: *target };
            let r = client.create_relationship(&tenant, &request).await?;
            env.printer.print(&r, |r| View::Rows {
                headers: vec!["ID", "SOURCE", "KIND", "TARGET", "CREATED"],
                rows: vec![rel_row(r)],
            })
        }
        RelCommand::Delete { id } => {
            client.delete_relationship(&tenant, *id).await?;
            print_deleted(&env, "relationship", id)
        }
    }
}

fn searches_view(list: &SavedSearchList) -> View {
    View::Rows {
        headers: vec!["ID", "NAME", "QUERY", "CREATED"],
        rows: list
            .searches
            .iter()
            .map(|s| vec![s.id.to_string(), s.name.clone(), s.query.clone(), time(&s.created_at)])
            .collect(),
    }
}

/// `nimbus search …`.
pub(super) async fn search(env: Env, args: &SearchArgs) -> CliResult<()> {
    let (client, tenant) = env.tenant_client().await?;
    match &args.command {
        Some(SearchCommand::Save { name, query }) => {
            let saved =
                client.save_search(&tenant, &CreateSavedSearch { name: name.clone(), query: query.clone() }).await?;
            env.printer.print(&saved, |s| {
                View::Fields(vec![("ID", s.id.to_string()), ("NAME", s.name.clone()), ("QUERY", s.query.clone())])
            })
        }
        Some(SearchCommand::List) => env.printer.print(&client.saved_searches(&tenant).await?, searches_view),
        Some(SearchCommand::Delete { id }) => {
            client.delete_saved_search(&tenant, *id).await?;
            print_deleted(&env, "saved_search", id)
        }
        None => {
            let query = match &args.saved {
                Some(name) => client
                    .saved_searches(&tenant)
                    .await?
                    .searches
                    .into_iter()
                    .find(|s| s.name == *name)
                    .map(|s| s.query)
                    .ok_or_else(|| {
                        CliError::new(exit::NOT_FOUND, "not_found", format!("no saved search named {name:?}"))
                            .hint("list them with `nimbus search list`")
                    })?,
                None => args.query.clone().unwrap_or_default(),
            };
            env.printer.print(&client.search_cis(&tenant, &query, args.limit, args.cursor.as_deref()).await?, ci_rows)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str, csv: bool) -> Vec<(usize, String)> {
        let mut r = RecordReader { input: Box::new(std::io::Cursor::new(text.to_owned().into_bytes())), csv, line: 0 };
        let mut out = Vec::new();
        while let Ok(Some(x)) = r.next() {
            out.push(x);
        }
        out
    }

    #[test]
    fn records_are_lines_except_inside_csv_quotes() {
        assert_eq!(
            records("a\n\nb\r\nc", false),
            [(1, "a\n".into()), (2, "\n".into()), (3, "b\r\n".into()), (4, "c\n".into())]
        );
        assert_eq!(
            records("h\n\"x\ny\",1\nz\n", true),
            [(1, "h\n".into()), (2, "\"x\ny\",1\n".into()), (4, "z\n".into())]
        );
    }

    #[test]
    fn request_lines_map_back_to_file_lines() {
        // File lines 10 and 12 (11 was blank and left out), then a record over lines 13-14.
        let sent = [(10, "a\n".to_owned()), (12, "b\n".to_owned()), (13, "\"c\nd\"\n".to_owned())];
        assert_eq!(file_line(&sent, 1, false), Some(10));
        assert_eq!(file_line(&sent, 2, false), Some(12));
        assert_eq!(file_line(&sent, 4, false), Some(14));
        assert_eq!(file_line(&sent, 5, false), None);
        // With a header, request line 1 is the header and line 2 the first record.
        assert_eq!(file_line(&sent, 1, true), None);
        assert_eq!(file_line(&sent, 2, true), Some(10));
    }
}
