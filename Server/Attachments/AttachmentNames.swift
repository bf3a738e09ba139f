import FieldSyncShared

/// The bytes of one digest as one region holds them.
struct HeldBytes: Sendable, Hashable {
    let digest: String
    let region: String
}

/// Which held bytes an attachment record names: the one rule both stores' collection follows.
enum AttachmentNames {
    /// The digests a stored attachment record names: every value standing in its `digest` field, a
    /// tombstone's previous value included (the delete may yet be undone by a concurrent edit).
    static func digests(in state: RecordState) -> Set<String> {
        Set(state.standing("digest").compactMap { $0.value.valueOrPrevious.stringValue })
    }

    /// The bytes of `held` that no record of `records` (every stored attachment record, live or
    /// tombstoned-but-kept, with its region) names: those a collection removes, in `held`'s order.
    /// Bytes are named per region: a record of one region never keeps another region's bytes.
    static func unnamed(_ held: [HeldBytes], records: [(region: String, state: RecordState)]) -> [HeldBytes] {
        var named = Set<HeldBytes>()
        for record in records {
            for digest in digests(in: record.state) { named.insert(HeldBytes(digest: digest, region: record.region)) }
        }
        return held.filter { !named.contains($0) }
    }
}
