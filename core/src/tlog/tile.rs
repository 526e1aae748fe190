//! The C2SP tlog-tiles layout: which stored hashes live in which tile, and reading tree nodes
//! back out of a caller-filled tile set.
//!
//! Owns `TileId`, `TileSet`, the byte encoding of a tile and the mapping from tree nodes to
//! tiles. It must not do I/O: callers ask which tiles they need, fetch them, and hand them in.

use std::collections::BTreeMap;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::TlogError;
use super::hash::{Hash, node_hash};

/// Tree levels covered by one tile: a tile at tile level L stores tree level 8·L.
pub const TILE_HEIGHT: u32 = 8;
/// Hashes in a full tile.
pub const TILE_WIDTH: u64 = 1 << TILE_HEIGHT;

/// Names one tile: the hashes of tree nodes at tree level `8 * level`, node indices
/// `256 * index ..` (at most 256 of them; fewer on the right edge of the tree).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TileId {
    /// Tile level: the tile holds tree level `8 * level`.
    pub level: u32,
    /// Position of the tile within its level.
    pub index: u64,
}

impl TileId {
    /// How many hashes this tile holds in a tree of `size` leaves (0 when it does not exist
    /// yet, [`TILE_WIDTH`] when it is full).
    pub fn width_at(self, size: u64) -> u64 {
        let shift = TILE_HEIGHT * self.level;
        if shift >= 64 {
            return 0;
        }
        let nodes = size >> shift;
        nodes.saturating_sub(self.index.saturating_mul(TILE_WIDTH)).min(TILE_WIDTH)
    }
}

/// Tiles the caller loaded from storage, keyed by id. A stored tile may be wider than a
/// computation needs (the tree has grown since); only its prefix is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TileSet {
    tiles: BTreeMap<TileId, Vec<Hash>>,
}

impl TileSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces one tile.
    pub fn insert(&mut self, id: TileId, hashes: Vec<Hash>) {
        self.tiles.insert(id, hashes);
    }

    /// The hashes of one tile, if loaded.
    pub fn get(&self, id: TileId) -> Option<&[Hash]> {
        self.tiles.get(&id).map(Vec::as_slice)
    }

    /// Number of tiles held.
    pub fn len(&self) -> usize {
        self.tiles.len()
    }

    /// Whether no tile is held.
    pub fn is_empty(&self) -> bool {
        self.tiles.is_empty()
    }

    /// All tiles in id order.
    pub fn iter(&self) -> impl Iterator<Item = (TileId, &[Hash])> {
        self.tiles.iter().map(|(id, h)| (*id, h.as_slice()))
    }
}

impl FromIterator<(TileId, Vec<Hash>)> for TileSet {
    fn from_iter<I: IntoIterator<Item = (TileId, Vec<Hash>)>>(iter: I) -> Self {
        Self { tiles: iter.into_iter().collect() }
    }
}

/// A tile as stored: its hashes concatenated, 32 bytes each.
pub fn tile_to_bytes(hashes: &[Hash]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hashes.len() * 32);
    for h in hashes {
        out.extend_from_slice(&h.0);
    }
    out
}

/// Parses a stored tile; rejects lengths that are not a multiple of 32 or exceed a full tile.
pub fn tile_from_bytes(bytes: &[u8]) -> Result<Vec<Hash>, TlogError> {
    if bytes.is_empty() || !bytes.len().is_multiple_of(32) || bytes.len() as u64 > TILE_WIDTH * 32 {
        return Err(TlogError::Malformed(format!(
            "a tile of {} bytes is not 1 to {} whole 32-byte hashes",
            bytes.len(),
            TILE_WIDTH
        )));
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|c| {
            let mut h = [0u8; 32];
            h.copy_from_slice(c);
            Hash(h)
        })
        .collect())
}

/// The tile holding the stored hashes a node at (`level`, `index`) is computed from, and where
/// in that tile they start. Nodes at a level that is not a multiple of 8 are not stored; they
/// are rebuilt from the 2^(level mod 8) hashes below them at the tile's level.
pub(crate) fn tile_of(level: u32, index: u64) -> (TileId, usize) {
    let tile_level = level / TILE_HEIGHT;
    let start = index << (level % TILE_HEIGHT);
    let id = TileId { level: tile_level, index: start / TILE_WIDTH };
    (id, (start % TILE_WIDTH) as usize)
}

/// Where the hashes of complete subtrees come from. The proof algorithms are written once
/// against this so that the tile lists they need and the hashes they compute cannot disagree.
pub(crate) trait Nodes {
    /// The hash of the complete subtree at (`level`, `index`), covering leaves
    /// `index << level .. (index + 1) << level`.
    fn node(&mut self, level: u32, index: u64) -> Result<Hash, TlogError>;
}

impl<N: Nodes + ?Sized> Nodes for &mut N {
    fn node(&mut self, level: u32, index: u64) -> Result<Hash, TlogError> {
        (**self).node(level, index)
    }
}

/// Reads nodes from loaded tiles.
pub(crate) struct TileNodes<'a> {
    pub(crate) tiles: &'a TileSet,
}

impl Nodes for TileNodes<'_> {
    fn node(&mut self, level: u32, index: u64) -> Result<Hash, TlogError> {
        let (id, offset) = tile_of(level, index);
        let count = 1usize << (level % TILE_HEIGHT);
        let hashes = self.tiles.get(id).unwrap_or(&[]);
        let Some(slice) = hashes.get(offset..offset + count) else {
            return Err(TlogError::MissingTile { tile: id, need: offset + count, have: hashes.len() });
        };
        Ok(reduce(slice))
    }
}

/// Hashes a power-of-two run of sibling hashes up to their common ancestor.
fn reduce(hashes: &[Hash]) -> Hash {
    let mut buf = [Hash::default(); TILE_WIDTH as usize / 2];
    if hashes.len() == 1 {
        return hashes[0];
    }
    let mut n = hashes.len() / 2;
    for (i, pair) in hashes.chunks_exact(2).enumerate() {
        buf[i] = node_hash(&pair[0], &pair[1]);
    }
    while n > 1 {
        for i in 0..n / 2 {
            buf[i] = node_hash(&buf[2 * i], &buf[2 * i + 1]);
        }
        n /= 2;
    }
    buf[0]
}

/// Records which tiles a computation reads instead of reading them.
#[derive(Default)]
pub(crate) struct Recorder {
    pub(crate) tiles: BTreeSet<TileId>,
}

impl Nodes for Recorder {
    fn node(&mut self, level: u32, index: u64) -> Result<Hash, TlogError> {
        self.tiles.insert(tile_of(level, index).0);
        Ok(Hash::default())
    }
}

impl Recorder {
    pub(crate) fn into_vec(self) -> Vec<TileId> {
        self.tiles.into_iter().collect()
    }
}
