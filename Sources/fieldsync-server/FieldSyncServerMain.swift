import ArgumentParser
import FieldSyncDemo
import FieldSyncServer

/// `fieldsync-server`: the server's commands, and the demo's `seed-demo`.
@main
struct FieldSyncServerMain: AsyncParsableCommand {
    static let configuration = ServerCommand.configuration(adding: [SeedDemoCommand.self])
}
