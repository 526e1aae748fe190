//! CMDB benchmarks (placeholder until the generator lands).
fn main() {}
