/// Runs a store's one-time preparation once, however many callers wait for it.
actor StoreReadiness {
    private var task: Task<Void, any Error>?

    func once(_ work: @escaping @Sendable () async throws -> Void) async throws {
        if task == nil { task = Task { try await work() } }
        try await task!.value
    }
}
