//! RFC 9162 Merkle tree hashes and proofs over tiles, and the proof verifiers.
//!
//! Owns tree roots, inclusion and consistency proofs (generation and verification) and the
//! tile lists each computation needs. It must not fetch tiles or trust anything it is handed:
//! a missing or short tile is an error, never a guess.

use super::TlogError;
use super::hash::{Hash, node_hash};
use super::tile::{Nodes, Recorder, TileId, TileNodes, TileSet};

/// Largest power of two strictly below `n` (n ≥ 2): the RFC's split point `k`.
fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// MTH(D[start .. start + len]) for `len ≥ 1`, where `start` is a multiple of the smallest
/// power of two ≥ `len` (always true of the ranges the RFC recursion visits). Such a range is
/// the complete subtrees named by the set bits of `len`, left to right, folded from the right.
fn subtree<N: Nodes>(src: &mut N, start: u64, len: u64) -> Result<Hash, TlogError> {
    let mut parts = [Hash::default(); 64];
    let mut count = 0;
    let mut pos = start;
    for level in (0..64).rev() {
        if len & (1 << level) != 0 {
            parts[count] = src.node(level, pos >> level)?;
            count += 1;
            pos += 1 << level;
        }
    }
    let mut acc = parts[count - 1];
    for part in parts[..count - 1].iter().rev() {
        acc = node_hash(part, &acc);
    }
    Ok(acc)
}

fn root_of<N: Nodes>(src: &mut N, size: u64) -> Result<Hash, TlogError> {
    if size == 0 {
        return Ok(Hash::empty_root());
    }
    subtree(src, 0, size)
}

/// RFC 9162 2.1.3.1 PATH(m, D[start .. start + n]), appended bottom-up.
fn path<N: Nodes>(src: &mut N, m: u64, start: u64, n: u64, out: &mut Vec<Hash>) -> Result<(), TlogError> {
    if n <= 1 {
        return Ok(());
    }
    let k = split(n);
    if m < k {
        path(src, m, start, k, out)?;
        out.push(subtree(src, start + k, n - k)?);
    } else {
        path(src, m - k, start + k, n - k, out)?;
        out.push(subtree(src, start, k)?);
    }
    Ok(())
}

/// RFC 9162 2.1.4.1 SUBPROOF(m, D[start .. start + n], b).
fn subproof<N: Nodes>(
    src: &mut N,
    m: u64,
    start: u64,
    n: u64,
    complete: bool,
    out: &mut Vec<Hash>,
) -> Result<(), TlogError> {
    if m == n {
        if !complete {
            out.push(subtree(src, start, n)?);
        }
        return Ok(());
    }
    let k = split(n);
    if m <= k {
        subproof(src, m, start, k, complete, out)?;
        out.push(subtree(src, start + k, n - k)?);
    } else {
        subproof(src, m - k, start + k, n - k, false, out)?;
        out.push(subtree(src, start, k)?);
    }
    Ok(())
}

fn check_index(index: u64, size: u64) -> Result<(), TlogError> {
    if index >= size {
        return Err(TlogError::OutOfRange(format!("leaf index {index} is not below tree size {size}")));
    }
    Ok(())
}

fn check_sizes(old_size: u64, new_size: u64) -> Result<(), TlogError> {
    if old_size > new_size {
        return Err(TlogError::OutOfRange(format!("old tree size {old_size} is larger than new tree size {new_size}")));
    }
    Ok(())
}

fn inclusion_with<N: Nodes>(src: &mut N, index: u64, size: u64) -> Result<Vec<Hash>, TlogError> {
    check_index(index, size)?;
    let mut out = Vec::new();
    path(src, index, 0, size, &mut out)?;
    Ok(out)
}

fn consistency_with<N: Nodes>(src: &mut N, old_size: u64, new_size: u64) -> Result<Vec<Hash>, TlogError> {
    check_sizes(old_size, new_size)?;
    let mut out = Vec::new();
    if old_size > 0 && old_size < new_size {
        subproof(src, old_size, 0, new_size, true, &mut out)?;
    }
    Ok(out)
}

fn record<F: FnOnce(&mut Recorder) -> Result<(), TlogError>>(f: F) -> Vec<TileId> {
    let mut rec = Recorder::default();
    // Argument errors mean there is nothing to fetch; the computing call reports them.
    match f(&mut rec) {
        Ok(()) => rec.into_vec(),
        Err(_) => Vec::new(),
    }
}

/// Tiles [`root`] reads for a tree of `size` leaves: the right edge of each tile level.
pub fn tiles_for_root(size: u64) -> Vec<TileId> {
    record(|r| root_of(r, size).map(drop))
}

/// Tiles [`inclusion_proof`] reads.
pub fn tiles_for_inclusion(index: u64, size: u64) -> Vec<TileId> {
    record(|r| inclusion_with(r, index, size).map(drop))
}

/// Tiles [`consistency_proof`] reads.
pub fn tiles_for_consistency(old_size: u64, new_size: u64) -> Vec<TileId> {
    record(|r| consistency_with(r, old_size, new_size).map(drop))
}

/// Tiles [`root_with_leaves`] reads when leaves `first..=last` are supplied: the hashes of
/// every subtree outside that range on the way to the root.
pub fn tiles_for_range(size: u64, first: u64, last: u64) -> Vec<TileId> {
    if first > last || last >= size {
        return Vec::new();
    }
    record(|r| {
        let mut src = WithLeaves { first, count: last - first + 1, leaves: None, inner: r };
        root_of(&mut src, size).map(drop)
    })
}

/// MTH of the first `size` leaves (SHA-256 of the empty string for size 0).
pub fn root(size: u64, tiles: &TileSet) -> Result<Hash, TlogError> {
    root_of(&mut TileNodes { tiles }, size)
}

/// The RFC 9162 2.1.3.1 audit path of leaf `index` in the tree of `size` leaves.
pub fn inclusion_proof(index: u64, size: u64, tiles: &TileSet) -> Result<Vec<Hash>, TlogError> {
    inclusion_with(&mut TileNodes { tiles }, index, size)
}

/// The RFC 9162 2.1.4.1 consistency proof between the trees of `old_size` and `new_size`
/// leaves (empty when `old_size` is 0 or equals `new_size`).
pub fn consistency_proof(old_size: u64, new_size: u64, tiles: &TileSet) -> Result<Vec<Hash>, TlogError> {
    consistency_with(&mut TileNodes { tiles }, old_size, new_size)
}

/// The root of the first `size` leaves when leaves `first .. first + leaves.len()` are given
/// and every subtree outside them comes from tiles. A verifier uses this to check that the
/// entries it holds, not the stored leaf hashes, produce a signed root.
pub fn root_with_leaves(size: u64, first: u64, leaves: &[Hash], tiles: &TileSet) -> Result<Hash, TlogError> {
    let count = leaves.len() as u64;
    if first.checked_add(count).is_none_or(|end| end > size) {
        return Err(TlogError::OutOfRange(format!("{count} leaves from index {first} do not fit in tree size {size}")));
    }
    let mut src = WithLeaves { first, count, leaves: Some(leaves), inner: TileNodes { tiles } };
    root_of(&mut src, size)
}

/// Nodes overlapping leaves `first .. first + count` are rebuilt from those leaves; all other
/// nodes come from `inner`. With `leaves: None` it only walks (for [`tiles_for_range`]).
struct WithLeaves<'a, N> {
    first: u64,
    count: u64,
    leaves: Option<&'a [Hash]>,
    inner: N,
}

impl<N: Nodes> Nodes for WithLeaves<'_, N> {
    fn node(&mut self, level: u32, index: u64) -> Result<Hash, TlogError> {
        let lo = index << level;
        let hi = lo.saturating_add(1 << level);
        if hi <= self.first || lo >= self.first + self.count {
            return self.inner.node(level, index);
        }
        if level == 0 {
            return Ok(match self.leaves {
                Some(leaves) => leaves[(index - self.first) as usize],
                None => Hash::default(),
            });
        }
        let left = self.node(level - 1, 2 * index)?;
        let right = self.node(level - 1, 2 * index + 1)?;
        Ok(node_hash(&left, &right))
    }
}

/// Checks an RFC 9162 2.1.3.2 inclusion proof of `leaf` at `index` in the tree of `size`
/// leaves with root `root`.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> Result<(), TlogError> {
    check_index(index, size)?;
    let mut f = index;
    let mut s = size - 1;
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return Err(TlogError::InvalidProof("inclusion proof is longer than the tree is deep".into()));
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            if f & 1 == 0 {
                while f & 1 == 0 && f != 0 {
                    f >>= 1;
                    s >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(TlogError::InvalidProof("inclusion proof is shorter than the tree is deep".into()));
    }
    if r != *root {
        return Err(TlogError::InvalidProof(format!("inclusion proof of leaf {index} leads to root {r}, not {root}")));
    }
    Ok(())
}

/// Checks an RFC 9162 2.1.4.2 consistency proof that the tree of `old_size` leaves with root
/// `old_root` is a prefix of the tree of `new_size` leaves with root `new_root`.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), TlogError> {
    check_sizes(old_size, new_size)?;
    if old_size == 0 || old_size == new_size {
        if !proof.is_empty() {
            return Err(TlogError::InvalidProof(format!(
                "a consistency proof from size {old_size} to {new_size} must be empty"
            )));
        }
        if old_size == 0 && *old_root != Hash::empty_root() {
            return Err(TlogError::InvalidProof("the old root of an empty tree is not the empty-tree root".into()));
        }
        if old_size == new_size && old_root != new_root {
            return Err(TlogError::InvalidProof(format!("trees of the same size {old_size} have different roots")));
        }
        return Ok(());
    }
    let Some((first, rest)) = proof.split_first() else {
        return Err(TlogError::InvalidProof("consistency proof is empty".into()));
    };
    // When old_size is a power of two the old root itself starts the path (step 2).
    let (seed, rest) = if old_size.is_power_of_two() { (*old_root, proof) } else { (*first, rest) };
    let mut f = old_size - 1;
    let mut s = new_size - 1;
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let mut fr = seed;
    let mut sr = seed;
    for c in rest {
        if s == 0 {
            return Err(TlogError::InvalidProof("consistency proof is too long".into()));
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if f & 1 == 0 {
                while f & 1 == 0 && f != 0 {
                    f >>= 1;
                    s >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(TlogError::InvalidProof("consistency proof is too short".into()));
    }
    if fr != *old_root {
        return Err(TlogError::InvalidProof(format!("consistency proof leads to old root {fr}, not {old_root}")));
    }
    if sr != *new_root {
        return Err(TlogError::InvalidProof(format!("consistency proof leads to new root {sr}, not {new_root}")));
    }
    Ok(())
}
