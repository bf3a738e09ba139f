import Foundation

/// Reading the compact encoding (either form a push may send), straight from the bytes.
extension RecordState {
    init(reading reader: inout JSONReader) throws { try self.init(reading: &reader, numbering: nil) }

    /// Reads either encoding: `{"c":[R,n,…],"w":[…]}` (pairs grouped by write) or the first
    /// version's `{"c":[[R,n],…],"f":{…}}`, which agents of that version still push.
    init(reading reader: inout JSONReader, numbering: ReplicaNumbering?) throws {
        var replicas: [ReplicaID]?
        var counters = [UInt64]()
        var grouped: Bool?
        var state: RecordState?
        try reader.object { key, reader in
            switch key {
            case "c":
                guard replicas == nil else { throw JSONReader.Unsupported() }
                var read = [ReplicaID]()
                try reader.beginArray()
                while try reader.nextElement(first: read.isEmpty) {
                    if try reader.isArrayNext() {
                        // First version: [replica, counter] pairs.
                        guard grouped != true else { throw JSONReader.Unsupported() }
                        grouped = false
                        try reader.beginArray()
                        guard try reader.nextElement(first: true), let replica = ReplicaID(try reader.string()),
                            try reader.nextElement(first: false)
                        else { throw JSONReader.Unsupported() }
                        read.append(replica)
                        counters.append(try reader.unsigned())
                        guard try !reader.nextElement(first: false) else { throw JSONReader.Unsupported() }
                    } else {
                        guard grouped != false else { throw JSONReader.Unsupported() }
                        grouped = true
                        read.append(try Self.readReplica(&reader, numbering: numbering))
                        guard try reader.nextElement(first: false) else { throw JSONReader.Unsupported() }
                        counters.append(try reader.unsigned())
                    }
                }
                replicas = read
            case "w":
                guard state == nil, grouped != false, let replicas else { throw JSONReader.Unsupported() }
                guard let context = RecordStateLayout.context(replicas: replicas, counters: counters) else {
                    throw JSONReader.Unsupported()
                }
                // Pairs go straight into their fields: a field named twice by one write holds
                // that dot twice, which `RecordState(context:fields:)` refuses.
                var fields = [String: [DottedValue]]()
                try reader.beginArray()
                var firstWrite = true
                while try reader.nextElement(first: firstWrite) {
                    firstWrite = false
                    try reader.beginArray()
                    guard try reader.nextElement(first: true) else { throw JSONReader.Unsupported() }
                    let position = try reader.int()
                    guard position >= 0, position < replicas.count, try reader.nextElement(first: false) else {
                        throw JSONReader.Unsupported()
                    }
                    var counter = counters[Int(position)]
                    if try !reader.isObjectNext() {
                        counter = try reader.unsigned()
                        guard RecordStateLayout.isCounter(counter), try reader.nextElement(first: false) else {
                            throw JSONReader.Unsupported()
                        }
                    }
                    let dot = Dot(replica: replicas[Int(position)], counter: counter)
                    try reader.object { name, reader in
                        fields[name, default: []].append(DottedValue(dot: dot, value: .value(try reader.value())))
                    }
                    if try reader.nextElement(first: false) {
                        var cleared = 0
                        try reader.object { name, reader in
                            fields[name, default: []].append(
                                DottedValue(dot: dot, value: .tombstone(previous: try reader.value())))
                            cleared += 1
                        }
                        // An empty set of cleared fields is left out, never written.
                        guard cleared > 0, try !reader.nextElement(first: false) else { throw JSONReader.Unsupported() }
                    }
                }
                guard let built = RecordState(context: context, fields: fields) else { throw JSONReader.Unsupported() }
                state = built
            case "f":
                // Pairs name replicas by their place in the context, which the canonical text
                // writes first (keys sorted); text with the fields first is left to Foundation.
                guard state == nil, grouped != true, let replicas else { throw JSONReader.Unsupported() }
                var context = [ReplicaID: UInt64]()
                for (replica, counter) in zip(replicas, counters) {
                    guard counter > 0, context.updateValue(counter, forKey: replica) == nil else {
                        throw JSONReader.Unsupported()
                    }
                }
                var read = [String: [DottedValue]]()
                try reader.beginObject()
                var firstField = true
                while let name = try reader.nextKey(first: firstField) {
                    firstField = false
                    let pairs = try reader.array { reader -> DottedValue in
                        try reader.beginArray()
                        guard try reader.nextElement(first: true) else { throw JSONReader.Unsupported() }
                        let index = try reader.int()
                        guard index >= 0, index < replicas.count, try reader.nextElement(first: false) else {
                            throw JSONReader.Unsupported()
                        }
                        let counter = try reader.unsigned()
                        guard counter > 0, try reader.nextElement(first: false) else { throw JSONReader.Unsupported() }
                        let dot = Dot(replica: replicas[Int(index)], counter: counter)
                        let value = try reader.value()
                        guard try reader.nextElement(first: false) else {
                            return DottedValue(dot: dot, value: .value(value))
                        }
                        guard try reader.int() == 1, try !reader.nextElement(first: false) else {
                            throw JSONReader.Unsupported()
                        }
                        return DottedValue(dot: dot, value: .tombstone(previous: value))
                    }
                    guard read.updateValue(pairs, forKey: name) == nil else { throw JSONReader.Unsupported() }
                }
                guard let built = RecordState(context: VersionVector(context), fields: read) else {
                    throw JSONReader.Unsupported()
                }
                state = built
            default:
                // Another version's key: JSONDecoder ignores it, after the duplicate-key check.
                throw JSONReader.Unsupported()
            }
        }
        guard let state else { throw JSONReader.Unsupported() }
        self = state
    }

    private static func readReplica(_ reader: inout JSONReader, numbering: ReplicaNumbering?) throws -> ReplicaID {
        if try reader.isStringNext() {
            guard let replica = ReplicaID(try reader.string()) else { throw JSONReader.Unsupported() }
            return replica
        }
        let number = try reader.int()
        guard let replica = numbering?.replica(numbered: number) else { throw JSONReader.Unsupported() }
        return replica
    }
}
