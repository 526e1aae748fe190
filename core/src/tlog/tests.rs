//! Tests for the transparency log: published vectors, a naive recursive reference for every
//! size to 600 and random sizes past the first level-1 tile, signed notes, canonical JSON and
//! randomised tampering for the streaming verifier.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use base64::Engine as _;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use super::*;

// ---------------------------------------------------------------------------------------------
// Reference implementation: the RFC 9162 definitions, recursively over slices.

fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

fn mth(d: &[Hash]) -> Hash {
    match d.len() {
        0 => Hash::empty_root(),
        1 => d[0],
        n => {
            let k = split(n);
            node_hash(&mth(&d[..k]), &mth(&d[k..]))
        }
    }
}

fn naive_path(m: usize, d: &[Hash]) -> Vec<Hash> {
    let n = d.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = split(n);
    let (mut p, sibling) =
        if m < k { (naive_path(m, &d[..k]), mth(&d[k..])) } else { (naive_path(m - k, &d[k..]), mth(&d[..k])) };
    p.push(sibling);
    p
}

fn naive_subproof(m: usize, d: &[Hash], complete: bool) -> Vec<Hash> {
    let n = d.len();
    if m == n {
        return if complete { Vec::new() } else { vec![mth(d)] };
    }
    let k = split(n);
    let (mut p, sibling) = if m <= k {
        (naive_subproof(m, &d[..k], complete), mth(&d[k..]))
    } else {
        (naive_subproof(m - k, &d[k..], false), mth(&d[..k]))
    };
    p.push(sibling);
    p
}

fn naive_consistency(m: usize, d: &[Hash]) -> Vec<Hash> {
    if m == 0 || m == d.len() { Vec::new() } else { naive_subproof(m, d, true) }
}

/// Tiles exactly as tlog-tiles stores them for a tree of `d.len()` leaves: level-8L hashes of
/// complete subtrees only, each computed by the naive MTH.
fn naive_tiles(d: &[Hash]) -> TileSet {
    let mut set = TileSet::new();
    let mut level = 0u32;
    loop {
        let width = 1usize << (8 * level);
        let count = d.len() / width;
        if count == 0 {
            break;
        }
        let hashes: Vec<Hash> = (0..count).map(|j| mth(&d[j * width..(j + 1) * width])).collect();
        for (i, chunk) in hashes.chunks(256).enumerate() {
            set.insert(TileId { level, index: i as u64 }, chunk.to_vec());
        }
        level += 1;
    }
    set
}

/// The tiles of a smaller tree, cut from a larger tree's: tiles only ever grow at the end.
fn tiles_at(all: &TileSet, size: u64) -> TileSet {
    all.iter()
        .filter_map(|(id, h)| {
            let w = id.width_at(size) as usize;
            (w > 0).then(|| (id, h[..w].to_vec()))
        })
        .collect()
}

fn leaves(n: usize) -> Vec<Hash> {
    (0..n as u64).map(|i| leaf_hash(&i.to_be_bytes())).collect()
}

fn only(tiles: &TileSet, ids: &[TileId]) -> TileSet {
    ids.iter().filter_map(|id| tiles.get(*id).map(|h| (*id, h.to_vec()))).collect()
}

fn h(s: &str) -> Hash {
    Hash::from_hex(s).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Known answers: the RFC 6962 test tree used by the CT and Trillian test suites.

fn ct_leaves() -> Vec<Hash> {
    ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
        .iter()
        .map(|x| leaf_hash(&hex::decode(x).unwrap()))
        .collect()
}

const CT_ROOTS: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

#[test]
fn known_answer_leaf_and_node_hashes() {
    assert_eq!(leaf_hash(&[0]), h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"));
    assert_eq!(Hash::empty_root(), h(CT_ROOTS[0]));
    assert_eq!(node_hash(&ct_leaves()[0], &ct_leaves()[1]), h(CT_ROOTS[2]));
}

#[test]
fn known_answer_roots_from_tiles_frontier_and_reference() {
    let d = ct_leaves();
    let mut f = Frontier::new();
    assert_eq!(f.root(), h(CT_ROOTS[0]));
    for (n, want) in CT_ROOTS.iter().enumerate() {
        let want = h(want);
        assert_eq!(mth(&d[..n]), want, "reference, size {n}");
        assert_eq!(root(n as u64, &naive_tiles(&d[..n])).unwrap(), want, "tiles, size {n}");
        assert_eq!(f.root(), want, "frontier, size {n}");
        if n < d.len() {
            f.append(d[n]);
        }
    }
}

#[test]
fn known_answer_inclusion_proofs() {
    let d = ct_leaves();
    let tiles = naive_tiles(&d);
    let cases: [(u64, u64, &[&str]); 5] = [
        (0, 1, &[]),
        (
            0,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            8,
            &[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (2, 3, &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            1,
            5,
            &[
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
    ];
    for (index, size, want) in cases {
        let want: Vec<Hash> = want.iter().map(|x| h(x)).collect();
        let proof = inclusion_proof(index, size, &tiles).unwrap();
        assert_eq!(proof, want, "inclusion {index} in {size}");
        let r = h(CT_ROOTS[size as usize]);
        verify_inclusion(&d[index as usize], index, size, &proof, &r).unwrap();
        check_inclusion_rejects_mangling(&d[index as usize], index, size, &proof, &r);
    }
}

#[test]
fn known_answer_consistency_proofs() {
    let d = ct_leaves();
    let tiles = naive_tiles(&d);
    let cases: [(u64, u64, &[&str]); 5] = [
        (1, 1, &[]),
        (
            1,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            6,
            8,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            5,
            &[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
        (
            3,
            8,
            &[
                "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
                "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
    ];
    for (old, new, want) in cases {
        let want: Vec<Hash> = want.iter().map(|x| h(x)).collect();
        let proof = consistency_proof(old, new, &tiles).unwrap();
        assert_eq!(proof, want, "consistency {old} -> {new}");
        let (r1, r2) = (h(CT_ROOTS[old as usize]), h(CT_ROOTS[new as usize]));
        verify_consistency(old, new, &r1, &r2, &proof).unwrap();
        if old != new {
            check_consistency_rejects_mangling(old, new, &r1, &r2, &proof);
        }
    }
}

/// The mutations the Trillian verifier tests apply to a good inclusion proof.
fn check_inclusion_rejects_mangling(leaf: &Hash, index: u64, size: u64, proof: &[Hash], r: &Hash) {
    let bad = |i: u64, s: u64, p: &[Hash], l: &Hash, r: &Hash| verify_inclusion(l, i, s, p, r).is_err();
    let e = Hash::empty_root();
    if index > 0 {
        assert!(bad(index - 1, size, proof, leaf, r));
    }
    assert!(bad(index + 1, size, proof, leaf, r));
    assert!(bad(index ^ 2, size, proof, leaf, r));
    assert!(bad(index, size * 2, proof, leaf, r));
    assert!(bad(index, size / 2, proof, leaf, r));
    assert!(bad(index, size, proof, &leaf_hash(b"WrongLeaf"), r));
    assert!(bad(index, size, proof, leaf, &e));
    for i in 0..proof.len() {
        let mut p = proof.to_vec();
        p[i] = e;
        assert!(bad(index, size, &p, leaf, r));
    }
    let mut p = proof.to_vec();
    p.push(*r);
    assert!(bad(index, size, &p, leaf, r));
    if !proof.is_empty() {
        assert!(bad(index, size, &proof[..proof.len() - 1], leaf, r));
    }
    let mut p = vec![*r];
    p.extend_from_slice(proof);
    assert!(bad(index, size, &p, leaf, r));
}

fn check_consistency_rejects_mangling(old: u64, new: u64, r1: &Hash, r2: &Hash, proof: &[Hash]) {
    let bad = |o: u64, n: u64, a: &Hash, b: &Hash, p: &[Hash]| verify_consistency(o, n, a, b, p).is_err();
    let w = leaf_hash(b"WrongRoot");
    assert!(bad(old - 1, new, r1, r2, proof));
    assert!(bad(old + 1, new, r1, r2, proof));
    assert!(bad(old ^ 2, new, r1, r2, proof));
    assert!(bad(old, new * 2, r1, r2, proof));
    assert!(bad(old, new / 2, r1, r2, proof));
    assert!(bad(old, new, &w, r2, proof));
    assert!(bad(old, new, r1, &w, proof));
    assert!(bad(old, new, r2, r1, proof));
    assert!(bad(old, new, r1, r2, &[]));
    for i in 0..proof.len() {
        let mut p = proof.to_vec();
        p[i] = Hash::empty_root();
        assert!(bad(old, new, r1, r2, &p));
    }
    let mut p = proof.to_vec();
    p.push(*r1);
    assert!(bad(old, new, r1, r2, &p));
    assert!(bad(old, new, r1, r2, &proof[..proof.len() - 1]));
    let mut p = vec![proof[0]];
    p.extend_from_slice(proof);
    assert!(bad(old, new, r1, r2, &p));
}

#[test]
fn trivial_and_invalid_proof_arguments() {
    let e = Hash::empty_root();
    let x = leaf_hash(b"x");
    // Same-size and from-empty proofs are empty and check the roots they can.
    verify_consistency(0, 0, &e, &e, &[]).unwrap();
    verify_consistency(0, 5, &e, &x, &[]).unwrap();
    verify_consistency(3, 3, &x, &x, &[]).unwrap();
    assert!(verify_consistency(0, 5, &x, &x, &[]).is_err());
    assert!(verify_consistency(3, 3, &x, &e, &[]).is_err());
    assert!(verify_consistency(3, 3, &x, &x, &[x]).is_err());
    assert!(verify_consistency(0, 1, &e, &x, &[x]).is_err());
    assert!(matches!(verify_consistency(2, 1, &x, &x, &[]), Err(TlogError::OutOfRange(_))));
    assert!(verify_consistency(1, 2, &x, &x, &[]).is_err());
    // An index must be inside the tree.
    assert!(matches!(verify_inclusion(&x, 0, 0, &[], &e), Err(TlogError::OutOfRange(_))));
    assert!(verify_inclusion(&x, 2, 1, &[], &x).is_err());
    verify_inclusion(&x, 0, 1, &[], &x).unwrap();
    assert!(verify_inclusion(&x, 0, 1, &[], &e).is_err());
    let tiles = naive_tiles(&leaves(10));
    assert!(matches!(inclusion_proof(10, 10, &tiles), Err(TlogError::OutOfRange(_))));
    assert!(matches!(consistency_proof(11, 10, &tiles), Err(TlogError::OutOfRange(_))));
    assert_eq!(consistency_proof(0, 10, &tiles).unwrap(), Vec::<Hash>::new());
    assert_eq!(consistency_proof(10, 10, &tiles).unwrap(), Vec::<Hash>::new());
    assert!(tiles_for_inclusion(10, 10).is_empty());
    assert!(tiles_for_consistency(11, 10).is_empty());
    assert!(tiles_for_range(10, 3, 10).is_empty());
    assert!(tiles_for_range(10, 4, 3).is_empty());
    assert!(tiles_for_root(0).is_empty());
    assert!(matches!(root_with_leaves(10, 8, &leaves(3), &tiles), Err(TlogError::OutOfRange(_))));
}

#[test]
fn missing_or_short_tiles_are_errors_not_guesses() {
    let d = leaves(300);
    let tiles = naive_tiles(&d);
    let err = root(300, &TileSet::new()).unwrap_err();
    assert!(matches!(err, TlogError::MissingTile { .. }), "{err}");
    let mut short = tiles.clone();
    short.insert(TileId { level: 0, index: 1 }, d[256..290].to_vec());
    let err = root(300, &short).unwrap_err();
    assert_eq!(err, TlogError::MissingTile { tile: TileId { level: 0, index: 1 }, need: 40, have: 34 });
    assert_eq!(
        err.to_string(),
        "tile 0/1 holds 34 hashes but 40 are needed; load the tiles the matching tiles_for_* call names"
    );
    assert!(Frontier::resume(300, &short).is_err());
    assert!(Frontier::resume(300, &TileSet::new()).is_err());
}

// ---------------------------------------------------------------------------------------------
// Against the reference.

/// Every tile a `tiles_for_*` call names is needed (dropping it fails) and together they
/// suffice (only those tiles succeed, and give `want`).
fn check_tiles_exact<T: PartialEq + std::fmt::Debug>(
    ids: &[TileId],
    all: &TileSet,
    want: &T,
    compute: impl Fn(&TileSet) -> Result<T, TlogError>,
) {
    let set = only(all, ids);
    assert_eq!(set.len(), ids.len(), "named tiles exist");
    assert_eq!(&compute(&set).unwrap(), want);
    for id in ids {
        let fewer: TileSet = set.iter().filter(|(i, _)| i != id).map(|(i, h)| (i, h.to_vec())).collect();
        assert!(matches!(compute(&fewer), Err(TlogError::MissingTile { .. })), "tile {id:?} is needed");
    }
}

fn check_size_against_reference(
    d: &[Hash],
    all: &TileSet,
    size: usize,
    rng: &mut StdRng,
    samples: usize,
    naive_samples: usize,
) {
    let n = size as u64;
    let exact = tiles_at(all, n);
    let want_root = mth(&d[..size]);
    assert_eq!(root(n, &exact).unwrap(), want_root, "root at {size}");
    check_tiles_exact(&tiles_for_root(n), &exact, &want_root, |t| root(n, t));
    assert_eq!(tiles_for_root(n), Frontier::tiles_to_resume(n));
    if size == 0 {
        return;
    }
    let mut indices: BTreeSet<usize> = [0, size - 1, size / 2].into_iter().collect();
    for edge in [255, 256, 257, 65_535, 65_536] {
        if edge < size {
            indices.insert(edge);
        }
    }
    while indices.len() < samples.min(size) {
        indices.insert(rng.gen_range(0..size));
    }
    for (k, &i) in indices.iter().enumerate() {
        let proof = inclusion_proof(i as u64, n, &exact).unwrap();
        if k < naive_samples {
            assert_eq!(proof, naive_path(i, &d[..size]), "inclusion {i} in {size}");
            check_tiles_exact(&tiles_for_inclusion(i as u64, n), &exact, &proof, |t| inclusion_proof(i as u64, n, t));
        }
        verify_inclusion(&d[i], i as u64, n, &proof, &want_root).unwrap();
        assert!(verify_inclusion(&d[i], i as u64, n, &proof, &leaf_hash(b"other root")).is_err());
    }
    for k in 0..samples.min(size + 1) {
        let old = if k == 0 { size / 2 } else { rng.gen_range(0..=size) };
        let proof = consistency_proof(old as u64, n, &exact).unwrap();
        if k < naive_samples {
            assert_eq!(proof, naive_consistency(old, &d[..size]), "consistency {old} -> {size}");
            check_tiles_exact(&tiles_for_consistency(old as u64, n), &exact, &proof, |t| {
                consistency_proof(old as u64, n, t)
            });
        }
        // The naive root is O(size); past the naive samples the tiles' root (checked against the
        // naive one at every size to 600 and at each sampled size) stands in.
        let old_root = if k < naive_samples { mth(&d[..old]) } else { root(old as u64, all).unwrap() };
        verify_consistency(old as u64, n, &old_root, &want_root, &proof).unwrap();
        if old > 0 && old < size {
            assert!(verify_consistency(old as u64, n, &want_root, &want_root, &proof).is_err());
        }
    }
    for k in 0..samples.min(size) {
        let whole = k == 0 && size <= 5_000;
        let first = if whole { 0 } else { rng.gen_range(0..size) };
        let last = if whole { size - 1 } else { rng.gen_range(first..size.min(first + 64)) };
        let ids = tiles_for_range(n, first as u64, last as u64);
        let given = &d[first..=last];
        let set = only(&exact, &ids);
        assert_eq!(
            root_with_leaves(n, first as u64, given, &set).unwrap(),
            want_root,
            "range {first}..={last} of {size}"
        );
        if k < naive_samples {
            check_tiles_exact(&ids, &exact, &want_root, |t| root_with_leaves(n, first as u64, given, t));
        }
        // Every named tile lies outside the supplied leaves' subtrees, so a changed leaf shows.
        let mut changed = given.to_vec();
        let j = rng.gen_range(0..changed.len());
        changed[j] = leaf_hash(b"changed");
        assert_ne!(root_with_leaves(n, first as u64, &changed, &set).unwrap(), want_root);
    }
}

#[test]
fn matches_reference_for_every_size_to_600() {
    let d = leaves(600);
    let all = naive_tiles(&d);
    let mut rng = StdRng::seed_from_u64(1);
    for size in 0..=600 {
        if size % 97 == 0 || (250..=260).contains(&size) {
            assert_eq!(tiles_at(&all, size as u64), naive_tiles(&d[..size]), "tiles at {size}");
        }
        let every = size <= 40;
        let samples = if every { size + 1 } else { 4 };
        check_size_against_reference(&d, &all, size, &mut rng, samples, if every { samples } else { 2 });
    }
}

#[test]
fn matches_reference_past_the_first_level_one_tile() {
    let d = leaves(70_000);
    let all = naive_tiles(&d);
    assert_eq!(tiles_at(&all, 65_793), naive_tiles(&d[..65_793]));
    let mut rng = StdRng::seed_from_u64(2);
    let mut sizes = vec![65_535, 65_536, 65_537, 65_536 + 255, 65_536 + 256];
    sizes.extend((0..2).map(|_| rng.gen_range(600..70_000)));
    for size in sizes {
        check_size_against_reference(&d, &all, size, &mut rng, 8, 1);
    }
}

#[test]
fn wider_stored_tiles_serve_smaller_trees() {
    let d = leaves(1_000);
    let all = naive_tiles(&d);
    for size in [0u64, 1, 255, 256, 257, 511, 512, 700, 999] {
        let want = mth(&d[..size as usize]);
        assert_eq!(root(size, &all).unwrap(), want);
        let f = Frontier::resume(size, &all).unwrap();
        assert_eq!(f.root(), want);
        assert_eq!(f.size(), size);
    }
}

#[test]
fn tile_widths_and_resume_lists() {
    let t = |level, index| TileId { level, index };
    assert_eq!(t(0, 0).width_at(0), 0);
    assert_eq!(t(0, 0).width_at(300), 256);
    assert_eq!(t(0, 1).width_at(300), 44);
    assert_eq!(t(0, 2).width_at(300), 0);
    assert_eq!(t(1, 0).width_at(300), 1);
    assert_eq!(t(1, 0).width_at(255), 0);
    assert_eq!(t(2, 0).width_at(1 << 16), 1);
    assert_eq!(t(8, 0).width_at(u64::MAX), 0);
    assert_eq!(Frontier::tiles_to_resume(0), vec![]);
    assert_eq!(Frontier::tiles_to_resume(256), vec![t(1, 0)]);
    assert_eq!(Frontier::tiles_to_resume(300), vec![t(0, 1), t(1, 0)]);
    assert_eq!(Frontier::tiles_to_resume(65_536), vec![t(2, 0)]);
    assert_eq!(Frontier::tiles_to_resume(65_537), vec![t(0, 256), t(2, 0)]);
}

// ---------------------------------------------------------------------------------------------
// Frontier.

fn apply(store: &mut TileSet, dirty: Vec<(TileId, Vec<Hash>)>) {
    for (id, hashes) in dirty {
        assert!(!hashes.is_empty() && hashes.len() <= 256);
        assert!(store.get(id).is_none_or(|old| hashes.starts_with(old)), "tile {id:?} only grows");
        store.insert(id, hashes);
    }
}

#[test]
fn frontier_from_scratch_writes_exactly_the_reference_tiles() {
    let d = leaves(70_000);
    let mut rng = StdRng::seed_from_u64(3);
    let mut f = Frontier::new();
    let mut store = TileSet::new();
    let mut n = 0;
    while n < d.len() {
        let batch = rng.gen_range(1..2_000).min(d.len() - n);
        for leaf in &d[n..n + batch] {
            f.append(*leaf);
        }
        n += batch;
        let dirty = f.take_dirty_tiles();
        // Only the right edge changes, plus tiles that filled up in this batch.
        let partial = dirty.iter().filter(|(_, h)| h.len() < 256).count();
        assert!(partial <= 3, "{partial} partial tiles written");
        assert!(dirty.windows(2).all(|w| w[0].0 < w[1].0), "sorted and unique");
        apply(&mut store, dirty);
        assert_eq!(f.size(), n as u64);
        assert_eq!(f.root(), root(n as u64, &store).unwrap(), "root at {n}");
        assert!(f.take_dirty_tiles().is_empty(), "a second take finds nothing new");
    }
    assert_eq!(store, naive_tiles(&d));
    assert_eq!(f.root(), mth(&d));
}

#[test]
fn frontier_root_matches_reference_at_every_size_to_600() {
    let d = leaves(600);
    let mut f = Frontier::default();
    for (n, leaf) in d.iter().enumerate() {
        assert_eq!(f.root(), mth(&d[..n]), "size {n}");
        f.append(*leaf);
    }
}

#[test]
fn frontier_resumes_and_continues_like_a_fresh_build() {
    let d = leaves(70_000);
    let reference = naive_tiles(&d);
    let mut rng = StdRng::seed_from_u64(4);
    let mut starts = vec![0usize, 1, 255, 256, 257, 65_535, 65_536, 65_537];
    starts.extend((0..4).map(|_| rng.gen_range(0..70_000)));
    for start in starts {
        let mut store = tiles_at(&reference, start as u64);
        let ids = Frontier::tiles_to_resume(start as u64);
        let mut f = Frontier::resume(start as u64, &only(&store, &ids)).unwrap();
        if start <= 1_000 {
            assert_eq!(f.root(), mth(&d[..start]), "resumed root at {start}");
        }
        assert!(f.take_dirty_tiles().is_empty(), "nothing is dirty right after resume");
        let end = (start + rng.gen_range(1..6_000)).min(d.len());
        let mut n = start;
        while n < end {
            let batch = rng.gen_range(1..700).min(end - n);
            for leaf in &d[n..n + batch] {
                f.append(*leaf);
            }
            n += batch;
            apply(&mut store, f.take_dirty_tiles());
        }
        assert_eq!(f.root(), mth(&d[..end]), "root after {start} -> {end}");
        assert_eq!(store, tiles_at(&reference, end as u64), "tiles after {start} -> {end}");
        // Resuming from tiles of a larger tree cuts them back to the requested size.
        let mut g = Frontier::resume(start as u64, &reference).unwrap();
        for leaf in &d[start..end] {
            g.append(*leaf);
        }
        assert_eq!(g.root(), f.root());
    }
}

#[test]
fn frontier_appends_quickly() {
    let d = leaves(20_000);
    let t = std::time::Instant::now();
    let mut f = Frontier::new();
    for leaf in &d {
        f.append(*leaf);
    }
    let dirty = f.take_dirty_tiles();
    // Even unoptimised and on a busy machine, 20,000 appends take a fraction of this.
    assert!(t.elapsed() < std::time::Duration::from_secs(5), "{:?}", t.elapsed());
    assert_eq!(dirty.len(), 20_000 / 256 + 1 + 1);
}

// ---------------------------------------------------------------------------------------------
// Hash values and tile bytes.

#[test]
fn hash_text_forms_round_trip() {
    let x = leaf_hash(b"abc");
    let hex = x.to_string();
    assert_eq!(hex.len(), 64);
    assert_eq!(hex, hex.to_lowercase());
    assert_eq!(format!("{x:?}"), hex);
    assert_eq!(Hash::from_hex(&hex).unwrap(), x);
    assert_eq!(Hash::from_hex(&hex.to_uppercase()).unwrap(), x);
    assert_eq!(Hash::from_base64(&x.to_base64()).unwrap(), x);
    assert_eq!(serde_json::to_string(&x).unwrap(), format!("\"{hex}\""));
    assert_eq!(serde_json::from_str::<Hash>(&format!("\"{hex}\"")).unwrap(), x);
    for bad in ["", "00", &hex[1..], &format!("{hex}00"), &format!("g{}", &hex[1..])] {
        assert!(Hash::from_hex(bad).is_err(), "{bad:?}");
    }
    assert!(Hash::from_base64("AAAA").is_err());
    assert!(Hash::from_base64("not base64!").is_err());
    assert!(serde_json::from_str::<Hash>("\"00\"").is_err());
    assert!(Hash::from_hex("zz").unwrap_err().to_string().starts_with("\"zz\" is not"));
}

#[test]
fn tile_bytes_round_trip_and_reject_bad_lengths() {
    let d = leaves(256);
    for n in [1, 2, 255, 256] {
        let bytes = tile_to_bytes(&d[..n]);
        assert_eq!(bytes.len(), 32 * n);
        assert_eq!(tile_from_bytes(&bytes).unwrap(), d[..n]);
    }
    assert!(tile_from_bytes(&[]).is_err());
    assert!(tile_from_bytes(&[0; 33]).is_err());
    assert!(tile_from_bytes(&vec![0; 257 * 32]).is_err());
}

// ---------------------------------------------------------------------------------------------
// Signed notes and checkpoints.

const PETER_SKEY_DATA: &str = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const PETER_TEXT: &str =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG: &str =
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG: &str =
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

fn peter() -> NoteSigner {
    let data = base64::engine::general_purpose::STANDARD.decode(PETER_SKEY_DATA).unwrap();
    let seed: [u8; 32] = data[1..].try_into().unwrap();
    NoteSigner::new("PeterNeumann", ed25519_dalek::SigningKey::from_bytes(&seed)).unwrap()
}

fn signer(seed: u8) -> NoteSigner {
    NoteSigner::new("log.example/audit", ed25519_dalek::SigningKey::from_bytes(&[seed; 32])).unwrap()
}

fn cp(size: u64) -> Checkpoint {
    Checkpoint { origin: "log.example/audit".into(), size, root: leaf_hash(&size.to_be_bytes()) }
}

#[test]
fn go_note_known_answers() {
    let s = peter();
    assert_eq!(s.verifier_key(), PETER_VKEY);
    assert_eq!(s.sign_text(PETER_TEXT), format!("{PETER_TEXT}\n{PETER_SIG}"));
    let v = NoteVerifier::from_vkey(PETER_VKEY).unwrap();
    assert_eq!(v.verified_text(&format!("{PETER_TEXT}\n{PETER_SIG}")).unwrap(), PETER_TEXT);
    // A witness's cosignature by another key is ignored; its own key still verifies it.
    let both = format!("{PETER_TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    assert_eq!(v.verified_text(&both).unwrap(), PETER_TEXT);
    let enoch = NoteVerifier::from_vkey(ENOCH_VKEY).unwrap();
    assert_eq!(enoch.verified_text(&both).unwrap(), PETER_TEXT);
    // Only the other key's signature: not verifiable with this key.
    let err = v.verified_text(&format!("{PETER_TEXT}\n{ENOCH_SIG}")).unwrap_err();
    assert!(matches!(err, TlogError::Signature(_)), "{err}");
    assert_eq!(err.to_string(), "note has no signature by PeterNeumann+c74f20a3");
    // Too many signatures.
    assert!(v.verified_text(&format!("{PETER_TEXT}\n{}", PETER_SIG.repeat(101))).is_err());
    assert!(v.verified_text(&format!("{PETER_TEXT}\n{}", PETER_SIG.repeat(100))).is_ok());
    // A corrupted signature by the known key rejects the note even beside a good one.
    let corrupt = format!("{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
    assert!(matches!(v.verified_text(&format!("{PETER_TEXT}\n{corrupt}")), Err(TlogError::Signature(_))));
    assert!(v.verified_text(&format!("{PETER_TEXT}\n{PETER_SIG}{corrupt}")).is_err());
    // Malformed encodings, from Go's note tests.
    let bad = [
        PETER_TEXT.to_owned(),
        format!("{PETER_TEXT}\n"),
        format!("{PETER_TEXT}\n{}", &PETER_SIG[..PETER_SIG.len() - 1]),
        format!("\x01{PETER_TEXT}\n{PETER_SIG}"),
        format!(
            "{PETER_TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        ),
        format!("{PETER_TEXT}\n{PETER_SIG}Unexpected line.\n"),
        format!(
            "{PETER_TEXT}\n-- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        ),
    ];
    for note in bad {
        assert!(v.verified_text(&note).is_err(), "{note:?}");
    }
}

#[test]
fn verifier_keys_parse_and_reject_every_mangling() {
    NoteVerifier::from_vkey(PETER_VKEY).unwrap();
    let b = PETER_VKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i == 0 && j == b.len() {
                continue;
            }
            let s = std::str::from_utf8(&b[i..j]).unwrap();
            assert!(NoteVerifier::from_vkey(s).is_err(), "{s:?}");
        }
    }
    for i in 0..b.len() {
        let mut m = b.to_vec();
        m[i] += 1;
        let s = String::from_utf8(m).unwrap();
        assert!(NoteVerifier::from_vkey(&s).is_err(), "{s:?}");
    }
    // Wrong length key with an adjusted id, and an unknown algorithm with an adjusted id.
    assert!(
        NoteVerifier::from_vkey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==").is_err()
    );
    assert!(NoteVerifier::from_vkey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").is_err());
}

#[test]
fn signer_rejects_bad_key_names_and_hides_its_key() {
    for name in ["", "a b", "a+b", "a\nb", "tab\there"] {
        assert!(NoteSigner::new(name, ed25519_dalek::SigningKey::from_bytes(&[1; 32])).is_err(), "{name:?}");
    }
    let s = signer(1);
    let dbg = format!("{s:?}");
    assert!(dbg.contains("log.example/audit") && !dbg.contains("key:"), "{dbg}");
}

#[test]
fn checkpoint_sign_verify_round_trip() {
    let s = signer(7);
    let v = NoteVerifier::from_vkey(&s.verifier_key()).unwrap();
    for size in [0, 1, 255, 1 << 40, u64::MAX] {
        let c = cp(size);
        let note = s.sign(&c);
        assert!(note.starts_with(&c.body()));
        assert_eq!(v.verify(&note).unwrap(), c);
        assert_eq!(Checkpoint::parse_body(&c.body()).unwrap(), c);
    }
    let body = cp(5).body();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines, ["log.example/audit", "5", &cp(5).root.to_base64()]);
}

#[test]
fn checkpoint_verifier_rejects_changes_wrong_keys_and_truncation() {
    let s = signer(7);
    let v = NoteVerifier::from_vkey(&s.verifier_key()).unwrap();
    let c = cp(1234);
    let note = s.sign(&c);
    let is_sig_err = |n: &str| matches!(v.verify(n), Err(TlogError::Signature(_)));
    // Changed size, root or origin.
    assert!(is_sig_err(&note.replacen("\n1234\n", "\n1235\n", 1)));
    let other_root = leaf_hash(b"other").to_base64();
    assert!(is_sig_err(&note.replacen(&c.root.to_base64(), &other_root, 1)));
    assert!(is_sig_err(&note.replacen("log.example/audit\n", "log.example/audiT\n", 1)));
    // Signed by another key with the same name: the key id differs.
    let other = signer(8).sign(&c);
    assert!(is_sig_err(&other));
    // A different name for the same key.
    let renamed = NoteSigner::new("other.example", ed25519_dalek::SigningKey::from_bytes(&[7; 32])).unwrap();
    assert!(is_sig_err(&renamed.sign(&c)));
    // Truncated signature lines, an unsigned note, a bare body.
    for cut in [1, 2, 10, 40] {
        assert!(v.verify(&note[..note.len() - cut]).is_err(), "cut {cut}");
    }
    assert!(v.verify(&format!("{}\n", c.body())).is_err());
    assert!(v.verify(&c.body()).is_err());
    assert!(v.verify("").is_err());
    // A well-signed note that is not a checkpoint.
    let not_cp = s.sign_text("hello\n");
    assert!(matches!(v.verify(&not_cp), Err(TlogError::Malformed(_))));
    // An origin that breaks the format signs a note no one accepts.
    let broken = Checkpoint { origin: "a\nb".into(), ..c.clone() };
    assert!(v.verify(&s.sign(&broken)).is_err());
}

#[test]
fn checkpoint_bodies_parse_strictly() {
    let r = cp(1).root.to_base64();
    let ok = format!("o\n42\n{r}\n");
    assert_eq!(Checkpoint::parse_body(&ok).unwrap().size, 42);
    let short = Hash::default().to_base64()[..40].to_owned();
    let bad = [
        format!("o\n42\n{r}"),
        format!("o\n042\n{r}\n"),
        format!("o\n+42\n{r}\n"),
        format!("o\n-1\n{r}\n"),
        format!("o\n\n{r}\n"),
        format!("o\n18446744073709551616\n{r}\n"),
        format!("\n42\n{r}\n"),
        format!("o\n42\n{short}\n"),
        format!("o\n42\n{r}\nextension\n"),
        format!("o\n42\n{r}\n\n"),
        "o\n42\n".to_owned(),
    ];
    for text in bad {
        assert!(matches!(Checkpoint::parse_body(&text), Err(TlogError::Malformed(_))), "{text:?}");
    }
    assert_eq!(Checkpoint::parse_body(&format!("o\n0\n{r}\n")).unwrap().size, 0);
}

// ---------------------------------------------------------------------------------------------
// Canonical JSON.

fn canon(v: &serde_json::Value) -> String {
    let mut out = Vec::new();
    canonical_json(v, &mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn canonical_json_sorts_keys_recursively_without_whitespace() {
    let v = json!({"b": 1, "a": [true, null, {"d": "x", "c": 2.5}], "": {}});
    assert_eq!(canon(&v), r#"{"":{},"a":[true,null,{"c":2.5,"d":"x"}],"b":1}"#);
    assert_eq!(canon(&json!([])), "[]");
    assert_eq!(canon(&json!({})), "{}");
    assert_eq!(canon(&json!(null)), "null");
    assert_eq!(canon(&json!(false)), "false");
}

#[test]
fn canonical_json_ignores_insertion_order() {
    let keys = ["zeta", "alpha", "Beta", "_", "a1", "a", "aa", "é", "10", "9"];
    let mut rng = StdRng::seed_from_u64(5);
    let mut seen = BTreeSet::new();
    for _ in 0..20 {
        let mut order = keys.to_vec();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.gen_range(0..=i));
        }
        let mut inner = serde_json::Map::new();
        let mut outer = serde_json::Map::new();
        for k in &order {
            inner.insert((*k).to_owned(), json!(k.len()));
            outer.insert((*k).to_owned(), json!({"n": 0, "k": k}));
        }
        outer.insert("inner".into(), serde_json::Value::Object(inner));
        seen.insert(canon(&serde_json::Value::Object(outer)));
    }
    assert_eq!(seen.len(), 1);
    let s = seen.into_iter().next().unwrap();
    assert!(s.starts_with(r#"{"10":{"k":"10","n":0},"9":"#), "{s}");
}

#[test]
fn canonical_json_orders_unicode_keys_by_utf8_bytes() {
    // UTF-16 order would put the astral U+1F600 (surrogate D83D) before U+FB00; UTF-8 does not.
    let v = json!({"\u{1F600}": 1, "\u{FB00}": 2, "\u{20AC}": 3, "z": 4, "é": 5, "Z": 6});
    assert_eq!(canon(&v), "{\"Z\":6,\"z\":4,\"é\":5,\"€\":3,\"ﬀ\":2,\"😀\":1}");
}

#[test]
fn canonical_json_strings_and_numbers_match_serde_json() {
    let mut all: String = (0u8..0x80).map(char::from).collect();
    all.push_str("é€😀\u{2028}\u{7f}\"\\/");
    // Every printable character that needs no escape (the unescaped fast path), then one that does.
    let plain: String = (0x20u8..0x80).map(char::from).filter(|c| !matches!(c, '"' | '\\')).collect();
    let plain_then_quote = format!("{plain}\"");
    let strings =
        [all.as_str(), "", "plain", "\u{0}", "tab\tquote\"back\\slash", "\u{1f}\u{1b}", &plain, &plain_then_quote];
    for s in strings {
        let v = json!(s);
        assert_eq!(canon(&v), serde_json::to_string(&v).unwrap(), "{s:?}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&canon(&v)).unwrap(), v);
    }
    let numbers = [
        json!(0),
        json!(-1),
        json!(1.5),
        json!(1e300),
        json!(-0.0),
        json!(0.1),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(1e-7),
        json!(123456789.125),
    ];
    for n in numbers {
        assert_eq!(canon(&n), serde_json::to_string(&n).unwrap());
    }
    let key = json!({"a\"b\n": "\u{0}"});
    assert_eq!(canon(&key), r#"{"a\"b\n":"\u0000"}"#);
}

// ---------------------------------------------------------------------------------------------
// Streaming verifier.

fn rec_hash(seq: u64, data: &[u8]) -> Hash {
    let mut buf = seq.to_be_bytes().to_vec();
    buf.extend_from_slice(data);
    leaf_hash(&buf)
}

/// An intact log: records numbered from 1, the stored level-0 leaf hashes, and checkpoints.
struct Log {
    records: Vec<(u64, Vec<u8>)>,
    stored: Vec<Hash>,
    checkpoints: Vec<Checkpoint>,
}

impl Log {
    fn new(rng: &mut StdRng, n: usize) -> Self {
        let records: Vec<(u64, Vec<u8>)> = (1..=n as u64)
            .map(|seq| {
                let mut data = seq.to_le_bytes().to_vec();
                data.extend((0..rng.gen_range(1..24)).map(|_| rng.r#gen::<u8>()));
                (seq, data)
            })
            .collect();
        let stored: Vec<Hash> = records.iter().map(|(s, d)| rec_hash(*s, d)).collect();
        let mut sizes: BTreeSet<usize> = (0..rng.gen_range(0..5)).map(|_| rng.gen_range(0..=n)).collect();
        if rng.gen_bool(0.5) {
            sizes.insert(n);
        }
        let mut f = Frontier::new();
        let mut checkpoints = Vec::new();
        for (size, leaf) in stored.iter().chain([&Hash::default()]).enumerate() {
            if sizes.contains(&size) {
                checkpoints.push(Checkpoint { origin: "o".into(), size: size as u64, root: f.root() });
            }
            f.append(*leaf);
        }
        // Callers may pass checkpoints in any order.
        checkpoints.reverse();
        Self { records, stored, checkpoints }
    }

    /// Runs the verifier from `first_seq`, resuming the tree from the stored leaves before it.
    fn verify(&self, first_seq: u64) -> VerifyReport {
        let start = (first_seq > 1).then(|| {
            let mut f = Frontier::new();
            for h in &self.stored[..first_seq as usize - 1] {
                f.append(*h);
            }
            f
        });
        let cps = self.checkpoints.iter().filter(|c| c.size + 1 >= first_seq).cloned().collect();
        let mut v = Verifier::new(first_seq, start, cps);
        for (seq, data) in self.records.iter().filter(|(s, _)| *s >= first_seq) {
            let stored = self.stored.get((*seq - 1) as usize).copied();
            v.push(*seq, rec_hash(*seq, data), stored);
        }
        v.finish()
    }

    fn max_cp(&self) -> u64 {
        self.checkpoints.iter().map(|c| c.size).max().unwrap_or(0)
    }

    /// Whether some checkpoint covers record `seq`.
    fn covered(&self, seq: u64) -> bool {
        self.checkpoints.iter().any(|c| c.size >= seq)
    }

    /// First record of the checkpoint bracket holding `seq`, for a run from `first_seq`.
    fn bracket(&self, seq: u64, first_seq: u64) -> u64 {
        let prev = self.checkpoints.iter().map(|c| c.size).filter(|s| *s < seq && *s + 1 >= first_seq).max();
        prev.map_or(first_seq, |p| p + 1)
    }

    fn data_mut(&mut self, seq: u64) -> &mut Vec<u8> {
        &mut self.records.iter_mut().find(|(s, _)| *s == seq).unwrap().1
    }
}

fn problem(report: &VerifyReport) -> Option<(FindingKind, u64)> {
    report.first_problem.as_ref().map(|f| (f.kind, f.seq))
}

#[derive(Debug, Clone, Copy)]
enum Tamper {
    None,
    Alter,
    AlterAndFixStored,
    AlterTwo,
    Delete,
    InsertRenumber,
    DuplicateAfter,
    DuplicateBefore,
    SwapContents,
    SwapOrder,
    SwapAndFixStored,
    Truncate,
}

const TAMPERS: [Tamper; 12] = [
    Tamper::None,
    Tamper::Alter,
    Tamper::AlterAndFixStored,
    Tamper::AlterTwo,
    Tamper::Delete,
    Tamper::InsertRenumber,
    Tamper::DuplicateAfter,
    Tamper::DuplicateBefore,
    Tamper::SwapContents,
    Tamper::SwapOrder,
    Tamper::SwapAndFixStored,
    Tamper::Truncate,
];

/// Applies one tampering at or after `first_seq` and returns the finding a correct verifier
/// must report.
fn tamper(log: &mut Log, t: Tamper, first_seq: u64, rng: &mut StdRng) -> Option<(FindingKind, u64)> {
    use FindingKind::*;
    let n = log.records.len() as u64;
    let pick = |rng: &mut StdRng| rng.gen_range(first_seq..=n);
    let fix = |log: &mut Log, seq: u64| {
        let d = log.data_mut(seq).clone();
        log.stored[seq as usize - 1] = rec_hash(seq, &d);
    };
    let root_mismatch = |log: &Log, seq: u64| log.covered(seq).then(|| (RootMismatch, log.bracket(seq, first_seq)));
    match t {
        Tamper::None => None,
        Tamper::Alter => {
            let k = pick(rng);
            let d = log.data_mut(k);
            let i = rng.gen_range(0..d.len());
            d[i] ^= 1 << rng.gen_range(0..8);
            Some((Altered, k))
        }
        Tamper::AlterAndFixStored => {
            let k = pick(rng);
            log.data_mut(k).push(0);
            fix(log, k);
            root_mismatch(log, k)
        }
        Tamper::AlterTwo => {
            if n - first_seq < 1 {
                return tamper(log, Tamper::Alter, first_seq, rng);
            }
            let k1 = rng.gen_range(first_seq..n);
            let k2 = rng.gen_range(k1 + 1..=n);
            log.data_mut(k1).push(1);
            fix(log, k1);
            log.data_mut(k2).push(2);
            // A checkpoint reached before k2 pins k1's bracket; otherwise k2's stored hash wins.
            if log.checkpoints.iter().any(|c| c.size >= k1 && c.size < k2) {
                root_mismatch(log, k1)
            } else {
                Some((Altered, k2))
            }
        }
        Tamper::Delete => {
            let k = pick(rng);
            log.records.retain(|(s, _)| *s != k);
            if k < n { Some((Missing, k)) } else { (log.max_cp() >= k).then_some((Truncated, k)) }
        }
        Tamper::InsertRenumber => {
            let k = pick(rng);
            let pos = log.records.iter().position(|(s, _)| *s == k).unwrap();
            for r in &mut log.records[pos..] {
                r.0 += 1;
            }
            log.records.insert(pos, (k, b"inserted".to_vec()));
            Some((Altered, k))
        }
        Tamper::DuplicateAfter | Tamper::DuplicateBefore => {
            let k = pick(rng);
            let pos = log.records.iter().position(|(s, _)| *s == k).unwrap();
            let same = rng.gen_bool(0.3);
            let data = if same { log.records[pos].1.clone() } else { b"forged".to_vec() };
            if matches!(t, Tamper::DuplicateAfter) || same {
                log.records.insert(pos + 1, (k, data));
                Some((Unexpected, k))
            } else {
                log.records.insert(pos, (k, data));
                Some((Altered, k))
            }
        }
        Tamper::SwapContents | Tamper::SwapAndFixStored => {
            if n - first_seq < 1 {
                return tamper(log, Tamper::Alter, first_seq, rng);
            }
            let a = rng.gen_range(first_seq..n);
            let b = rng.gen_range(a + 1..=n);
            let (da, db) = (log.data_mut(a).clone(), log.data_mut(b).clone());
            *log.data_mut(a) = db;
            *log.data_mut(b) = da;
            if matches!(t, Tamper::SwapContents) {
                return Some((Altered, a));
            }
            fix(log, a);
            fix(log, b);
            root_mismatch(log, a)
        }
        Tamper::SwapOrder => {
            if n - first_seq < 1 {
                return tamper(log, Tamper::Alter, first_seq, rng);
            }
            let a = rng.gen_range(first_seq..n);
            let b = rng.gen_range(a + 1..=n);
            log.records.swap(a as usize - 1, b as usize - 1);
            Some((Unexpected, a))
        }
        Tamper::Truncate => {
            let t = rng.gen_range(first_seq - 1..n);
            log.records.truncate(t as usize);
            (log.max_cp() > t).then_some((Truncated, t + 1))
        }
    }
}

#[test]
fn verifier_names_the_first_bad_record_in_randomised_tampering() {
    let mut rng = StdRng::seed_from_u64(6);
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for case in 0..2_400 {
        let t = TAMPERS[case % TAMPERS.len()];
        let n = rng.gen_range(1..150);
        let mut log = Log::new(&mut rng, n);
        // Half the runs resume from a tree part-way through the log.
        let first_seq = if rng.gen_bool(0.5) { 1 } else { rng.gen_range(1..=n as u64) };
        let before = log.verify(first_seq);
        assert_eq!(before.first_problem, None, "case {case}: intact log");
        let want = tamper(&mut log, t, first_seq, &mut rng);
        let report = log.verify(first_seq);
        assert_eq!(
            problem(&report),
            want,
            "case {case}: {t:?} n={n} first_seq={first_seq} checkpoints={:?} report={report:?}",
            log.checkpoints.iter().map(|c| c.size).collect::<Vec<_>>()
        );
        if let Some(f) = &report.first_problem {
            assert!(f.detail.contains(&f.seq.to_string()) || f.kind == FindingKind::RootMismatch, "{f}");
            *seen.entry(format!("{:?}", f.kind)).or_default() += 1;
        }
    }
    for kind in ["Missing", "Unexpected", "Altered", "RootMismatch", "Truncated"] {
        assert!(seen.get(kind).copied().unwrap_or(0) >= 50, "{kind} seen {seen:?}");
    }
}

#[test]
fn verifier_reports_counts_for_an_intact_log() {
    let mut rng = StdRng::seed_from_u64(7);
    for _ in 0..50 {
        let n = rng.gen_range(1..400);
        let log = Log::new(&mut rng, n);
        let report = log.verify(1);
        assert_eq!(report.records, n as u64);
        assert_eq!(report.checkpoints_checked, log.checkpoints.len() as u64);
        assert_eq!(report.last_verified_size, log.max_cp());
        assert_eq!(report.first_problem, None);
    }
}

fn small_log() -> Log {
    // Ten records; checkpoints at 4 and 10.
    let records: Vec<(u64, Vec<u8>)> = (1..=10u64).map(|s| (s, vec![s as u8; 3])).collect();
    let stored: Vec<Hash> = records.iter().map(|(s, d)| rec_hash(*s, d)).collect();
    let checkpoints = [4usize, 10]
        .iter()
        .map(|&n| Checkpoint { origin: "o".into(), size: n as u64, root: mth(&stored[..n]) })
        .collect();
    Log { records, stored, checkpoints }
}

#[test]
fn verifier_hand_checked_cases() {
    use FindingKind::*;
    let intact = small_log().verify(1);
    assert_eq!((intact.records, intact.checkpoints_checked, intact.last_verified_size), (10, 2, 10));

    let mut log = small_log();
    log.records[5].1[0] ^= 1;
    let report = log.verify(1);
    assert_eq!(problem(&report), Some((Altered, 6)));
    assert_eq!((report.checkpoints_checked, report.last_verified_size), (1, 4));
    let f = report.first_problem.unwrap();
    assert!(f.detail.starts_with("record 6 hashes to "), "{}", f.detail);
    assert!(f.to_string().starts_with("record 6: altered: "), "{f}");

    // The attacker also rewrote the stored leaf hash: the checkpoint at 10 pins records 5..=10.
    log.stored[5] = rec_hash(6, &log.records[5].1);
    let report = log.verify(1);
    assert_eq!(problem(&report), Some((RootMismatch, 5)));
    assert!(report.first_problem.unwrap().detail.contains("a record from 5 to 10 was changed"));

    let mut log = small_log();
    log.records.remove(2);
    assert_eq!(problem(&log.verify(1)), Some((Missing, 3)));
    let mut log = small_log();
    log.records.drain(2..5);
    let report = log.verify(1);
    assert_eq!(problem(&report), Some((Missing, 3)));
    assert_eq!(report.first_problem.unwrap().detail, "records 3 to 5 are missing: record 6 comes next");

    let mut log = small_log();
    log.records.truncate(7);
    let report = log.verify(1);
    assert_eq!(problem(&report), Some((Truncated, 8)));
    assert_eq!((report.records, report.last_verified_size), (7, 4));

    let mut log = small_log();
    log.records.swap(6, 7);
    assert_eq!(problem(&log.verify(1)), Some((Unexpected, 7)));
}

#[test]
fn verifier_checks_the_start_state_and_its_arguments() {
    use FindingKind::*;
    let log = small_log();
    let mut f = Frontier::new();
    for h in &log.stored[..4] {
        f.append(*h);
    }
    // Resuming at 5 checks the checkpoint at 4 against the start state.
    let cps = log.checkpoints.clone();
    let mut v = Verifier::new(5, Some(f.clone()), cps.clone());
    for (seq, d) in &log.records[4..] {
        v.push(*seq, rec_hash(*seq, d), Some(log.stored[*seq as usize - 1]));
    }
    let report = v.finish();
    assert_eq!((report.checkpoints_checked, report.last_verified_size, report.first_problem), (2, 10, None));

    // A wrong start state shows as a mismatch at the checkpoint it meets.
    let mut wrong = Frontier::new();
    for _ in 0..4 {
        wrong.append(leaf_hash(b"x"));
    }
    let report = Verifier::new(5, Some(wrong), cps.clone()).finish();
    assert_eq!(problem(&report), Some((RootMismatch, 4)));

    // The start state must cover exactly first_seq - 1 records.
    let report = Verifier::new(6, Some(f), cps.clone()).finish();
    assert_eq!(problem(&report), Some((Unexpected, 6)));
    assert_eq!(problem(&Verifier::new(3, None, vec![]).finish()), Some((Unexpected, 3)));
    assert_eq!(problem(&Verifier::new(0, None, vec![]).finish()), Some((Unexpected, 0)));

    // No records at all, but a checkpoint says there are some.
    assert_eq!(problem(&Verifier::new(1, None, cps).finish()), Some((Truncated, 1)));
    let empty = Verifier::new(1, None, vec![]).finish();
    assert_eq!((empty.records, empty.last_verified_size, empty.first_problem), (0, 0, None));

    // An empty-tree checkpoint with a wrong root.
    let bad0 = Checkpoint { origin: "o".into(), size: 0, root: leaf_hash(b"") };
    assert_eq!(problem(&Verifier::new(1, None, vec![bad0]).finish()), Some((RootMismatch, 1)));

    // A record that is pushed before the tree includes it is only checked by checkpoints.
    let mut v = Verifier::new(1, None, vec![]);
    v.push(1, leaf_hash(b"a"), None);
    assert!(v.first_problem().is_none());
    assert_eq!(v.finish().first_problem, None);

    let b = Finding::bad_checkpoint(11, "checkpoint signature does not verify");
    assert_eq!((b.kind, b.seq), (BadCheckpoint, 11));
    assert_eq!(serde_json::to_value(&b).unwrap()["kind"], "bad_checkpoint");
}

/// Run with `cargo test --release -p nimbus-core --lib tlog::tests::verifier_throughput -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run in release"]
fn verifier_throughput() {
    let n = 4_000_000u64;
    let hashes: Vec<Hash> = (0..1024u64).map(|i| leaf_hash(&i.to_be_bytes())).collect();
    let t = std::time::Instant::now();
    let mut v = Verifier::new(1, None, vec![]);
    for seq in 1..=n {
        let h = hashes[(seq % 1024) as usize];
        v.push(seq, h, Some(h));
    }
    let report = v.finish();
    let secs = t.elapsed().as_secs_f64();
    println!("{} pushes in {secs:.3}s: {:.0} push/s", report.records, n as f64 / secs);
    let t = std::time::Instant::now();
    let mut f = Frontier::new();
    for seq in 0..n {
        f.append(hashes[(seq % 1024) as usize]);
        if seq % 1000 == 0 {
            f.take_dirty_tiles();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!("{n} frontier appends in {secs:.3}s: {:.0} append/s", n as f64 / secs);
}
