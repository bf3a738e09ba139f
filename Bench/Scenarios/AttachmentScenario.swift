import FieldSyncAgent
import FieldSyncServer
import FieldSyncShared
import Foundation

/// A technician's day: the day's records and its photos (30 of 3 MB at the small and full scales)
/// attached offline, then one sync through the real server and the agent's `AttachmentSync`.
/// Measured: the upload's throughput, then a headquarters replica downloading every photo, each
/// beside a raw copy of the same bytes on the same disk in the same run; checked: every record
/// was acknowledged before the first attachment byte went up (`OrderingTransport`).
enum AttachmentScenario {
    static func run(_ context: BenchContext) async throws -> [ScenarioResult] {
        let plan = context.plan
        let directory = try context.directory(for: "attachments")
        let server = try await BenchServer.start(in: directory)
        do {
            let results = try await measure(context, plan: plan, directory: directory, server: server)
            await server.stop()
            return results
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Photo `index` of the day: JPEG magic, then bytes that do not repeat (photos do not compress).
    static func photo(_ index: Int, size: Int) -> Data {
        var random = SplitMix64(seed: 0xF0_7000 + UInt64(index))
        var bytes = [UInt8]()
        bytes.reserveCapacity(size)
        bytes += [0xFF, 0xD8, 0xFF, 0xE1]
        while bytes.count < size {
            withUnsafeBytes(of: random.next()) { bytes += $0.prefix(size - bytes.count) }
        }
        return Data(bytes)
    }

    static func measure(_ context: BenchContext, plan: BenchPlan, directory: String, server: BenchServer)
        async throws -> [ScenarioResult]
    {
        let photos = plan.dayPhotos
        let size = plan.photoBytes
        let total = Int64(photos) * Int64(size)
        let images = (0..<photos).map { photo($0, size: size) }
        let token = try await server.token(name: "tech-day", region: .north)
        let agent = try BenchAgent.create(
            at: directory + "/agent.sqlite", server: server.url, token: token, region: .north)
        context.say("attachments: the day's \(plan.dayRecords) records and \(photos) photos of \(size) bytes, offline")
        try await Threads.run {
            try agent.record(0..<plan.dayRecords, from: context.source, region: .north)
            var parents = try agent.store.records(kind: .visit).map { (RecordKind.visit, $0.id) }
            if parents.isEmpty {
                parents = try agent.store.records(kind: .customer).map { (RecordKind.customer, $0.id) }
            }
            guard !parents.isEmpty else {
                throw BenchError("attachments: the day has no visit or customer to attach to")
            }
            for index in 0..<photos {
                let (kind, parent) = parents[index % parents.count]
                _ = try agent.store.attach(
                    parentKind: kind, parent: parent, bytes: images[index],
                    fileName: "IMG_\(1000 + index).jpg", caption: nil)
            }
        }
        let pending = try agent.store.counts().pending
        let expected = plan.dayRecords + photos
        guard pending == expected else { throw BenchError("attachments: \(pending) records pending, \(expected) made") }

        // The raw copy: the same bytes, written as files and copied on the same disk (untimed
        // writing, timed copying), as `cp` would.
        let rawSeconds = try await Threads.run { try rawCopy(images, in: directory) }

        // One sync, as `fieldsync sync` runs it: the records, then the bytes' own track.
        context.say("attachments: one sync")
        let store = agent.store
        let probe = OrderingProbe(pending: { (try? store.counts().pending) ?? -1 })
        let transport = OrderingTransport(
            inner: CountingTransport(inner: CurlTransport(), counter: agent.wire), probe: probe)
        var options = SyncOptions()
        options.retries = 0
        let client = SyncClient(store: store, transport: transport, token: token, options: options)
        let (summary, upload, recordSeconds, uploadSeconds) = try await Threads.run {
            let clock = ContinuousClock()
            let start = clock.now
            let summary = try client.run()
            let recordsDone = clock.now
            var sync = AttachmentSync(store: store, transport: transport, token: token)
            sync.retries = 0
            let upload = try sync.run(mode: .own)
            let end = clock.now
            return (summary, upload, (recordsDone - start) / .seconds(1), (end - recordsDone) / .seconds(1))
        }

        var day = ScenarioResult(name: "technician's day", records: expected, seconds: recordSeconds + uploadSeconds)
        day.details["records_seconds"] = recordSeconds
        day.details["photos"] = Double(photos)
        day.details["photo_bytes"] = Double(size)
        if let gap = probe.gapSeconds { day.details["last_ack_to_first_byte_seconds"] = gap }
        day.wireBytes = agent.wire.totals.sent + agent.wire.totals.received
        try day.check(summary.refused.isEmpty, "the server refused none of the day's records")
        try day.check(
            summary.pushed == expected, "the server took all \(expected) records (\(photos) of them attachments)")
        try day.check(
            probe.order == .recordsFirst, "every record was acknowledged before the first attachment byte went up")
        try day.check(try store.counts().pending == 0, "nothing is left pending")

        var up = ScenarioResult(name: "attachment upload", records: photos, seconds: uploadSeconds)
        try up.check(upload.failed.isEmpty, "no upload failed: \(upload.failed.map(\.reason))")
        try up.check(
            upload.uploaded == photos && upload.uploadedBytes == total, "all \(photos) photos (\(total) bytes) went up")
        let held = try await serverHolds(server, images)
        try up.check(held == photos, "the server holds every photo whole and checked")
        throughput(&up, bytes: total, seconds: uploadSeconds, rawSeconds: rawSeconds)

        // Headquarters opens the day: records first (untimed), then every photo's bytes.
        context.say("attachments: headquarters downloads the day's photos")
        let hqToken = try await server.token(name: "hq-day", role: .hq, region: nil)
        let hq = try BenchAgent.create(at: directory + "/hq.sqlite", server: server.url, token: hqToken, region: nil)
        let (pulled, download, downloadSeconds) = try await Threads.run {
            let pulled = try hq.sync().pulled
            var sync = AttachmentSync(store: hq.store, transport: CurlTransport(), token: hqToken)
            sync.retries = 0
            let clock = ContinuousClock()
            let start = clock.now
            let download = try sync.run(mode: .region)
            return (pulled, download, (clock.now - start) / .seconds(1))
        }
        var down = ScenarioResult(name: "attachment download", records: photos, seconds: downloadSeconds)
        try down.check(pulled == expected, "headquarters pulled the day's \(expected) records")
        try down.check(download.failed.isEmpty, "no download failed: \(download.failed.map(\.reason))")
        try down.check(
            download.downloaded == photos && download.downloadedBytes == total,
            "all \(photos) photos (\(total) bytes) came down")
        let identical = try images.allSatisfy { try hq.store.attachmentBytes(digest: AttachmentDigest.of($0)) == $0 }
        try down.check(identical, "every photo came down byte for byte")
        throughput(&down, bytes: total, seconds: downloadSeconds, rawSeconds: rawSeconds)
        return [day, up, down]
    }

    /// The figures of moving `bytes` in `seconds` beside the raw copy.
    static func throughput(_ result: inout ScenarioResult, bytes: Int64, seconds: Double, rawSeconds: Double) {
        result.wireBytes = bytes
        result.details["bytes"] = Double(bytes)
        result.details["mb_per_second"] = seconds > 0 ? Double(bytes) / 1_048_576 / seconds : 0
        result.details["raw_copy_seconds"] = rawSeconds
        result.details["raw_copy_mb_per_second"] = rawSeconds > 0 ? Double(bytes) / 1_048_576 / rawSeconds : 0
        if let share = AttachmentOrder.shareOfRawCopy(seconds: seconds, rawSeconds: rawSeconds) {
            result.details["share_of_raw_copy"] = share
        }
    }

    /// Writes the photos as files (untimed), then copies them on the same disk: the seconds the copy took.
    static func rawCopy(_ images: [Data], in directory: String) throws -> Double {
        let source = directory + "/raw-source"
        let target = directory + "/raw-copy"
        for path in [source, target] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        for (index, image) in images.enumerated() {
            try image.write(to: URL(fileURLWithPath: source + "/IMG_\(index).jpg"))
        }
        let clock = ContinuousClock()
        let start = clock.now
        for index in images.indices {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: source + "/IMG_\(index).jpg"))
            try bytes.write(to: URL(fileURLWithPath: target + "/IMG_\(index).jpg"))
        }
        let seconds = (clock.now - start) / .seconds(1)
        try? FileManager.default.removeItem(atPath: source)
        try? FileManager.default.removeItem(atPath: target)
        return seconds
    }

    /// How many of the day's photos the server holds whole and checked.
    static func serverHolds(_ server: BenchServer, _ images: [Data]) async throws -> Int {
        var held = 0
        for image in images {
            let state = try await server.store.uploadState(digest: AttachmentDigest.of(image), region: .north)
            if state.complete && state.received == Int64(image.count) { held += 1 }
        }
        return held
    }
}
