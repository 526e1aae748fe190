//! A transparency log: RFC 6962 / RFC 9162 Merkle trees stored as C2SP tlog-tiles, C2SP
//! signed-note checkpoints (Ed25519), canonical JSON for leaf encodings, and a streaming
//! verifier that names the first bad record.
//!
//! Owns the pure hashing, proof and signature logic the daemon's audit log is built on. It must
//! not do I/O, hold state between calls beyond the values it returns, or depend on an async
//! runtime: callers ask which tiles a computation needs, fetch them, and pass them in.
//!
//! Layout: tile (level L, index i) holds the hashes of tree nodes at tree level 8·L with node
//! indices 256·i .. 256·i + w. Only complete subtrees are stored; the root of a tree whose
//! size is not a power of two is folded from tiles and the partial right edge.

mod canonical;
mod frontier;
mod hash;
mod note;
mod tile;
mod tree;
mod verify;

#[cfg(test)]
mod tests;

pub use canonical::canonical_json;
pub(crate) use canonical::write_string_bytes;
pub use frontier::Frontier;
pub use hash::{Hash, leaf_hash, node_hash};
pub use note::{Checkpoint, NoteSigner, NoteVerifier};
pub use tile::{TILE_HEIGHT, TILE_WIDTH, TileId, TileSet, tile_from_bytes, tile_to_bytes};
pub use tree::{
    consistency_proof, inclusion_proof, root, root_with_leaves, tiles_for_consistency, tiles_for_inclusion,
    tiles_for_range, tiles_for_root, verify_consistency, verify_inclusion,
};
pub use verify::{Finding, FindingKind, Verifier, VerifyReport};

/// Why a log computation, proof or note was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlogError {
    /// A tile the computation reads was not supplied, or holds fewer hashes than needed.
    #[error(
        "tile {}/{} holds {have} hashes but {need} are needed; load the tiles the matching tiles_for_* call names",
        tile.level, tile.index
    )]
    MissingTile {
        /// The tile.
        tile: TileId,
        /// Hashes needed from its start.
        need: usize,
        /// Hashes supplied.
        have: usize,
    },
    /// An index or size outside the tree.
    #[error("{0}")]
    OutOfRange(String),
    /// A proof that does not prove what it claims.
    #[error("{0}")]
    InvalidProof(String),
    /// Text or bytes that do not parse: hashes, tiles, checkpoints, notes, keys.
    #[error("{0}")]
    Malformed(String),
    /// A note without a valid signature by the expected key.
    #[error("{0}")]
    Signature(String),
}
