//! The right edge of a growing tree: what an appender must remember between leaves.
//!
//! Owns `Frontier` (append, root, the tile rows an append batch changed) and the compact
//! range it is built on. It must not hold the whole tree: memory is O(log n) plus one partial
//! tile per tile level, and completed tiles only until the caller takes them.

use super::TlogError;
use super::hash::{Hash, node_hash};
use super::tile::Nodes as _;
use super::tile::{TILE_HEIGHT, TILE_WIDTH, TileId, TileNodes, TileSet, tile_of};

/// The complete subtrees covering leaves `0..size`: one per set bit of `size`, largest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CompactRange {
    size: u64,
    nodes: Vec<Hash>,
}

impl CompactRange {
    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    /// Appends one leaf, calling `on_node(level, index, hash)` for every subtree it completes
    /// (the leaf itself first, then each new ancestor).
    #[inline]
    pub(crate) fn append_with(&mut self, leaf: Hash, mut on_node: impl FnMut(u32, u64, &Hash)) {
        let index = self.size;
        let mut h = leaf;
        let mut level = 0u32;
        on_node(0, index, &h);
        while index & (1 << level) != 0 {
            // The stack top is the left sibling: the subtree for this set bit of the old size.
            let Some(left) = self.nodes.pop() else { break };
            h = node_hash(&left, &h);
            level += 1;
            on_node(level, index >> level, &h);
        }
        self.nodes.push(h);
        self.size += 1;
    }

    pub(crate) fn root(&self) -> Hash {
        let Some((last, rest)) = self.nodes.split_last() else {
            return Hash::empty_root();
        };
        rest.iter().rev().fold(*last, |acc, left| node_hash(left, &acc))
    }

    fn from_tiles(size: u64, tiles: &TileSet) -> Result<Self, TlogError> {
        let mut src = TileNodes { tiles };
        let mut nodes = Vec::new();
        for level in (0..64u32).rev() {
            if size & (1 << level) != 0 {
                nodes.push(src.node(level, (size >> level) - 1)?);
            }
        }
        Ok(Self { size, nodes })
    }
}

/// The partial tile at the right edge of one tile level.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EdgeTile {
    index: u64,
    hashes: Vec<Hash>,
    dirty: bool,
}

/// The right edge of the tree, for appending. Resumes from the stored right-edge tiles and
/// reports which tile rows each batch of appends changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frontier {
    range: CompactRange,
    /// One per tile level that has at least one complete node, lowest first.
    edges: Vec<EdgeTile>,
    /// Tiles that filled up since the last take.
    full: Vec<(TileId, Vec<Hash>)>,
}

impl Default for Frontier {
    fn default() -> Self {
        Self::new()
    }
}

impl Frontier {
    /// A new, empty tree.
    pub fn new() -> Self {
        Self { range: CompactRange::default(), edges: Vec::new(), full: Vec::new() }
    }

    /// The partial tiles on the right edge of a tree of `size` leaves: exactly what
    /// [`Frontier::resume`] reads.
    pub fn tiles_to_resume(size: u64) -> Vec<TileId> {
        edge_tiles(size).filter(|(_, width)| *width > 0).map(|(id, _)| id).collect()
    }

    /// Picks up a tree of `size` leaves from its stored right-edge tiles. Tiles wider than
    /// `size` implies (written by an append that was not committed) are cut back.
    pub fn resume(size: u64, tiles: &TileSet) -> Result<Self, TlogError> {
        let mut edges = Vec::new();
        for (id, width) in edge_tiles(size) {
            let width = width as usize;
            let hashes = match tiles.get(id) {
                Some(h) if h.len() >= width => h[..width].to_vec(),
                _ if width == 0 => Vec::new(),
                other => {
                    return Err(TlogError::MissingTile { tile: id, need: width, have: other.map_or(0, <[Hash]>::len) });
                }
            };
            edges.push(EdgeTile { index: id.index, hashes, dirty: false });
        }
        let range = CompactRange::from_tiles(size, tiles)?;
        Ok(Self { range, edges, full: Vec::new() })
    }

    /// Number of leaves in the tree.
    pub fn size(&self) -> u64 {
        self.range.size()
    }

    /// Appends one leaf hash: O(1) hashing amortised, O(log n) at worst.
    pub fn append(&mut self, leaf: Hash) {
        let Self { range, edges, full } = self;
        range.append_with(leaf, |level, index, hash| {
            if level % TILE_HEIGHT != 0 {
                return;
            }
            let tile_level = (level / TILE_HEIGHT) as usize;
            if edges.len() <= tile_level {
                edges.push(EdgeTile { index: 0, hashes: Vec::new(), dirty: false });
            }
            let edge = &mut edges[tile_level];
            debug_assert_eq!(tile_of(level, index).0.index, edge.index);
            edge.hashes.push(*hash);
            edge.dirty = true;
            if edge.hashes.len() as u64 == TILE_WIDTH {
                let id = TileId { level: tile_level as u32, index: edge.index };
                full.push((id, std::mem::take(&mut edge.hashes)));
                edge.index += 1;
                edge.dirty = false;
            }
        });
    }

    /// The root of the tree as it stands.
    pub fn root(&self) -> Hash {
        self.range.root()
    }

    /// Tiles changed since resume or the last take, each with its full contents (earlier
    /// hashes of a partial tile included), in id order: upsert them all.
    pub fn take_dirty_tiles(&mut self) -> Vec<(TileId, Vec<Hash>)> {
        let mut out = std::mem::take(&mut self.full);
        for (level, edge) in self.edges.iter_mut().enumerate() {
            if edge.dirty && !edge.hashes.is_empty() {
                out.push((TileId { level: level as u32, index: edge.index }, edge.hashes.clone()));
            }
            edge.dirty = false;
        }
        out.sort_by_key(|(id, _)| *id);
        out
    }

    pub(crate) fn into_range(self) -> CompactRange {
        self.range
    }
}

/// The right-edge tile of every tile level that has a complete node, with its width.
fn edge_tiles(size: u64) -> impl Iterator<Item = (TileId, u64)> {
    (0..)
        .map_while(move |level: u32| {
            let shift = TILE_HEIGHT * level;
            let nodes = if shift < 64 { size >> shift } else { 0 };
            (nodes > 0).then_some((level, nodes))
        })
        .map(|(level, nodes)| (TileId { level, index: nodes / TILE_WIDTH }, nodes % TILE_WIDTH))
}
