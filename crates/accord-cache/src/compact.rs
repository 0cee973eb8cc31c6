//! The small encodings records are built from: 17-byte image hashes, timestamps as integers,
//! optional booleans as two bits, role lists as inline slot numbers.

use std::num::NonZeroU16;

use accord_model::util::{ImageHash, Timestamp};

/// An image hash in its usual form (32 hex digits, maybe `a_`-prefixed): 17 bytes, and
/// `Option<PackedHash>` is 17 bytes too. Hashes in another form stay in the record's rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PackedHash {
    bytes: [u8; 16],
    animated: bool,
}

impl PackedHash {
    /// The packed form of a hash, or `None` when it is not in the usual form.
    pub(crate) fn pack(hash: &ImageHash) -> Option<Self> {
        hash.bytes().map(|bytes| Self { bytes, animated: hash.is_animated() })
    }

    /// The model's hash.
    pub(crate) const fn unpack(self) -> ImageHash {
        ImageHash::new(self.bytes, self.animated)
    }
}

/// Splits an optional hash into its packed form and what must stay in the model's field:
/// `(Some(packed), None)` for the usual form, `(None, original)` otherwise.
pub(crate) fn split_hash(hash: Option<ImageHash>) -> (Option<PackedHash>, Option<ImageHash>) {
    match hash.as_ref().and_then(PackedHash::pack) {
        Some(packed) => (Some(packed), None),
        None => (None, hash),
    }
}

/// Puts a packed hash back, keeping the field's own value when there is none.
pub(crate) fn join_hash(packed: Option<PackedHash>, field: &mut Option<ImageHash>) {
    if let Some(packed) = packed {
        *field = Some(packed.unpack());
    }
}

/// The integer for "no timestamp": a parsed timestamp is never before year 0, far above this.
const NO_TIME: i64 = i64::MIN;

/// An optional timestamp as microseconds, `i64::MIN` for none.
pub(crate) fn time_in(time: Option<Timestamp>) -> i64 {
    time.map_or(NO_TIME, Timestamp::as_micros)
}

/// The optional timestamp of [`time_in`].
pub(crate) fn time_out(micros: i64) -> Option<Timestamp> {
    (micros != NO_TIME).then_some(Timestamp::from_micros(micros))
}

/// An `Option<bool>` as two bits at `shift` of a bit set: present, then value.
pub(crate) fn opt_bool_in(value: Option<bool>, shift: u32) -> u16 {
    match value {
        None => 0,
        Some(false) => 1 << shift,
        Some(true) => 3 << shift,
    }
}

/// The `Option<bool>` stored by [`opt_bool_in`].
pub(crate) fn opt_bool_out(bits: u16, shift: u32) -> Option<bool> {
    (bits & (1 << shift) != 0).then_some(bits & (2 << shift) != 0)
}

/// A member's roles as slot numbers of the guild's role table (see `roles.rs`): up to four
/// inline, more on the heap; 16 bytes either way. Order is kept, so a round trip gives the
/// list Discord sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RoleList {
    /// Up to four slots, the unused ones `None`, used ones first.
    Inline([Option<NonZeroU16>; 4]),
    /// Five slots or more.
    Heap(Box<[NonZeroU16]>),
}

impl Default for RoleList {
    fn default() -> Self {
        Self::Inline([None; 4])
    }
}

impl RoleList {
    /// A list of the slots an iterator gives, allocating only past four.
    pub(crate) fn collect(mut slots: impl Iterator<Item = NonZeroU16>) -> Self {
        let mut inline = [None; 4];
        for place in &mut inline {
            match slots.next() {
                Some(slot) => *place = Some(slot),
                None => return Self::Inline(inline),
            }
        }
        match slots.next() {
            None => Self::Inline(inline),
            Some(fifth) => {
                let heap: Vec<NonZeroU16> = inline
                    .iter()
                    .flatten()
                    .copied()
                    .chain(std::iter::once(fifth))
                    .chain(slots)
                    .collect();
                Self::Heap(heap.into_boxed_slice())
            }
        }
    }

    /// A list of slots.
    pub(crate) fn new(slots: &[NonZeroU16]) -> Self {
        if slots.len() <= 4 {
            let mut inline = [None; 4];
            for (place, slot) in inline.iter_mut().zip(slots) {
                *place = Some(*slot);
            }
            Self::Inline(inline)
        } else {
            Self::Heap(slots.into())
        }
    }

    /// The slots, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = NonZeroU16> + '_ {
        let (inline, heap): (&[Option<NonZeroU16>], &[NonZeroU16]) = match self {
            Self::Inline(inline) => (inline, &[]),
            Self::Heap(heap) => (&[], heap),
        };
        inline.iter().map_while(|slot| *slot).chain(heap.iter().copied())
    }

    /// Whether the list holds a slot.
    pub(crate) fn contains(&self, slot: NonZeroU16) -> bool {
        self.iter().any(|s| s == slot)
    }

    /// The list without a slot; `None` when the slot was not in it.
    pub(crate) fn without(&self, slot: NonZeroU16) -> Option<Self> {
        if !self.contains(slot) {
            return None;
        }
        let rest: Vec<NonZeroU16> = self.iter().filter(|s| *s != slot).collect();
        Some(Self::new(&rest))
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        match self {
            Self::Inline(_) => 0,
            Self::Heap(heap) => size_of_val::<[NonZeroU16]>(heap),
        }
    }
}

/// Bytes a string keeps on the heap.
pub(crate) fn string_heap(text: &compact_str::CompactString) -> usize {
    if text.is_heap_allocated() { text.capacity() } else { 0 }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU16;

    use accord_model::util::{ImageHash, Timestamp};
    use proptest::prelude::*;

    use super::{
        PackedHash, RoleList, join_hash, opt_bool_in, opt_bool_out, split_hash, time_in, time_out,
    };

    #[test]
    fn layouts_are_as_small_as_promised() {
        assert_eq!(size_of::<Option<PackedHash>>(), 17);
        assert_eq!(size_of::<RoleList>(), 16);
    }

    #[test]
    fn hashes_split_and_join_losslessly() {
        for text in
            ["a_1269e74af4df7417b13759eae50c83dc", "1269e74af4df7417b13759eae50c83dc", "odd"]
        {
            let hash: ImageHash = text.parse().unwrap();
            let (packed, mut rest) = split_hash(Some(hash.clone()));
            assert_eq!(packed.is_some(), rest.is_none());
            join_hash(packed, &mut rest);
            assert_eq!(rest, Some(hash));
        }
        assert_eq!(split_hash(None), (None, None));
    }

    proptest! {
        #[test]
        fn role_lists_keep_order(slots in proptest::collection::vec(1_u16..500, 0..12)) {
            let slots: Vec<NonZeroU16> = slots.into_iter().filter_map(NonZeroU16::new).collect();
            let list = RoleList::new(&slots);
            prop_assert_eq!(list.iter().collect::<Vec<_>>(), slots.clone());
            prop_assert_eq!(RoleList::collect(slots.iter().copied()), list.clone());
            if let Some(first) = slots.first() {
                let without = list.without(*first).unwrap();
                prop_assert!(!without.contains(*first));
            }
        }

        #[test]
        fn times_and_bools_round_trip(micros in proptest::option::of(-62_135_596_800_000_000_i64..i64::MAX), b in proptest::option::of(any::<bool>()), shift in 0_u32..14) {
            let time = micros.map(Timestamp::from_micros);
            prop_assert_eq!(time_out(time_in(time)), time);
            prop_assert_eq!(opt_bool_out(opt_bool_in(b, shift), shift), b);
        }
    }
}
