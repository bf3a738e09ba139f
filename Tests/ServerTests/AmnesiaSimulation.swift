import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport

/// Replicas that sync through a server while their files are copied, restored from backups and
/// rolled back, and the server itself is restored from a backup: everything drawn from a seed.
///
/// The decisions are the real ones, pure functions both programs use: the server's hello
/// (`ReplicaHandshake`), its push (`PushDecision`, with `LinearHistory`), the agent's check of a
/// pulled state (`LinearHistory`) and its re-issue after taking a new id (`Reissue`). The model
/// plays the agent's and the server's steps around them, one whole sync at a time.
///
/// The checker does not trust dots (two copies may have issued the same one): every write puts a
/// value no other write puts (`"w17"`), and every copy of a replica, and the server, keeps the set
/// of writes it has truly seen (its ghost, merged along with the states). After every step, every
/// write a copy has seen must still stand in each field it wrote (as a value, or as what a delete
/// cleared), or have been replaced by a write whose writer had seen it. A merge that drops a
/// write under a reused dot breaks this at once.
struct AmnesiaSimulation {
    /// One write as its writer made it.
    struct Write {
        let serial: Int
        let record: Int
        let fields: [String]
        /// The writes its writer had seen of the record when writing.
        let seen: Set<Int>
    }

    /// One copy of a replica's file on some device.
    struct Device {
        var name: String
        var id: ReplicaID
        var counter: UInt64 = 0
        var confirmed: UInt64 = 0
        var epoch: Epoch?
        var cursor: Int64 = 0
        var records: [Int: RecordState] = [:]
        var dirty: Set<Int> = []
        /// Ids given up whose later writes are not re-issued yet, with their confirmed marks.
        var formers: [ReplicaID: UInt64] = [:]
        var everFormer: [ReplicaID] = []
        var resending = false
        var timeline: String?
        /// The file's inode, and the one recorded inside it (`FileIdentity`).
        var inode: Int
        var recordedInode: Int
        /// The writes this copy has truly seen, per record.
        var ghost: [Int: Set<Int>] = [:]
    }

    struct Server {
        var records: [Int: RecordState] = [:]
        var places: [Int: Int64] = [:]
        var newest: Int64 = 0
        var epochs: Int64 = 0
        var memory: [ReplicaID: ReplicaMemory] = [:]
        var ghost: [Int: Set<Int>] = [:]
        var timeline = "t0"
        var earlierTimelines: Set<String> = []
    }

    /// Counts of what a run did.
    struct Statistics {
        var writes = 0, syncs = 0, restores = 0, copies = 0, rollbacks = 0, serverRestores = 0
        var rekeyedByFile = 0, forksFound = 0, serverRestoresFound = 0, reissued = 0, duplicates = 0
        var forgeryRefusals = 0, untangled = 0
    }

    let seed: UInt64
    var random: SplitMix64
    let recordIDs: [RecordID]
    let fieldNames = ["name", "phone", "contact", "address"]
    var devices: [Device] = []
    var server = Server()
    var backups: [[Device]] = []
    var serverBackups: [Server] = []
    var writes: [Int: Write] = [:]
    var nextSerial = 1
    var nextInode = 1
    var steps: [String] = []
    var violations: [String] = []
    var statistics = Statistics()
    let headquarters = Identity(tokenID: 1, name: "hq", role: .hq, region: nil)

    init(seed: UInt64, devices count: Int = 3, records: Int = 3) {
        self.seed = seed
        var random = SplitMix64(seed: seed)
        var ids = RecordIDGenerator()
        recordIDs = (0..<records).map { _ in ids.next(now: 1_764_230_400_000, using: &random) }
        self.random = random
        for index in 0..<count {
            let inode = nextInode
            nextInode += 1
            devices.append(
                Device(name: "d\(index)", id: ReplicaID.random(using: &self.random), inode: inode, recordedInode: inode)
            )
            backups.append([])
        }
        // Device 0 makes every record; everyone syncs, so all start from the same records.
        for record in recordIDs.indices { write(0, record: record, fields: ["name"], creating: true) }
        for index in devices.indices { sync(index) }
        for index in devices.indices { sync(index) }
    }

    var trace: String { "seed \(seed): " + steps.joined(separator: " ") }

    // MARK: Steps

    mutating func run(operations: Int) {
        for _ in 0..<operations { step() }
    }

    mutating func step() {
        let device = Int.random(in: devices.indices, using: &random)
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<40:
            let record = Int.random(in: recordIDs.indices, using: &random)
            let count = Int.random(in: 1...2, using: &random)
            write(device, record: record, fields: Array(fieldNames.shuffled(using: &random).prefix(count)))
        case 40..<48: settle(device)
        case 48..<72: sync(device)
        case 72..<80:
            backups[device].append(devices[device])
            steps.append("backup\(device)")
        case 80..<85: restore(device, inPlace: Bool.random(using: &random))
        case 85..<88: copy(device)
        case 88..<92: restore(device, inPlace: true, rollback: true)
        case 92..<96:
            serverBackups.append(server)
            steps.append("server-backup")
        default: restoreServer()
        }
    }

    /// A local write of `fields` with one value no other write has.
    mutating func write(_ index: Int, record: Int, fields: [String], creating: Bool = false) {
        verifyIdentity(index)
        let serial = nextSerial
        nextSerial += 1
        var changes = [String: JSONValue]()
        for field in fields { changes[field] = .string("w\(serial)") }
        if creating { changes["region"] = "south" }
        let dot = nextDot(index)
        var state = devices[index].records[record] ?? RecordState()
        state.write(changes, dot: dot)
        devices[index].records[record] = state
        writes[serial] = Write(serial: serial, record: record, fields: fields, seen: devices[index].ghost[record] ?? [])
        devices[index].ghost[record, default: []].insert(serial)
        devices[index].dirty.insert(record)
        statistics.writes += 1
        steps.append("w\(index).r\(record)[\(fields.joined(separator: ","))]=\(serial)")
    }

    /// Settles a conflict the device sees with a new value.
    mutating func settle(_ index: Int) {
        let candidates = devices[index].records.sorted { $0.key < $1.key }.flatMap { record, state in
            state.conflicts.map { (record, $0) }
        }
        guard let (record, conflict) = candidates.randomElement(using: &random) else { return sync(index) }
        verifyIdentity(index)
        let serial = nextSerial
        nextSerial += 1
        var state = devices[index].records[record]!
        let dot = nextDot(index)
        do {
            try state.settle(
                field: conflict.field, choice: .value(.string("w\(serial)")), seen: Set(conflict.values.map(\.dot)),
                settlement: Settlement(by: "d\(index)", at: "2026-12-06T10:00:00+08:00"), dot: dot)
        } catch {
            violations.append("settling a conflict as it stands failed: \(error)")
            return
        }
        devices[index].records[record] = state
        writes[serial] = Write(
            serial: serial, record: record, fields: [conflict.field], seen: devices[index].ghost[record] ?? [])
        devices[index].ghost[record, default: []].insert(serial)
        devices[index].dirty.insert(record)
        steps.append("s\(index).r\(record).\(conflict.field)=\(serial)")
    }

    mutating func nextDot(_ index: Int) -> Dot {
        devices[index].counter += 1
        return Dot(replica: devices[index].id, counter: devices[index].counter)
    }

    // MARK: Copies, restores, rollbacks

    /// The device's file replaced by an earlier copy of itself: copied back as a new file (the
    /// replica sees another inode), or over the old one in place (it does not; the server will).
    mutating func restore(_ index: Int, inPlace: Bool, rollback: Bool = false) {
        guard let backup = backups[index].randomElement(using: &random) else { return }
        let inode = devices[index].inode
        devices[index] = backup
        if inPlace {
            devices[index].inode = inode
        } else {
            devices[index].inode = nextInode
            nextInode += 1
        }
        if rollback { statistics.rollbacks += 1 } else { statistics.restores += 1 }
        steps.append("\(rollback ? "rollback" : inPlace ? "restore-in-place" : "restore")\(index)")
    }

    /// A copy of the device's file put on a new device; both go on.
    mutating func copy(_ index: Int) {
        guard devices.count < 6 else { return }
        var copy = devices[index]
        copy.name = "d\(devices.count)"
        copy.inode = nextInode
        nextInode += 1
        devices.append(copy)
        backups.append([])
        statistics.copies += 1
        steps.append("copy\(index)>\(devices.count - 1)")
    }

    /// The server replaced by an earlier backup of itself; opening it, the server finds that it is
    /// a restored copy (the backup's marker, or another file) and starts a new timeline.
    mutating func restoreServer() {
        guard let backup = serverBackups.randomElement(using: &random) else { return }
        server = backup
        server.earlierTimelines.insert(server.timeline)
        server.timeline = "t\(random.next() % 1_000_000)"
        statistics.serverRestores += 1
        steps.append("server-restore")
    }

    /// `FileIdentity`: a file that is not the one the replica was takes a new id before it writes.
    mutating func verifyIdentity(_ index: Int) {
        guard devices[index].inode != devices[index].recordedInode else { return }
        rekey(index)
        devices[index].recordedInode = devices[index].inode
        statistics.rekeyedByFile += 1
    }

    mutating func rekey(_ index: Int) {
        var device = devices[index]
        if device.formers[device.id] == nil { device.formers[device.id] = device.confirmed }
        device.everFormer.append(device.id)
        device.id = ReplicaID.random(using: &random)
        device.counter = 0
        device.confirmed = 0
        device.epoch = nil
        devices[index] = device
        steps.append("rekey\(index)")
    }
}
