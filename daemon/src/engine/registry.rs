//! Registered workflows: async functions by name and version. A run stays on the version it
//! started with; new runs take the newest registered version.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

use futures::future::BoxFuture;
use serde_json::Value;

use super::ctx::{Ctx, WfResult};

/// A workflow body.
pub type WorkflowFn = Arc<dyn Fn(Ctx, Value) -> BoxFuture<'static, WfResult<Value>> + Send + Sync>;

/// One registered version.
#[derive(Clone)]
pub struct Definition {
    /// Name.
    pub name: String,
    /// Version.
    pub version: u32,
    /// Queue its runs are claimed from.
    pub queue: String,
    /// The body.
    pub body: WorkflowFn,
}

impl std::fmt::Debug for Definition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Definition").field("name", &self.name).field("version", &self.version).finish()
    }
}

/// Every workflow this build can run.
#[derive(Debug, Default, Clone)]
pub struct Registry {
    defs: BTreeMap<(String, u32), Definition>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `name` at `version` on the default queue.
    pub fn register<F, Fut>(&mut self, name: &str, version: u32, body: F) -> &mut Self
    where
        F: Fn(Ctx, Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = WfResult<Value>> + Send + 'static,
    {
        self.register_on(name, version, "default", body)
    }

    /// Registers `name` at `version` on `queue`.
    pub fn register_on<F, Fut>(&mut self, name: &str, version: u32, queue: &str, body: F) -> &mut Self
    where
        F: Fn(Ctx, Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = WfResult<Value>> + Send + 'static,
    {
        let body: WorkflowFn = Arc::new(move |ctx, input| Box::pin(body(ctx, input)));
        self.defs.insert(
            (name.to_owned(), version),
            Definition { name: name.to_owned(), version, queue: queue.to_owned(), body },
        );
        self
    }

    /// A registered version.
    pub fn get(&self, name: &str, version: u32) -> Option<&Definition> {
        self.defs.get(&(name.to_owned(), version))
    }

    /// The newest registered version of `name`.
    pub fn latest(&self, name: &str) -> Option<&Definition> {
        self.defs.range((name.to_owned(), 0)..=(name.to_owned(), u32::MAX)).next_back().map(|(_, d)| d)
    }

    /// Names and versions, sorted.
    pub fn names(&self) -> Vec<(String, u32)> {
        self.defs.keys().cloned().collect()
    }
}
